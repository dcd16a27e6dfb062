"""The grid's own base data (一标三实, 人地物事组织): what stands in a grid and who lives there.

The address chain runs compound (小区) → building (楼栋) → house (房屋) → household (户) →
person (实有人口). Beside it: organisations (实有单位), places that need inspection (场所) and
city components (部件, GB/T 30428.2). Every object is placed in its grid (point-in-polygon
when it has a point, else the grid it was filed under) and keeps `last_verified_at`, the last
time someone on the ground confirmed it.

Personal data is stored as the law asks (PIPL, GB/T 39786): ID numbers and phones are SM4
ciphertexts with a keyed blind index beside them for exact lookup and de-duplication.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tongxin.security.fields import SM4EncryptedCharField


class Placed(models.Model):
    """What every base object has: its grid and when it was last confirmed on the ground."""

    grid = models.ForeignKey("regions.Region", verbose_name=_("grid"), on_delete=models.PROTECT,
                             related_name="+")
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lng = models.FloatField(_("longitude"), null=True, blank=True)
    last_verified_at = models.DateTimeField(_("last verified"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        abstract = True


class Compound(Placed):
    name = models.CharField(_("name"), max_length=100)
    # GeoJSON polygon, WGS-84 (optional: many 院落 have never been surveyed).
    geometry = models.JSONField(_("boundary (GeoJSON)"), null=True, blank=True)
    property_company = models.CharField(_("property company"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("compound")
        verbose_name_plural = _("compounds")

    def __str__(self) -> str:
        return self.name


class Building(Placed):
    code = models.CharField(_("building code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    compound = models.ForeignKey(Compound, verbose_name=_("compound"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="buildings")
    address = models.CharField(_("address"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("building")
        verbose_name_plural = _("buildings")

    def __str__(self) -> str:
        return self.name


class HouseUse(models.TextChoices):
    OWNER = "owner", _("Owner-occupied")
    RENTED = "rented", _("Rented")
    VACANT = "vacant", _("Vacant")
    BUSINESS = "business", _("Business")


class House(Placed):
    """A unit or room (房屋); `code` is the 房屋编号 the import files carry."""

    code = models.CharField(_("house code"), max_length=40, unique=True)
    building = models.ForeignKey(Building, verbose_name=_("building"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="houses")
    room = models.CharField(_("room"), max_length=20, blank=True)
    use = models.CharField(_("use"), max_length=10, choices=HouseUse.choices,
                           default=HouseUse.OWNER)
    area_m2 = models.DecimalField(_("area (m²)"), max_digits=8, decimal_places=2, null=True,
                                  blank=True)
    owner_name = models.CharField(_("owner"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("house")
        verbose_name_plural = _("houses")

    def __str__(self) -> str:
        return self.code


class Household(Placed):
    house = models.ForeignKey(House, verbose_name=_("house"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="households")
    head = models.ForeignKey("basedata.Person", verbose_name=_("head of household"), null=True,
                             blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return f"{self.house or self.pk}"


class Residence(models.TextChoices):
    REGISTERED = "registered", _("Registered resident")
    FLOATING = "floating", _("Floating population")
    OVERSEAS = "overseas", _("Overseas")


class Sex(models.TextChoices):
    MALE = "m", _("Male")
    FEMALE = "f", _("Female")


class Person(Placed):
    """实有人口. Sex and birth date come from the ID number, never typed twice."""

    name = models.CharField(_("name"), max_length=50)
    id_number = SM4EncryptedCharField(_("citizen ID number"), max_length=18)
    # HMAC-SM3 of the normalised ID number: unique, so one person is one row across imports.
    id_index = models.CharField(_("ID number index"), max_length=64, unique=True, editable=False)
    phone = SM4EncryptedCharField(_("phone"), max_length=20, blank=True)
    phone_index = models.CharField(_("phone index"), max_length=64, blank=True, db_index=True,
                                   editable=False)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("birth date"))
    residence = models.CharField(_("residence"), max_length=10, choices=Residence.choices,
                                 default=Residence.REGISTERED)
    house = models.ForeignKey(House, verbose_name=_("house"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="people")
    household = models.ForeignKey(Household, verbose_name=_("household"), null=True,
                                  blank=True, on_delete=models.SET_NULL, related_name="members")
    relation = models.CharField(_("relation to the head"), max_length=20, blank=True)
    employer = models.CharField(_("employer"), max_length=100, blank=True)
    address = SM4EncryptedCharField(_("address"), max_length=200, blank=True)
    # The demo's made-up population (tongxin.demo.population), shown as such on every page.
    synthetic = models.BooleanField(_("synthetic (demo)"), default=False)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [models.Index(fields=["grid", "id"], name="person_grid_idx")]

    def __str__(self) -> str:
        return self.name


class Organisation(Placed):
    """实有单位; the 统一社会信用代码 (GB 32100) is its identity across imports."""

    name = models.CharField(_("name"), max_length=100)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    kind = models.CharField(_("type"), max_length=30, blank=True)
    legal_representative = models.CharField(_("legal representative"), max_length=50,
                                            blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    key_unit = models.BooleanField(_("key unit (重点单位)"), default=False)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class PlaceKind(models.TextChoices):
    NINE_SMALL = "nine_small", _("Nine small places (九小场所)")
    SCHOOL = "school", _("School")
    MARKET = "market", _("Market")
    SITE = "site", _("Construction site")
    OTHER = "other", _("Other")


class Place(Placed):
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("type"), max_length=12, choices=PlaceKind.choices)
    address = models.CharField(_("address"), max_length=200, blank=True)
    inspection_days = models.PositiveSmallIntegerField(_("inspection cycle (days)"), default=30)
    last_inspected_at = models.DateTimeField(_("last inspected"), null=True, blank=True)

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")

    def __str__(self) -> str:
        return self.name


class ComponentState(models.TextChoices):
    NORMAL = "normal", _("Normal")
    DAMAGED = "damaged", _("Damaged")
    MISSING = "missing", _("Missing")
    REMOVED = "removed", _("Removed")


class Component(Placed):
    """部件: a 16-digit GB/T 30428.2 code (county 6 + large class 2 + small class 2 + serial 6)."""

    code = models.CharField(_("component code"), max_length=16, unique=True)
    name = models.CharField(_("name"), max_length=60)
    state = models.CharField(_("state"), max_length=10, choices=ComponentState.choices,
                             default=ComponentState.NORMAL)
    department = models.ForeignKey("org.Department", verbose_name=_("owning department"),
                                   null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        verbose_name = _("component")
        verbose_name_plural = _("components")

    def __str__(self) -> str:
        return f"{self.name} {self.code}"

    @property
    def large_class(self) -> str:
        return self.code[6:8]

    @property
    def small_class(self) -> str:
        return self.code[6:10]


class Tag(models.Model):
    """A special-population programme (重点人群): who may see it and how often to visit."""

    name = models.CharField(_("name"), max_length=30, unique=True)
    sensitive = models.BooleanField(
        _("sensitive"), default=True,
        help_text=_("Only the grid's workers, the community leader and the named departments "
                    "see who is enrolled; everyone else sees counts."))
    # {"0": 90, "1": 60, …}: days between visits per grade; "default" for ungraded tags.
    visit_days = models.JSONField(_("visit interval per grade (days)"), default=dict)
    max_grade = models.PositiveSmallIntegerField(_("highest grade"), default=0)
    departments = models.ManyToManyField("org.Department", verbose_name=_("departments"),
                                         blank=True, related_name="+")

    class Meta:
        verbose_name = _("special-population tag")
        verbose_name_plural = _("special-population tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def interval(self, grade: int) -> int:
        days = self.visit_days.get(str(grade)) or self.visit_days.get("default") or 90
        return int(days)


class Enrollment(models.Model):
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE,
                               related_name="enrollments")
    tag = models.ForeignKey(Tag, verbose_name=_("tag"), on_delete=models.PROTECT,
                            related_name="enrollments")
    grade = models.PositiveSmallIntegerField(_("grade"), default=0)
    since = models.DateTimeField(_("enrolled"))
    next_visit_due = models.DateTimeField(_("next visit due"), db_index=True)
    active = models.BooleanField(_("active"), default=True)
    # The case an overdue visit opened on the engine (tongxin.basedata.overdue): its sweep
    # raises the yellow warning and the red alarm with its supervision order; the visit
    # closes it. Cleared by the visit, so the next overdue visit opens a new one.
    overdue_case = models.ForeignKey("cases.Case", verbose_name=_("overdue-visit case"),
                                     null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [models.UniqueConstraint(fields=["person", "tag"],
                                               name="enrollment_once_per_tag")]

    def __str__(self) -> str:
        return f"{self.person} · {self.tag}"


class Visit(models.Model):
    """入户走访 against a real household or person (the field app's visit)."""

    client_id = models.UUIDField(_("client id"), unique=True)
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("grid worker"),
                               on_delete=models.PROTECT, related_name="base_visits")
    person = models.ForeignKey(Person, verbose_name=_("person"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="visits")
    household = models.ForeignKey(Household, verbose_name=_("household"), null=True,
                                  blank=True, on_delete=models.PROTECT, related_name="visits")
    grid = models.ForeignKey("regions.Region", verbose_name=_("grid"), on_delete=models.PROTECT,
                             related_name="+")
    visited_at = models.DateTimeField(_("visited at"), db_index=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lng = models.FloatField(_("longitude"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("household visit")
        verbose_name_plural = _("household visits")
        ordering = ["-visited_at"]

    def __str__(self) -> str:
        return f"{self.person or self.household} {self.visited_at:%Y-%m-%d}"


# What a visit may propose to change on a person's record.
CHANGE_FIELDS = {
    "phone": _("phone"), "address": _("address"), "residence": _("residence"),
    "employer": _("employer"), "relation": _("relation to the head"),
    "moved_out": _("moved out"),
}


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class ChangeProposal(models.Model):
    """A change to a person's record seen on a visit; a community administrator decides."""

    visit = models.ForeignKey(Visit, verbose_name=_("visit"), on_delete=models.CASCADE,
                              related_name="proposals")
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE,
                               related_name="proposals")
    field = models.CharField(_("field"), max_length=20)
    new_value = SM4EncryptedCharField(_("new value"), max_length=200, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ProposalStatus.choices,
                              default=ProposalStatus.PENDING, db_index=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"),
                                   null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("change proposal")
        verbose_name_plural = _("change proposals")

    def __str__(self) -> str:
        return f"{self.person} · {self.field}"

    @property
    def field_label(self) -> str:
        return str(CHANGE_FIELDS.get(self.field, self.field))


class ChangeRecord(models.Model):
    """One accepted change of a person's record: the versions, never edited."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE,
                               related_name="changes")
    field = models.CharField(_("field"), max_length=20)
    old_value = SM4EncryptedCharField(_("from"), max_length=200, blank=True)
    new_value = SM4EncryptedCharField(_("to"), max_length=200, blank=True)
    reason = models.CharField(_("why"), max_length=200, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"),
                           on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"))
    proposal = models.OneToOneField(ChangeProposal, verbose_name=_("proposal"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="record")

    class Meta:
        verbose_name = _("change record")
        verbose_name_plural = _("change records")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.person} · {self.field} · {self.at:%Y-%m-%d}"

    @property
    def field_label(self) -> str:
        return str(CHANGE_FIELDS.get(self.field, self.field))


class CaseLink(models.Model):
    """A case tied to what stands at its place (a person, household, organisation,
    component, building), by a dispatcher or by the case's own component code."""

    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.CASCADE,
                             related_name="base_links")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="case_links")
    household = models.ForeignKey(Household, null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="case_links")
    organisation = models.ForeignKey(Organisation, null=True, blank=True,
                                     on_delete=models.CASCADE, related_name="case_links")
    component = models.ForeignKey(Component, null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="case_links")
    building = models.ForeignKey(Building, null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="case_links")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True,
                           blank=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("case link")
        verbose_name_plural = _("case links")

    def __str__(self) -> str:
        what = self.person or self.component or self.organisation or self.building
        return f"{self.case_id} → {what or self.household}"
