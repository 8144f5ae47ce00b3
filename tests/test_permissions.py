"""Every URL of the platform × every role, generated from the URLconf (as pretix does).

``ROWS`` holds one row per URL name: which roles may use it, how to build its
arguments (a record in beat A / station A), and what the insider must get. A URL
name without a row fails ``test_every_url_name_has_a_row``, so a new page is
checked from the day it exists. For each URL:

- anonymous → the login page;
- a role not in the row → 403, or 404 where the record lies outside that role's
  scope altogether (an analyst reaches no personal records: 404 beats 403);
- an outsider, a user of an allowed role in another beat or station (``colleague``
  in beat B, ``other_chief`` of station B, an analyst of another branch) → 404 for
  a record's URL; on a page without a record, the page leaves out what the insider sees;
- the insider (``officer`` of beat A, ``chief`` of station A, ``analyst`` of the
  branch above, ``admin_user``) → the page (or the redirect after a POST) and its effect.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from axes.models import AccessAttempt
from django.contrib.contenttypes.models import ContentType
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from assignments.models import DutyBlock, TransferRequest
from communitypolice.accounts.models import Unit, User
from communitypolice.accounts.scope import Role
from communitypolice.accounts.views import HOME_BY_ROLE
from communitypolice.audit.models import AuthEvent
from communitypolice.core.models import Notification
from communitypolice.core.templatetags.masking import mask_id
from incidents.models import Dispute, Incident, Tip, Visit
from incidents.services import record_visit
from places.models import Address, House
from places.services import add_address
from reports.catalogue.base import Params, Period
from reports.models import ReportRun, Subscription
from residents.models import MoveRequest, Person
from residents.services import request_move
from tests.assignments.helpers import file_transfer
from tests.factories import (
    AssignmentFactory,
    BeatFactory,
    DutyBlockFactory,
    TrainingRecordFactory,
    UnitFactory,
    UserFactory,
)
from tests.places.fixtures import REGISTERED, use
from tests.residents.fixtures import resident_id

pytestmark = pytest.mark.django_db

OFFICER, CHIEF, ANALYST, ADMIN = Role.OFFICER, Role.CHIEF, Role.ANALYST, Role.ADMIN
EVERYONE = (OFFICER, CHIEF, ANALYST, ADMIN)
EDITORS = (OFFICER, CHIEF, ADMIN)
MANAGERS = (CHIEF, ADMIN)
REPORTERS = (ANALYST, CHIEF)
DISPATCHERS = (CHIEF, ANALYST, ADMIN)
MOVE_REQUESTERS = (OFFICER, CHIEF)

# Whose URLs are not ours to test here, and why.
SKIPPED_NAMESPACES = {
    "admin",  # Django's admin: is_staff decides, and Django tests it
}
SKIPPED = {
    "set_language",  # django.conf.urls.i18n: any visitor may switch the language
    "accounts:login",  # Django's auth views: for anonymous visitors by design
    "accounts:logout",
}

# The user each role acts as, and a user of the same role who reaches none of beat A.
INSIDERS = {OFFICER: "officer", CHIEF: "chief", ANALYST: "analyst", ADMIN: "admin_user"}
OUTSIDERS = {OFFICER: "colleague", CHIEF: "other_chief", ANALYST: "foreign_analyst"}


def url_names(patterns=None, namespace=None):
    """Every named URL of the URLconf, as ``namespace:name``."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            if inner in SKIPPED_NAMESPACES:
                continue
            inner = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            yield from url_names(pattern.url_patterns, inner)
        elif pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


# --- the table -----------------------------------------------------------------------


@dataclass
class Context:
    """What a row's functions get: fixtures by name, the role under test, its insider,
    the user making the request, and what ``setup`` made."""

    fixture: Callable
    role: Role
    insider: User
    user: User = None
    made: object = None

    def __call__(self, name):
        return self.fixture(name)


@dataclass(frozen=True)
class Row:
    roles: tuple  # who may use the URL
    kwargs: Callable = None  # ctx → URL kwargs
    query: Callable = None  # ctx → the URL's query string, as a dict
    method: str = "get"
    data: Callable = None  # ctx → query or form data
    uses: tuple = ()  # fixtures (records of beat A) made before the request
    setup: Callable = None  # ctx → a record the page should show (ctx.made)
    sees: Callable = None  # (ctx, response) → whether the page shows beat A's record
    effect: Callable = None  # (ctx, response) → asserts what the insider's request did
    status: int = None  # the insider's status: 200 for GET, 302 for POST by default
    hidden_from: tuple = ()  # roles outside whose scope the record lies: 404, not 403
    record: bool = None  # whether the URL names a record (default: it has kwargs)

    @property
    def is_record(self):
        return self.kwargs is not None if self.record is None else self.record

    @property
    def insider_status(self):
        return self.status or (302 if self.method == "post" else 200)


def pk(fixture, name="pk"):
    return lambda ctx: {name: ctx(fixture).pk}


def listed(fixture, key="object_list"):
    return lambda ctx, response: ctx(fixture) in list(response.context[key])


def shown(fixture, key="object"):
    return lambda ctx, response: response.context[key] == ctx(fixture)


def text(value):
    return lambda ctx, response: value(ctx) in response.content.decode()


def has_form(ctx, response):
    assert response.context["form"] is not None


def refreshed(fixture, check):
    """After the POST, the record (read again) passes ``check``."""

    def effect(ctx, response):
        record = ctx(fixture)
        record.refresh_from_db()
        assert check(record), record

    return effect


def just_now(value):
    return value is not None and timezone.now() - value < datetime.timedelta(minutes=1)


REGISTER_VERBS = ("list", "create", "detail", "edit", "verify", "close")


def register_rows(app, name, fixture, verbs=REGISTER_VERBS):
    """The URLs of a register (list, new, record, edit, verify, close)."""
    record = {"kwargs": pk(fixture), "hidden_from": (ANALYST,)}
    rows = {
        f"{app}:{name}_list": Row(EDITORS, uses=(fixture,), sees=listed(fixture)),
        f"{app}:{name}_create": Row(EDITORS, effect=has_form),
        f"{app}:{name}_detail": Row(EDITORS, sees=shown(fixture), **record),
        f"{app}:{name}_edit": Row(EDITORS, sees=shown(fixture), **record),
        f"{app}:{name}_verify": Row(
            EDITORS,
            method="post",
            effect=refreshed(fixture, lambda r: just_now(r.verified_at)),
            **record,
        ),
        f"{app}:{name}_close": Row(
            EDITORS,
            method="post",
            data=lambda ctx: {"reason": "已拆除"},
            effect=refreshed(fixture, lambda r: r.closed_at is not None),
            **record,
        ),
    }
    return {url: row for url, row in rows.items() if url.rsplit("_", 1)[1] in verbs}


def record_row(fixture, roles=EDITORS, **options):
    """A record of beat A's personal registers: analysts reach none of them."""
    options.setdefault("sees", shown(fixture))
    options.setdefault("kwargs", pk(fixture))
    return Row(roles, hidden_from=(ANALYST,), **options)


def picker_row(fixture, field, text):
    """A picker's endpoint: what the insider types finds the record of beat A."""
    return Row(
        EDITORS,
        setup=lambda ctx: ctx(fixture),
        data=lambda ctx: {"field": field, "id": f"id_{field}", f"{field}-q": text},
        sees=lambda ctx, response: (
            ctx(fixture).pk in [choice.pk for choice in response.context["results"]]
        ),
    )


def in_context(key, fixture):
    return lambda ctx, response: response.context.get(key) == ctx(fixture)


def home_of_role(ctx, response):
    assert response.url == reverse(HOME_BY_ROLE[ctx.role])


def admin_sees_station_a(ctx, response):
    return ctx("station_a") in list(response.context["units"])


def lockout(ctx):
    return AccessAttempt.objects.create(
        username="locked",
        user_agent="test",
        http_accept="*/*",
        path_info="/accounts/login/",
        get_data="",
        post_data="",
        failures_since_start=99,
    )


def beat_form_fields(ctx, response):
    # A chief's beats are their station's; an administrator chooses the station.
    assert ("station" in response.context["form"].fields) == (ctx.role == ADMIN)


def station_officers_offered(ctx, response):
    offered = set(response.context["form"].fields["officer"].queryset)
    assert offered == {ctx("officer"), ctx("colleague")}


def rule_unit(ctx, response):
    expected = ctx("branch") if ctx.role == ANALYST else ctx("city")
    assert str(expected) in response.context["title"]


def officer_row(ctx, response):
    return ctx("officer") in [officer for officer, *_figures in response.context["rows"]]


def officer_month(ctx, response):
    if "rows" in response.context:
        return officer_row(ctx, response)
    return response.context["officer"] == ctx("officer")


def training_officer_choices(ctx, response):
    fields = response.context["form"].fields
    if ctx.role == OFFICER:
        assert "officer" not in fields  # an officer records their own
    else:
        assert ctx("officer") in fields["officer"].queryset
        if ctx.role == CHIEF:
            assert ctx("other_station_officer") not in fields["officer"].queryset


def dispatched_by_insider(ctx):
    return DutyBlockFactory(
        officer=ctx("officer"),
        date=timezone.localdate() - datetime.timedelta(days=1),
        kind=DutyBlock.Kind.OPERATION,
        dispatched_by=ctx.insider,
        dispatch_status=DutyBlock.Dispatch.PENDING,
    )


def block_pk(ctx):
    return {"pk": dispatched_by_insider(ctx).pk}


def confirmed(ctx, response):
    block = DutyBlock.objects.get(dispatched_by=ctx.insider)
    assert block.dispatch_status == DutyBlock.Dispatch.CONFIRMED


def notification_for_insider(ctx):
    return Notification.objects.create(user=ctx.insider, message="测试通知", url="/")


def notification_read(ctx, response):
    assert Notification.objects.get(user=ctx.insider).read_at is not None


def audit_trail(ctx):
    """A log entry and a login of an officer of station A, and of station B."""
    from auditlog.models import LogEntry

    house_type = ContentType.objects.get_for_model(House)
    for actor in (ctx("officer"), ctx("other_station_officer")):
        LogEntry.objects.create(
            content_type=house_type,
            object_pk="1",
            object_repr=f"house of {actor.username}",
            action=LogEntry.Action.UPDATE,
            actor=actor,
            changes_text="",
        )
        AuthEvent.objects.create(kind=AuthEvent.Kind.LOGIN, username=actor.username, user=actor)


def trail_of_station_a_only(key, field):
    def sees(ctx, response):
        shown = {getattr(row, field) for row in response.context["page"].object_list}
        if ctx.role == CHIEF and ctx.user == ctx("chief"):
            assert ctx("other_station_officer") not in shown
        return ctx("officer") in shown

    return sees


def freshness_lists_overdue_followup(ctx, response):
    return any(
        ctx("key_designation_a") in records
        for _name, _count, records in response.context["sections"]
    )


def permit_running_out(ctx):
    person = ctx("person_a")
    person.category = Person.Category.FLOATING
    person.permit_expiry = timezone.localdate() + datetime.timedelta(days=10)
    person.save(update_fields=["category", "permit_expiry"])
    return person


def units_offered(ctx, response):
    offered = set(response.context["form"].fields["unit"].queryset)
    if ctx.role == CHIEF:
        assert offered == {ctx("station_a")}
    else:
        assert offered == {ctx("branch"), ctx("station_a"), ctx("station_b")}


def attachment(ctx, response):
    assert response["Content-Disposition"].startswith("attachment")


def reissued(ctx, response):
    assert ReportRun.objects.filter(reissue_of=ctx("run_a")).exists()


def file_move(person, house, by):
    return request_move(
        person=person,
        to_house=house,
        move_date=timezone.localdate(),
        relationship=Person.Relationship.OTHER,
        note="已在樱花园租住",
        by=by,
    )


def made_pk(ctx):
    return {"pk": ctx.made.pk}


def move_to_decide(ctx):
    """A request from station A, which its chief, the branch's analyst and an
    administrator decide; for an officer, their own request, which they open but
    do not decide."""
    return ctx("move_into_a" if ctx.role == OFFICER else "move_from_a")


def approved_and_moved(ctx, response):
    move = ctx.made
    move.refresh_from_db()
    assert move.status == MoveRequest.Status.APPROVED and move.decided_by == ctx.insider
    person = Person.objects.get(pk=move.person_id)
    assert (person.house, person.beat) == (ctx("house_d"), ctx("beat_d"))


def filed_by_insider(ctx):
    """The insider's own request into house A; a role that requests nothing is shown
    the officer's."""
    by = ctx.insider if ctx.role in MOVE_REQUESTERS else ctx("officer")
    return file_move(ctx("person_d"), ctx("house_a"), by)


def withdrawn(ctx, response):
    ctx.made.refresh_from_db()
    assert ctx.made.status == MoveRequest.Status.WITHDRAWN


def found_elsewhere(ctx, response):
    person, found = ctx("person_d"), response.context["found"]
    assert found["place"] == "elsewhere" and found["person"] == person
    content = response.content.decode()
    assert found["text"] in content and person.name in found["text"]
    assert mask_id(person.id_number) in found["text"] and person.id_number not in found["text"]


def move_reference(ctx):
    # The reference is made for the user who opens the form (any, for anonymous visitors).
    return {"person": MoveRequest.reference(ctx("person_d"), ctx.user or ctx.insider)}


def requested_pending(ctx, response):
    move = MoveRequest.objects.get(requested_by=ctx.insider)
    assert move.status == MoveRequest.Status.PENDING
    assert (move.person, move.to_house) == (ctx("person_d"), ctx("house_a"))
    assert response.url == move.get_absolute_url()


def in_page(fixture):
    return lambda ctx, response: ctx(fixture) in list(response.context["page"].object_list)


def batch_status(status):
    return refreshed("batch_a", lambda batch: batch.status == status)


IMPORTERS = (OFFICER, CHIEF)

ROWS = {
    # accounts
    "home": Row(EVERYONE, status=302, effect=home_of_role),
    "accounts:administration": Row((ADMIN,), uses=("station_a",), sees=admin_sees_station_a),
    "accounts:release_lockout": Row(
        (ADMIN,),
        method="post",
        setup=lockout,
        data=lambda ctx: {"username": "locked"},
        effect=lambda ctx, response: not AccessAttempt.objects.filter(username="locked").exists(),
    ),
    "accounts:user_detail": Row(
        (ADMIN,), kwargs=pk("officer"), sees=in_context("person", "officer")
    ),
    # audit
    "audit:log": Row(MANAGERS, setup=audit_trail, sees=trail_of_station_a_only("page", "actor")),
    "audit:logins": Row(MANAGERS, setup=audit_trail, sees=trail_of_station_a_only("page", "user")),
    # assignments: beats and posts
    "assignments:beat_list": Row(
        EVERYONE, uses=("beat_a",), sees=text(lambda ctx: ctx("beat_a").name)
    ),
    "assignments:beat_create": Row(MANAGERS, effect=beat_form_fields),
    "assignments:beat_detail": Row(
        EVERYONE, kwargs=pk("beat_a"), sees=in_context("beat", "beat_a")
    ),
    "assignments:beat_update": Row(MANAGERS, kwargs=pk("beat_a"), effect=beat_form_fields),
    "assignments:assignment_create": Row(
        MANAGERS,
        kwargs=pk("beat_a"),
        uses=("officer", "colleague"),
        effect=station_officers_offered,
    ),
    "assignments:allocation": Row(
        (CHIEF, ANALYST, ADMIN), uses=("beat_a",), sees=text(lambda ctx: ctx("beat_a").name)
    ),
    "assignments:allocation_rule": Row((ANALYST, ADMIN), uses=("branch",), effect=rule_unit),
    # assignments: officers, transfers
    "assignments:officer_list": Row(MANAGERS, uses=("officer",), sees=officer_row),
    "assignments:officer_detail": Row(
        EDITORS,
        kwargs=pk("officer"),
        hidden_from=(ANALYST,),
        sees=in_context("officer", "officer"),
    ),
    "assignments:duty_officer": Row(
        MANAGERS, kwargs=pk("officer"), sees=in_context("officer", "officer")
    ),
    "assignments:transfer_list": Row(
        EVERYONE, uses=("transfer_a",), sees=listed("transfer_a", "page_obj")
    ),
    "assignments:transfer_create": Row(
        EDITORS,
        kwargs=pk("post_a", "assignment_pk"),
        effect=lambda ctx, response: response.context["assignment"] == ctx("post_a"),
    ),
    "assignments:transfer_detail": Row(
        EVERYONE, kwargs=pk("transfer_a"), sees=in_context("transfer", "transfer_a")
    ),
    "assignments:transfer_decide": Row(
        MANAGERS,
        kwargs=pk("transfer_a"),
        method="post",
        data=lambda ctx: {"decision": "reject", "comment": "人手不足"},
        effect=refreshed("transfer_a", lambda t: t.status == TransferRequest.Status.REJECTED),
    ),
    # assignments: duty and training
    "assignments:duty_month": Row(EDITORS, uses=("officer",), sees=officer_month),
    "assignments:duty_week": Row(
        (OFFICER,), effect=lambda ctx, response: response.context["formset"]
    ),
    "assignments:dispatch_list": Row(
        DISPATCHERS,
        setup=dispatched_by_insider,
        sees=lambda ctx, r: ctx.made in r.context["awaiting"],
    ),
    "assignments:dispatch_decide": Row(
        DISPATCHERS,
        kwargs=block_pk,
        method="post",
        data=lambda ctx: {"decision": "confirm"},
        effect=confirmed,
    ),
    "assignments:training_list": Row(
        EDITORS, uses=("training_a",), sees=listed("training_a", "page_obj")
    ),
    "assignments:training_create": Row(EDITORS, effect=training_officer_choices),
    # places
    "places:address_browse": Row(
        EDITORS,
        setup=lambda ctx: ctx("community_a"),
        sees=lambda ctx, response: ctx("street") in list(response.context["addresses"]),
    ),
    "places:address_create_root": Row(MANAGERS, effect=has_form),
    "places:address_create": record_row(
        "building_a", sees=lambda ctx, response: response.context["parent"] == ctx("building_a")
    ),
    "places:address_detail": record_row("building_a", sees=in_context("address", "building_a")),
    "places:address_edit": record_row("building_a", sees=in_context("address", "building_a")),
    "places:address_pick": picker_row("building_a", "address", "1号楼"),
    "places:house_pick": picker_row("house_a", "house", "樱花园"),
    "places:organization_pick": picker_row("organization_a", "employer", "便利店"),
    "places:item_pick": picker_row("item_a", "items", "CAM"),
    **register_rows("places", "house", "house_a"),
    **register_rows("places", "organization", "organization_a"),
    **register_rows("places", "item", "item_a"),
    # residents
    **register_rows("residents", "person", "person_a", REGISTER_VERBS[:5]),
    "residents:person_pick": picker_row("person_a", "person", "张"),
    "residents:permits_expiring": Row(
        EDITORS, setup=permit_running_out, sees=listed("person_a", "people")
    ),
    "residents:person_move": record_row("person_a", sees=in_context("person", "person_a")),
    "residents:person_status": record_row(
        "person_a",
        method="post",
        data=lambda ctx: {
            "residence_status": Person.ResidenceStatus.AWAY,
            "status_date": timezone.localdate().isoformat(),
        },
        sees=None,
        effect=refreshed("person_a", lambda p: p.residence_status == Person.ResidenceStatus.AWAY),
    ),
    "residents:designate": record_row(
        "person_a",
        kwargs=lambda ctx: {"pk": ctx("person_a").pk, "kind": "care"},
        sees=in_context("person", "person_a"),
    ),
    "residents:end_designation": record_row(
        "key_designation_a",
        kwargs=lambda ctx: {"pk": ctx("key_designation_a").pk, "kind": "key"},
        method="post",
        data=lambda ctx: {"reason": "解除管控"},
        sees=None,
        effect=refreshed("key_designation_a", lambda d: d.end_date is not None),
    ),
    "residents:household": record_row(
        "house_a", kwargs=pk("house_a", "house_pk"), sees=in_context("house", "house_a")
    ),
    # residents: moves between stations (迁入), here from station D into house A
    "residents:move_list": Row(
        EVERYONE, uses=("move_into_a",), sees=listed("move_into_a", "page_obj")
    ),
    "residents:move_find": Row(
        MOVE_REQUESTERS,
        method="post",
        data=lambda ctx: {"id_number": ctx("person_d").id_number},
        status=200,
        effect=found_elsewhere,
    ),
    "residents:move_create": Row(
        MOVE_REQUESTERS,
        method="post",
        query=move_reference,
        data=lambda ctx: {
            "to_house": ctx("house_a").pk,
            "move_date": timezone.localdate().isoformat(),
            "relationship": Person.Relationship.OTHER,
            "note": "已在樱花园租住",
        },
        effect=requested_pending,
    ),
    "residents:move_detail": Row(
        EVERYONE, kwargs=pk("move_into_a"), sees=in_context("move", "move_into_a")
    ),
    "residents:move_decide": Row(
        DISPATCHERS,
        setup=move_to_decide,
        kwargs=made_pk,
        method="post",
        data=lambda ctx: {"decision": "approve"},
        effect=approved_and_moved,
    ),
    "residents:move_withdraw": Row(
        MOVE_REQUESTERS,
        setup=filed_by_insider,
        kwargs=made_pk,
        method="post",
        effect=withdrawn,
    ),
    # incidents
    **register_rows("incidents", "incident", "incident_a", REGISTER_VERBS[:4]),
    "incidents:incident_advance": record_row(
        "incident_a",
        method="post",
        data=lambda ctx: {"to": Incident.Status.HANDLING},
        sees=None,
        effect=refreshed("incident_a", lambda i: i.status == Incident.Status.HANDLING),
    ),
    "incidents:incident_add_party": record_row(
        "incident_a",
        method="post",
        data=lambda ctx: {"role": "witness", "name": "路人甲"},
        sees=None,
        effect=lambda ctx, response: ctx("incident_a").parties.filter(name="路人甲").exists(),
    ),
    **register_rows("incidents", "dispute", "dispute_a", REGISTER_VERBS[:4]),
    "incidents:dispute_mediate": record_row(
        "dispute_a",
        method="post",
        data=lambda ctx: {
            "date": timezone.localdate().isoformat(),
            "by": "社区调解员",
            "result": "双方和解",
            "status": Dispute.Status.RESOLVED,
        },
        sees=None,
        effect=refreshed("dispute_a", lambda d: d.status == Dispute.Status.RESOLVED),
    ),
    **register_rows("incidents", "tip", "warning_tip_a", REGISTER_VERBS[:4]),
    "incidents:tip_status": record_row(
        "warning_tip_a",
        method="post",
        data=lambda ctx: {
            "status": Tip.Status.HANDLED,
            "handling_notes": "已劝散",
            "version": ctx("warning_tip_a").version,
        },
        sees=None,
        effect=refreshed("warning_tip_a", lambda t: t.status == Tip.Status.HANDLED),
    ),
    "incidents:visit_list": Row(EDITORS, uses=("visit_a",), sees=listed("visit_a")),
    "incidents:visit_create": Row(EDITORS, effect=has_form),
    "incidents:visit_detail": record_row("visit_a"),
    "incidents:visit_acknowledge": record_row(
        "visit_a", roles=MANAGERS, sees=in_context("visit", "visit_a")
    ),
    "incidents:freshness": Row(
        EDITORS, uses=("key_designation_a",), sees=freshness_lists_overdue_followup
    ),
    "incidents:notifications": Row(
        EVERYONE,
        setup=notification_for_insider,
        sees=lambda ctx, response: ctx.made in list(response.context["items"]),
    ),
    "incidents:notification_open": Row(
        EVERYONE,
        kwargs=lambda ctx: {"pk": notification_for_insider(ctx).pk},
        method="post",
        effect=notification_read,
    ),
    # ledger import
    "ledgers:index": Row(IMPORTERS, setup=lambda ctx: ctx("batch_a"), sees=in_page("batch_a")),
    "ledgers:template": Row(
        IMPORTERS, kwargs=lambda ctx: {"code": "people"}, record=False, effect=attachment
    ),
    "ledgers:batch_detail": Row(
        IMPORTERS, kwargs=pk("batch_a"), sees=lambda ctx, r: r.context["batch"] == ctx("batch_a")
    ),
    "ledgers:batch_status": Row(IMPORTERS, kwargs=pk("batch_a"), status=204),
    "ledgers:commit": Row(
        IMPORTERS, kwargs=pk("batch_a"), method="post", effect=batch_status("committing")
    ),
    "ledgers:undo": Row(
        IMPORTERS,
        kwargs=lambda ctx: {"pk": commit_batch(ctx("batch_a")).pk},
        method="post",
        effect=batch_status("undone"),
    ),
    "ledgers:rejected": Row(IMPORTERS, kwargs=pk("batch_a"), effect=attachment),
    # reports
    "reports:index": Row(REPORTERS, uses=("beat_a",), sees=text(lambda ctx: ctx("station_a").name)),
    "reports:station_overview": Row((CHIEF,), sees=in_context("station", "station_a")),
    "reports:officer_home": Row((OFFICER,), sees=text(lambda ctx: ctx("beat_a").name)),
    "reports:catalogue": Row(
        REPORTERS, effect=text(lambda ctx: reverse("reports:request", args=["population"]))
    ),
    "reports:request": Row(
        REPORTERS,
        kwargs=lambda ctx: {"code": "population"},
        record=False,
        uses=("station_a", "station_b"),
        effect=units_offered,
    ),
    "reports:run_list": Row(
        REPORTERS, setup=lambda ctx: ctx("run_a"), sees=listed("run_a", "runs")
    ),
    "reports:run_detail": Row(REPORTERS, kwargs=pk("run_a"), sees=in_context("run", "run_a")),
    "reports:run_row": Row(REPORTERS, kwargs=pk("run_a"), sees=in_context("run", "run_a")),
    "reports:run_status": Row(REPORTERS, kwargs=pk("run_a"), status=204),
    "reports:download": Row(
        REPORTERS, kwargs=lambda ctx: {"pk": ctx("run_a").pk, "fmt": "csv"}, effect=attachment
    ),
    "reports:file": Row(
        (CHIEF,),  # the analyst only reads a station's runs
        kwargs=pk("run_a"),
        method="post",
        effect=refreshed("run_a", lambda run: run.filed_at is not None),
    ),
    "reports:reissue": Row(
        (CHIEF,),  # the analyst only reads a station's runs
        kwargs=pk("run_a"),
        method="post",
        data=lambda ctx: {"reason": "数据有误"},
        effect=reissued,
    ),
    "reports:subscriptions": Row(
        REPORTERS,
        setup=lambda ctx: ctx("subscription_a"),
        sees=listed("subscription_a", "subscriptions"),
    ),
    "reports:subscription_toggle": Row(
        (CHIEF,),  # the analyst only reads a station's runs
        kwargs=pk("subscription_a"),
        method="post",
        effect=refreshed("subscription_a", lambda s: not s.active),
    ),
}


# --- the records of beat A ---------------------------------------------------------


@pytest.fixture
def foreign_analyst(city):
    other_branch = UnitFactory(
        code="330103000000", name="东湖分局", kind=Unit.Kind.BRANCH, parent=city
    )
    return UserFactory(username="foreign_analyst", unit=other_branch, role=User.Role.ANALYST)


@pytest.fixture
def post_a(officer):
    return officer.assignments.get()


@pytest.fixture
def transfer_a(post_a, officer):
    return file_transfer(post_a, by=officer)


@pytest.fixture
def training_a(officer):
    return TrainingRecordFactory(officer=officer, date=timezone.localdate())


@pytest.fixture
def dispute_a(building_a, officer):
    return Dispute.objects.create(
        type=Dispute.Type.NEIGHBOUR,
        parties="楼上楼下两户",
        address=building_a,
        beat=building_a.beat,
        description="噪音纠纷",
        responsible_officer=officer,
    )


@pytest.fixture
def visit_a(person_a, officer, chief):
    return record_visit(
        visit=Visit(
            kind=Visit.Kind.KEY_PERSON,
            findings="不在家",
            abnormal=True,
            abnormal_details="近一周未归",
            beat=person_a.beat,
        ),
        by=officer,
        persons=[person_a],
    )


@pytest.fixture
def run_a(station_a, settings, tmp_path, django_capture_on_commit_callbacks):
    """A finished population run of station A, with its files."""
    from communitypolice.celery import app
    from reports import catalogue, services

    settings.REPORT_FILES_ROOT = tmp_path / "report-files"
    eager, app.conf.task_always_eager = app.conf.task_always_eager, True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            run = services.request_run(
                report=catalogue.get("population"),
                params=Params(station_a, Period.month(2026, 10)),
                by=None,
            )
    finally:
        app.conf.task_always_eager = eager
    run.refresh_from_db()
    assert run.status == ReportRun.Status.DONE
    return run


@pytest.fixture
def batch_a(officer, house_a):
    """An import of station A by its officer, checked: one person to register in house A."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ledgers import services
    from ledgers.columns import PEOPLE

    ledger = "姓名,证件号码,人口类别,现住址\n"
    ledger += f"导入人员,{resident_id(sequence='771')},户籍人口,{house_a.address.full_name}\n"
    file = SimpleUploadedFile("ledger.csv", ledger.encode("utf-8"))
    batch = services.start(upload=file, ledger=PEOPLE, user=officer)
    return services.check(batch, user=officer)


def commit_batch(batch):
    from ledgers import services

    if batch.status == batch.Status.CHECKED:
        services.commit(batch, user=batch.uploaded_by)
    batch.refresh_from_db()
    return batch


@pytest.fixture
def subscription_a(station_a, chief):
    return Subscription.objects.create(
        unit=station_a, report_code="population", frequency="monthly", created_by=chief
    )


# Moves between stations: a third station D of the branch, so that no outsider (station
# B's chief among them) takes part in a move between stations A and D.


@pytest.fixture
def station_d(branch):
    return UnitFactory(code="330102530000", name="梅园路派出所", parent=branch)


@pytest.fixture
def beat_d(station_d):
    return BeatFactory(station=station_d, name="梅园路第一警务区", code="D01")


@pytest.fixture
def officer_d(beat_d):
    user = UserFactory(username="officer_d", unit=beat_d.station, role=User.Role.OFFICER)
    AssignmentFactory(officer=user, beat=beat_d)
    return user


@pytest.fixture
def house_d(street, beat_d):
    node = add_address(
        parent=street, level=Address.Level.COMMUNITY, name="梅园社区", code="S1-03", beat=beat_d
    )
    for level, name in [
        (Address.Level.COMPOUND, "梅园小区"),
        (Address.Level.BUILDING, "2号楼"),
        (Address.Level.ENTRANCE, "1单元"),
        (Address.Level.ROOM, "301室"),
    ]:
        node = add_address(parent=node, level=level, name=name, code=f"{node.code}-x")
    return House.objects.create(
        registered_on=REGISTERED, address=node, beat=node.beat, use=use("owner")
    )


@pytest.fixture
def person_d(house_d):
    return Person.objects.create(
        registered_on=REGISTERED,
        name="王五",
        gender="F",
        birth_date=datetime.date(1992, 8, 8),
        id_number=resident_id(birth="19920808", sequence="046"),
        category=Person.Category.REGISTERED,
        house=house_d,
        beat=house_d.beat,
    )


@pytest.fixture
def move_into_a(person_d, house_a, officer):
    """Station D's person, asked into house A by the officer of beat A."""
    return file_move(person_d, house_a, officer)


@pytest.fixture
def move_from_a(person_a, house_d, officer_d):
    """Beat A's person, asked into house D by station D's officer."""
    return file_move(person_a, house_d, officer_d)


# --- the tests -----------------------------------------------------------------------


def test_every_url_name_has_a_row():
    names = set(url_names()) - SKIPPED
    missing = sorted(names - ROWS.keys())
    assert not missing, f"URL names without a row in ROWS: {', '.join(missing)}"
    unknown = sorted(ROWS.keys() - names)
    assert not unknown, f"Rows for URL names that do not exist: {', '.join(unknown)}"


def _applies(which, row, role):
    if which == "wrong":
        return role not in row.roles
    if which == "insider":
        return role in row.roles
    # Outsiders: a record's URL, or a page that shows beat A's record to the insider.
    return role in row.roles and role in OUTSIDERS and (row.is_record or row.sees is not None)


def _cases(which):
    return [
        pytest.param(name, role, id=f"{name}-{role}")
        for name, row in sorted(ROWS.items())
        for role in EVERYONE
        if _applies(which, row, role)
    ]


def _request(request, name, role, user):
    """Build the row's records as the role's insider would find them, and send the
    row's request as ``user`` (None: anonymous)."""
    from django.test import Client

    row = ROWS[name]
    ctx = Context(request.getfixturevalue, role, request.getfixturevalue(INSIDERS[role]), user)
    for fixture in row.uses:
        ctx(fixture)
    if row.setup:
        ctx.made = row.setup(ctx)
    url = reverse(name, kwargs=row.kwargs(ctx) if row.kwargs else None)
    if row.query:
        url = f"{url}?{urlencode(row.query(ctx))}"
    client = Client()
    if user is not None:
        client.force_login(user)
    data = row.data(ctx) if row.data else None
    response = getattr(client, row.method)(url, data)
    return row, ctx, response


@pytest.mark.parametrize("name", sorted(ROWS))
def test_anonymous_visitors_are_sent_to_log_in(request, name):
    row, _ctx, response = _request(request, name, ROWS[name].roles[0], None)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize(("name", "role"), _cases("wrong"))
def test_a_role_without_the_right_is_refused(request, name, role):
    row, _ctx, response = _request(request, name, role, request.getfixturevalue(INSIDERS[role]))
    assert response.status_code == (404 if role in row.hidden_from else 403)


@pytest.mark.parametrize(("name", "role"), _cases("outsider"))
def test_another_beat_or_station_does_not_reach_it(request, name, role):
    outsider = request.getfixturevalue(OUTSIDERS[role])
    row, ctx, response = _request(request, name, role, outsider)
    if row.is_record:
        assert response.status_code == 404
    else:
        assert response.status_code == row.insider_status
        assert not row.sees(ctx, response)


@pytest.mark.parametrize(("name", "role"), _cases("insider"))
def test_the_insider_gets_the_page_and_its_effect(request, name, role):
    insider = request.getfixturevalue(INSIDERS[role])
    row, ctx, response = _request(request, name, role, insider)
    assert response.status_code == row.insider_status, response
    if row.sees:
        assert row.sees(ctx, response)
    if row.effect:
        assert row.effect(ctx, response) is not False
