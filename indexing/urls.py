from django.urls import path

from . import views

app_name = "indexing"
urlpatterns = [
    path("", views.search_page, name="search"),
    path("status/", views.status_page, name="status"),
    path("status.json", views.status_json, name="status_json"),
    path("reindex-failed/", views.reindex_failed, name="reindex_failed"),
    path("versions/<uuid:public_id>/reindex/", views.reindex_version, name="reindex_version"),
]
