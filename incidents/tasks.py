from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _

from communitypolice.accounts.models import User

from .models import Tip


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def email_warning_tip(tip_id):
    """Email the station's chiefs about a new 预警性 tip, when email is configured.
    The in-app notification was made when the tip was saved; this only adds mail."""
    if not settings.EMAIL_HOST:
        return 0
    tip = Tip.objects.select_related("beat__station").get(pk=tip_id)
    chiefs = User.objects.filter(role=User.Role.CHIEF, unit=tip.beat.station, is_active=True)
    recipients = [chief.email for chief in chiefs if chief.email]
    if not recipients:
        return 0
    subject = _("Early warning in %(beat)s: %(category)s") % {
        "beat": tip.beat,
        "category": tip.category,
    }
    # The mail says where to look, not what: the content stays in the system.
    body = _("A new early-warning tip needs your attention. Open the tips inbox to read it.")
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
