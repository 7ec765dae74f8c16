"""A small world of papers, published and not, side by side, made as the portal makes them."""

import datetime

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from publication.models import Publication, PublishedVersion
from review import publishing, questions, workflow
from review.models import Note
from submissions import services
from submissions.models import CoSponsorship, Submission, Version
from tests.factories import AgendaItemFactory, DelegateFactory, DelegationFactory, SecretariatFactory, SessionFactory

PUBLIC_PHRASE = "interoperable cooperation portal"
SECRET = {
    "draft": "zanzibar quokka draftword",
    "withdrawn": "yellowfin withdrawnword",
    "unpublished": "xylophone unpublishedword",
    "review": "walrus reviewword",
    "revision": "velvet revisionword",
    "note": "umbrella noteword",
    "question": "tangerine questionword",
    "decision": "saffron decisionword",
}


def text_file(text: str, name: str = "paper.txt"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/plain")


class World:
    pass


@pytest.fixture(autouse=True)
def fresh_filter_choices():
    """Each test its own sessions and delegations: the filters' choices are kept for minutes otherwise."""
    cache.clear()


@pytest.fixture
def world(db, django_capture_on_commit_callbacks):
    w = World()
    w.session = SessionFactory(title="Eighth substantive session")
    w.item = AgendaItemFactory(code="5", title="Substantive issues")
    w.sub_item = AgendaItemFactory(code="5(e)", title="Capacity-building", parent=w.item, body=w.item.body)
    w.singapore = DelegationFactory(name="Singapore", iso3="SGP")
    w.kenya = DelegationFactory(name="Kenya", iso3="KEN")
    w.india = DelegationFactory(name="India", iso3="IND")
    w.delegate = DelegateFactory(
        email="secret.person@singapore.example", full_name="Hidden Delegatename", delegation=w.singapore
    )
    w.kenyan = DelegateFactory(email="kenyan.person@kenya.example", full_name="Hidden Kenyanname", delegation=w.kenya)
    w.indian = DelegateFactory(email="indian.person@india.example", full_name="Hidden Indianname", delegation=w.india)
    w.secretariat = SecretariatFactory(email="sec.person@un.example", full_name="Hidden Secretaryname")

    def paper(title, text, *, by=None, language="en", summary="A summary for readers."):
        by = by or w.delegate
        with django_capture_on_commit_callbacks(execute=True):
            return services.create_submission(
                by=by,
                title=title,
                session=w.session,
                sub_items=[w.sub_item],
                file=text_file(text),
                original_language=language,
                summary=summary,
            )

    def submit(p, by=None):
        return services.submit_submission(submission=p, by=by or w.delegate)

    def accept(p):
        workflow.record_decision(submission=p, outcome="accept", by=w.secretariat, announce=True)
        p.refresh_from_db()
        return p

    def add(p, text, language, *, translation_of=None, by=None):
        with django_capture_on_commit_callbacks(execute=True):
            return services.add_version(
                submission=p,
                by=by or w.delegate,
                file=text_file(text),
                language=language,
                translation_of=translation_of,
            )

    w.add = add

    # The published paper: English original, French and Spanish translations, co-sponsored by Kenya.
    published = paper("Working paper on an interoperable portal", f"The {PUBLIC_PHRASE} helps capacity-building.")
    invitation = services.invite_cosponsor(submission=published, delegation=w.kenya, by=w.delegate)
    submit(published)
    services.respond_to_invitation(invitation=invitation, by=w.kenyan, accept=True)
    accept(published)
    french = add(
        published, "Le portail de coopération interopérable aide au renforcement des capacités.", "fr", translation_of=1
    )
    spanish = add(
        published, "El portal de cooperación interoperable ayuda a la creación de capacidad.", "es", translation_of=1
    )
    w.publication = publishing.publish(
        submission=published, by=w.secretariat, versions=[published.versions.get(number=1), french, spanish]
    )
    # A later revision, uploaded but never published.
    Submission.objects.filter(pk=published.pk).update(status=Submission.Status.ACCEPTED)
    add(published, f"A revision nobody published: {SECRET['revision']}.", "en")
    Submission.objects.filter(pk=published.pk).update(status=Submission.Status.PUBLISHED)
    w.published = Submission.objects.get(pk=published.pk)

    w.draft = paper(f"Draft {SECRET['draft']}", f"Draft text {SECRET['draft']}")
    w.withdrawn = submit(paper(f"Withdrawn {SECRET['withdrawn']}", f"Text {SECRET['withdrawn']}"))
    services.withdraw_submission(submission=w.withdrawn, by=w.delegate, reason="Changed our mind")
    w.unpublished = accept(submit(paper(f"Unpublished {SECRET['unpublished']}", f"Text {SECRET['unpublished']}")))
    publishing.publish(submission=w.unpublished, by=w.secretariat, versions=w.unpublished.versions.all())
    publishing.unpublish(submission=w.unpublished, by=w.secretariat, reason="A wrong file")
    w.under_review = submit(
        paper(f"Under review {SECRET['review']}", f"Text {SECRET['review']}", by=w.indian), by=w.indian
    )
    questions.ask_question(submission=w.under_review, by=w.secretariat, text=f"Why {SECRET['question']}?")
    Note.objects.create(submission=w.under_review, author=w.secretariat, text=SECRET["note"])
    Note.objects.create(submission=w.published, author=w.secretariat, text=SECRET["note"])
    workflow.record_decision(submission=w.under_review, outcome="accept", by=w.secretariat, comment=SECRET["decision"])
    return w


def bulk_published(n: int, *, session=None, sub_item=None, delegation=None, cosponsor=None, by=None):
    """`n` published papers written straight to the tables (test setup only), for query counts."""
    session = session or SessionFactory()
    sub_item = sub_item or AgendaItemFactory()
    delegation = delegation or DelegationFactory()
    by = by or DelegateFactory(delegation=delegation)
    cosponsor = cosponsor or DelegationFactory()
    start = Submission.objects.count()
    papers = Submission.objects.bulk_create(
        [
            Submission(
                title=f"Bulk paper {start + i}",
                summary="Bulk",
                delegation=delegation,
                session=session,
                status=Submission.Status.PUBLISHED,
                created_by=by,
                version_count=2,
            )
            for i in range(n)
        ]
    )
    Through = Submission.sub_items.through
    Through.objects.bulk_create([Through(submission_id=p.pk, agendaitem_id=sub_item.pk) for p in papers])
    CoSponsorship.objects.bulk_create(
        [
            CoSponsorship(submission=p, delegation=cosponsor, invited_by=by, status=CoSponsorship.Status.ACCEPTED)
            for p in papers
        ]
    )
    versions = Version.objects.bulk_create(
        [
            Version(
                submission=p,
                number=k,
                revision=1,
                language=language,
                file=f"versions/bulk/{p.pk}-{k}",
                original_name="paper.txt",
                size=10,
                sha256="0" * 64,
                content_type="text/plain",
                uploaded_by=by,
            )
            for p in papers
            for k, language in ((1, "en"), (2, "fr"))
        ]
    )
    number = Publication.objects.filter(session=session).count()
    now = timezone.now()
    publications = Publication.objects.bulk_create(
        [
            Publication(
                submission=p,
                session=session,
                number=number + i + 1,
                reference=f"BULK/{session.pk}/WP.{number + i + 1}",
                published_at=now - datetime.timedelta(minutes=i),
                published_by=by,
            )
            for i, p in enumerate(papers)
        ]
    )
    VThrough = Publication.versions.through
    by_paper = {}
    for v in versions:
        by_paper.setdefault(v.submission_id, []).append(v)
    VThrough.objects.bulk_create(
        [VThrough(publication_id=pub.pk, version_id=v.pk) for pub in publications for v in by_paper[pub.submission_id]]
    )
    PublishedVersion.objects.bulk_create(
        [
            PublishedVersion(publication=pub, version=v, published_at=pub.published_at)
            for pub in publications
            for v in by_paper[pub.submission_id]
        ]
    )
    return papers
