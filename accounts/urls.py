from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import two_factor, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("two-factor/", two_factor.verify, name="two_factor_verify"),
    path("two-factor/setup/", two_factor.setup, name="two_factor_setup"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("password/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(extra_context={"next_url": reverse_lazy("accounts:profile")}),
        name="password_change_done",
    ),
    path("profile/", views.profile, name="profile"),
    path("delegation/", views.members, name="members"),
    path("delegation/<int:pk>/send-link/", views.resend_link, name="resend_link"),
    path("delegation/<int:pk>/deactivate/", views.deactivate_member, name="deactivate_member"),
]
