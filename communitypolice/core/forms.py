import datetime

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from communitypolice.core import periods

from .verification import OFFERED, CheckMethod

# The browser's own date and date-time pickers, in the ISO formats they send back.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

# No register this system takes over is older than the first resident ID cards.
REGISTER_EPOCH = datetime.date(1984, 1, 1)

CONFLICT_MESSAGE = _(
    "Someone else saved this record after you opened it. Your entries are kept below; "
    "compare them with the saved values, then save again."
)


class RegisterForm(forms.ModelForm):
    """ModelForm for register records, with optimistic locking.

    The form carries the version it was opened at. If the record has been saved
    since, saving is refused with a conflict that keeps the user's entries and
    shows the values saved in between (``self.conflict``); saving again then
    overwrites knowingly. django-concurrency's versioned UPDATE catches a save that
    slips in between this check and ours.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.conflict = None
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        self.helper = FormHelper()
        self.helper.form_tag = False
        if "registered_on" in self.fields:
            self.fields["registered_on"].required = False
            self.fields["registered_on"].help_text = _(
                "The date in the ledger, if it was registered before; today if left empty."
            )

    def clean_registered_on(self):
        """登记日期: the ledger's date may lie in the past, never in the future."""
        day = self.cleaned_data["registered_on"]
        if day is None:
            return self.instance.registered_on if self.instance.pk else periods.today()
        if day > periods.today():
            raise forms.ValidationError(_("The registration date cannot be in the future."))
        if day < REGISTER_EPOCH:
            raise forms.ValidationError(
                _("The registration date cannot be before %(day)s.") % {"day": REGISTER_EPOCH}
            )
        return day

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            stored = type(self.instance)._base_manager.get(pk=self.instance.pk)
            if cleaned.get("version") != stored.version:
                self.mark_conflict(stored)
            else:
                self.instance.version = stored.version
        return cleaned

    def mark_conflict(self, stored):
        """Refuse this save; keep the entries and offer the stored version's number,
        so that the next save is a knowing overwrite."""
        self.conflict = stored
        data = self.data.copy()
        data[self.add_prefix("version")] = stored.version
        self.data = data
        self.add_error(None, forms.ValidationError(CONFLICT_MESSAGE, code="conflict"))

    def conflicting_fields(self):
        """(label, your value, saved value) for each field the other save changed."""
        if self.conflict is None:
            return []
        rows = []
        for name, field in self.fields.items():
            if name == "version" or not hasattr(self.conflict, name):
                continue
            saved = getattr(self.conflict, name)
            submitted = self.cleaned_data.get(name, self.data.get(self.add_prefix(name)))
            if str(saved if saved is not None else "") != str(
                submitted if submitted is not None else ""
            ):
                rows.append((field.label, submitted, saved))
        return rows


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for closing"),
        max_length=200,
        help_text=_("e.g. 房屋已拆除, 单位已注销, 车辆已报废. The record and its history remain."),
    )


class VerifyForm(forms.Form):
    """核实无误: how the record was checked. A post without a method (an older page)
    counts as a check in person, the button's default."""

    method = forms.ChoiceField(
        label=_("How it was checked"),
        choices=[(method.value, method.label) for method in OFFERED],
        required=False,
        initial=CheckMethod.VISIT,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def clean_method(self):
        return self.cleaned_data["method"] or CheckMethod.VISIT
