"""A 公民身份号码 is checked by its GB 11643 check digit and normalised (spaces, full-width
digits, a lowercase x); sex and birth date come from it. Credit codes and component codes
are checked the same way. (Refusals read in the default language, Chinese.)"""

from datetime import date

import pytest

from tests.basedata.people import citizen_id, wrong_check_digit
from tongxin.basedata import identity


def test_a_wrong_check_digit_is_refused_with_a_sentence():
    with pytest.raises(identity.BadIdentity, match="校验码"):
        identity.citizen(wrong_check_digit(citizen_id(7)))


def test_spaces_full_width_digits_and_a_lowercase_x_are_the_same_number():
    number = next(n for n in (citizen_id(s) for s in range(200)) if n.endswith("X"))
    typed = " ".join([number[:6], number[6:14], number[14:].lower()])
    full_width = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in number)
    assert identity.citizen(typed).number == number
    assert identity.citizen(full_width).number == number
    assert identity.id_index(typed) == identity.id_index(number)


def test_sex_and_birth_date_come_from_the_number():
    who = identity.citizen(citizen_id(13, birth="19850315"))
    assert who.birth_date == date(1985, 3, 15)
    assert who.sex == "m"  # the 17th digit (serial 013 → 3) is odd
    assert identity.citizen(citizen_id(12)).sex == "f"


def test_a_short_number_and_an_impossible_date_are_refused():
    with pytest.raises(identity.BadIdentity, match="18位"):
        identity.citizen("37040219850315")
    with pytest.raises(identity.BadIdentity):
        identity.citizen(citizen_id(1, birth="19851345"))


def test_credit_codes_are_checked_by_gb_32100():
    assert identity.credit_code("91110000600037341l") == "91110000600037341L"
    with pytest.raises(identity.BadIdentity, match="GB 32100"):
        identity.credit_code("91110000600037341A")


def test_component_codes_have_sixteen_digits_and_a_known_class():
    assert identity.component_code("3704020101000123") == "3704020101000123"
    with pytest.raises(identity.BadIdentity, match="16位"):
        identity.component_code("37040201010001")
    with pytest.raises(identity.BadIdentity, match="大类"):
        identity.component_code("3704029901000123")


def test_masks_keep_the_region_and_the_last_four():
    assert identity.mask_citizen_id("370402198503150133") == "370402********0133"


def test_a_resident_born_before_the_county_had_its_code_is_accepted():
    # 370402 (市中区) dates from 1983 in stdnum's table; older residents carry it too.
    assert identity.citizen(citizen_id(7, birth="19400101")).birth_date == date(1940, 1, 1)


def test_an_unknown_county_code_is_refused():
    with pytest.raises(identity.BadIdentity, match="行政区划"):
        identity.citizen(citizen_id(7, region="000000"))
