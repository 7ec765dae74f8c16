import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from agenda.models import AgendaItem, Body, DeadlineExtension, Session
from agenda.seed import load_reference_data
from audit.models import AuditEntry
from delegations.models import Delegation
from demo.load import demo_data
from submissions.models import CoSponsorship, Event, Submission

NEW_YORK = ZoneInfo("America/New_York")
BODY_NAME = (
    "Open-ended working group on security of and in the use of information and communications technologies 2021–2025"
)

AGENDA = {
    "1": "Opening of the session",
    "2": "Adoption of the agenda",
    "3": "Organization of work",
    "4": "General exchange of views",
    "5": "Discussions on substantive issues contained in paragraph 1 of General Assembly resolution 75/240",
    "5(a)": "Existing and potential threats",
    "5(b)": "Rules, norms and principles of responsible State behaviour",
    "5(c)": "International law (how international law applies to the use of ICTs by States)",
    "5(d)": "Confidence-building measures",
    "5(e)": "Capacity-building",
    "5(f)": "Regular institutional dialogue",
    "6": "Other matters",
    "7": "Adoption of the annual progress report",
}

# (title, submitting delegation, co-sponsors, date, session, sub-item)
PAPERS = [
    (
        "Working paper on Global Cyber Security Cooperation Portal",
        "India",
        [],
        "2023-07-25",
        "Fifth substantive session",
        "5(e)",
    ),
    (
        "Working paper on the applicability of international law, in particular the UN Charter, in the use of ICTs",
        "Australia",
        ["Colombia", "El Salvador", "Estonia", "Uruguay"],
        "2023-07-24",
        "Fifth substantive session",
        "5(c)",
    ),
    (
        "Updated draft working paper on the establishment of a threat repository within the United Nations",
        "Kenya",
        [],
        "2023-07-21",
        "Fifth substantive session",
        "5(a)",
    ),
    (
        "Input to the mapping exercise on capacity-building",
        "Germany",
        ["United Kingdom of Great Britain and Northern Ireland", "Cambodia", "Lebanon"],
        None,
        None,
        "5(e)",
    ),
    (
        "Concept paper on establishing a permanent open-ended working group",
        "Russian Federation",
        [],
        None,
        None,
        "5(f)",
    ),
    (
        "Programme of Action for advancing responsible State behaviour in the use of ICTs",
        "France",
        ["Egypt"],
        None,
        None,
        "5(f)",
    ),
    ("Position paper on the application of international law in cyberspace", "Costa Rica", [], None, None, "5(c)"),
    ("Needs-based cyber capacity-building catalogue", "Philippines", [], None, None, "5(e)"),
]


def row_counts():
    return {
        model.__name__: model.objects.count()
        for model in (Delegation, Body, AgendaItem, Session, User, Submission, CoSponsorship, Event, DeadlineExtension)
    }


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_oewg", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db):
    seed("--demo")


class TestReferenceData:
    def test_loads_the_196_delegations_with_their_kinds(self, db):
        load_reference_data()

        assert Delegation.objects.count() == 196
        assert Delegation.objects.filter(kind=Delegation.Kind.MEMBER_STATE).count() == 193
        assert set(Delegation.objects.filter(kind=Delegation.Kind.OBSERVER_STATE).values_list("name", flat=True)) == {
            "Holy See",
            "State of Palestine",
        }
        eu = Delegation.objects.get(name="European Union")
        assert (eu.kind, eu.short_name, eu.iso3) == (Delegation.Kind.IGO, "EU", "")
        iran = Delegation.objects.get(name="Iran (Islamic Republic of)")
        assert (iran.iso3, iran.iso2) == ("IRN", "IR")
        assert Delegation.objects.get(name="Türkiye").iso3 == "TUR"
        uk = Delegation.objects.get(name="United Kingdom of Great Britain and Northern Ireland")
        assert uk.display_name == "United Kingdom"

    def test_loads_the_body_and_its_agenda_with_exact_titles(self, db):
        load_reference_data()

        body = Body.objects.get()
        assert (body.name, body.short_name, body.symbol_prefix, body.reference_pattern) == (
            BODY_NAME,
            "OEWG",
            "A/AC.292/",
            "OEWG/{year}/WP.{n}",
        )
        items = list(AgendaItem.objects.filter(body=body))
        assert {item.code: item.title for item in items} == AGENDA
        assert [item.code for item in items] == list(AGENDA)  # in agenda order, sub-items under 5
        item_5 = AgendaItem.objects.get(code="5")
        assert [sub.code for sub in item_5.sub_items.order_by("order")] == [
            "5(a)",
            "5(b)",
            "5(c)",
            "5(d)",
            "5(e)",
            "5(f)",
        ]
        assert AgendaItem.objects.filter(parent__isnull=True).count() == 7

    def test_loads_the_sessions_with_a_deadline_two_weeks_before_at_six_pm_in_new_york(self, db):
        load_reference_data()

        assert Session.objects.count() == 13
        assert sorted(Session.objects.exclude(number=None).values_list("number", flat=True)) == list(range(12))
        fifth = Session.objects.get(number=5)
        assert fifth.title == "Fifth substantive session"
        assert (fifth.start_date, fifth.end_date) == (datetime.date(2023, 7, 24), datetime.date(2023, 7, 28))
        assert fifth.notes == "Second annual progress report (A/78/265)"
        assert fifth.submission_deadline == datetime.datetime(2023, 7, 10, 18, 0, tzinfo=NEW_YORK)
        intersessional = Session.objects.get(title="Intersessional meeting")
        assert intersessional.number is None
        assert (intersessional.start_date, intersessional.end_date) == (
            datetime.date(2023, 5, 23),
            datetime.date(2023, 5, 26),
        )
        organizational = Session.objects.get(number=0)
        assert organizational.start_date == organizational.end_date == datetime.date(2021, 6, 1)

    def test_running_twice_changes_nothing(self, db):
        first = load_reference_data()
        counts = row_counts()

        second = load_reference_data()

        assert row_counts() == counts
        assert first.get("Delegations", "created") == 196
        assert not second.changed
        assert second.get("Delegations", "unchanged") == 196
        assert second.get("Sessions", "unchanged") == 13

    def test_a_deadline_the_secretariat_moved_is_kept_but_a_wrong_fact_is_corrected(self, db):
        load_reference_data()
        moved = datetime.datetime(2023, 7, 14, 23, 59, tzinfo=NEW_YORK)
        Session.objects.filter(number=5).update(submission_deadline=moved, notes="typo")

        report = load_reference_data()

        fifth = Session.objects.get(number=5)
        assert fifth.submission_deadline == moved
        assert fifth.notes == "Second annual progress report (A/78/265)"
        assert report.get("Sessions", "updated") == 1

    def test_the_command_prints_a_summary(self, db):
        assert "Delegations: 196 created, 0 updated, 0 unchanged" in seed()
        output = seed()
        assert "Delegations: 0 created, 0 updated, 196 unchanged" in output
        assert "nothing changed" in output
        assert not User.objects.exists()  # without --demo, no demo data


class TestDemoData:
    def test_creates_the_demo_accounts_with_their_roles(self, demo):
        data = demo_data()
        for account in data["accounts"]:
            user = User.objects.get(email=account["email"])
            assert user.full_name == account["full_name"]
            assert user.role == account["role"]
            assert (user.delegation.name if user.delegation else None) == account["delegation"]
            assert user.check_password("oewg-demo-2026")

        singapore = User.objects.get(email="delegate@singapore.demo")
        assert singapore.is_focal_point and singapore.full_name == "Tan Wei Ling"
        assert User.objects.get(email="delegate@kenya.demo").full_name == "Wanjiru Kamau"
        assert User.objects.get(email="chair@oewg.demo").role == User.Role.CHAIR_TEAM
        assert User.objects.get(email="secretariat@oewg.demo").is_secretariat
        admin = User.objects.get(email="admin@oewg.demo")
        assert admin.is_superuser and admin.is_staff and admin.role == ""
        assert not User.objects.filter(is_staff=True).exclude(email="admin@oewg.demo").exists()

    def test_opens_a_demonstration_session_for_submissions(self, demo):
        session = Session.objects.get(title="Demonstration session (demo data)")
        today = timezone.localdate()

        assert session.number is None
        assert session.start_date == today + datetime.timedelta(days=40)
        assert session.end_date == session.start_date + datetime.timedelta(days=4)
        assert session.submission_deadline == datetime.datetime.combine(
            session.start_date - datetime.timedelta(days=14), datetime.time(18), tzinfo=NEW_YORK
        )
        assert session.notes == "Demo data: not a real meeting"
        newcomer = User.objects.get(email="delegate@singapore.demo")
        assert session.is_open_for(newcomer.delegation)

    def test_the_demonstration_session_moves_with_today(self, demo):
        Session.objects.filter(title="Demonstration session (demo data)").update(
            start_date=datetime.date(2020, 1, 1), end_date=datetime.date(2020, 1, 5)
        )

        seed("--demo")

        session = Session.objects.get(title="Demonstration session (demo data)")
        assert session.start_date == timezone.localdate() + datetime.timedelta(days=40)

    @pytest.mark.parametrize(("title", "submitter", "cosponsors", "date", "session", "sub_item"), PAPERS)
    def test_creates_the_real_papers_through_the_services(
        self, demo, title, submitter, cosponsors, date, session, sub_item
    ):
        paper = Submission.objects.get(title=title)

        assert paper.delegation.name == submitter
        assert paper.status == Submission.Status.SUBMITTED
        assert paper.reference and paper.reference.startswith("OEWG-")
        assert paper.summary
        assert [item.code for item in paper.sub_items.all()] == [sub_item]
        assert paper.session.body.short_name == "OEWG" and "demo" not in paper.session.title.lower()
        if session:
            assert paper.session.title == session
        if date:
            assert timezone.localtime(paper.submitted_at, NEW_YORK).date() == datetime.date.fromisoformat(date)
        assert sorted(c.delegation.name for c in paper.cosponsorships.filter(status=CoSponsorship.Status.ACCEPTED)) == (
            sorted(cosponsors)
        )
        assert not paper.cosponsorships.exclude(status=CoSponsorship.Status.ACCEPTED).exists()
        version = paper.versions.get()
        assert version.content_type == "application/pdf" and version.original_name.endswith(".pdf")
        with version.file.open("rb") as handle:
            assert handle.read(5) == b"%PDF-"
        kinds = list(paper.events.values_list("kind", flat=True))
        assert kinds[:2] == ["created", "version_uploaded"]
        assert kinds.count("cosponsor_invited") == len(cosponsors)
        assert "submitted" in kinds
        assert kinds.count("cosponsor_accepted") == len(cosponsors)
        actions = set(AuditEntry.objects.filter(object_id=str(paper.pk)).values_list("action", flat=True))
        assert {"submission.created", "submission.submitted"} <= actions

    def test_each_paper_is_submitted_through_a_deadline_extension_marked_as_demo_data(self, demo):
        for paper in Submission.objects.all():
            extension = DeadlineExtension.objects.get(session=paper.session, delegation=paper.delegation)
            assert extension.reason.startswith("Demo data")
            assert extension.granted_by.email == "secretariat@oewg.demo"
        assert AuditEntry.objects.filter(action="deadline.extended").count() == 8

    def test_the_papers_are_dated_in_order_with_their_history(self, demo):
        paper = Submission.objects.get(title__startswith="Updated draft working paper")
        events = list(paper.events.all())

        assert paper.created_at < paper.submitted_at
        assert [event.at for event in events] == sorted(event.at for event in events)
        assert events[-1].kind == "submitted"
        assert timezone.localtime(paper.submitted_at, NEW_YORK).year == 2023

    def test_running_demo_twice_creates_no_duplicates(self, demo):
        counts = row_counts()
        audit_entries = AuditEntry.objects.count()

        output = seed("--demo")

        assert row_counts() == counts
        assert AuditEntry.objects.count() == audit_entries
        assert counts["Submission"] == 8
        assert counts["CoSponsorship"] == 8
        assert "Demo papers: 0 created, 0 updated, 8 unchanged" in output
        assert "nothing changed" in output

    def test_demo_accounts_prints_the_logins(self, demo):
        out = StringIO()
        call_command("demo_accounts", stdout=out)
        output = out.getvalue()

        for account in demo_data()["accounts"]:
            assert account["email"] in output
        assert "oewg-demo-2026" in output
        assert "http://127.0.0.1:8000" in output
        assert "Focal point" in output and "Singapore" in output

    def test_demo_accounts_prints_nothing_without_demo_data(self, db):
        out = StringIO()
        call_command("demo_accounts", stdout=out)

        assert out.getvalue() == ""

    def test_seeding_the_demo_is_fast(self, db):
        started = timezone.now()
        seed("--demo")
        assert (timezone.now() - started).total_seconds() < 10
