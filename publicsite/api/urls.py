from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from ..caching import public
from . import reference, views

app_name = "api"
urlpatterns = [
    path("v1/papers/", views.papers, name="papers"),
    path("v1/papers/<str:slug>/", views.paper, name="paper"),
    path("v1/sessions/", views.sessions, name="sessions"),
    path("v1/agenda-items/", views.agenda_items, name="agenda_items"),
    path("v1/delegations/", views.delegations, name="delegations"),
    path("v1/schema/", public(SpectacularAPIView.as_view(), shared=True), name="schema"),
    path("", reference.reference_page, name="reference"),
]
