from functools import lru_cache

from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext_lazy as _

from communitypolice.accounts.scope import Role, role_of

from . import access

OFFICER, CHIEF, ANALYST, ADMIN = Role.OFFICER, Role.CHIEF, Role.ANALYST, Role.ADMIN
EDITORS = set(access.EDITORS)
DISPATCHERS = set(access.DISPATCHERS)
STATION_STAFF = {Role.OFFICER, Role.CHIEF}
ROLES = set(Role)

# The navigation, in one place. An entry is (url name, label, Bootstrap icon, roles),
# or a group (label, icon, [entries]) shown as a drop-down. The browser sweep visits
# every page reachable from here, so a new page joins it by being added to this list.
NAVIGATION = [
    ("reports:station_overview", _("Station overview"), "speedometer2", {CHIEF}),
    ("reports:officer_home", _("Today"), "house-door", {OFFICER}),
    ("assignments:beat_list", _("My beats"), "geo-alt", {OFFICER}),
    ("incidents:freshness", _("Due for checking"), "hourglass-split", {OFFICER, CHIEF}),
    ("incidents:visit_create", _("Record a visit"), "clipboard-plus", {OFFICER}),
    (
        _("Registers"),
        "journal-bookmark",
        [
            ("residents:person_list", _("Residents"), "people", EDITORS),
            ("places:address_browse", _("Addresses"), "signpost-split", EDITORS),
            ("places:house_list", _("Houses"), "house", EDITORS),
            ("places:organization_list", _("Organisations"), "building", EDITORS),
            ("places:item_list", _("Items"), "box-seam", EDITORS),
            ("residents:move_find", _("Move in: find by ID number"), "search", STATION_STAFF),
            ("residents:move_list", _("Move requests"), "box-arrow-in-right", EDITORS),
            ("ledgers:index", _("Ledger import"), "file-earmark-arrow-up", {OFFICER, CHIEF}),
        ],
    ),
    (
        _("Events"),
        "lightning",
        [
            ("incidents:incident_list", _("Incidents"), "telephone-inbound", EDITORS),
            ("incidents:dispute_list", _("Disputes"), "people-fill", EDITORS),
            ("incidents:tip_list", _("Tips and warnings"), "exclamation-triangle", EDITORS),
            ("incidents:visit_list", _("Visits"), "clipboard-check", EDITORS),
        ],
    ),
    (
        _("Force and duty"),
        "person-badge",
        [
            ("assignments:beat_list", _("Beats"), "geo-alt", {CHIEF, ADMIN}),
            ("assignments:allocation", _("Allocation"), "diagram-3", {CHIEF, ANALYST, ADMIN}),
            ("assignments:officer_list", _("Officers"), "people", {CHIEF, ADMIN}),
            ("assignments:duty_month", _("Community time"), "calendar-week", EDITORS),
            ("assignments:transfer_list", _("Transfers"), "arrow-left-right", ROLES),
            ("assignments:dispatch_list", _("Dispatches to confirm"), "check2-square", DISPATCHERS),
            ("assignments:training_list", _("Training"), "mortarboard", EDITORS),
        ],
    ),
    ("reports:index", _("Units at a glance"), "speedometer2", {ANALYST}),
    (
        _("Report forms"),
        "file-earmark-spreadsheet",
        [
            ("reports:catalogue", _("Report catalogue"), "collection", {ANALYST, CHIEF}),
            ("reports:run_list", _("Report runs"), "files", {ANALYST, CHIEF}),
            ("reports:subscriptions", _("Subscriptions"), "calendar-check", {ANALYST, CHIEF}),
        ],
    ),
    (
        _("Audit"),
        "journal-text",
        [
            ("audit:log", _("Audit log"), "journal-text", {CHIEF, ADMIN}),
            ("audit:logins", _("Login records"), "door-open", {CHIEF, ADMIN}),
        ],
    ),
    ("accounts:administration", _("Administration"), "gear", {ADMIN}),
]


def _entries(entries, role):
    for url_name, label, icon, roles in entries:
        if role in roles:
            yield (reverse(url_name), label, icon)


@lru_cache
def _menu(role, script_prefix):
    """The role's menu with its URLs reversed: the same for every request of a process.
    A group is (label, icon, links), a link (url, label, icon)."""
    menu = []
    for entry in NAVIGATION:
        if len(entry) == 3:  # a group
            label, icon, children = entry
            links = tuple(_entries(children, role))
            if links:
                menu.append((label, icon, links))
        else:
            menu += [(None, None, (link,)) for link in _entries([entry], role)]
    return tuple(menu)


def _link(url, label, icon):
    return {"url": url, "label": label, "icon": icon, "active": False}


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items, links = [], []
    for label, icon, group in _menu(role_of(user), get_script_prefix()):
        if label is None:
            items.append(_link(*group[0]))
            links.append(items[-1])
        else:
            children = [_link(*link) for link in group]
            items.append({"label": label, "icon": icon, "children": children, "active": False})
            links += children
    # The current page belongs to the link with the longest matching URL prefix.
    matching = [link for link in links if request.path.startswith(link["url"])]
    if matching:
        best = max(matching, key=lambda link: len(link["url"]))
        best["active"] = True
        for item in items:
            if best in item.get("children", []):
                item["active"] = True
    from communitypolice.core.models import Notification

    unread = Notification.objects.filter(user=user, read_at__isnull=True).count()
    return {"nav_items": items, "unread_notifications": unread}
