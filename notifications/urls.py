from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("messages/", views.message_list, name="messages"),
    path("messages/<uuid:public_id>/", views.message_detail, name="message"),
    path("preferences/", views.preferences, name="preferences"),
    path("outbox/", views.outbox, name="outbox"),
    path("outbox/resend-failed/", views.resend_failed, name="resend_failed"),
    path("outbox/<uuid:public_id>/resend/", views.resend, name="resend"),
]
