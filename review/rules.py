"""The review's permissions: the Chair's team and the Secretariat study papers; the Secretariat announces and publishes.

The workflow's TRANSITIONS table names these permissions; the views declare them; the detail page
asks them with ``{% has_perm %}``.
"""

import rules

from accounts.rules import is_reviewer, is_secretariat
from submissions.rules import is_accepted_cosponsor, is_draft, is_own_delegation

rules.add_perm("review.view_queue", is_reviewer)
rules.add_perm("review.export_queue", is_reviewer)
rules.add_perm("review.view_audit_log", is_reviewer)
rules.add_perm("review.assign_submission", is_reviewer)
# The reviewer's page of a paper: never a draft, which belongs to its delegation alone.
rules.add_perm("review.review_submission", is_reviewer & ~is_draft)
# Internal notes, pending decisions and internal history.
rules.add_perm("review.see_internal", is_reviewer & ~is_draft)
rules.add_perm("review.add_note", is_reviewer & ~is_draft)
rules.add_perm("review.change_status", is_reviewer & ~is_draft)
rules.add_perm("review.reopen_review", is_secretariat & ~is_draft)
rules.add_perm("review.ask_question", is_reviewer & ~is_draft)
rules.add_perm("review.answer_question", is_own_delegation)
# The questions on a paper: its delegation, and accepted co-sponsors those addressed to them too.
rules.add_perm("review.read_questions", is_own_delegation | is_accepted_cosponsor)
rules.add_perm("review.decide", is_reviewer & ~is_draft)
rules.add_perm("review.announce_decisions", is_secretariat)
rules.add_perm("review.set_un_symbol", is_secretariat)
