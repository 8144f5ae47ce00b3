from importlib import import_module

from auditlog.context import disable_auditlog
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import module_has_submodule


class Command(BaseCommand):
    help = (
        "Load the demo station data. Idempotent: records that exist are left as they are. "
        "Each app contributes its part in its own demo.py, in INSTALLED_APPS order."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load nothing when the database already has users (used by make run).",
        )

    @transaction.atomic
    def handle(self, *args, if_empty=False, **options):
        if if_empty and get_user_model().objects.exists():
            self.stdout.write("The database has data already; demo data not loaded.")
            self.print_logins()
            return
        # Loading demo data is not a user's action: it leaves no audit rows.
        with disable_auditlog():
            for config in apps.get_app_configs():
                if module_has_submodule(config.module, "demo"):
                    module = import_module(f"{config.name}.demo")
                    created = module.seed()
                    self.stdout.write(f"{config.verbose_name}: {created} new records")
        self.print_logins()

    def print_logins(self):
        self.stdout.write(self.style.SUCCESS("Demo logins, at http://127.0.0.1:8000/:"))
        for username, description in DEMO_LOGINS:
            self.stdout.write(f"  {username:<10} {description}")
        self.stdout.write(f"Password for all of them: {settings.DEMO_PASSWORD}")


DEMO_LOGINS = [
    ("admin", "系统管理员 · administrator"),
    ("chief1", "和平街派出所所长 · chief, station 1"),
    ("chief2", "樱花路派出所所长 · chief, station 2"),
    ("officer1", "社区民警, 和平街第一警务区 (lead) · officer, station 1"),
    ("officer2", "社区民警, 和平街第二警务区 (lead) · officer, station 1"),
    ("officer3", "社区民警, 樱花路第一警务区 (lead) · officer, station 2"),
    ("officer4", "社区民警, 和平街第三警务区 (lead) · officer, station 1"),
    ("officer5", "社区民警, 和平街第一警务区 (assistant) · officer, station 1"),
    ("officer6", "社区民警, 樱花路第二警务区 (lead) · officer, station 2"),
    ("officer7", "社区民警, 樱花路第三警务区 (lead, transfer pending) · officer, station 2"),
    ("analyst", "和平分局 · analyst, branch bureau"),
]
