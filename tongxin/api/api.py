"""The /api/v1 assembly: one NinjaAPI, its authentication, error mapping and routers."""

from django.conf import settings
from ninja import NinjaAPI

from tongxin.areas.api import router as areas_router
from tongxin.basedata.api import router as basedata_router
from tongxin.councils.api import router as councils_router
from tongxin.emergency.api import router as emergency_router
from tongxin.feedback import api as feedback_api
from tongxin.fieldapp.api import router as field_router
from tongxin.hotline.api import router as hotline_router
from tongxin.mediation.api import router as mediation_router
from tongxin.portal.api import router as portal_router
from tongxin.sensing.api import router as sensing_router
from tongxin.whistle.api import router as whistle_router

from . import actions, attachments, cases, errors, events, locate, reference, similar
from .auth import AUTH

api = NinjaAPI(
    title="Tongxin API",
    version="1",
    urls_namespace="api",
    auth=AUTH,
    # ninja serves Swagger UI from its own static files only when "ninja" is an installed app;
    # otherwise it would load it from a CDN, which an intranet cannot reach (and we never use).
    docs_url="/docs" if "ninja" in settings.INSTALLED_APPS else None,
    description=(
        "REST API of 同心 Tongxin: report cases, follow them and act on them through the closed "
        "loop. Authenticate with `Authorization: Bearer <token>` (a staff token, or a channel "
        "token bound to its channel and jurisdiction) or the workbench session."
    ),
)
errors.register(api)
api.add_router("", cases.router)
api.add_router("", actions.router)
api.add_router("", attachments.router)
api.add_router("", reference.router)
api.add_router("", similar.router)
api.add_router("", events.router)
api.add_router("", locate.router)
api.add_router("", feedback_api.router)
api.add_router("", portal_router)
api.add_router("", hotline_router)
api.add_router("", field_router)
api.add_router("", basedata_router)
api.add_router("", sensing_router)
api.add_router("", areas_router)
api.add_router("", mediation_router)
api.add_router("", emergency_router)
api.add_router("", whistle_router)
api.add_router("", councils_router)
