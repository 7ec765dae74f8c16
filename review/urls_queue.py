from django.urls import path

from .views import queue as views

urlpatterns = [
    path("", views.queue, name="queue"),
    path("export/", views.export_view, name="export"),
    path("bulk/", views.bulk_action, name="bulk"),
]
