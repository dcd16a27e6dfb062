from django.urls import URLPattern, URLResolver

from .api import api
from .limits import json_too_large, limited


def _guard(patterns: list) -> list:
    # Every API view first checks the request size (see limits.py).
    guarded: list = []
    for p in patterns:
        if isinstance(p, URLResolver):
            guarded.append(p)
        else:
            guarded.append(URLPattern(p.pattern, limited(p.callback, too_large=json_too_large),
                                      p.default_args, p.name))
    return guarded


_patterns, _app, _namespace = api.urls
# Included as include("tongxin.api.urls") from config/urls.py: the namespace is app_name.
app_name = _namespace
urlpatterns = _guard(_patterns)
