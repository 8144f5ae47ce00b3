"""A register's own form, run on row after row of a ledger.

Building a ``PersonForm`` costs about 1.5 ms (its fields copied, its pickers bound to the
user) and validating it four queries (the house, the ID number twice, uniqueness): at
100,000 rows, minutes. ``RowForm`` builds the form once per batch and runs its checks on
each row as ``form.is_valid()`` does, in the same order, with the same fields,
``clean_<field>`` methods, ``clean()`` and model validators, so with the same verdicts and
messages (tests/ledgers/test_batched.py compares them row by row); what it leaves out
is what a batch answers once for all its rows: the records a choice may pick (read
with the batch, ``answer_from``) and whether an ID number is registered already (the
caller looks the batch's numbers up together, and gives ``RowForm`` only the rows whose
number is registered nowhere, where the form's uniqueness check cannot fail)."""

from django.core.exceptions import ValidationError
from django.db.models.base import ModelState
from django.forms.models import construct_instance
from django.forms.utils import ErrorDict

EMPTY = object()


def answer_from(field, records):
    """Make a ``ModelChoiceField`` pick among ``records`` (its queryset, read once for the
    batch) instead of querying for each row: the same record, or the field's own message
    for a value that is not one of them."""
    by_key = {str(record.pk): record for record in records}

    def to_python(value):
        if value in field.empty_values:
            return None
        record = by_key.get(str(getattr(value, "pk", value)))
        if record is None:
            raise ValidationError(
                field.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return record

    field.to_python = to_python


class RowForm:
    """``form`` (an unbound instance, built for the user) checking one row after another.

    ``errors(data, instance)`` returns the form's ``ErrorDict`` for the row, and leaves
    the form's ``cleaned_data`` and ``warnings`` for it; ``instance`` is a new record. An
    empty cell is cleaned once per field and the answer reused: a field's cleaning of an
    empty value depends on nothing else."""

    def __init__(self, form):
        self.form = form
        meta = form._meta
        fields = {f.name: f for f in meta.model._meta.get_fields() if f.concrete}
        # The model's own validators a form field does not run (a phone number's format);
        # the length and the choices the form field checks already, from the same field.
        self.model_checks = []
        for name, form_field in form.fields.items():
            model_field = fields.get(name)
            if model_field is None or model_field.many_to_many:
                continue
            extra = [v for v in model_field.validators if v not in form_field.validators]
            if extra:
                self.model_checks.append((name, model_field, extra))
        self._empty = {}
        model = meta.model
        fresh = model()
        self._model = model
        self._blank = {k: v for k, v in fresh.__dict__.items() if k != "_state"}

    def blank(self):
        """A new record as ``model()`` makes it, its defaults copied from one made once
        (``Model.__init__`` costs more than the rest of a row's check)."""
        instance = self._model.__new__(self._model)
        instance.__dict__.update(self._blank)
        instance._state = ModelState()
        return instance

    def _clean_empty(self, name, field, value):
        key = (name, repr(value))
        if key not in self._empty:
            try:
                self._empty[key] = (field.clean(value), None)
            except ValidationError as error:
                self._empty[key] = (EMPTY, error)
        cleaned, error = self._empty[key]
        if error is not None:
            raise error
        return cleaned

    def errors(self, data, instance):
        form = self.form
        form.data, form.instance = data, instance
        form.cleaned_data, form._errors = {}, ErrorDict()
        form.warnings = []
        for name, field in form.fields.items():
            value = field.widget.value_from_datadict(data, form.files, name)
            try:
                if value in field.empty_values:
                    form.cleaned_data[name] = self._clean_empty(name, field, value)
                else:
                    form.cleaned_data[name] = field.clean(value)
                clean = getattr(form, f"clean_{name}", None)
                if clean is not None:
                    form.cleaned_data[name] = clean()
            except ValidationError as error:
                form.add_error(name, error)
        try:
            cleaned = form.clean()
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if cleaned is not None:
                form.cleaned_data = cleaned
        for name, model_field, validators in self.model_checks:
            value = form.cleaned_data.get(name)
            if name in form._errors or value in model_field.empty_values:
                continue
            messages = []
            for validator in validators:
                try:
                    validator(value)
                except ValidationError as error:
                    messages.extend(error.error_list)
            if messages:
                form.add_error(name, messages)
        return form._errors

    def instance(self, instance):
        """The row's record as ``form.save(commit=False)`` makes it, after ``errors``
        found none."""
        opts = self.form._meta
        return construct_instance(self.form, instance, opts.fields, opts.exclude)
