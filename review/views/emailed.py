"""The Secretariat records a paper a delegation sent by email."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.decorators import permission_required
from submissions.files import FileRejected
from submissions.services import SubmissionError, record_emailed_paper

from ..forms import EmailedPaperForm


@permission_required("submissions.record_emailed_paper")
def record_emailed(request):
    form = EmailedPaperForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            submission = record_emailed_paper(
                by=request.user,
                delegation=data["delegation"],
                received_at=data["received_at"],
                file=data["file"],
                title=data["title"],
                session=data["session"],
                sub_items=data["sub_items"],
                kind=data["kind"],
                summary=data["summary"],
                original_language=data["original_language"],
                cosponsors=data["cosponsors"],
            )
        except (SubmissionError, FileRejected) as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Recorded as %(reference)s on behalf of %(delegation)s; its delegates have the receipt.")
                % {"reference": submission.reference, "delegation": submission.delegation},
            )
            return redirect("review:detail", submission.public_id)
    return render(request, "review/record_emailed.html", {"form": form, "nav": "review"})
