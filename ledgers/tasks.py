"""Celery tasks of the ledger import: the dry run and the import of a large file run on a
worker, the page showing how far they have got."""

import contextlib
import logging

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation

from . import services
from .models import Batch

logger = logging.getLogger(__name__)


def _run(batch_id, work, user=None):
    batch = Batch.objects.select_related("uploaded_by", "unit").get(pk=batch_id)
    # The messages of the rows are kept as they are shown: in Chinese, as the ledgers are;
    # on a worker, the audit rows of what the import saves name the user it acts for.
    with translation.override(settings.LANGUAGE_CODE), _acting(user or batch.uploaded_by):
        try:
            work(batch)
        except Exception as error:  # the batch says why rather than staying 检查中
            logger.exception("Ledger import %s failed", batch_id)
            services.fail(batch_id, f"{error.__class__.__name__}: {error}")
            return "failed"
    return "done"


def _acting(user):
    """The user the audit trail names, unless a request names them already."""
    from auditlog.context import auditlog_value, set_actor

    try:
        if auditlog_value.get().get("actor") is not None:
            return contextlib.nullcontext()
    except LookupError:
        pass
    return set_actor(user)


@shared_task(acks_late=True)
def check_batch(batch_id):
    """The dry run of an uploaded batch, as its uploader."""
    return _run(batch_id, lambda batch: services.check(batch, user=batch.uploaded_by))


@shared_task(acks_late=True)
def commit_batch(batch_id, user_id, confirmed=()):
    """The import of a checked batch, by the user who asked for it."""
    user = get_user_model().objects.get(pk=user_id)
    return _run(
        batch_id, lambda batch: services.commit(batch, user=user, confirmed=confirmed), user
    )
