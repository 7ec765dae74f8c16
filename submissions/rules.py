"""Who may see and do what with a paper: every permission of the app, declared once.

Views declare the permission they need, templates ask ``{% has_perm %}``, services check it
inside their transaction, and ``SubmissionQuerySet.visible_to`` mirrors ``view_submission``
(tests/submissions/test_rules_agree.py proves they agree for every role, status and
co-sponsorship state).

An invited co-sponsor that has not answered yet reads the paper (not a draft) to decide
whether to co-sponsor it, as an accepted one does; a declined one no longer does.
"""

import rules

from accounts.rules import is_delegate, is_reviewer, is_secretariat

from .models import CoSponsorship, Submission

Status = Submission.Status


def _submission(obj):
    """Permissions on a version or an invitation are those of its paper."""
    return getattr(obj, "submission", obj)


def cosponsorship_status(user, submission) -> str | None:
    """The status of the person's delegation's invitation, read from prefetched rows when a list has them."""
    if not is_delegate(user) or submission is None:
        return None
    cache = getattr(submission, "_prefetched_objects_cache", {})
    if "cosponsorships" in cache:
        rows = [c for c in cache["cosponsorships"] if c.delegation_id == user.delegation_id]
        return rows[0].status if rows else None
    if submission.pk is None:
        return None
    return (
        CoSponsorship.objects.filter(submission_id=submission.pk, delegation_id=user.delegation_id)
        .values_list("status", flat=True)
        .first()
    )


@rules.predicate
def is_own_delegation(user, obj) -> bool:
    submission = _submission(obj)
    return is_delegate(user) and submission is not None and submission.delegation_id == user.delegation_id


@rules.predicate
def is_invited_cosponsor(user, obj) -> bool:
    return cosponsorship_status(user, _submission(obj)) == CoSponsorship.Status.INVITED


@rules.predicate
def is_accepted_cosponsor(user, obj) -> bool:
    return cosponsorship_status(user, _submission(obj)) == CoSponsorship.Status.ACCEPTED


@rules.predicate
def is_invited_delegation(user, invitation) -> bool:
    return is_delegate(user) and invitation is not None and invitation.delegation_id == user.delegation_id


@rules.predicate
def is_member_of(user, delegation) -> bool:
    """Without an object: the person's own delegation."""
    return is_delegate(user) and (delegation is None or delegation.pk == user.delegation_id)


def _status_in(*statuses):
    @rules.predicate(name=f"status_in_{'_'.join(statuses)}")
    def predicate(user, obj) -> bool:
        submission = _submission(obj)
        return submission is not None and submission.status in statuses

    return predicate


is_draft = _status_in(Status.DRAFT)
is_withdrawn = _status_in(Status.WITHDRAWN)
is_published = _status_in(Status.PUBLISHED)
is_closed = _status_in(Status.NOT_ACCEPTED, Status.PUBLISHED)


@rules.predicate
def is_recording_officer(user, obj) -> bool:
    """The Secretariat member recording a paper received by email, while it is still their draft."""
    submission = _submission(obj)
    return (
        is_secretariat(user)
        and submission is not None
        and submission.status == Status.DRAFT
        and submission.created_by_id == user.pk
    )


# Reading a paper's workspace page, its files, history and text: its delegation always; once
# submitted, the reviewers and the delegations invited to co-sponsor it.
can_view = is_own_delegation | (~is_draft & (is_reviewer | is_invited_cosponsor | is_accepted_cosponsor))
# Changing it: its own delegation, until it is withdrawn.
can_edit = is_own_delegation & ~is_withdrawn

rules.add_perm("submissions.view_submission", can_view)
# The public page: anyone, logged in or not, once it is published.
rules.add_perm("submissions.view_public_submission", is_published)
# The delegate's workspace: their delegation's papers and those it is invited to co-sponsor.
rules.add_perm("submissions.view_own_submissions", is_delegate)
rules.add_perm("submissions.create_submission", is_delegate & is_member_of)
rules.add_perm("submissions.edit_submission", can_edit)
# Who was invited, who declined, and the cancel buttons: the submitting delegation's business.
rules.add_perm("submissions.view_invitations", is_own_delegation)
rules.add_perm("submissions.edit_draft", can_edit & is_draft)
rules.add_perm("submissions.delete_draft", can_edit & is_draft)
rules.add_perm("submissions.submit_submission", (can_edit & is_draft) | is_recording_officer)
rules.add_perm("submissions.revise_submission", (can_edit & ~is_closed) | is_recording_officer)
# A draft is never withdrawn: a withdrawn paper is shown to the reviewers and the invited delegations.
rules.add_perm("submissions.withdraw_submission", can_edit & ~is_draft & ~is_published)
rules.add_perm("submissions.invite_cosponsor", can_edit & ~is_published)
# The object is the invitation: its delegation answers it (the service refuses a second, different answer).
rules.add_perm("submissions.respond_to_invitation", is_invited_delegation & ~is_draft)
rules.add_perm("submissions.record_emailed_paper", is_secretariat)
