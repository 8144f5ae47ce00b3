from django import forms
from django.utils.translation import gettext_lazy as _

from .columns import LEDGERS
from .reading import LedgerFileError


class UploadForm(forms.Form):
    ledger = forms.ChoiceField(
        label=_("Register"), choices=[(code, ledger.title) for code, ledger in LEDGERS.items()]
    )
    file = forms.FileField(
        label=_("Ledger file"),
        help_text=_("An Excel workbook (.xlsx) or a CSV file (UTF-8 or GBK)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    make_addresses = forms.BooleanField(
        label=_("Add the buildings, units and rooms missing from the address tree"),
        required=False,
        help_text=_(
            "Only below a compound, building or unit of your own beats, and only for houses, "
            "organisations and items; each row says what it adds. People are registered in "
            "houses already registered."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.batch = None

    def clean(self):
        from . import services

        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            ledger = LEDGERS[cleaned["ledger"]]
            self.batch = services.start(
                upload=cleaned["file"],
                ledger=ledger,
                user=self.user,
                make_addresses=cleaned.get("make_addresses", False),
            )
        except LedgerFileError as error:
            self.add_error("file", str(error))
        return cleaned


class MappingForm(forms.Form):
    """Which column of the ledger each header of the file fills."""

    def __init__(self, *args, batch, **kwargs):
        super().__init__(*args, **kwargs)
        ledger = batch.register
        choices = [("", _("— not imported —"))] + [
            (column.field, column.header + (" *" if column.required else ""))
            for column in ledger.columns
        ]
        self.headers = [header for header in batch.headers if header]
        for number, header in enumerate(self.headers):
            self.fields[f"h{number}"] = forms.ChoiceField(
                label=header,
                choices=choices,
                required=False,
                initial=batch.mapping.get(header, ""),
            )

    def clean(self):
        cleaned = super().clean()
        chosen = {}
        for number, header in enumerate(self.headers):
            field = cleaned.get(f"h{number}")
            if field and field in chosen:
                self.add_error(
                    f"h{number}",
                    _("%(other)s fills this column already.") % {"other": chosen[field]},
                )
            chosen.setdefault(field, header)
        return cleaned

    @property
    def mapping(self):
        return {
            header: self.cleaned_data.get(f"h{number}") or ""
            for number, header in enumerate(self.headers)
        }
