"""Issue 28 finding 1: the signing key was written in config/settings.py and the SM4 key was
derived from it, so 50 of 50 encrypted values decrypted offline. Now each install writes its
own random keys (demo, tests, DEBUG, `tongxin security init-keys`), a production start
without them stops with the reason, and the data keys are not derived from the signing key."""

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings
from django.core.management import call_command

from tests.security.conftest import PHONE, personal_case, raw_columns
from tongxin.cases.models import Case
from tongxin.core import keys
from tongxin.security import crypto

ROOT = Path(__file__).resolve().parents[2]


def _start(data_dir: Path, **extra: str) -> subprocess.CompletedProcess:
    """Load the settings in a fresh process as a production server would: DEBUG off, not
    under pytest, no key in the environment."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("TONGXIN_") and k != "PYTEST_VERSION"}
    env.update(TONGXIN_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="config.settings", **extra)
    code = ("import django; django.setup(); from django.conf import settings; "
            "print(settings.SECRET_KEY)")
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)


def test_production_refuses_to_start_without_keys(tmp_path):
    started = _start(tmp_path)
    assert started.returncode != 0
    assert "no keys of its own" in started.stderr and "tongxin security init-keys" in started.stderr
    assert not (tmp_path / keys.SIGNING_FILE).exists()


def test_the_first_run_writes_random_private_keys_and_a_restart_reads_them(tmp_path):
    first = _start(tmp_path, TONGXIN_CREATE_KEYS="1")
    again = _start(tmp_path)  # a production start now finds the install's keys
    other = _start(tmp_path / "other", TONGXIN_CREATE_KEYS="1")
    assert first.returncode == again.returncode == other.returncode == 0, first.stderr
    assert first.stdout == again.stdout != other.stdout  # per install, kept across restarts
    assert "dev-only-insecure" not in first.stdout
    for name in (keys.SIGNING_FILE, keys.DATA_FILE):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600
    data = json.loads((tmp_path / keys.DATA_FILE).read_text())
    assert len({data["sm3_hash_key"], data["audit_key"], data["backup_key"],
                data["sm4_keys"].split(":")[1]}) == 4


@pytest.mark.django_db
def test_a_holder_of_the_signing_key_decrypts_none_of_50_values(world):
    cases = [personal_case(world) for _ in range(50)]
    # The old attack: derive the SM4 key from SECRET_KEY and decrypt the stored columns.
    derived = crypto.legacy_key("sm4", settings.SECRET_KEY)
    decrypted = 0
    for case in cases:
        stored = raw_columns(case.pk, "reporter_phone")[0]
        raw = crypto.base64.b64decode(stored.split(":", 2)[2])
        nonce, body, tag = raw[:12], raw[12:-16], raw[-16:]
        try:
            dec = Cipher(algorithms.SM4(derived), modes.GCM(nonce, tag)).decryptor()
            dec.update(body)
            dec.finalize()
            decrypted += 1
        except Exception:  # noqa: BLE001 (InvalidTag: the wrong key)
            pass
    assert (len(cases), decrypted) == (50, 0)


@pytest.mark.django_db
def test_rotate_keys_adds_a_fresh_key_and_reencrypts(world, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    loaded = keys.load(tmp_path, {}, create=True)
    settings.TONGXIN_SM4_KEYS = loaded.data["TONGXIN_SM4_KEYS"]
    settings.TONGXIN_SM4_ACTIVE = loaded.data["TONGXIN_SM4_ACTIVE"]
    case = personal_case(world)
    assert raw_columns(case.pk, "reporter_phone")[0].startswith("sm4:k1:")
    env_keys = os.environ.pop("TONGXIN_SM4_KEYS", None)
    try:
        call_command("security", "rotate-keys", "--new-key")
    finally:
        if env_keys is not None:
            os.environ["TONGXIN_SM4_KEYS"] = env_keys
    assert settings.TONGXIN_SM4_ACTIVE == "k2"
    assert raw_columns(case.pk, "reporter_phone")[0].startswith("sm4:k2:")
    assert json.loads((tmp_path / keys.DATA_FILE).read_text())["sm4_active"] == "k2"
    assert Case.objects.get(pk=case.pk).reporter_phone == PHONE


@pytest.mark.django_db
def test_rows_of_the_old_derived_key_are_read_once_and_rotated_away(world, settings):
    old_secret = "the-old-built-in-signing-key"
    settings.TONGXIN_LEGACY_SECRET_KEY = old_secret
    case = personal_case(world)
    legacy = crypto.encrypt(PHONE, key_id=crypto.LEGACY_KEY_ID)
    Case.objects.filter(pk=case.pk).update(reporter_phone=legacy)
    call_command("security", "rotate-keys")
    settings.TONGXIN_LEGACY_SECRET_KEY = ""
    assert raw_columns(case.pk, "reporter_phone")[0].startswith(f"sm4:{crypto.keyring().active}:")
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.reporter_phone == PHONE and fresh.reporter_phone_hash == crypto.phone_hash(PHONE)
