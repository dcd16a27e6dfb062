"""Synthetic people for the base-data tests: valid check digits (python-stdnum), no real
person (birth dates in 1900–1910 would be over a hundred; the serials are made up)."""

from __future__ import annotations

import csv
from pathlib import Path

from stdnum.cn import ric

from tongxin.basedata.services import NewPerson, person_from
from tongxin.regions.models import Region

PEOPLE_HEADERS = ["姓名", "公民身份号码", "网格编码", "联系电话", "地址", "房屋编号", "与户主关系",
                  "标签"]


def citizen_id(serial: int, birth: str = "19850315", region: str = "370402") -> str:
    body = f"{region}{birth}{serial % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")  # the function skips a check digit


def wrong_check_digit(number: str) -> str:
    last = number[-1]
    return number[:-1] + ("0" if last != "0" else "1")


def person(grid: Region, serial: int, *, name: str = "测试人", phone: str = "13800138000"):
    from django.utils import timezone

    p = person_from(NewPerson(name=name, id_number=citizen_id(serial), grid=grid, phone=phone),
                    at=timezone.now())
    p.save()
    return p


def write_csv(path: Path, rows: list[list[str]], headers: list[str] = PEOPLE_HEADERS) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        writer.writerows(rows)
    return path
