from django.core.management.base import BaseCommand, CommandError

from communitypolice.audit import chain


class Command(BaseCommand):
    help = (
        "Check the audit trail's hash chain from its first row: reports the first row "
        "changed or deleted, or seal removed, since it was sealed (exit status 1)."
    )

    def handle(self, *args, **options):
        chain.seal_pending()
        checked, broken = chain.verify()
        if broken is not None:
            where = f"（第 {broken.seal.pk} 个封印）" if broken.seal else ""
            raise CommandError(f"审计链在此断开{where}：{broken.reason}；此前 {checked} 条完好。")
        self.stdout.write(f"审计链完整：{checked} 条审计记录均未被改动或删除。")
