"""The permission × role table of docs/ARCHITECTURE.md, computed from the rules themselves.

``manage.py permission_table --write`` rewrites the table between its markers; a test fails when
the document and the rules disagree, so the table cannot drift. Nothing here touches the database:
the people and papers are unsaved instances, their invitations given as prefetched rows.
"""

import re

import rules
from django.contrib.auth.models import AnonymousUser

from accounts.models import User
from delegations.models import Delegation

from .models import CoSponsorship, Submission

START = "<!-- permission-table:start -->"
END = "<!-- permission-table:end -->"
SUBMITTING, INVITED, OTHER, STAKEHOLDER = 1, 2, 3, 4


def _person(pk, role="", delegation=None, superuser=False, kind=Delegation.Kind.MEMBER_STATE) -> User:
    # The delegation is an unsaved instance too: the stakeholder rules read its kind.
    delegation = Delegation(pk=delegation, kind=kind) if delegation else None
    return User(pk=pk, email=f"p{pk}@example.org", role=role, delegation=delegation, is_superuser=superuser)


# (column, person, the state of the person's delegation's invitation to co-sponsor, or None)
ROLES = [
    ("anonymous", AnonymousUser(), None),
    ("delegate", _person(1, User.Role.DELEGATE, SUBMITTING), None),
    ("focal point", _person(2, User.Role.FOCAL_POINT, SUBMITTING), None),
    ("invited co-sponsor", _person(3, User.Role.DELEGATE, INVITED), CoSponsorship.Status.INVITED),
    ("accepted co-sponsor", _person(4, User.Role.DELEGATE, INVITED), CoSponsorship.Status.ACCEPTED),
    ("declined co-sponsor", _person(5, User.Role.DELEGATE, INVITED), CoSponsorship.Status.DECLINED),
    ("other delegation", _person(6, User.Role.FOCAL_POINT, OTHER), None),
    ("Chair's team", _person(7, User.Role.CHAIR_TEAM), None),
    ("Secretariat", _person(8, User.Role.SECRETARIAT), None),
    ("administrator", _person(9, superuser=True), None),
    ("stakeholder", _person(10, User.Role.FOCAL_POINT, STAKEHOLDER, kind=Delegation.Kind.STAKEHOLDER), None),
]

# What each permission is asked about; the others are asked without an object.
PAPER_APPS = ("submissions", "review", "publication")
OBJECTLESS = {
    "submissions.view_own_submissions",
    "submissions.record_emailed_paper",
    "review.view_queue",
    "review.export_queue",
    "review.view_audit_log",
    "review.assign_submission",
    "review.announce_decisions",
    "review.set_un_symbol",
}
STATUS_SHORT = {
    "draft": "draft",
    "submitted": "submitted",
    "under_review": "under review",
    "questions_sent": "questions sent",
    "revised": "revised",
    "accepted": "accepted",
    "published": "published",
    "withdrawn": "withdrawn",
    "not_accepted": "not accepted",
}


def _paper(status: str, invitation: str | None) -> Submission:
    paper = Submission(pk=1, status=status, delegation_id=SUBMITTING, created_by_id=99)
    rows = [CoSponsorship(delegation_id=INVITED, status=invitation)] if invitation else []
    paper._prefetched_objects_cache = {"cosponsorships": rows}
    return paper


def _object(perm: str, status: str, invitation: str | None):
    if perm == "accounts.manage_members":
        return Delegation(pk=SUBMITTING)
    paper = _paper(status, invitation)
    if perm == "submissions.respond_to_invitation":
        return CoSponsorship(submission=paper, delegation_id=INVITED, status=invitation or "invited")
    return paper


def _asks_paper(perm: str) -> bool:
    return perm.split(".")[0] in PAPER_APPS and perm not in OBJECTLESS


def cell(perm: str, person, invitation) -> str:
    if perm == "accounts.manage_members":
        return "✓ own" if rules.has_perm(perm, person, _object(perm, "", None)) else "·"
    if not _asks_paper(perm):
        return "✓" if rules.has_perm(perm, person) else "·"
    granted = [s for s in Submission.Status.values if rules.has_perm(perm, person, _object(perm, s, invitation))]
    if not granted:
        return "·"
    if len(granted) == len(Submission.Status.values):
        return "✓"
    refused = [s for s in Submission.Status.values if s not in granted]
    if len(refused) <= len(granted):
        return "✓ but " + ", ".join(STATUS_SHORT[s] for s in refused)
    return ", ".join(STATUS_SHORT[s] for s in granted)


def permission_names() -> list[str]:
    return sorted(rules.permissions.permissions.keys())


def table() -> str:
    header = "| permission | " + " | ".join(name for name, _, _ in ROLES) + " |"
    lines = [header, "|" + "---|" * (len(ROLES) + 1)]
    for perm in permission_names():
        cells = [cell(perm, person, invitation) for _, person, invitation in ROLES]
        lines.append(f"| `{perm}` | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def with_table(document: str) -> str:
    """The document with the table between its markers replaced by the one the rules give."""
    block = f"{START}\n{table()}\n{END}"
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.DOTALL)
    if not pattern.search(document):
        raise ValueError(f"The document has no {START} … {END} markers.")
    return pattern.sub(lambda _match: block, document)
