"""`tongxin demo generate`: fill the database with many realistic synthetic cases, fast.

Unlike the demo loader (which replays every case through the services), this writes rows
set-based: COPY on PostgreSQL, executemany on SQLite, in large batches. The cases are spread
over years in reporting order (more recent years busier, office hours busier), over the demo
district's grids (street weights as in the demo), categories, channels and states, with
timestamps, deadlines,
warnings, ratings and — unless turned off — the event trail each state implies. A few
recent bursts (one category rising in one street) give the early warnings something to find.
The daily summary (tongxin.analytics) is rebuilt at the end.
"""

from __future__ import annotations

import itertools
import json
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from django.db import connection, transaction
from django.db.models import Max

from tongxin.cases.events import payload_of
from tongxin.cases.models import Case, CaseEvent
from tongxin.org.models import Category, Department
from tongxin.regions.models import Region
from tongxin.security import crypto
from tongxin.security.chain import GENESIS, link
from tongxin.sla.models import TimeLimitPolicy

from . import categories, texts
from .plans import load_places, point_in, street_weight

BATCH = 20_000
# Distinct reporters the generated cases come from: people call again, and encrypting a
# phone (SM4) and hashing it (SM3) per case would take half the generator's time.
REPORTERS = 20_000
# PostgreSQL: a load of at least this many cases drops the case and event tables' secondary
# indexes and builds them again at the end (one sort per index instead of millions of
# random index inserts — the usual bulk-load practice).
INDEX_REBUILD_MIN = 500_000
CHANNELS = {"hotline": 55, "portal": 18, "grid": 14, "police": 3, "road_chief": 2,
            "media": 2, "open311": 1, "import": 2, "email": 1, "api": 2, "iot": 1, "video": 1}
RATINGS = (("satisfied", 65), ("basically", 22), ("unsatisfied", 13))
# Intake by hour of day: calls peak mid-morning and mid-afternoon.
HOURS = (1, 1, 1, 1, 1, 2, 4, 8, 14, 16, 15, 12, 8, 10, 14, 15, 13, 10, 7, 6, 5, 4, 3, 2)
SHANGHAI = ZoneInfo("Asia/Shanghai")
RATING_NAMES = [r for r, _w in RATINGS]
RATING_CUM = list(itertools.accumulate(w for _r, w in RATINGS))
CASE_COLUMNS = (
    "id", "number", "channel", "title", "description", "reporter_name", "reporter_phone",
    "reporter_phone_hash", "reporter_id_number", "lat", "lng", "address", "outside_jurisdiction",
    "district_id", "street_id", "community_id", "grid_id",
    "owner_region_id", "category_id", "urgency", "status", "lead_department_id", "policy_id",
    "accept_deadline", "finish_deadline", "yellow_at", "warning", "rating", "rework_count",
    "return_count", "created_at", "updated_at", "registered_at", "dispatched_at",
    "accepted_at", "replied_at", "closed_at", "rated_at", "trail_head",
)
EVENT_COLUMNS = ("case_id", "action", "at", "from_status", "to_status", "note", "data",
                 "prev_hash", "hash")


@dataclass(frozen=True)
class Spot:
    district: int
    street: int
    community: int
    grid: int
    community_name: str
    street_name: str
    points: tuple[tuple[float, float], ...]
    address: str  # SM4 ciphertext, as the model field stores it


@dataclass(frozen=True)
class Reporter:
    name: str
    phone: str  # SM4 ciphertext
    phone_hash: str


@dataclass(frozen=True)
class Kind:
    category: int
    lead: int | None
    urgent: bool
    titles: tuple[str, ...]


@dataclass
class Options:
    count: int
    years: float = 3.0
    seed: int = 7
    events: str = "all"  # all | sample | none
    sample_every: int = 100
    now: datetime | None = None


class Generator:
    def __init__(self, district: Region, opts: Options) -> None:
        self.opts, self.rng = opts, random.Random(opts.seed)
        self.now = (opts.now or datetime.now(UTC)).astimezone(UTC)
        self.spots, self.spot_weights = self._spots(district)
        self.kinds = self._kinds()
        self.policies = {p.name: p.pk for p in TimeLimitPolicy.objects.all()}
        # Cumulative weights, computed once: choices() would re-add them on every call.
        self.spot_cum = list(itertools.accumulate(self.spot_weights))
        self.channels = list(CHANNELS)
        self.channel_cum = list(itertools.accumulate(CHANNELS.values()))
        self.bursts = [(self.rng.randrange(len(self.spots)), self.rng.randrange(len(self.kinds)))
                       for _ in range(3)]
        self.reporters = self._reporters(min(REPORTERS, max(opts.count, 1)))

    # ------------------------------------------------------------ reference data

    def _spots(self, district: Region) -> tuple[list[Spot], list[float]]:
        spots, weights = [], []
        for place in load_places(district):
            points = tuple(point_in(place, self.rng) for _ in range(24))
            # Written past the ORM, so encrypted here as the model field would (SM4 at rest).
            address = crypto.encrypt(f"枣庄市市中区{place.street.name}{place.community.name}")
            spots.append(Spot(district.pk, place.street.pk, place.community.pk, place.grid.pk,
                              place.community.name, place.street.name, points, address))
            weights.append(street_weight(place.street))
        if not spots:
            raise ValueError("the demo district has no grids; run `tongxin demo --no-cases`")
        return spots, weights

    def _reporters(self, count: int) -> list[Reporter]:
        out = []
        for _ in range(count):
            name, phone = texts.fake_reporter(self.rng)
            out.append(Reporter(crypto.encrypt(name), crypto.encrypt(phone),
                                crypto.phone_hash(phone)))
        return out

    def _kinds(self) -> list[Kind]:
        leads = categories.lead_units()
        departments = {d.code: d.pk for d in Department.objects.all()}
        urgent = {r.path for r in categories.rows() if r.policy == "urgent"}
        titles = {p.category: p.titles for p in texts.PROBLEMS}
        kinds = []
        for cat in Category.objects.filter(level=3).select_related("parent__parent"):
            path = f"{cat.parent.parent.name}/{cat.parent.name}/{cat.name}"  # type: ignore[union-attr]
            kinds.append(Kind(cat.pk, departments.get(leads.get(path, "")),
                              path in urgent or path.rsplit("/", 1)[0] in urgent,
                              titles.get(path, ("{c}" + cat.name,))))
        if not kinds:
            raise ValueError("no categories; run `tongxin demo --no-cases` first")
        return kinds

    # ------------------------------------------------------------ one case

    def creation_times(self, count: int) -> np.ndarray:
        """`count` reporting times (epoch seconds, UTC) in ascending order, as a live table
        is filled: density rising towards today (days ago = span · (1 − √u), a growing
        service) and office hours busier than nights."""
        rng = np.random.default_rng(self.opts.seed)
        days = np.floor(self.opts.years * 365 * (1 - np.sqrt(rng.random(count))))
        hours = rng.choice(24, size=count, p=np.array(HOURS) / sum(HOURS))
        local_midnight = self.now.astimezone(SHANGHAI).replace(hour=0, minute=0, second=0,
                                                                  microsecond=0)
        times = (local_midnight.timestamp() - days * 86400 + hours * 3600
                 + rng.integers(0, 3600, size=count))
        return np.sort(np.minimum(times, self.now.timestamp() - 60))

    def case(self, pk: int, created: datetime) -> tuple[tuple, list[tuple]]:
        rng = self.rng
        if rng.random() < 0.01:  # a burst: one problem flaring up in one place lately
            s, k = rng.choice(self.bursts)
            spot, kind = self.spots[s], self.kinds[k]
            created = self.now - timedelta(hours=rng.uniform(1, 24 * 10))
        else:
            spot = rng.choices(self.spots, cum_weights=self.spot_cum)[0]
            kind = self.kinds[rng.randrange(len(self.kinds))]
        lat, lng = rng.choice(spot.points)
        lat, lng = (round(lat + rng.uniform(-1e-4, 1e-4), 6),
                    round(lng + rng.uniform(-1e-4, 1e-4), 6))
        title = rng.choice(kind.titles).format(**texts.slots(rng, community=spot.community_name,
                                                             street=spot.street_name))
        channel = rng.choices(self.channels, cum_weights=self.channel_cum)[0]
        t = Timeline.play(rng, created, self.now, kind.urgent)
        owner = spot.street if rng.random() < 0.7 else spot.district
        who = self.reporters[rng.randrange(len(self.reporters))]
        row = (
            pk, f"SG{pk:012d}", channel, title[:200], title, who.name, who.phone,
            who.phone_hash, "", lat, lng, spot.address, False,
            spot.district, spot.street,
            spot.community, spot.grid, owner, kind.category,
            "urgent" if kind.urgent else "normal", t.status,
            kind.lead if t.dispatched else None,
            self.policies.get("urgent" if kind.urgent else "general"),
            t.accept_deadline, t.finish_deadline, t.yellow_at, t.warning, t.rating, t.rework,
            t.returns, created, t.last, t.registered, t.dispatched, t.accepted, t.replied,
            t.closed, t.rated,
        )
        return row, [(pk, *e) for e in t.events]


def chained(row: tuple, trail: list[tuple]) -> tuple[tuple, list[tuple]]:
    """The case row with its chain head and its events linked, as the bus links them."""
    head, linked = GENESIS, []
    for case_id, action, at, from_status, to_status, note, data in trail:
        digest = link(head, payload_of(row[1], action, None, at, from_status, to_status, note,
                                       json.loads(data)))
        linked.append((case_id, action, at, from_status, to_status, note, data, head, digest))
        head = digest
    return (*row, head if trail else ""), linked


@dataclass
class Timeline:
    """The life of one case up to now: its state, timestamps and the events on the way."""

    status: str = "reported"
    registered: datetime | None = None
    dispatched: datetime | None = None
    accepted: datetime | None = None
    replied: datetime | None = None
    closed: datetime | None = None
    rated: datetime | None = None
    accept_deadline: datetime | None = None
    finish_deadline: datetime | None = None
    yellow_at: datetime | None = None
    warning: str = "none"
    rating: str = ""
    rework: int = 0
    returns: int = 0
    last: datetime | None = None

    def __post_init__(self) -> None:
        self.events: list[tuple] = []

    def step(self, action: str, to: str, at: datetime, now: datetime) -> bool:
        """Take the step if its time has come; False stops the case in its current state."""
        if at > now:
            return False
        self.events.append((action, at, self.status, to, "", "{}"))
        self.status, self.last = to, at
        return True

    @classmethod
    def play(cls, rng: random.Random, created: datetime, now: datetime, urgent: bool) -> Timeline:
        t = cls(last=created)
        t.events.append(("report", created, "", "reported", "", "{}"))
        h = timedelta(hours=1)
        at = created + h * rng.uniform(0.1, 6)
        if rng.random() < 0.05:
            t.step("reject", "rejected", at, now)
            return t
        if not t.step("register", "registered", at, now):
            return t
        t.registered = at
        at += h * rng.uniform(0.1, 8)
        if not t.step("dispatch", "dispatched", at, now):
            return t
        t.dispatched = at
        limit = h * (24 if urgent else 24 * 7)  # 5 working days ≈ a week
        t.accept_deadline, t.finish_deadline = at + h * (2 if urgent else 8), at + limit
        t.yellow_at = at + limit * 0.8
        if rng.random() < 0.03:
            t.returns = 1
        at += h * rng.uniform(0.2, 10)
        if not t.step("accept", "in_progress", at, now):
            t.warn(now)
            return t
        t.accepted = at
        # Most units finish within the limit; about one in ten runs late.
        at += limit * (rng.uniform(0.1, 0.95) if rng.random() < 0.9 else rng.uniform(1.0, 2.5))
        if not t.step("reply", "replied", at, now):
            t.warn(now)
            return t
        t.replied = at
        at += h * rng.uniform(1, 48)
        if not t.step("verify_pass", "closed", at, now):
            return t
        t.closed = at
        if rng.random() < 0.05:
            t.rework = 1
        at += h * rng.uniform(2, 72)
        if rng.random() < 0.7 and at <= now:
            t.rating = rng.choices(RATING_NAMES, cum_weights=RATING_CUM)[0]
            t.events.append(("rate", at, "closed", "closed", "", "{}"))
            t.rated = t.last = at
        return t

    def warn(self, now: datetime) -> None:
        assert self.finish_deadline is not None and self.yellow_at is not None
        if self.finish_deadline < now:
            self.warning = "red"
        elif self.yellow_at < now:
            self.warning = "yellow"


# ---------------------------------------------------------------- writing


def _sqlite_value(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
    return value


class Writer:
    """Batches rows into the database: COPY on PostgreSQL, executemany elsewhere."""

    def __init__(self) -> None:
        self.pg = connection.vendor == "postgresql"
        self.event_table = CaseEvent._meta.db_table
        self.case_table = Case._meta.db_table
        # Columns the generator does not set take their model defaults.
        set_columns = set(CASE_COLUMNS)
        self.extra = [(str(f.column), f.get_default()) for f in Case._meta.concrete_fields
                      if f.column not in set_columns and not f.null]
        self.case_columns = CASE_COLUMNS + tuple(c for c, _v in self.extra)
        self.extra_values = tuple(v for _c, v in self.extra)

    def write(self, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
        if not rows:
            return
        cursor = connection.cursor()
        if self.pg:
            sql = f'COPY "{table}" ({", ".join(columns)}) FROM STDIN'
            with cursor.cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({marks})',
                               [tuple(_sqlite_value(v) for v in row) for row in rows])

    def cases(self, rows: list[tuple]) -> None:
        self.write(self.case_table, self.case_columns, [r + self.extra_values for r in rows])

    def events(self, rows: list[tuple]) -> None:
        self.write(self.event_table, EVENT_COLUMNS, rows)

    @contextmanager
    def loading(self, count: int) -> Iterator[None]:
        """PostgreSQL, big loads: without the secondary indexes while the rows go in, and
        with every one of them rebuilt afterwards — also when the load is interrupted."""
        if not self.pg or count < INDEX_REBUILD_MIN:
            yield
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename IN (%s, %s)"
                " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
                [self.case_table, self.event_table])
            indexes = cursor.fetchall()
            for name, _definition in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                for _name, definition in indexes:
                    cursor.execute(definition)

    def finish(self) -> None:
        if self.pg:
            with connection.cursor() as cursor:
                for table in (self.case_table, self.event_table):
                    cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                   f"(SELECT max(id) FROM \"{table}\"))")


@dataclass
class Result:
    cases: int
    events: int
    seconds: float
    summary_rows: int
    summary_seconds: float

    @property
    def cases_per_second(self) -> float:
        return self.cases / self.seconds if self.seconds else 0.0


def batches(gen: Generator, first_id: int, opts: Options) -> Iterator[tuple[list, list]]:
    times = gen.creation_times(opts.count)
    for start in range(0, opts.count, BATCH):
        cases, events = [], []
        for n in range(start, min(start + BATCH, opts.count)):
            pk = first_id + n
            row, trail = gen.case(pk, datetime.fromtimestamp(float(times[n]), UTC))
            if opts.events == "all" or (opts.events == "sample" and pk % opts.sample_every == 0):
                row, trail = chained(row, trail)
                events.extend(trail)
            else:
                row = (*row, "")  # no trail written: no chain yet
            cases.append(row)
        yield cases, events


def generate(district: Region, opts: Options, progress=None) -> Result:
    from tongxin.analytics.stats import rebuild

    started = time.perf_counter()
    gen, writer = Generator(district, opts), Writer()
    first_id = (Case.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    done = events = 0
    with writer.loading(opts.count):
        for cases, trail in batches(gen, first_id, opts):
            with transaction.atomic():
                writer.cases(cases)
                writer.events(trail)
            done, events = done + len(cases), events + len(trail)
            if progress:
                progress(done, time.perf_counter() - started)
    writer.finish()
    seconds = time.perf_counter() - started
    t = time.perf_counter()
    rows = rebuild()
    return Result(done, events, seconds, rows, time.perf_counter() - t)
