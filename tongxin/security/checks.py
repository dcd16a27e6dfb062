"""Deployment checks: refuse to stay quiet about demo keys outside DEBUG."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=False)
def demo_keys_in_production(app_configs, **kwargs):
    if settings.DEBUG:
        return []
    problems = []
    if not getattr(settings, "TONGXIN_SM4_KEYS", ""):
        problems.append(checks.Warning(
            "TONGXIN_SM4_KEYS is not set: personal data is encrypted with a development key "
            "derived from SECRET_KEY. Set TONGXIN_SM4_KEYS=id:32hex and TONGXIN_SM4_ACTIVE.",
            id="tongxin.security.W001",
        ))
    if not getattr(settings, "TONGXIN_SM3_HASH_KEY", ""):
        problems.append(checks.Warning(
            "TONGXIN_SM3_HASH_KEY is not set: the phone search hash uses a development key.",
            id="tongxin.security.W002",
        ))
    return problems
