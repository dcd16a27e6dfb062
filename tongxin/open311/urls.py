"""GeoReport v2 under /open311/v2/. The format is part of the path (requests.json,
requests.xml); an unknown format still reaches the view, which answers a clear 400."""

from django.urls import re_path
from django.utils.translation import gettext as _

from tongxin.api.limits import limited

from . import render, views


def _too_large(request, limit: int):
    fmt = "xml" if request.path.endswith(".xml") else "json"
    return render.error_document(413, _("The request is too large."), fmt)


FMT = r"\.(?P<fmt>[A-Za-z0-9]{1,10})$"
app_name = "open311"
urlpatterns = [
    re_path(r"^discovery" + FMT, views.discovery, name="discovery"),
    re_path(r"^services" + FMT, views.services, name="services"),
    re_path(r"^services/(?P<code>[^/]{1,64}?)" + FMT, views.service_definition,
            name="service_definition"),
    re_path(r"^requests" + FMT, limited(views.requests, too_large=_too_large), name="requests"),
    re_path(r"^requests/(?P<number>[^/]{1,64}?)" + FMT, views.request_detail,
            name="request_detail"),
    re_path(r"^tokens/(?P<token>[^/]{1,64}?)" + FMT, views.token_detail, name="token_detail"),
]
