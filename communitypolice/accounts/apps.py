from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "communitypolice.accounts"
    label = "accounts"
    verbose_name = _("Users and units")

    def ready(self):
        from . import receivers  # noqa: F401
