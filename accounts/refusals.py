"""Why a permission is refused, in the reader's words.

A refusal names who may do the thing ("Only the Secretariat announces decisions."), so that a person
refused knows whom to ask rather than guessing at a fault of theirs. The 403 page shows it, and the
review's bulk actions list it beside each paper they could not change. It names roles, never a paper
or a delegation: it tells nothing the person could not read in the user guide.

Permissions whose refusal is a "not found" (a paper one may not read is answered 404, so that its
existence is not told) need no reason here.
"""

from django.utils.translation import gettext_lazy as _

_REVIEWERS = _("Only the Chair's team and the Secretariat review the papers submitted.")
_SECRETARIAT_INDEX = _("Only the Secretariat follows and restarts the indexing of files.")
_OUTBOX = _("Only the Secretariat sees the outbox and sends a message again.")
_PUBLISHING = _("Only the Secretariat publishes papers and takes them off the public pages.")
_COMPENDIUM = _("Only the Chair's team and the Secretariat prepare the compendium of proposals.")
_DRAFT = _("Only the delegation that wrote a draft changes, submits or deletes it, while it is a draft.")

REASONS = {
    "accounts.manage_members": _("Only the focal point of a delegation manages its members."),
    "agenda.manage_deadlines": _("Only the Secretariat manages the sessions and their deadlines."),
    "audit.view_private_entries": _("Only administrators read the entries about drafts."),
    "compendium.view_compendium": _COMPENDIUM,
    "compendium.build_compendium": _COMPENDIUM,
    "compendium.change_compendium": _COMPENDIUM,
    "compendium.delete_compendium": _("Only administrators delete a compendium."),
    "indexing.reindex": _SECRETARIAT_INDEX,
    "indexing.view_status": _SECRETARIAT_INDEX,
    "indexing.search_submissions": _(
        "Only the Chair's team and the Secretariat search every paper; everyone can search the published papers."
    ),
    "notifications.view_outbox": _OUTBOX,
    "notifications.resend_message": _OUTBOX,
    "publication.publish_submission": _PUBLISHING,
    "publication.unpublish_submission": _PUBLISHING,
    "review.view_queue": _REVIEWERS,
    "review.export_queue": _REVIEWERS,
    "review.view_audit_log": _REVIEWERS,
    "review.assign_submission": _REVIEWERS,
    "review.review_submission": _REVIEWERS,
    "review.see_internal": _REVIEWERS,
    "review.add_note": _REVIEWERS,
    "review.change_status": _REVIEWERS,
    "review.ask_question": _REVIEWERS,
    "review.decide": _REVIEWERS,
    "review.reopen_review": _("Only the Secretariat reopens a review."),
    "review.announce_decisions": _("Only the Secretariat announces decisions."),
    "review.set_un_symbol": _("Only the Secretariat gives a paper its UN document symbol."),
    "review.answer_question": _("Only the delegation that submitted a paper answers the Chair's questions on it."),
    "review.read_questions": _("Only a paper's delegation and its co-sponsors read the Chair's questions on it."),
    "stakeholders.manage_accreditation": _("Only the Secretariat manages the accreditation of stakeholders."),
    "stakeholders.view_applications": _(
        "Only the Chair's team and the Secretariat read the applications for accreditation."
    ),
    "stakeholders.view_circulated_list": _(
        "Only the delegations of States and the Chair's team and the Secretariat see the applicants."
    ),
    "stakeholders.object_to_application": _(
        "Only the focal point of a State objects to an application, while its non-objection period is open."
    ),
    "stakeholders.manage_consultations": _("Only the Chair's team and the Secretariat manage the consultations."),
    "stakeholders.view_consultations": _("Only accredited stakeholders and those invited take part in consultations."),
    "stakeholders.take_part": _("Only accredited stakeholders and those invited take part in consultations."),
    "stakeholders.read_inputs": _(
        "Only the Chair's team and the Secretariat read the inputs before they are published."
    ),
    "submissions.view_own_submissions": _("Only the members of a delegation submit and follow papers here."),
    "submissions.create_submission": _("Only the members of a delegation submit papers."),
    "submissions.edit_draft": _DRAFT,
    "submissions.delete_draft": _DRAFT,
    "submissions.submit_submission": _DRAFT,
    "submissions.edit_submission": _("Only the delegation that submitted a paper changes it."),
    "submissions.revise_submission": _(
        "Only the delegation that submitted a paper uploads its revisions, until the paper is closed."
    ),
    "submissions.withdraw_submission": _(
        "A paper is withdrawn by its delegation, once submitted and before it is published."
    ),
    "submissions.invite_cosponsor": _(
        "Only the delegation that submitted a paper invites co-sponsors, before the paper is published."
    ),
    "submissions.respond_to_invitation": _("Only the delegation invited answers an invitation to co-sponsor."),
    "submissions.record_emailed_paper": _("Only the Secretariat records the papers sent to it by e-mail."),
}


def reason_for(perm: str) -> str:
    """The sentence a refusal of ``perm`` shows, or "" (the 403 page then says it in general words)."""
    return REASONS.get(perm, "")
