from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from communitypolice.core.tasks import ping


class Command(BaseCommand):
    help = "Send a task through the broker and wait for a worker to answer it."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=10.0)

    def handle(self, *args, timeout, **options):
        mode = "eager (no REDIS_URL)" if settings.CELERY_TASK_ALWAYS_EAGER else "Redis broker"
        try:
            result = ping.delay().get(timeout=timeout)
        except Exception as exc:  # a broker that is down raises many different errors
            raise CommandError(f"No worker answered within {timeout:g}s ({mode}): {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"Worker answered ({mode}): {result}"))
