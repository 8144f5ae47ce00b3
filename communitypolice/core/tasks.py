from celery import shared_task
from django.db import connection


@shared_task
def ping():
    """Round trip through the broker, a worker and the database: used by check_worker."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        (one,) = cursor.fetchone()
    return {"pong": one == 1, "database": connection.vendor}
