from django.urls import path

from . import views

app_name = "mediation"
urlpatterns = [
    path("", views.disputes, name="disputes"),
    path("circle/", views.mediation_circle, name="circle"),
    path("<int:pk>/", views.dispute, name="dispute"),
    path("<int:pk>/agreement.pdf", views.agreement_pdf, name="agreement_pdf"),
    path("<int:pk>/dossier.pdf", views.dossier_pdf, name="dossier_pdf"),
    path("<int:pk>/<slug:name>/", views.step, name="step"),
]
