from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import permission_required
from common.errors import show_refusal
from delegations.models import Delegation

from . import services
from .forms import DeadlineForm, ExtensionForm
from .models import DeadlineExtension, Session


@permission_required("agenda.manage_deadlines")
def sessions(request):
    """Every session with its deadline and the extensions granted to single delegations."""
    rows = Session.objects.filter(body__is_current=True).prefetch_related(
        Prefetch("extensions", queryset=DeadlineExtension.objects.select_related("delegation", "granted_by"))
    )
    return render(
        request,
        "agenda/sessions.html",
        {
            "sessions": rows,
            "delegations": Delegation.objects.filter(is_active=True).values_list("pk", "name"),
            "nav": "review",
            "subnav": "sessions",
        },
    )


@permission_required("agenda.manage_deadlines")
@require_POST
def set_deadline(request, pk: int):
    session = get_object_or_404(Session, pk=pk)
    form = DeadlineForm(request.POST)
    if form.is_valid():
        services.set_deadline(session=session, deadline=form.cleaned_data["deadline"], by=request.user)
        messages.success(request, _("The deadline of %(session)s is changed.") % {"session": session.localized_title})
    else:
        messages.error(request, _("Enter the deadline as a date and a time."))
    return redirect(f"{reverse('agenda:sessions')}#session-{session.pk}")


@permission_required("agenda.manage_deadlines")
@require_POST
def grant_extension(request):
    form = ExtensionForm(request.POST)
    if form.is_valid():
        session = form.cleaned_data["session"]
        try:
            services.grant_extension(by=request.user, **form.cleaned_data)
        except services.DeadlineError as error:
            show_refusal(request, error)
        else:
            messages.success(
                request,
                _("%(delegation)s may submit to %(session)s until the new deadline.")
                % {"delegation": form.cleaned_data["delegation"], "session": session.localized_title},
            )
        return redirect(f"{reverse('agenda:sessions')}#session-{session.pk}")
    messages.error(request, _("Choose a session and a delegation, and enter the new deadline as a date and a time."))
    return redirect("agenda:sessions")


@permission_required("agenda.manage_deadlines")
@require_POST
def revoke_extension(request, pk: int):
    extension = get_object_or_404(DeadlineExtension.objects.select_related("session", "delegation"), pk=pk)
    services.revoke_extension(extension=extension, by=request.user)
    messages.success(request, _("The extension for %(delegation)s is removed.") % {"delegation": extension.delegation})
    return redirect("agenda:sessions")
