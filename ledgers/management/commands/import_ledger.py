"""Import ledgers from the command line: each file checked (and with --commit imported)
by the same service as the upload page, as the user named, with the same report."""

from django.conf import settings
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from communitypolice.accounts.models import User
from ledgers import services
from ledgers.columns import LEDGERS
from ledgers.reading import LedgerFileError


class Command(BaseCommand):
    help = (
        "Check (and with --commit import) ledger files as a station's chief or officer: "
        "import_ledger people chief_330102 ledger1.xlsx ledger2.csv --commit"
    )

    def add_arguments(self, parser):
        parser.add_argument("ledger", choices=sorted(LEDGERS), help="the register")
        parser.add_argument("username", help="the user the rows are checked and saved as")
        parser.add_argument("files", nargs="+", help="XLSX or CSV files")
        parser.add_argument(
            "--commit", action="store_true", help="import the rows the check accepted"
        )
        parser.add_argument(
            "--add-addresses",
            action="store_true",
            help="add the buildings, units and rooms missing below the user's own addresses",
        )

    def handle(self, *args, ledger, username, files, commit, add_addresses, **options):
        try:
            user = User.objects.get(username=username, is_active=True)
        except User.DoesNotExist:
            raise CommandError(f"No active user {username!r}.") from None
        failed = False
        with translation.override(settings.LANGUAGE_CODE):
            for path in files:
                failed |= not self.import_file(LEDGERS[ledger], user, path, commit, add_addresses)
        if failed:
            raise CommandError("Some files could not be read; the others are as reported.")

    def import_file(self, ledger, user, path, commit, add_addresses=False):
        self.stdout.write(f"{path}:")
        try:
            with open(path, "rb") as upload, transaction.atomic():
                batch = services.start(
                    upload=File(upload, name=path),
                    ledger=ledger,
                    user=user,
                    make_addresses=add_addresses,
                )
        except (OSError, LedgerFileError) as error:
            self.stderr.write(f"  {error}")
            return False
        missing = services.missing_columns(ledger, batch.mapping)
        if missing:
            self.stderr.write("  缺少必填列：" + "、".join(c.header for c in missing))
            return False
        services.check(batch, user=user)
        if commit:
            services.commit(batch, user=user)
        self.report(batch)
        return True

    def report(self, batch):
        self.stdout.write(
            f"  第 {batch.pk} 批：共 {batch.rows_total} 行，新增 {batch.rows_created}，"
            f"可更新 {batch.rows_updated}，保持不变 {batch.rows_skipped}，"
            f"不通过 {batch.rows_rejected}（{batch.get_status_display()}）"
        )
        for row in batch.rows.filter(action="reject").order_by("number"):
            for error in row.errors:
                column = f"{error['column']}“{error['value']}”：" if error["column"] else ""
                self.stdout.write(f"  第 {row.number} 行 {column}{error['message']}")
