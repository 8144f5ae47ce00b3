from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class CodeTable(models.Model):
    """A code table row (代码表): data that administrators edit, not a hard-coded choice.

    Rules in code refer to the stable ``code``; people read ``name`` (Chinese) or
    ``name_en`` in the English interface.
    """

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=50)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        abstract = True
        ordering = ["sort_order", "code"]

    def __str__(self):
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name
