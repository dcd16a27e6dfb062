from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from tongxin.workbench.views import LoginView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("tongxin.api.urls")),
    path("open311/v2/", include("tongxin.open311.urls")),
    path("supervision/", include("tongxin.supervision.urls")),
    path("analytics/", include("tongxin.analytics.urls")),
    path("feedback/", include("tongxin.feedback.urls")),
    path("scoring/", include("tongxin.scoring.urls")),
    path("participation/", include("tongxin.participation.urls")),
    path("portal/", include("tongxin.portal.urls")),
    path("hotline/", include("tongxin.hotline.urls")),
    path("field/", include("tongxin.fieldapp.urls")),
    path("base/", include("tongxin.basedata.urls")),
    path("areas/", include("tongxin.areas.urls")),
    path("mediation/", include("tongxin.mediation.urls")),
    path("emergency/", include("tongxin.emergency.urls")),
    path("councils/", include("tongxin.councils.urls")),
    path("whistle/", include("tongxin.whistle.urls")),
    path("party/", include("tongxin.party.urls")),
    path("security/", include("tongxin.security.urls")),
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # The workbench owns "/": anonymous visitors are sent to the login form from there.
    path("", include("tongxin.workbench.urls")),
]
# No media route: attachments are served only through views that check the case's
# jurisdiction (MEDIA_ROOT also holds the originals with their GPS position).
