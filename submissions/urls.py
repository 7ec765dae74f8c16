from django.urls import path

from . import views

app_name = "submissions"
urlpatterns = [
    path("submissions/", views.submission_list, name="list"),
    path("submissions/new/", views.create, name="create"),
    path("submissions/<uuid:public_id>/", views.detail, name="detail"),
    path("submissions/<uuid:public_id>/edit/", views.edit, name="edit"),
    path("submissions/<uuid:public_id>/submit/", views.submit, name="submit"),
    path("submissions/<uuid:public_id>/withdraw/", views.withdraw, name="withdraw"),
    path("submissions/<uuid:public_id>/discard/", views.discard, name="discard"),
    path("submissions/<uuid:public_id>/versions/new/", views.upload_version, name="upload_version"),
    path("submissions/<uuid:public_id>/cosponsors/", views.invite_cosponsor, name="invite"),
    path("submissions/<uuid:public_id>/cosponsors/<int:pk>/cancel/", views.cancel_invitation, name="cancel_invitation"),
    path("invitations/<int:pk>/respond/", views.respond_to_invitation, name="respond"),
    path("versions/<uuid:public_id>/download/", views.download_version, name="download"),
]
