import ipaddress

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    """Chinese unless the user chose English with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so an
    English-language browser on a station PC would get English by default. Here
    only the language cookie set by the switch counts.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = dict(settings.LANGUAGES)
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


FORWARDED_HEADERS = (
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
)


class TrustedProxyMiddleware:
    """The X-Forwarded-* headers are believed only from the proxies named in
    ``TRUSTED_PROXIES`` (addresses or networks): from anyone else they are dropped
    before anything reads them, so that a client can neither pass for HTTPS nor put
    another address into the audit trail and the lockouts."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.proxies = [ipaddress.ip_network(p, strict=False) for p in settings.TRUSTED_PROXIES]

    def __call__(self, request):
        if not self._trusted(request.META.get("REMOTE_ADDR", "")):
            for header in FORWARDED_HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)

    def _trusted(self, address):
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in self.proxies)
