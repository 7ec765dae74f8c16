from django.urls import path

from . import views

app_name = "compendium"
urlpatterns = [
    path("", views.compendium_list, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/status/", views.status, name="status"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/proposals/", views.choose_proposals, name="choose_proposals"),
    path("<int:pk>/documents/", views.write_documents, name="write_documents"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/download/<str:kind>/", views.download, name="download"),
]
