"""The object rules and the scoped querysets say the same thing, for every role, status and co-sponsorship.

A list, a search or a feed built on ``visible_to``/``published`` must show exactly the papers
whose page the rule opens, or a page would show what it must not (or hide what it should show).
"""

import itertools

import pytest
import rules
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import User
from indexing import search
from publication.models import Publication
from submissions import services
from submissions.models import CoSponsorship, Submission, Version

from ..factories import ChairTeamFactory, DelegateFactory, DelegationFactory, SecretariatFactory, UserFactory

PHRASE = "zebracorn"
COSPONSORSHIP_STATES = [None, *CoSponsorship.Status.values]


@pytest.fixture
def world(session, sub_item, django_capture_on_commit_callbacks):
    """One paper for every status × state of Kenya's invitation, each with an indexed file."""
    singapore = DelegationFactory(name="Singapore")
    kenya = DelegationFactory(name="Kenya")
    peru = DelegationFactory(name="Peru")
    author = DelegateFactory(email="author@sg.example", delegation=singapore)
    secretariat = SecretariatFactory(email="sec@un.example")
    people = {
        "anonymous": AnonymousUser(),
        "delegate": DelegateFactory(email="d2@sg.example", delegation=singapore),
        "focal point": DelegateFactory(email="fp@sg.example", delegation=singapore, role=User.Role.FOCAL_POINT),
        "co-sponsor's delegate": DelegateFactory(email="d@ke.example", delegation=kenya),
        "other delegation": DelegateFactory(email="d@pe.example", delegation=peru),
        "chair's team": ChairTeamFactory(email="chair@un.example"),
        "secretariat": secretariat,
        "administrator": UserFactory(email="root@un.example", is_staff=True, is_superuser=True),
        "no role (stakeholder to come)": UserFactory(email="ngo@example.org"),
        "deactivated delegate": DelegateFactory(email="gone@sg.example", delegation=singapore, is_active=False),
    }
    papers = []
    for number, (status, invitation) in enumerate(itertools.product(Submission.Status.values, COSPONSORSHIP_STATES)):
        with django_capture_on_commit_callbacks(execute=True):  # indexes the file, as the worker would
            paper = services.create_submission(
                by=author,
                title=f"Paper {number} {status} {invitation}",
                session=session,
                sub_items=[sub_item],
                file=SimpleUploadedFile("p.txt", f"A {PHRASE} proposal number {number}.\n".encode(), "text/plain"),
            )
        if invitation:
            CoSponsorship.objects.create(submission=paper, delegation=kenya, status=invitation, invited_by=author)
        Submission.objects.filter(pk=paper.pk).update(status=status)
        paper.refresh_from_db()
        if status == Submission.Status.PUBLISHED:
            publication = Publication.objects.create(
                submission=paper,
                session=session,
                number=number,
                reference=f"OEWG/T/WP.{number}",
                published_at=timezone.now(),
                published_by=secretariat,
            )
            publication.versions.set(paper.versions.all())
        papers.append(paper)
    return people, papers


@pytest.mark.django_db
def test_view_rule_and_visible_to_agree_for_every_role_status_and_cosponsorship(world):
    people, papers = world
    for role, person in people.items():
        visible = set(Submission.objects.visible_to(person).values_list("pk", flat=True))
        for paper in papers:
            fresh = Submission.objects.get(pk=paper.pk)  # no prefetched invitations: the rule queries
            listed = Submission.objects.prefetch_related("cosponsorships").get(pk=paper.pk)  # as lists have it
            expected = paper.pk in visible
            assert rules.has_perm("submissions.view_submission", person, fresh) == expected, (role, paper.title)
            assert rules.has_perm("submissions.view_submission", person, listed) == expected, (role, paper.title)


@pytest.mark.django_db
def test_public_rule_and_published_agree(world):
    people, papers = world
    published = set(Submission.objects.published().values_list("pk", flat=True))
    assert published, "the matrix has published papers"
    for person, paper in itertools.product(people.values(), papers):
        assert rules.has_perm("submissions.view_public_submission", person, paper) == (paper.pk in published)


@pytest.mark.django_db
def test_files_and_text_follow_their_paper(world):
    people, _papers = world
    for role, person in people.items():
        visible = set(Version.objects.visible_to(person).values_list("pk", flat=True))
        for version in Version.objects.select_related("submission"):
            assert rules.has_perm("submissions.view_submission", person, version) == (version.pk in visible), role
    published = set(Version.objects.published().values_list("pk", flat=True))
    for version in Version.objects.select_related("submission"):
        assert (version.pk in published) == (version.submission.status == Submission.Status.PUBLISHED)


@pytest.mark.django_db
def test_search_finds_exactly_what_the_rule_lets_each_person_open(world):
    people, papers = world
    for role, person in people.items():
        results = search.search(PHRASE, submissions=Submission.objects.visible_to(person), limit=200)
        found = {hit.submission.pk for hit in results.hits}
        allowed = {paper.pk for paper in papers if rules.has_perm("submissions.view_submission", person, paper)}
        assert found == allowed, role
    public = search.search(PHRASE, submissions=Submission.objects.all(), published_only=True, limit=200)
    assert {hit.submission.pk for hit in public.hits} == {p.pk for p in papers if p.status == "published"}


@pytest.mark.django_db
def test_an_invited_cosponsor_reads_a_submitted_paper_but_never_a_draft_and_a_declined_one_no_longer(world):
    people, papers = world
    kenya = people["co-sponsor's delegate"]
    by_title = {paper.title: paper for paper in papers}
    assert rules.has_perm("submissions.view_submission", kenya, by_title[_title(papers, "submitted", "invited")])
    assert rules.has_perm("submissions.view_submission", kenya, by_title[_title(papers, "submitted", "accepted")])
    assert not rules.has_perm("submissions.view_submission", kenya, by_title[_title(papers, "draft", "invited")])
    assert not rules.has_perm("submissions.view_submission", kenya, by_title[_title(papers, "submitted", "declined")])
    assert not rules.has_perm(
        "submissions.view_submission", people["administrator"], by_title[_title(papers, "draft", None)]
    )


def _title(papers, status, invitation) -> str:
    return next(p.title for p in papers if p.title.endswith(f"{status} {invitation}"))
