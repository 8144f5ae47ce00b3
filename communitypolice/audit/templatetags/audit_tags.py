from django import template
from django.core.exceptions import FieldDoesNotExist

register = template.Library()


@register.filter
def field_changes(entry):
    """(field label, old, new) for the model's own fields that an audit row changed.

    Reverse relations, which auditlog lists as 'app.Model.None', are left out, and
    field names become the fields' (translated) labels.
    """
    model = entry.content_type.model_class()
    rows = []
    for name, values in (entry.changes_dict or {}).items():
        if not isinstance(values, list | tuple) or len(values) != 2:
            continue  # many-to-many summaries carry no old/new pair
        try:
            field = model._meta.get_field(name) if model else None
        except FieldDoesNotExist:
            field = None
        if field is not None and not field.concrete:
            continue
        label = field.verbose_name if field is not None else name
        old, new = values
        rows.append((label, "—" if old == "None" else old, "—" if new == "None" else new))
    return rows
