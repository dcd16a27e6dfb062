from django.urls import path

from . import views

app_name = "supervision"
urlpatterns = [
    path("", views.index, name="index"),
    path("overdue/", views.overdue, name="overdue"),
    path("orders/", views.order_list, name="orders"),
    path("orders/<int:pk>/", views.order_detail, name="order"),
    path("red-list/", views.red_list_page, name="red_list"),
]
