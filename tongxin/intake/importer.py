"""Bulk import of cases from an old system's Excel (.xlsx) or CSV export.

The file is read completely before anything is stored, so a file that turns out to be broken
halfway stores nothing. Each row is then checked on its own (every problem is reported as
row, field, reason) and stored in its own transaction together with an ImportedRow keyed by
the source system's id (or a hash of the row): a bad row never half-stores, and importing the
same file again creates nothing twice.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.cases.models import Channel, Urgency
from tongxin.cases.services import NewCase, create_case
from tongxin.core.errors import ValidationFailed
from tongxin.org.models import Category
from tongxin.regions.locator import locate_point, locator_for
from tongxin.regions.models import Level, Region

from .models import ImportedRow

# Column headers recognised without a mapping file: the old 12345 systems' Chinese exports
# and plain English ones. Compared after normalising (see norm_header).
DEFAULT_HEADERS: dict[str, list[str]] = {
    "source_id": ["工单编号", "工单号", "受理编号", "编号", "source_id", "case_id", "ticket_id",
                  "id"],
    "title": ["诉求标题", "标题", "工单标题", "title", "subject"],
    "description": ["诉求内容", "内容", "问题描述", "诉求描述", "description", "content",
                    "details"],
    "reporter_name": ["来电人", "诉求人", "反映人", "联系人", "姓名", "reporter_name",
                      "reporter", "name"],
    "reporter_phone": ["联系电话", "来电号码", "电话", "手机", "手机号码", "reporter_phone",
                       "phone", "telephone", "mobile"],
    "address": ["地址", "事发地址", "详细地址", "事发地点", "address", "location"],
    "street": ["所属街道", "街道", "街道/镇", "乡镇街道", "street", "town"],
    "category": ["事项分类", "分类", "问题分类", "诉求分类", "category", "type"],
    "urgency": ["紧急程度", "缓急程度", "urgency", "priority"],
    "reported_at": ["受理时间", "来电时间", "登记时间", "创建时间", "reported_at", "created_at",
                    "received_at", "date"],
    "lat": ["纬度", "lat", "latitude"],
    "lng": ["经度", "lng", "lon", "longitude"],
}
FIELDS = tuple(DEFAULT_HEADERS)

URGENCY_WORDS = {
    "": Urgency.NORMAL, "一般": Urgency.NORMAL, "普通": Urgency.NORMAL, "正常": Urgency.NORMAL,
    "normal": Urgency.NORMAL, "紧急": Urgency.URGENT, "加急": Urgency.URGENT,
    "特急": Urgency.URGENT, "急": Urgency.URGENT, "urgent": Urgency.URGENT,
}
DATE_FORMATS = (
    "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y/%m/%d", "%Y.%m.%d %H:%M:%S", "%Y.%m.%d",
    "%Y年%m月%d日 %H:%M:%S", "%Y年%m月%d日 %H:%M", "%Y年%m月%d日%H:%M", "%Y年%m月%d日",
    "%Y%m%d%H%M%S", "%Y%m%d",
)
MOBILE = re.compile(r"1[3-9]\d{9}")
LANDLINE = re.compile(r"0\d{9,11}|\d{7,8}")  # with area code, or a local number
EXTENSION = re.compile(r"(转|ext\.?|x)(\d{1,6})$", re.IGNORECASE)
STREET_SUFFIXES = ("街道办事处", "街道", "办事处", "镇", "乡")


class ImportFileError(Exception):
    """The file as a whole cannot be read: nothing was stored."""


@dataclass(frozen=True)
class Problem:
    row: int  # the row number a spreadsheet program shows (the header is row 1)
    field: str
    reason: str


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[tuple[int, list[Any]]]  # (row number, cells)


@dataclass
class Summary:
    total: int = 0
    created: int = 0
    skipped: int = 0  # imported before (or twice in this file)
    failed: int = 0
    problems: list[Problem] = field(default_factory=list)
    case_ids: list[int] = field(default_factory=list)  # the cases this run created


@dataclass(frozen=True)
class PreparedRow:
    row: int
    key: str
    new: NewCase
    at: datetime | None


# ---------------------------------------------------------------- reading files


def read_table(path: Path) -> Table:
    """Header and rows of the first sheet of an .xlsx file, or of a CSV file."""
    if not path.is_file():
        raise ImportFileError(_("No such file: %(path)s") % {"path": path})
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise ImportFileError(_("Old .xls files are not supported; save the file as .xlsx."))
    with path.open("rb") as handle:
        is_zip = handle.read(4) == b"PK\x03\x04"
    if suffix in (".xlsx", ".xlsm") or (is_zip and suffix not in (".csv", ".txt")):
        return _read_xlsx(path)
    return _read_csv(path.read_bytes())


# What the parts of an .xlsx may inflate to, in all. openpyxl reads the shared strings whole,
# so a 300 MB string (a few hundred KB zipped) took the import to 847 MB (issue 28 finding 8);
# a real 12345 export of 100,000 rows is some tens of MB.
DEFAULT_XLSX_INFLATED_BYTES = 200 * 1024 * 1024


def _check_inflated_size(path: Path) -> None:
    """Refuse before openpyxl opens it: the zip directory states every part's size."""
    limit = int(getattr(settings, "TONGXIN_IMPORT_XLSX_MAX_BYTES", DEFAULT_XLSX_INFLATED_BYTES))
    try:
        with zipfile.ZipFile(path) as book:
            total = sum(info.file_size for info in book.infolist())
    except (zipfile.BadZipFile, OSError):
        return  # not a zip at all: openpyxl gives the usual "cannot be read"
    if total > limit:
        raise ImportFileError(
            _("The Excel file %(name)s unpacks to %(size)d MB, more than the %(limit)d MB "
              "allowed; split it into smaller files.")
            % {"name": path.name, "size": total // 2**20, "limit": limit // 2**20})


def _read_xlsx(path: Path) -> Table:
    from openpyxl import load_workbook

    _check_inflated_size(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            cells = [(n, list(r)) for n, r in enumerate(sheet.iter_rows(values_only=True), 1)]
        finally:
            book.close()
    # A foreign file can fail in many ways inside openpyxl (bad zip, missing parts, broken
    # XML, odd cell values); for the user they all mean the same: this is not a usable .xlsx.
    except Exception as exc:
        raise ImportFileError(
            _("The Excel file %(name)s cannot be read (%(error)s). Is it a valid .xlsx file?")
            % {"name": path.name, "error": exc.__class__.__name__}
        ) from exc
    return _table(cells)


def _decode(data: bytes) -> str:
    # Old Chinese systems export GBK; newer ones UTF-8, often with a BOM for Excel. GB18030
    # is a superset of GBK, so it also reads the rarer characters GBK lacks.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_("The CSV file is neither UTF-8 nor GBK encoded."))


def _read_csv(data: bytes) -> Table:
    text = _decode(data)
    # The delimiter is the one the header line uses most: content cells may hold any of them,
    # header names do not.
    first_line = text.split("\n", 1)[0]
    delimiter = max(",\t;", key=first_line.count)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        cells = [(n, list(r)) for n, r in enumerate(reader, 1)]
    except csv.Error as exc:
        raise ImportFileError(_("The CSV file cannot be read: %(error)s") % {"error": exc}) from exc
    return _table(cells)


def _table(cells: list[tuple[int, list[Any]]]) -> Table:
    filled = [(n, row) for n, row in cells if any(cell_text(v) for v in row)]
    if not filled:
        raise ImportFileError(_("The file has no header row."))
    (_header_no, header), rows = filled[0], filled[1:]
    return Table(headers=[cell_text(h) for h in header], rows=rows)


# ---------------------------------------------------------------- column mapping


def load_mapping(path: Path | None) -> tuple[dict[str, list[str]], str | None]:
    """Field → header names, the defaults overridden by a JSON file, and the file's source.

    The file is {"columns": {"title": "问题标题", ...}, "source": "old-12345"} or just the
    columns object; a header may be a string or a list of alternatives.
    """
    mapping = {name: list(headers) for name, headers in DEFAULT_HEADERS.items()}
    if path is None:
        return mapping, None
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as exc:
        raise ImportFileError(
            _("The mapping file cannot be read: %(error)s") % {"error": exc}
        ) from exc
    if not isinstance(data, dict):
        raise ImportFileError(_("The mapping file must hold a JSON object."))
    columns = data.get("columns", data)
    unknown = sorted(set(columns) - set(FIELDS) - {"source"})
    if unknown:
        raise ImportFileError(
            _("Unknown fields in the mapping: %(names)s. Known fields: %(known)s.")
            % {"names": ", ".join(unknown), "known": ", ".join(FIELDS)}
        )
    for name, headers in columns.items():
        if name in FIELDS:
            mapping[name] = [headers] if isinstance(headers, str) else list(headers)
    source = data.get("source")
    return mapping, str(source) if source else None


def resolve_columns(headers: list[str], mapping: dict[str, list[str]]) -> dict[str, int]:
    """Field → column index, for the fields whose header is present."""
    index: dict[str, int] = {}
    for i, header in enumerate(headers):
        index.setdefault(norm_header(header), i)
    columns = {}
    for name, wanted in mapping.items():
        found = next((index[h] for h in map(norm_header, wanted) if h in index), None)
        if found is not None:
            columns[name] = found
    if "title" not in columns:
        raise ImportFileError(
            _("No title column found (headers: %(headers)s); name it in a mapping file.")
            % {"headers": ", ".join(h for h in headers if h)}
        )
    return columns


def norm_header(header: str) -> str:
    return re.sub(r"[\s_\-:：*]+", "", header).lower()


# ---------------------------------------------------------------- checking rows


class Lookups:
    """Streets and categories by name or code, loaded once per import."""

    def __init__(self) -> None:
        self.streets = _index(Region.objects.filter(level=Level.STREET).only("id", "code",
                                                                              "name", "path"))
        self.categories = _index(Category.objects.filter(is_active=True))

    def street(self, value: str) -> Region | None | list:
        found = self.streets.get(value) or self.streets.get(_strip_suffix(value), [])
        return found[0] if len(found) == 1 else (found or None)

    def category(self, value: str) -> Category | None | list:
        # "城乡建设/路灯照明" names the last level.
        last = re.split(r"\s*[/>＞|]\s*", value)[-1]
        found = self.categories.get(value) or self.categories.get(last, [])
        return found[0] if len(found) == 1 else (found or None)


def _index(objects: Iterable) -> dict[str, list]:
    index: dict[str, list] = {}
    for obj in objects:
        for key in {obj.code, obj.name, _strip_suffix(obj.name)}:
            index.setdefault(key, []).append(obj)
    return index


def _strip_suffix(name: str) -> str:
    for suffix in STREET_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def prepare_row(number: int, cells: list[Any], columns: dict[str, int], *, channel: str,
                lookups: Lookups) -> PreparedRow | list[Problem]:
    """The new case a row describes, or every problem found in it."""
    raw = {name: cells[i] if i < len(cells) else None for name, i in columns.items()}
    text = {name: cell_text(value) for name, value in raw.items()}
    problems: list[Problem] = []

    def problem(name: str, reason: str) -> None:
        problems.append(Problem(number, name, reason))

    if not text.get("title"):
        problem("title", _("The title is missing."))
    phone = _phone(text.get("reporter_phone", ""), problem)
    at = _when(raw.get("reported_at"), problem)
    lat, lng = _point(text.get("lat", ""), text.get("lng", ""), problem)
    region = _street(text.get("street", ""), lookups, problem)
    category = _category(text.get("category", ""), lookups, problem)
    urgency = URGENCY_WORDS.get(text.get("urgency", "").lower())
    if urgency is None:
        problem("urgency", _("Unknown urgency %(value)r (use 一般 or 紧急).")
                % {"value": text["urgency"]})
    for name, limit in (("reporter_name", 50), ("address", 255)):
        if len(text.get(name, "")) > limit:
            problem(name, _("Longer than %(limit)d characters.") % {"limit": limit})
    region = _placed(region, lat, lng, problem)
    if problems:
        return problems
    new = NewCase(
        channel=channel, title=text["title"], description=text.get("description", ""),
        reporter_name=text.get("reporter_name", ""), reporter_phone=phone,
        address=text.get("address", ""), lat=lat, lng=lng, region=region,
        category=category, urgency=urgency or Urgency.NORMAL,
    )
    return PreparedRow(number, row_key(cells, text.get("source_id", "")), new, at)


Report = Callable[[str, str], None]


def _phone(value: str, problem: Report) -> str:
    if not value:
        return ""
    cleaned = re.sub(r"[\s\-()（）]", "", value)
    ext = EXTENSION.search(cleaned)
    number = cleaned[: ext.start()] if ext else cleaned
    number = re.sub(r"^(\+86|0086|86)(?=1[3-9]\d{9}$)", "", number)
    if not (MOBILE.fullmatch(number) or LANDLINE.fullmatch(number)):
        problem("reporter_phone", _("Not a phone number: %(value)r.") % {"value": value})
        return ""
    full = f"{number}-{ext.group(2)}" if ext else number
    if len(full) > 20:
        problem("reporter_phone", _("Not a phone number: %(value)r.") % {"value": value})
        return ""
    return full


def _when(value: Any, problem: Report) -> datetime | None:
    try:
        at = parse_when(value)
    except ValueError:
        problem("reported_at", _("Cannot read the date %(value)r.") % {"value": cell_text(value)})
        return None
    if at is not None and at > timezone.now():
        problem("reported_at", _("The date %(value)s is in the future.")
                % {"value": timezone.localtime(at).strftime("%Y-%m-%d %H:%M")})
        return None
    return at


def parse_when(value: Any) -> datetime | None:
    """An aware datetime (naive ones are local time), None for an empty cell; ValueError when
    the value is not a date."""
    if value is None or cell_text(value) == "":
        return None
    if isinstance(value, datetime):
        found: datetime | None = value
    elif isinstance(value, date):
        found = datetime.combine(value, time())
    elif isinstance(value, int | float) and not isinstance(value, bool) and 20000 < value < 80000:
        # A date cell exported as its Excel serial number.
        from openpyxl.utils.datetime import from_excel

        found = from_excel(value)
    else:
        found = _parse_date_text(cell_text(value))
    if found is None:
        raise ValueError(value)
    return found if timezone.is_aware(found) else timezone.make_aware(found)


def _parse_date_text(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        pass
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt)
        except ValueError:
            continue
    return None


def _point(lat_text: str, lng_text: str, problem: Report) -> tuple[float | None, float | None]:
    if not lat_text and not lng_text:
        return None, None
    if not lat_text or not lng_text:
        problem("lat" if not lat_text else "lng",
                _("Give both latitude and longitude, or neither."))
        return None, None
    values = []
    for name, text, limit in (("lat", lat_text, 90), ("lng", lng_text, 180)):
        try:
            number = float(text)
        except ValueError:
            problem(name, _("Not a number: %(value)r.") % {"value": text})
            continue
        if not -limit <= number <= limit:
            problem(name, _("Out of range (-%(limit)d to %(limit)d): %(value)s.")
                    % {"limit": limit, "value": text})
            continue
        values.append(number)
    return (values[0], values[1]) if len(values) == 2 else (None, None)


def _placed(street: Region | None, lat: float | None, lng: float | None,
            problem: Report) -> Region | None:
    """The deepest region known: the grid of the point when it lies in the named street (or no
    street is named), else the named street; old exports often have rough coordinates."""
    if lat is None or lng is None:
        return street
    located = locate_point(lat, lng)
    # Without any boundaries loaded nothing can be located, and the point is no evidence.
    if located is None and street is None and any(map(locator_for, Level.values)):
        problem("lat", _("The point is outside the service area."))
    if located is not None and (street is None or located.is_within(street)):
        return located
    return street


def _street(value: str, lookups: Lookups, problem: Report) -> Region | None:
    if not value:
        return None
    found = lookups.street(value)
    if isinstance(found, list):
        problem("street", _("More than one street is called %(value)r; use its code.")
                % {"value": value})
        return None
    if found is None:
        problem("street", _("Unknown street %(value)r.") % {"value": value})
    return found


def _category(value: str, lookups: Lookups, problem: Report) -> Category | None:
    if not value:
        return None
    found = lookups.category(value)
    if isinstance(found, list):
        problem("category", _("More than one category is called %(value)r; use its code.")
                % {"value": value})
        return None
    if found is None:
        problem("category", _("Unknown category %(value)r.") % {"value": value})
    return found


def row_key(cells: list[Any], source_id: str) -> str:
    """The source system's id when there is one, else a hash of the row's content."""
    if source_id:
        return f"id:{source_id}"[:200]
    # Only non-empty cells, so an added empty column or trailing blanks do not change the key.
    content = [cell_text(v) for v in cells if cell_text(v)]
    digest = hashlib.sha256(json.dumps(content, ensure_ascii=False).encode()).hexdigest()
    return f"sha256:{digest}"


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(" ", "seconds")
    if isinstance(value, float) and value.is_integer():
        # A phone number or id stored as a number in Excel: 13800138000.0 → 13800138000.
        return str(int(value))
    return re.sub(r"\s+", " ", str(value)).strip()


# ---------------------------------------------------------------- storing


def import_table(*, table: Table, mapping: dict[str, list[str]], source: str,
                 channel: str = Channel.IMPORT, dry_run: bool = False,
                 on_row: Callable[[], None] = lambda: None) -> Summary:
    """Check and store every row; returns the counts and the problems found."""
    columns = resolve_columns(table.headers, mapping)
    lookups = Lookups()
    summary = Summary(total=len(table.rows))
    seen: set[str] = set()
    for number, cells in table.rows:
        prepared = prepare_row(number, cells, columns, channel=channel, lookups=lookups)
        if isinstance(prepared, list):
            summary.failed += 1
            summary.problems.extend(prepared)
        elif prepared.key in seen or _imported(source, prepared.key):
            summary.skipped += 1
        elif dry_run:
            summary.created += 1
        else:
            _store(prepared, source, summary)
        if not isinstance(prepared, list):
            seen.add(prepared.key)
        on_row()
    return summary


def _imported(source: str, key: str) -> bool:
    return ImportedRow.objects.filter(source=source, row_key=key).exists()


def _store(prepared: PreparedRow, source: str, summary: Summary) -> None:
    try:
        with transaction.atomic():
            case = create_case(actor=None, new=prepared.new, at=prepared.at)
            ImportedRow.objects.create(source=source, row_key=prepared.key, case=case)
    except ValidationFailed as exc:
        summary.failed += 1
        summary.problems.append(Problem(prepared.row, "row", str(exc)))
    except IntegrityError:
        # Another import of the same file stored this row meanwhile: its transaction won.
        if not _imported(source, prepared.key):
            raise
        summary.skipped += 1
    else:
        summary.created += 1
        summary.case_ids.append(case.pk)


def summary_lines(summary: Any, *, dry_run: bool, shown: int = 20) -> list[str]:
    """What an import command says of a run (cases, base data, devices, emergency
    resources): the first problem rows, then the counts, with the conflicts where the kind
    compares rows with stored ones."""
    lines = [_("row %(row)d, %(field)s: %(reason)s")
             % {"row": p.row, "field": p.field, "reason": p.reason}
             for p in summary.problems[:shown]]
    values = {"total": summary.total, "verb": _("would create") if dry_run else _("created"),
              "created": summary.created, "skipped": summary.skipped,
              "failed": summary.failed}
    if hasattr(summary, "conflicts"):
        lines.append(_("%(total)d rows: %(verb)s %(created)d, skipped %(skipped)d, "
                       "failed %(failed)d, conflicts %(conflicts)d")
                     % {**values, "conflicts": summary.conflicts})
    else:
        lines.append(_("%(total)d rows: %(verb)s %(created)d, skipped %(skipped)d, "
                       "failed %(failed)d") % values)
    return lines


def write_report(path: Path, problems: Iterable[Problem]) -> None:
    # utf-8-sig: Excel on a Chinese Windows opens a BOM-less UTF-8 CSV as GBK and garbles it.
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["row", "field", "reason"])
        for p in problems:
            writer.writerow([p.row, p.field, p.reason])
