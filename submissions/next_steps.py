"""What a delegation has to do next: one list for the top of the delegate's landing page.

Submissions knows its own pending actions (invitations to answer, drafts to submit before the
deadline). Apps above it (the review: questions to answer, decisions announced) add theirs with
`register`, so that this app never imports them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import rules
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agenda.models import DeadlineExtension

from .models import Submission
from .selectors import pending_invitations


@dataclass
class Button:
    label: str
    url: str
    # A button that changes something posts a form; the others are links.
    post: bool = False
    name: str = ""
    value: str = ""
    style: str = "primary"


@dataclass
class NextStep:
    kind: str  # "question", "invitation", "draft", "decision": the icon and the test's handle
    heading: str
    text: str
    submission: Submission | None
    buttons: list[Button] = field(default_factory=list)
    deadline: datetime | None = None
    # Sorts the panel: what has a deadline first, soonest first; then the rest, newest first.
    sort_key: tuple = ()


Provider = Callable[[object], list[NextStep]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def next_steps_for(user) -> list[NextStep]:
    if not rules.has_perm("submissions.view_own_submissions", user):
        return []
    steps = []
    for provider in [invitations_to_answer, drafts_to_submit, *_providers]:
        steps.extend(provider(user))
    return sorted(steps, key=lambda step: step.sort_key)


def detail_url(submission: Submission, anchor: str = "") -> str:
    url = reverse("submissions:detail", args=[submission.public_id])
    return f"{url}#{anchor}" if anchor else url


def invitations_to_answer(user) -> list[NextStep]:
    steps = []
    for invitation in pending_invitations(user):
        paper = invitation.submission
        respond = reverse("submissions:respond", args=[invitation.pk])
        steps.append(
            NextStep(
                kind="invitation",
                heading=_("Invitation to co-sponsor"),
                text=_("%(delegation)s invites your delegation to co-sponsor this paper.")
                % {"delegation": paper.delegation},
                submission=paper,
                buttons=[
                    Button(_("Co-sponsor"), respond, post=True, name="answer", value="accept", style="success"),
                    Button(_("Decline"), respond, post=True, name="answer", value="decline", style="outline-secondary"),
                ],
                sort_key=(1, -invitation.invited_at.timestamp()),
            )
        )
    return steps


def drafts_to_submit(user) -> list[NextStep]:
    """The delegation's drafts whose session still takes papers from it."""
    now = timezone.now()
    extensions = DeadlineExtension.objects.filter(delegation_id=user.delegation_id)
    drafts = (
        Submission.objects.filter(delegation_id=user.delegation_id, status=Submission.Status.DRAFT)
        .select_related("session")
        .prefetch_related(Prefetch("session__extensions", queryset=extensions, to_attr="own_extensions"))
    )
    steps = []
    for draft in drafts:
        deadline = max([draft.session.submission_deadline, *(e.deadline for e in draft.session.own_extensions)])
        if deadline < now:
            continue
        if draft.version_count:
            button = Button(_("Submit"), reverse("submissions:submit", args=[draft.public_id]), post=True)
            text = _("This draft is not submitted yet. Nobody outside your delegation can see it.")
        else:
            button = Button(_("Upload the file"), detail_url(draft, "versions"))
            text = _("This draft has no file yet: upload it, then submit.")
        steps.append(
            NextStep(
                kind="draft",
                heading=_("Draft to submit before the deadline"),
                text=text,
                submission=draft,
                buttons=[button],
                deadline=deadline,
                sort_key=(0, deadline.timestamp()),
            )
        )
    return steps


# How long an announced decision stays in the panel: long enough to be read after a holiday.
DECISION_SHOWN_FOR = timedelta(days=30)
