from django.urls import path

from . import views

app_name = "agenda"
urlpatterns = [
    path("", views.sessions, name="sessions"),
    path("<int:pk>/deadline/", views.set_deadline, name="set_deadline"),
    path("extensions/", views.grant_extension, name="grant_extension"),
    path("extensions/<int:pk>/revoke/", views.revoke_extension, name="revoke_extension"),
]
