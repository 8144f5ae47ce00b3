"""Recording views of personal data."""

from auditlog.signals import accessed


def record_access(instance):
    """Leave an ACCESS row in the audit trail for a record a user has just opened.

    The actor and address come from auditlog's middleware, as for changes. The
    model must be registered with auditlog (AUDITLOG_INCLUDE_TRACKING_MODELS).
    """
    accessed.send(sender=instance.__class__, instance=instance)
