import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import permission_required, require
from common.errors import show_refusal

from .. import selectors, services
from ..files import FileRejected
from ..forms import InviteForm, NewSubmissionForm, SubmissionForm, VersionForm, WithdrawForm
from ..models import Submission
from ..next_steps import next_steps_for
from ..panels import render_panels


def home(request):
    if request.user.is_authenticated:
        if rules.has_perm("submissions.view_own_submissions", request.user):
            return redirect("submissions:list")
        if rules.has_perm("review.view_queue", request.user):
            for name in ("review:queue", "indexing:search"):
                try:
                    return redirect(name)
                except NoReverseMatch:
                    continue
    return render(request, "home.html")


def get_visible(request, public_id):
    submission = selectors.submission_for(request.user, public_id)
    if submission is None:
        raise Http404(_("No such submission, or it is not yours to see."))
    return submission


@permission_required("submissions.view_own_submissions")
def submission_list(request):
    submissions = selectors.delegation_submissions(request.user)
    status = request.GET.get("status")
    if status:
        # Only a status the database can be asked about (PostgreSQL refuses text with a NUL).
        submissions = submissions.filter(status=status) if status in Submission.Status.values else submissions.none()
    return render(
        request,
        "submissions/list.html",
        {
            "submissions": submissions,
            "next_steps": next_steps_for(request.user),
            "nav": "submissions",
        },
    )


@permission_required("submissions.create_submission")
def create(request):
    form = NewSubmissionForm(request.POST or None, request.FILES or None, delegation=request.user.delegation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # One transaction for "Submit": a database outage between saving the draft and submitting it
        # leaves nothing half done (the delegate sees an error page and the form is theirs to send again).
        # A refusal of the submission itself (the deadline) keeps the draft, with the reason.
        with transaction.atomic():
            submission = services.create_submission(
                by=request.user,
                title=data["title"],
                kind=data["kind"],
                session=data["session"],
                sub_items=data["sub_items"],
                summary=data["summary"],
                original_language=data["original_language"],
                cosponsors=data["cosponsors"],
                file=data.get("file"),
                form_token=data["form_token"],
            )
            if request.POST.get("action") == "submit":
                return _submit_and_redirect(request, submission)
        messages.success(request, _("Your draft is saved. Nobody outside your delegation can see it."))
        return redirect("submissions:detail", submission.public_id)
    return render(request, "submissions/form.html", {"form": form, "nav": "new", "creating": True})


@permission_required("submissions.view_own_submissions")
def edit(request, public_id):
    submission = get_visible(request, public_id)
    require(request.user, "submissions.edit_draft", submission)
    form = SubmissionForm(request.POST or None, instance=submission, delegation=request.user.delegation)
    if request.method == "POST" and form.is_valid():
        fields = {
            name: form.cleaned_data[name] for name in ("title", "kind", "session", "original_language", "summary")
        }
        submission.refresh_from_db()  # the form wrote to the instance; the service decides
        services.update_draft(
            submission=submission, by=request.user, sub_items=form.cleaned_data["sub_items"], **fields
        )
        messages.success(request, _("Your changes are saved."))
        return redirect("submissions:detail", submission.public_id)
    return render(request, "submissions/form.html", {"form": form, "submission": submission, "nav": "submissions"})


@login_required
def detail(request, public_id):
    submission = get_visible(request, public_id)
    user = request.user
    context = {
        "submission": submission,
        "invitation": selectors.invitation_for(user, submission),
        "events": submission.events.select_related("actor").filter(internal=False),
        "version_form": version_form(submission),
        "invite_form": InviteForm(submission=submission)
        if rules.has_perm("submissions.invite_cosponsor", user, submission)
        else None,
        "nav": "submissions",
        # The review's questions, decision and publication: panels it registers (submissions.panels).
        "panels": render_panels(request, submission),
        # A draft shows its deadline and the time left; an invitee sees no empty "Co-sponsors" heading.
        "draft_deadline": submission.session.deadline_for(submission.delegation) if submission.is_draft else None,
        "has_accepted_cosponsors": any(c.status == "accepted" for c in submission.cosponsorships.all()),
    }
    return render(request, "submissions/detail.html", context)


@permission_required("submissions.view_own_submissions")
@require_POST
def submit(request, public_id):
    submission = get_visible(request, public_id)
    return _submit_and_redirect(request, submission)


def _submit_and_redirect(request, submission):
    try:
        submission = services.submit_submission(submission=submission, by=request.user)
    except services.SubmissionError as error:
        show_refusal(request, error)
    else:
        messages.success(
            request,
            _("Submitted. Your reference is %(reference)s; a receipt is on its way by email.")
            % {"reference": submission.reference},
        )
    return redirect("submissions:detail", submission.public_id)


@permission_required("submissions.view_own_submissions")
def upload_version(request, public_id):
    submission = get_visible(request, public_id)
    require(request.user, "submissions.revise_submission", submission)
    form = version_form(submission, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.add_version(
                submission=submission,
                by=request.user,
                file=form.cleaned_data["file"],
                language=form.cleaned_data["language"],
                note=form.cleaned_data["note"],
                form_token=form.cleaned_data["form_token"],
                translation_of=form.cleaned_data.get("translation_of"),
            )
        except (services.SubmissionError, FileRejected) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Version %(number)s is uploaded.") % {"number": version.number})
            return redirect(f"{submission_url(submission)}#versions")
    return render(
        request, "submissions/version_form.html", {"form": form, "submission": submission, "nav": "submissions"}
    )


def version_form(submission, *args):
    revisions = {version.revision for version in submission.versions.all()}
    return VersionForm(*args, initial={"language": submission.original_language}, revisions=revisions)


def submission_url(submission):
    return reverse("submissions:detail", args=[submission.public_id])


@permission_required("submissions.view_own_submissions")
def withdraw(request, public_id):
    submission = get_visible(request, public_id)
    require(request.user, "submissions.withdraw_submission", submission)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.withdraw_submission(submission=submission, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("The submission is withdrawn. It is kept, marked withdrawn."))
        return redirect("submissions:detail", submission.public_id)
    return render(request, "submissions/withdraw.html", {"form": form, "submission": submission, "nav": "submissions"})


@permission_required("submissions.view_own_submissions")
def discard(request, public_id):
    submission = get_visible(request, public_id)
    require(request.user, "submissions.delete_draft", submission)
    if request.method == "POST":
        services.discard_draft(submission=submission, by=request.user)
        messages.success(request, _("The draft “%(title)s” is deleted.") % {"title": submission.title})
        return redirect("submissions:list")
    return render(request, "submissions/discard.html", {"submission": submission, "nav": "submissions"})
