"""The phone is searched through an indexed HMAC-SM3 column: the same number typed with +86
or spaces matches, and the hash depends on the configured key."""

import pytest

from tests.security.conftest import PHONE, personal_case
from tongxin.cases.models import Case
from tongxin.cases.selectors import CaseSearch, search_cases, with_reporter_phone
from tongxin.security import crypto

pytestmark = pytest.mark.django_db


def test_with_reporter_phone_finds_the_callers_cases(world):
    mine = personal_case(world)
    personal_case(world, reporter_phone="13900000000")
    for typed in (PHONE, "+86 138 1234 5678", "0086-13812345678"):
        assert list(with_reporter_phone(Case.objects.all(), typed)) == [mine]
    assert not with_reporter_phone(Case.objects.all(), "").exists()


def test_the_case_search_box_accepts_a_phone_number(world):
    mine = personal_case(world)
    found = search_cases(world.user("dispatcher"), CaseSearch(text="138-1234-5678"))
    assert list(found) == [mine]


def test_the_hash_is_keyed(settings):
    plain = crypto.phone_hash(PHONE)
    settings.TONGXIN_SM3_HASH_KEY = "ab" * 16
    assert crypto.phone_hash(PHONE) != plain
    assert crypto.sm3_hex(PHONE.encode()) not in (plain, crypto.phone_hash(PHONE))
