"""Deployment checks on the keys (there is no built-in one any more: tongxin.core.keys)."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=False)
def legacy_key_left_configured(app_configs, **kwargs):
    # The old signing-key-derived SM4 key is for one upgrade's rotation; left configured it
    # keeps the weakness the upgrade removes (whoever has SECRET_KEY reads old ciphertexts).
    if not getattr(settings, "TONGXIN_LEGACY_SECRET_KEY", ""):
        return []
    return [checks.Warning(
        "TONGXIN_LEGACY_SECRET_KEY is set: run `tongxin security rotate-keys`, then remove it.",
        id="tongxin.security.W003",
    )]
