"""Who may see and change a submission. Views and services both ask here."""

from .models import CoSponsorship, Submission


def is_own(user, submission: Submission) -> bool:
    return user.is_authenticated and user.is_delegate and submission.delegation_id == user.delegation_id


def is_cosponsor(user, submission: Submission) -> bool:
    if not (user.is_authenticated and user.is_delegate):
        return False
    return submission.cosponsorships.filter(
        delegation_id=user.delegation_id, status=CoSponsorship.Status.ACCEPTED
    ).exists()


def is_invited_or_cosponsor(user, submission: Submission) -> bool:
    if not (user.is_authenticated and user.is_delegate):
        return False
    return submission.cosponsorships.filter(
        delegation_id=user.delegation_id,
        status__in=[CoSponsorship.Status.INVITED, CoSponsorship.Status.ACCEPTED],
    ).exists()


def can_view(user, submission: Submission) -> bool:
    if is_own(user, submission):
        return True
    if submission.is_draft:
        return False  # drafts belong to their delegation alone
    if user.is_authenticated and user.is_reviewer:
        return True
    # An invited delegation reads the paper to decide whether to co-sponsor it.
    return is_invited_or_cosponsor(user, submission)


def can_edit(user, submission: Submission) -> bool:
    """Only members of the submitting delegation change a submission."""
    return is_own(user, submission) and not submission.is_withdrawn


def can_edit_details(user, submission: Submission) -> bool:
    return can_edit(user, submission) and submission.is_draft


def can_revise(user, submission: Submission) -> bool:
    return can_edit(user, submission) and submission.status not in (
        Submission.Status.NOT_ACCEPTED,
        Submission.Status.PUBLISHED,
    )


def can_withdraw(user, submission: Submission) -> bool:
    # A draft is never withdrawn: a withdrawn paper is shown to the reviewers and the invited
    # delegations, and a draft belongs to its delegation alone.
    return can_edit(user, submission) and not submission.is_draft and submission.status != Submission.Status.PUBLISHED
