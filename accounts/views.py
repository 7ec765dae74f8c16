from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import services
from .decorators import permission_required
from .forms import EmailAuthenticationForm, MemberForm, ProfileForm
from .language import remember_language
from .models import User

MAIL_DOWN = gettext_lazy(
    "%(name)s is a member, but the email with the link could not be sent just now. "
    "Use “Send the link again” in a few minutes."
)


class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    success_url = reverse_lazy("accounts:password_reset_done")
    email_template_name = "registration/password_reset_email.txt"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("accounts:password_change_done")


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        # The interface follows the language just chosen, from this page on.
        remember_language(request, request.user.preferred_language)
        messages.success(request, _("Your account was saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form, "nav": "profile"})


@permission_required("accounts.manage_members")
def members(request):
    delegation = request.user.delegation
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.add_member(by=request.user, delegation=delegation, request=request, **form.cleaned_data)
        except services.MembershipError as error:
            form.add_error("email", str(error))
        else:
            if services.send_set_password_link(member, request=request):
                messages.success(
                    request,
                    _("%(name)s was added; they will receive an email to choose a password.")
                    % {"name": member.full_name},
                )
            else:
                messages.warning(request, MAIL_DOWN % {"name": member.full_name})
            return redirect("accounts:members")
    people = User.objects.filter(delegation=delegation).order_by("-is_active", "full_name")
    return render(
        request, "accounts/members.html", {"form": form, "people": people, "delegation": delegation, "nav": "members"}
    )


@permission_required("accounts.manage_members")
@require_POST
def resend_link(request, pk: int):
    member = get_object_or_404(User, pk=pk, delegation=request.user.delegation, is_active=True)
    if services.send_set_password_link(member, request=request):
        messages.success(request, _("The link was sent again to %(email)s.") % {"email": member.email})
    else:
        messages.warning(request, MAIL_DOWN % {"name": member.full_name})
    return redirect("accounts:members")


@permission_required("accounts.manage_members")
@require_POST
def deactivate_member(request, pk: int):
    member = get_object_or_404(User, pk=pk, delegation=request.user.delegation)
    try:
        services.deactivate_member(by=request.user, member=member)
    except services.MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(name)s can no longer log in.") % {"name": member.full_name})
    return redirect("accounts:members")
