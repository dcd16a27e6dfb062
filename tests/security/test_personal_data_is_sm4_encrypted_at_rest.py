"""Phone, ID number and address are stored as SM4-GCM ciphertexts (no plaintext in the
column) and read back as plaintext; a tampered ciphertext is refused."""

import pytest

from tests.security.conftest import ADDRESS, ID_NUMBER, PHONE, personal_case, raw_columns
from tongxin.cases.models import Case
from tongxin.security import crypto

pytestmark = pytest.mark.django_db


def test_columns_hold_ciphertext_and_the_model_reads_plaintext(world):
    case = personal_case(world)
    raw = raw_columns(case.pk, "reporter_phone", "reporter_id_number", "address")
    for stored, plain in zip(raw, (PHONE, ID_NUMBER, ADDRESS), strict=True):
        assert stored.startswith(f"sm4:{crypto.keyring().active}:") and plain not in stored
    fresh = Case.objects.get(pk=case.pk)
    assert (fresh.reporter_phone, fresh.reporter_id_number, fresh.address) == (
        PHONE, ID_NUMBER, ADDRESS)


def test_same_plaintext_encrypts_differently_each_time():
    assert crypto.encrypt(PHONE) != crypto.encrypt(PHONE)
    assert crypto.decrypt(crypto.encrypt("中文地址")) == "中文地址"


def test_a_tampered_ciphertext_does_not_decrypt():
    token = crypto.encrypt(PHONE)
    body = bytearray(crypto.base64.b64decode(token.split(":", 2)[2]))
    body[-1] ^= 1
    forged = f"sm4:{crypto.keyring().active}:" + crypto.base64.b64encode(bytes(body)).decode()
    with pytest.raises(crypto.CryptoError):
        crypto.decrypt(forged)


def test_sm4_matches_the_standard_test_vector():
    # GB/T 32907-2016 appendix A: one block, key = plaintext = 0123456789abcdeffedcba9876543210.
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    key = bytes.fromhex("0123456789abcdeffedcba9876543210")
    enc = Cipher(algorithms.SM4(key), modes.ECB()).encryptor()
    assert (enc.update(key) + enc.finalize()).hex() == "681edf34d206965e86b3e94f536e4246"
