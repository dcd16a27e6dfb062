"""Identity numbers of people, organisations and components: normalised, checked, indexed.

The check digits are python-stdnum's (GB 11643 for the 公民身份号码, GB 32100 for the
统一社会信用代码); this module adds what a district's spreadsheets need on top: an ID typed
with spaces, full-width digits or a lowercase x is the same number, and each refusal reads as
a sentence the person fixing the file understands.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from stdnum import numdb
from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

from tongxin.core.errors import ValidationFailed
from tongxin.security.crypto import keyed_sm3

from .models import Sex

# GB/T 30428.2 large classes (部件大类); the small classes are the district's catalogue.
COMPONENT_CLASSES = {
    "01": gettext_lazy("Public utilities"),
    "02": gettext_lazy("Roads and traffic"),
    "03": gettext_lazy("City appearance"),
    "04": gettext_lazy("Parks and greenery"),
    "05": gettext_lazy("Other facilities"),
}


class BadIdentity(ValidationFailed):
    status_code = 400


@dataclass(frozen=True)
class Citizen:
    number: str
    sex: str
    birth_date: date


def normalise(value: object) -> str:
    """Full-width to half-width, no spaces or dashes, upper case."""
    text = unicodedata.normalize("NFKC", str(value or ""))
    return "".join(ch for ch in text if not ch.isspace() and ch not in "-‐–—").upper()


def citizen(value: object) -> Citizen:
    """A 公民身份号码 checked (length, birth date, county code, check digit) with what it
    says of its holder."""
    number = normalise(value)
    if len(number) != 18:
        raise BadIdentity(_("A citizen ID number has 18 characters."))
    if not number[:17].isdigit() or number[17] not in "0123456789X":
        raise BadIdentity(_("A citizen ID number is 17 digits and a check digit (0–9 or X)."))
    if number[17] != ric.calc_check_digit(number):
        raise BadIdentity(_("The check digit of this ID number is wrong (GB 11643): "
                            "a digit was probably mistyped."))
    try:
        born = ric.get_birth_date(number)
    except (InvalidComponent, ValueError):
        raise BadIdentity(_("The birth date in this ID number is not a real date.")) from None
    # Only "is it a county code at all": stdnum's ric.validate() also wants the county to
    # have existed in the birth year, which refuses the many residents born before their
    # county got today's code (the number carries the code of where it was issued).
    if not is_county(number[:6]):
        raise BadIdentity(_("The first six digits of this ID number are no county code."))
    sex = Sex.MALE if int(number[16]) % 2 else Sex.FEMALE
    return Citizen(number=number, sex=sex, birth_date=born)


@lru_cache(maxsize=8192)
def is_county(code: str) -> bool:
    # numdb walks its table on every call; a district's numbers share a handful of codes.
    return any(props for _part, props in numdb.get("cn/loc").info(code))


def id_index(number: str) -> str:
    return keyed_sm3(b"citizen-id:" + normalise(number).encode("utf-8"))


def credit_code(value: object) -> str:
    code = normalise(value)
    try:
        uscc.validate(code)
    except InvalidChecksum:
        raise BadIdentity(_("The check character of this unified social credit code is wrong "
                            "(GB 32100).")) from None
    except (InvalidLength, InvalidFormat, InvalidComponent):
        raise BadIdentity(_("A unified social credit code has 18 digits and capital letters "
                            "(GB 32100).")) from None
    return code


def component_code(value: object) -> str:
    """16 digits: county (6) + large class (2) + small class (2) + serial (6)."""
    code = normalise(value)
    if len(code) != 16 or not code.isdigit():
        raise BadIdentity(_("A component code has 16 digits (GB/T 30428.2)."))
    if code[6:8] not in COMPONENT_CLASSES:
        raise BadIdentity(_("Unknown component class %(code)s: the large class is 01–05.")
                          % {"code": code[6:8]})
    return code


def mask_citizen_id(number: str) -> str:
    """The region prefix and the last four: 370402********1234."""
    number = normalise(number)
    if len(number) < 11:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]
