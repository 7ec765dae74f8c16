from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import permission_required, require
from common.errors import show_refusal

from .. import services
from ..forms import InviteForm
from ..models import CoSponsorship
from .pages import get_visible


@permission_required("submissions.view_own_submissions")
@require_POST
def invite_cosponsor(request, public_id):
    submission = get_visible(request, public_id)
    require(request.user, "submissions.invite_cosponsor", submission)
    form = InviteForm(request.POST, submission=submission)
    if form.is_valid():
        try:
            services.invite_cosponsor(
                submission=submission, delegation=form.cleaned_data["delegation"], by=request.user
            )
        except services.SubmissionError as error:
            show_refusal(request, error)
        else:
            when = _("now") if not submission.is_draft else _("when you submit")
            messages.success(
                request,
                _("%(delegation)s is invited to co-sponsor; its delegates are told %(when)s.")
                % {"delegation": form.cleaned_data["delegation"], "when": when},
            )
    else:
        messages.error(request, _("Choose a delegation that is not yet invited."))
    return redirect("submissions:detail", submission.public_id)


@permission_required("submissions.view_own_submissions")
@require_POST
def cancel_invitation(request, public_id, pk):
    submission = get_visible(request, public_id)
    invitation = get_object_or_404(CoSponsorship, pk=pk, submission=submission)
    try:
        services.cancel_invitation(invitation=invitation, by=request.user)
    except services.SubmissionError as error:
        show_refusal(request, error)
    return redirect("submissions:detail", submission.public_id)


@permission_required("submissions.view_own_submissions")
@require_POST
def respond_to_invitation(request, pk):
    invitation = get_object_or_404(CoSponsorship, pk=pk, delegation_id=request.user.delegation_id)
    accept = request.POST.get("answer") == "accept"
    try:
        services.respond_to_invitation(invitation=invitation, by=request.user, accept=accept)
    except services.SubmissionError as error:
        show_refusal(request, error)
    else:
        if accept:
            messages.success(request, _("Your delegation now co-sponsors this submission."))
        else:
            messages.info(request, _("You declined to co-sponsor this submission."))
    return redirect("submissions:detail", invitation.submission.public_id)
