"""How a register record was checked against reality (核实方式).

The vocabulary is shared by the verification history (``assignments.Verification``)
and the 核实无误 form of every register page (``core.forms.VerifyForm``), which live on
two layers; it sits here, below both, and imports nothing of ours.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CheckMethod(models.TextChoices):
    VISIT = "visit", pgettext_lazy("check method", "in person (visit)")
    PHONE = "phone", pgettext_lazy("check method", "by phone")
    DOCUMENT = "document", pgettext_lazy("check method", "documents")
    REGISTER = "register", pgettext_lazy("check method", "against another register")
    REGISTRATION = "registration", pgettext_lazy("check method", "at registration")
    IMPORTED = "imported", pgettext_lazy("check method", "imported")
    # The one verification a record carried when the history began to be kept: its
    # date and officer are known, how it was done is not.
    BEFORE_HISTORY = "before_history", _("recorded before the history was kept")


# What an officer may choose on the 核实无误 button; the others are written by the system.
OFFERED = [CheckMethod.VISIT, CheckMethod.PHONE, CheckMethod.DOCUMENT, CheckMethod.REGISTER]
