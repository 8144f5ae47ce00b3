from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# The navigation, in one place: (url name, label, Bootstrap icon, roles that see it).
# The browser sweep visits every page reachable from here, so a new page joins it
# by being added to this list.
NAVIGATION = [
    ("reports:station_overview", _("Station overview"), "speedometer2", {"chief"}),
    ("assignments:beat_list", _("My beats"), "geo-alt", {"officer"}),
    ("assignments:beat_list", _("Beats"), "geo-alt", {"chief", "admin"}),
    ("residents:person_list", _("Residents"), "people", {"officer", "chief", "admin"}),
    ("places:address_browse", _("Addresses"), "signpost-split", {"officer", "chief", "admin"}),
    ("places:house_list", _("Houses"), "house", {"officer", "chief", "admin"}),
    ("places:organization_list", _("Organisations"), "building", {"officer", "chief", "admin"}),
    ("places:item_list", _("Items"), "box-seam", {"officer", "chief", "admin"}),
    ("reports:index", _("Reports"), "file-earmark-bar-graph", {"analyst", "chief"}),
    ("audit:log", _("Audit log"), "journal-text", {"chief", "admin"}),
    ("audit:logins", _("Login records"), "door-open", {"chief", "admin"}),
    ("accounts:administration", _("Administration"), "gear", {"admin"}),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    role = "admin" if user.is_admin else user.role
    items = [
        {"url": reverse(url_name), "label": label, "icon": icon, "active": False}
        for url_name, label, icon, roles in NAVIGATION
        if role in roles
    ]
    # The current page belongs to the item with the longest matching URL prefix.
    matching = [item for item in items if request.path.startswith(item["url"])]
    if matching:
        max(matching, key=lambda item: len(item["url"]))["active"] = True
    return {"nav_items": items}
