"""地、物、组织: standard addresses (标准地址) and the houses (实有房屋), organisations
(实有单位) and objects (物) attached to them — the 一标三实 model."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from assignments.history import DatedState
from assignments.models import Beat, BeatRecord
from assignments.scoping import ALL, RegisterQuerySet, personal_data_beats
from communitypolice.core import periods
from communitypolice.core.bulk import update_each
from communitypolice.core.identifiers import (
    normalize_plate,
    validate_phone,
    validate_plate,
    validate_resident_id,
    validate_uscc,
)
from communitypolice.core.models import CodeTable

# --- code tables --------------------------------------------------------------


class HouseUse(CodeTable):
    """自住 / 出租 / 空置 / 经营 / 其他. The code ``rented`` switches on rental details."""

    RENTED = "rented"

    class Colour(models.TextChoices):
        BLUE = "primary", _("blue")
        GREEN = "success", _("green")
        GREY = "secondary", _("grey")
        ORANGE = "warning", _("orange")
        RED = "danger", _("red")
        CYAN = "info", _("cyan")

    colour = models.CharField(
        _("colour on the building grid"), max_length=10, choices=Colour.choices, default="secondary"
    )

    class Meta(CodeTable.Meta):
        verbose_name = _("house use")
        verbose_name_plural = _("house uses")


class OrganizationType(CodeTable):
    class Meta(CodeTable.Meta):
        verbose_name = _("organisation type")
        verbose_name_plural = _("organisation types")


class ItemKind(CodeTable):
    """机动车 / 电动自行车 / 视频监控 / 危险物品 / 犬只 / 其他."""

    CAMERA = "camera"

    class Rule(models.TextChoices):
        NONE = "", _("free text")
        PLATE = "plate", _("mainland plate number")

    identifier_rule = models.CharField(
        _("identifier check"), max_length=10, choices=Rule.choices, blank=True
    )

    class Meta(CodeTable.Meta):
        verbose_name = _("item kind")
        verbose_name_plural = _("item kinds")


# --- standard addresses -----------------------------------------------------------


class AddressQuerySet(MP_NodeQuerySet):
    def visible_to(self, user):
        """Addresses in the user's beats, and the levels above them (a street, a
        community) so that an officer can drill down to their own buildings.
        Analysts see none: the register is personal data."""
        beats = personal_data_beats(user)
        if beats is ALL:
            return self
        # The nodes a beat was set on, and every node above them: their paths are
        # prefixes of the anchors' paths (treebeard's materialised path).
        anchors = Address.objects.filter(beat_override__in=beats).values_list("path", flat=True)
        step = Address.steplen
        above = {path[:end] for path in anchors for end in range(step, len(path), step)}
        return self.filter(Q(beat__in=beats) | Q(path__in=above))

    def search(self, text):
        """Addresses whose full name (街道 … 楼栋, 单元, 户室) contains ``text``: the
        address pickers of the forms, and people found by where they live."""
        text = text.strip()
        if not text:
            return self
        return self.filter(full_name__icontains=text)


class AddressManager(MP_NodeManager.from_queryset(AddressQuerySet)):
    def get_queryset(self):
        return AddressQuerySet(self.model, using=self._db).order_by("path")


class Address(MP_Node):
    """A standard address (标准地址): 街道 → 社区 → 小区/街路巷 → 楼栋 → 单元 → 户室.

    ``beat_override`` is the beat set on this node, if any; ``beat`` is the beat in
    force, inherited from the nearest node above that has one. Both, and the full
    name, are kept by places.services so that lists and scoping read one column.
    """

    class Level(models.IntegerChoices):
        STREET = 1, _("sub-district (街道)")
        COMMUNITY = 2, _("community (社区)")
        COMPOUND = 3, _("compound or street (小区/街路巷)")
        BUILDING = 4, _("building (楼栋)")
        ENTRANCE = 5, _("unit (单元)")
        ROOM = 6, _("room (户室)")

    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    name = models.CharField(_("name"), max_length=50)
    district = models.CharField(
        _("district"),
        max_length=30,
        blank=True,
        help_text=_("Only for a sub-district, e.g. 朝阳区."),
    )
    code = models.CharField(_("standard address code"), max_length=40, unique=True)
    beat_override = models.ForeignKey(
        Beat,
        verbose_name=_("beat set here"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    beat = models.ForeignKey(
        Beat,
        verbose_name=_("beat"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="addresses",
    )
    full_name = models.CharField(_("full address"), max_length=300, db_index=True)

    objects = AddressManager()

    class Meta:
        verbose_name = _("standard address")
        verbose_name_plural = _("standard addresses")
        indexes = [models.Index(fields=["beat", "level"])]

    def get_absolute_url(self):
        return reverse("places:address_detail", args=[self.pk])

    def __str__(self):
        return self.full_name or self.name

    def below(self):
        """Every address under this one (not this one)."""
        return Address.objects.filter(path__startswith=self.path, depth__gt=self.depth)

    def parent_address(self):
        if self.depth <= 1:
            return None
        return Address.objects.get(path=self.path[: -self.steplen])

    @property
    def floor(self):
        """The floor of a room, read from its number as people do: 501室 is on floor 5."""
        digits = "".join(ch for ch in self.name if ch.isdigit())
        return int(digits) // 100 if len(digits) >= 3 else 1

    def name_under(self, parent):
        """The full name this node has below the given parent."""
        prefix = parent.full_name if parent else self.district
        return f"{prefix}{self.name}"

    def beat_under(self, parent):
        return self.beat_override or (parent.beat if parent else None)


# --- houses -------------------------------------------------------------------------

# Apps above places extend a house's figures without places knowing them: annotations
# of a house (name → aggregate), e.g. the residents app's "resident_count".
HOUSE_ANNOTATIONS = {}


class HouseQuerySet(RegisterQuerySet):
    def refresh_tenants(self):
        """Count the tenants of these houses again, in bulk, after people were loaded in
        bulk (the demo, the bench district, an import). Their open history spans are
        corrected in place: the count was wrong only for as long as the load took."""
        counted = self.select_related("use").annotate(
            registered=HOUSE_ANNOTATIONS["resident_count"]
        )
        changed = []
        for house in counted.iterator(chunk_size=2000):
            tenants = house.tenants_from(house.registered)
            if tenants != house.tenant_count:
                house.tenant_count = tenants
                changed.append(house)
        update_each(changed, ["tenant_count"])
        counts = {house.pk: house.tenant_count for house in changed}
        states = []
        for start in range(0, len(changed), 2000):
            for state in HouseState.objects.current().filter(
                house__in=list(counts)[start : start + 2000]
            ):
                state.tenant_count = counts[state.house_id]
                states.append(state)
        update_each(states, ["tenant_count"])
        return len(changed)

    def group_rentals(self):
        """Rented houses with more tenants than the limit per room allows (群租房)."""
        limit = settings.GROUP_RENTAL_MAX_PER_ROOM
        return self.filter(use__code=HouseUse.RENTED, tenant_count__gt=F("room_count") * limit)

    def contracts_ending(self, days=30):
        today = periods.today()
        return self.filter(
            use__code=HouseUse.RENTED,
            contract_end__gte=today,
            contract_end__lte=today + timezone.timedelta(days=days),
        )


class House(BeatRecord):
    """A real house (实有房屋) at room level."""

    address = models.OneToOneField(
        Address,
        verbose_name=_("address"),
        on_delete=models.PROTECT,
        related_name="house",
        limit_choices_to={"level": Address.Level.ROOM},
    )
    use = models.ForeignKey(HouseUse, verbose_name=_("use"), on_delete=models.PROTECT)
    owner_name = models.CharField(_("owner"), max_length=50, blank=True)
    owner_id_number = models.CharField(
        _("owner's ID number"), max_length=18, blank=True, validators=[validate_resident_id]
    )
    owner_phone = models.CharField(
        _("owner's phone"), max_length=20, blank=True, validators=[validate_phone]
    )
    area = models.DecimalField(
        _("floor area (m²)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10000)],
    )
    room_count = models.PositiveSmallIntegerField(
        _("bedrooms"), default=1, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    landlord_contact = models.CharField(_("landlord contact"), max_length=100, blank=True)
    # 申报承租人数: what the landlord declares. The tenants counted everywhere
    # (``tenant_count``) are the people registered in the house, or the declared number
    # where the landlord declares more: derived in save() and refresh_tenants(), so that
    # the houses report and the population report agree about every house.
    declared_tenants = models.PositiveSmallIntegerField(
        _("declared tenants"),
        default=0,
        validators=[MaxValueValidator(500)],
        help_text=_("As the landlord declares them; tenants registered here are counted anyway."),
    )
    tenant_count = models.PositiveSmallIntegerField(_("tenants"), default=0, editable=False)
    contract_end = models.DateField(_("rental contract ends"), null=True, blank=True)
    security_notes = models.TextField(_("security notes"), max_length=2000, blank=True)
    last_inspection = models.DateField(_("last inspection"), null=True, blank=True)

    objects = HouseQuerySet.as_manager()
    search_fields = ("address__full_name", "owner_name", "landlord_contact")

    class Meta:
        verbose_name = _("house")
        verbose_name_plural = _("houses")
        indexes = [
            models.Index(fields=["beat", "use"]),
            models.Index(fields=["contract_end"]),
        ]

    def get_absolute_url(self):
        return reverse("places:house_detail", args=[self.pk])

    def __str__(self):
        return str(self.address)

    def save(self, *args, **kwargs):
        self.tenant_count = self.tenants_from(self.registered_tenants())
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "tenant_count"}
        super().save(*args, **kwargs)

    def registered_tenants(self):
        """People living in the house by the register (HOUSE_ANNOTATIONS' resident count,
        which the residents app defines)."""
        if self.pk is None or "resident_count" not in HOUSE_ANNOTATIONS:
            return 0
        return House.objects.filter(pk=self.pk).aggregate(n=HOUSE_ANNOTATIONS["resident_count"])[
            "n"
        ]

    def tenants_from(self, registered):
        """Tenants of a rented house: those registered, or more where more are declared."""
        if not (self.use_id and self.use.code == HouseUse.RENTED):
            return 0
        return max(registered, self.declared_tenants)

    def refresh_tenants(self):
        """After someone moved in or out: count the tenants again."""
        self.save(update_fields=["tenant_count", "version", "updated_at"])

    @property
    def is_rented(self):
        return self.use.code == HouseUse.RENTED

    @property
    def is_group_rental(self):
        return self.is_rented and self.tenant_count > (
            self.room_count * settings.GROUP_RENTAL_MAX_PER_ROOM
        )


class HouseState(DatedState):
    """A span of days over which a house had one beat, use and declared tenants: what
    the houses report groups and counts by for a past period."""

    record_field = "house"
    tracked = ("beat", "use", "room_count", "tenant_count", "declared_tenants", "contract_end")

    house = models.ForeignKey(
        House, verbose_name=_("house"), on_delete=models.CASCADE, related_name="states"
    )
    beat = models.ForeignKey(
        Beat, verbose_name=_("beat"), on_delete=models.PROTECT, related_name="+"
    )
    use = models.ForeignKey(HouseUse, verbose_name=_("use"), on_delete=models.PROTECT)
    room_count = models.PositiveSmallIntegerField(_("bedrooms"))
    tenant_count = models.PositiveSmallIntegerField(_("tenants"))
    declared_tenants = models.PositiveSmallIntegerField(_("declared tenants"), default=0)
    contract_end = models.DateField(_("rental contract ends"), null=True, blank=True)

    class Meta(DatedState.Meta):
        verbose_name = _("house history")
        verbose_name_plural = _("house history")
        indexes = [
            models.Index(fields=["house", "valid_from"]),
            models.Index(fields=["beat", "valid_from", "valid_to"]),
        ]


House.state_model = HouseState


# --- organisations --------------------------------------------------------------


class OrganizationQuerySet(RegisterQuerySet):
    def due_for_inspection(self, on=None):
        """Key units (重点单位) due for a security inspection on ``on`` (default: today):
        neither a recorded inspection date nor a safety-inspection visit (安全检查) in the
        ``settings.KEY_UNIT_INSPECTION_DAYS`` days that end on that day.

        Whether a unit is in the register is the caller's to add: ``.active()`` for
        today, the register as it stood on a past day for a report.
        """
        return self.filter(is_key_unit=True).exclude(Organization.inspected_q(on))


class Organization(BeatRecord):
    """A real organisation (实有单位): a company, a shop, a school, a hotel …"""

    class InspectionResult(models.TextChoices):
        PASSED = "passed", _("passed")
        RECTIFY = "rectify", _("rectification required")
        FAILED = "failed", _("failed")

    name = models.CharField(_("name"), max_length=100)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validate_uscc],
        help_text=_("18 characters; leave empty for an unregistered organisation."),
    )
    type = models.ForeignKey(OrganizationType, verbose_name=_("type"), on_delete=models.PROTECT)
    is_key_unit = models.BooleanField(_("key unit (重点单位)"), default=False, db_index=True)
    key_reason = models.CharField(_("why it is a key unit"), max_length=200, blank=True)
    address = models.ForeignKey(
        Address, verbose_name=_("address"), on_delete=models.PROTECT, related_name="organizations"
    )
    legal_representative = models.CharField(_("legal representative"), max_length=50, blank=True)
    security_contact = models.CharField(
        _("security contact (治安负责人)"), max_length=50, blank=True
    )
    security_phone = models.CharField(
        _("security contact's phone"), max_length=20, blank=True, validators=[validate_phone]
    )
    employee_count = models.PositiveIntegerField(
        _("employees"), null=True, blank=True, validators=[MaxValueValidator(1_000_000)]
    )
    last_inspection = models.DateField(_("last security inspection"), null=True, blank=True)
    inspection_result = models.CharField(
        _("inspection result"), max_length=10, choices=InspectionResult.choices, blank=True
    )

    objects = OrganizationQuerySet.as_manager()
    search_fields = ("name", "credit_code", "address__full_name", "security_contact")

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [models.Index(fields=["beat", "type"])]
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~Q(credit_code=""),
                name="organization_credit_code_unique",
                violation_error_message=_(
                    "An organisation with this credit code is registered already."
                ),
            )
        ]

    @staticmethod
    def inspected_q(on=None, prefix=""):
        """Inspected lately on ``on`` (default: today): a recorded inspection date or a
        safety-inspection visit (安全检查) in the ``settings.KEY_UNIT_INSPECTION_DAYS``
        days that end on that day. ``prefix`` reaches the organisation from another model
        (``"organization__"`` from its history)."""
        on = on or periods.today()
        days = settings.KEY_UNIT_INSPECTION_DAYS
        window = periods.Period.custom(on - datetime.timedelta(days=days - 1), on)
        # Visits belong to the incidents app, above this one: they are reached through
        # the name of their relation, so that places imports nothing above it.
        visited = Organization.objects.filter(
            visits__kind="safety",
            visits__visited_at__gte=window.start_at,
            visits__visited_at__lt=window.end_at,
        )
        return window.date_q(f"{prefix}last_inspection") | Q(
            **{f"{prefix}pk__in": visited.values("pk")}
        )

    def get_absolute_url(self):
        return reverse("places:organization_detail", args=[self.pk])

    def __str__(self):
        return self.name


class OrganizationState(DatedState):
    """A span of days over which an organisation had one beat, type and key-unit status."""

    record_field = "organization"
    tracked = ("beat", "type", "is_key_unit")

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="states",
    )
    beat = models.ForeignKey(
        Beat, verbose_name=_("beat"), on_delete=models.PROTECT, related_name="+"
    )
    type = models.ForeignKey(OrganizationType, verbose_name=_("type"), on_delete=models.PROTECT)
    is_key_unit = models.BooleanField(_("key unit (重点单位)"))

    class Meta(DatedState.Meta):
        verbose_name = _("organisation history")
        verbose_name_plural = _("organisation history")
        indexes = [
            models.Index(fields=["organization", "valid_from"]),
            models.Index(fields=["beat", "valid_from", "valid_to"]),
        ]


Organization.state_model = OrganizationState


# --- objects ------------------------------------------------------------------------


class Item(BeatRecord):
    """An object (物): a vehicle, an e-bike, a camera, dangerous goods, a dog …"""

    class Status(models.TextChoices):
        IN_USE = "in_use", pgettext_lazy("item status", "in use")
        LOST = "lost", _("lost")
        SCRAPPED = "scrapped", _("scrapped")

    kind = models.ForeignKey(ItemKind, verbose_name=_("kind"), on_delete=models.PROTECT)
    identifier = models.CharField(
        _("identifier"),
        max_length=40,
        blank=True,
        db_index=True,
        help_text=_("Plate number for a motor vehicle; serial or tag number otherwise."),
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    owner_organization = models.ForeignKey(
        Organization,
        verbose_name=_("owning organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
    )
    address = models.ForeignKey(
        Address, verbose_name=_("location"), on_delete=models.PROTECT, related_name="items"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.IN_USE
    )
    camera_view = models.CharField(
        _("what the camera covers"),
        max_length=200,
        blank=True,
        help_text=_("For cameras: where it points, e.g. 小区北门及停车场入口."),
    )

    objects = RegisterQuerySet.as_manager()
    search_fields = ("identifier", "description", "address__full_name", "camera_view")

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        indexes = [models.Index(fields=["beat", "kind"])]

    def get_absolute_url(self):
        return reverse("places:item_detail", args=[self.pk])

    def __str__(self):
        return f"{self.kind} {self.identifier}".strip()

    def clean(self):
        super().clean()
        if self.kind_id and self.kind.identifier_rule == ItemKind.Rule.PLATE:
            self.identifier = normalize_plate(self.identifier)
            try:
                validate_plate(self.identifier)
            except ValidationError as error:
                raise ValidationError({"identifier": error.messages}) from None
