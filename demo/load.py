"""Demo data: accounts for each role, a session open for submissions, and eight papers.

The papers carry the titles and sponsors of real OEWG papers, with summaries and file
texts written for the demo. They are created through submissions.services, so their
history, references and audit entries are those the portal itself would write.
"""

import datetime
import json
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from agenda import services as agenda_services
from agenda.models import AgendaItem, Body, DeadlineExtension, Session
from agenda.seed import SeedReport, default_deadline, seeded_body, upsert
from delegations.models import Delegation
from submissions import services
from submissions.models import CoSponsorship, Event, Submission, Version

DEMO_FILE = Path(__file__).resolve().parent / "data" / "demo.json"
NEW_YORK = ZoneInfo("America/New_York")
EXTENSION_REASON = "Demo data: lets the seed submit a demo paper through the portal after the real deadline"


def demo_data() -> dict:
    return json.loads(Path(DEMO_FILE).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class DemoLogin:
    role: str
    delegation: str
    email: str
    password: str


def demo_logins() -> list[DemoLogin]:
    """The demo accounts that exist, in the order of the data file, for the README table."""
    data = demo_data()
    users = {user.email: user for user in User.objects.filter(email__in=[a["email"] for a in data["accounts"]])}
    logins = []
    for account in data["accounts"]:
        user = users.get(account["email"])
        if user is None:
            continue
        role = "Administrator (superuser)" if user.is_superuser else str(user.get_role_display())
        delegation = user.delegation.display_name if user.delegation else "-"
        logins.append(DemoLogin(role, delegation, user.email, data["password"]))
    return logins


@transaction.atomic
def load_demo(report: SeedReport | None = None) -> SeedReport:
    report = report or SeedReport()
    data = demo_data()
    body = seeded_body()
    users = load_accounts(report, data)
    load_demo_session(report, body, data["session"])
    secretariat = next(user for user in users.values() if user.role == User.Role.SECRETARIAT)
    for paper in data["papers"]:
        load_paper(report, body, paper, users, secretariat, demo_session=data["session"]["title"])
    return report


def load_accounts(report: SeedReport, data: dict) -> dict[str, User]:
    """One account per demo login; passwords are set when an account is created, never reset."""
    # One hash for all: the demo password is public, and hashing it twenty times would
    # add seconds to every `make run` on a fresh database.
    password_hash = None
    delegations = {d.name: d for d in Delegation.objects.filter(name__in=[a["delegation"] for a in data["accounts"]])}
    users = {}
    for account in data["accounts"]:
        superuser = account.get("superuser", False)
        if password_hash is None and not User.objects.filter(email=account["email"]).exists():
            password_hash = make_password(data["password"])
        user = upsert(
            User,
            report,
            "Demo accounts",
            lookup={"email": account["email"]},
            values={
                "full_name": account["full_name"],
                "role": account["role"],
                "delegation": delegations[account["delegation"]] if account["delegation"] else None,
                "is_staff": superuser,
                "is_superuser": superuser,
                "is_active": True,
            },
            create_values={"password": password_hash},
        )
        users[user.delegation.name if user.delegation else user.email] = user
    return users


def load_demo_session(report: SeedReport, body: Body, spec: dict) -> Session:
    """A session that opens 40 days from today, so that a newcomer can submit a paper."""
    start = timezone.localdate() + datetime.timedelta(days=spec["days_from_today"])
    return upsert(
        Session,
        report,
        "Demo sessions",
        lookup={"body": body, "title": spec["title"]},
        values={
            "number": None,
            "start_date": start,
            "end_date": start + datetime.timedelta(days=spec["length_days"]),
            "submission_deadline": default_deadline(start),
            "notes": spec["notes"],
        },
    )


def closest_session(body: Body, day: datetime.date, *, exclude_title: str) -> Session:
    """The real meeting nearest the paper's date (never the demonstration session)."""
    sessions = Session.objects.filter(body=body).exclude(title=exclude_title)

    def distance(session: Session) -> int:
        if session.start_date <= day <= session.end_date:
            return 0
        return min(abs((session.start_date - day).days), abs((session.end_date - day).days))

    return min(sessions, key=distance)


def load_paper(
    report: SeedReport, body: Body, paper: dict, users: dict[str, User], secretariat: User, *, demo_session: str
) -> None:
    submitter, *cosponsors = (users[name] for name in paper["sponsors"])
    if Submission.objects.filter(title=paper["title"], delegation=submitter.delegation).exists():
        report.count("Demo papers", "unchanged")
        return
    day = datetime.date.fromisoformat(paper["date"])
    session = closest_session(body, day, exclude_title=demo_session)
    sub_item = AgendaItem.objects.get(body=body, code=paper["sub_item"])
    submission = services.create_submission(
        by=submitter,
        title=paper["title"],
        kind=paper["kind"],
        summary=paper["summary"],
        session=session,
        sub_items=[sub_item],
        file=SimpleUploadedFile(
            pdf_name(paper, submitter), paper_pdf(paper, session, sub_item, users), content_type="application/pdf"
        ),
    )
    for cosponsor in cosponsors:
        services.invite_cosponsor(submission=submission, delegation=cosponsor.delegation, by=submitter)
    extend_deadline_for_demo(session, submitter.delegation, secretariat)
    # Received on its real date, so that its receipt number carries that year (OEWG-2023-…), as the
    # receipt of a paper recorded from email does.
    services.submit_submission(submission=submission, by=submitter, received_at=received_at(day))
    for cosponsor in cosponsors:
        invitation = submission.cosponsorships.get(delegation=cosponsor.delegation)
        services.respond_to_invitation(invitation=invitation, by=cosponsor, accept=True)
    backdate(submission, day)
    report.count("Demo papers", "created")


def extend_deadline_for_demo(session: Session, delegation: Delegation, secretariat: User) -> None:
    """The real session closed long ago: the Secretariat's extension, marked as demo data,
    is what lets submit_submission accept the paper, rather than a bypass of its check."""
    agenda_services.grant_extension(
        session=session,
        delegation=delegation,
        deadline=timezone.now() + datetime.timedelta(hours=1),
        reason=EXTENSION_REASON,
        by=secretariat,
    )


def backdate(submission: Submission, day: datetime.date) -> None:
    """Give the demo paper its real date.

    The services stamp everything with the time of the seed; a demo paper from July 2023
    that says it was submitted in 2026 would mislead anyone reading the demo. Writing the
    timestamps directly is acceptable for demo data only; the audit log keeps the true
    time at which the seed did its work.
    """
    submitted_at = received_at(day)
    drafted_at = submitted_at - datetime.timedelta(hours=3)
    accepted_at = submitted_at + datetime.timedelta(days=1)
    Submission.objects.filter(pk=submission.pk).update(
        created_at=drafted_at, submitted_at=submitted_at, updated_at=accepted_at
    )
    Version.objects.filter(submission=submission).update(uploaded_at=drafted_at)
    CoSponsorship.objects.filter(submission=submission).update(invited_at=drafted_at, responded_at=accepted_at)
    events = Event.objects.filter(submission=submission)
    events.filter(kind__in=["created", "version_uploaded", "cosponsor_invited"]).update(at=drafted_at)
    events.filter(kind="submitted").update(at=submitted_at)
    events.filter(kind="cosponsor_accepted").update(at=accepted_at)
    # The demo extension has done its job: close it again, as of the paper's date, so that
    # the long-past session does not show as open for the delegation.
    DeadlineExtension.objects.filter(
        session=submission.session, delegation=submission.delegation, reason=EXTENSION_REASON
    ).update(deadline=submitted_at)


def received_at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=NEW_YORK)


def pdf_name(paper: dict, submitter: User) -> str:
    words = " ".join(paper["title"].split()[:6])
    return f"{slugify(submitter.delegation.display_name)}-{slugify(words)}.pdf"


# The built-in PDF fonts cover Latin-1 only; typographic punctuation is mapped to plain.
PLAIN = str.maketrans({"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "..."})


def plain(text: str) -> str:
    return text.translate(PLAIN).encode("latin-1", "replace").decode("latin-1")


def paper_pdf(paper: dict, session: Session, sub_item: AgendaItem, users: dict[str, User]) -> bytes:
    from fpdf import FPDF

    sponsors = [users[name].delegation.display_name for name in paper["sponsors"]]
    submitted_by = sponsors[0] if len(sponsors) == 1 else ", ".join(sponsors[:-1]) + " and " + sponsors[-1]
    pdf = FPDF(format="A4")

    def write(height: float, text: str) -> None:
        pdf.multi_cell(0, height, plain(text), new_x="LMARGIN", new_y="NEXT")

    pdf.set_margins(25, 22, 25)
    pdf.set_auto_page_break(True, margin=22)
    pdf.set_title(plain(paper["title"]))
    pdf.set_author(plain(submitted_by))
    pdf.add_page()
    pdf.set_font("helvetica", "I", 9)
    write(
        5,
        "Demonstration text written for the OEWG portal. It is not the text of the paper "
        "that the delegation(s) named below submitted, and it states no government's position.",
    )
    pdf.ln(4)
    pdf.set_font("helvetica", "B", 15)
    write(8, paper["title"])
    pdf.ln(2)
    pdf.set_font("helvetica", "", 11)
    write(6, f"Submitted by {submitted_by} ({paper['date_as_listed']})")
    write(6, f"{session.title}, agenda item {sub_item.code}: {sub_item.title}")
    pdf.ln(4)
    pdf.set_font("helvetica", "I", 11)
    write(6.5, paper["summary"])
    number = 0
    for heading, paragraphs in paper["sections"]:
        pdf.ln(4)
        pdf.set_font("helvetica", "B", 12)
        write(7, heading)
        pdf.set_font("helvetica", "", 12)
        for paragraph in paragraphs:
            number += 1
            pdf.ln(2)
            write(7, f"{number}.  {paragraph}")
    return bytes(pdf.output())
