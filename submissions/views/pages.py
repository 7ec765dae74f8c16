from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import delegate_required
from review.views.delegate import delegate_panel

from .. import permissions, selectors, services
from ..files import FileRejected
from ..forms import InviteForm, NewSubmissionForm, SubmissionForm, VersionForm, WithdrawForm
from ..models import Submission
from ..next_steps import next_steps_for


def home(request):
    if request.user.is_authenticated:
        if request.user.is_delegate:
            return redirect("submissions:list")
        if request.user.is_reviewer:
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


@delegate_required
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


@delegate_required
def create(request):
    form = NewSubmissionForm(request.POST or None, request.FILES or None, delegation=request.user.delegation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
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


@delegate_required
def edit(request, public_id):
    submission = get_visible(request, public_id)
    if not permissions.can_edit_details(request.user, submission):
        raise PermissionDenied
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
    own = permissions.is_own(user, submission)
    context = {
        "submission": submission,
        "own": own,
        "can_edit_details": permissions.can_edit_details(user, submission),
        "can_revise": permissions.can_revise(user, submission),
        "can_withdraw": permissions.can_withdraw(user, submission),
        "invitation": selectors.invitation_for(user, submission),
        "events": submission.events.select_related("actor").filter(internal=False),
        "version_form": VersionForm(initial={"language": submission.original_language}),
        "invite_form": InviteForm(submission=submission) if own and not submission.is_withdrawn else None,
        "nav": "submissions",
        "delegate_review": delegate_panel(user, submission),
        # A draft shows its deadline and the time left; an invitee sees no empty "Co-sponsors" heading.
        "draft_deadline": submission.session.deadline_for(submission.delegation) if submission.is_draft else None,
        "has_accepted_cosponsors": any(c.status == "accepted" for c in submission.cosponsorships.all()),
    }
    return render(request, "submissions/detail.html", context)


@delegate_required
@require_POST
def submit(request, public_id):
    submission = get_visible(request, public_id)
    return _submit_and_redirect(request, submission)


def _submit_and_redirect(request, submission):
    try:
        submission = services.submit_submission(submission=submission, by=request.user)
    except services.SubmissionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Submitted. Your reference is %(reference)s; a receipt is on its way by email.")
            % {"reference": submission.reference},
        )
    return redirect("submissions:detail", submission.public_id)


@delegate_required
def upload_version(request, public_id):
    submission = get_visible(request, public_id)
    if not permissions.can_revise(request.user, submission):
        raise PermissionDenied
    form = VersionForm(request.POST or None, request.FILES or None, initial={"language": submission.original_language})
    if request.method == "POST" and form.is_valid():
        try:
            version = services.add_version(
                submission=submission,
                by=request.user,
                file=form.cleaned_data["file"],
                language=form.cleaned_data["language"],
                note=form.cleaned_data["note"],
                form_token=form.cleaned_data["form_token"],
            )
        except (services.SubmissionError, FileRejected) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Version %(number)s is uploaded.") % {"number": version.number})
            return redirect(f"{submission_url(submission)}#versions")
    return render(
        request, "submissions/version_form.html", {"form": form, "submission": submission, "nav": "submissions"}
    )


def submission_url(submission):
    return reverse("submissions:detail", args=[submission.public_id])


@delegate_required
def withdraw(request, public_id):
    submission = get_visible(request, public_id)
    if not permissions.can_withdraw(request.user, submission):
        raise PermissionDenied
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.withdraw_submission(submission=submission, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("The submission is withdrawn. It is kept, marked withdrawn."))
        return redirect("submissions:detail", submission.public_id)
    return render(request, "submissions/withdraw.html", {"form": form, "submission": submission, "nav": "submissions"})


@delegate_required
def discard(request, public_id):
    submission = get_visible(request, public_id)
    if not permissions.can_edit_details(request.user, submission):
        raise PermissionDenied
    if request.method == "POST":
        services.discard_draft(submission=submission, by=request.user)
        messages.success(request, _("The draft “%(title)s” is deleted.") % {"title": submission.title})
        return redirect("submissions:list")
    return render(request, "submissions/discard.html", {"submission": submission, "nav": "submissions"})
