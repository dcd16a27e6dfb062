"""Keys rotate: rows written under the old key stay readable, `tongxin security rotate-keys`
re-encrypts them under the active key, after which the old key can be retired."""

import pytest
from django.core.management import call_command

from tests.security.conftest import ID_NUMBER, PHONE, personal_case, raw_columns
from tongxin.cases.models import Case
from tongxin.security import crypto

pytestmark = pytest.mark.django_db
K1 = "k1:" + "11" * 16
K2 = "k2:" + "22" * 16


def test_rotation_moves_every_row_to_the_new_key(world, settings):
    settings.TONGXIN_SM4_KEYS, settings.TONGXIN_SM4_ACTIVE = K1, "k1"
    case = personal_case(world)
    assert raw_columns(case.pk, "reporter_phone")[0].startswith("sm4:k1:")

    settings.TONGXIN_SM4_KEYS, settings.TONGXIN_SM4_ACTIVE = f"{K1},{K2}", "k2"
    assert Case.objects.get(pk=case.pk).reporter_phone == PHONE  # old key still reads
    call_command("security", "rotate-keys")
    for stored in raw_columns(case.pk, "reporter_phone", "reporter_id_number", "address"):
        assert stored.startswith("sm4:k2:")

    settings.TONGXIN_SM4_KEYS = K2  # k1 retired
    fresh = Case.objects.get(pk=case.pk)
    assert (fresh.reporter_phone, fresh.reporter_id_number) == (PHONE, ID_NUMBER)


def test_a_row_under_a_missing_key_is_an_error_not_garbage(world, settings):
    settings.TONGXIN_SM4_KEYS, settings.TONGXIN_SM4_ACTIVE = K1, "k1"
    case = personal_case(world)
    settings.TONGXIN_SM4_KEYS, settings.TONGXIN_SM4_ACTIVE = K2, "k2"
    with pytest.raises(crypto.CryptoError, match="k1"):
        Case.objects.get(pk=case.pk)


def test_malformed_key_configuration_is_refused(settings):
    settings.TONGXIN_SM4_KEYS = "k1:not-hex"
    with pytest.raises(crypto.CryptoError):
        crypto.encrypt("x")
