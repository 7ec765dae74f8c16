"""Papers in the six languages on two sub-items, published and not, made as the portal makes them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from review import publishing, workflow
from submissions import services
from tests.factories import AgendaItemFactory, DelegateFactory, DelegationFactory, SecretariatFactory, SessionFactory

ENGLISH_TEXT = (
    "The threat landscape has evolved over recent years.\n\n"
    "We propose the establishment of a threat repository within the United Nations. "
    "States should establish national points of contact without delay. "
    "It should be noted that several States have done so."
)
FRENCH_TEXT = (
    "Le paysage des menaces évolue.\n\nNous proposons la création d'un répertoire des menaces aux Nations Unies."
)
ARABIC_TITLE = "ورقة عمل بشأن إنشاء مستودع للتهديدات في الأمم المتحدة"
ARABIC_TEXT = "تتطور التهديدات بسرعة كبيرة.\n\nنقترح إنشاء بوابة عالمية للتعاون في مجال أمن تكنولوجيا المعلومات."
CHINESE_TITLE = "关于建立全球信息通信技术安全合作门户的工作文件"
CHINESE_TEXT = "威胁形势不断变化。我们建议设立全球信息通信技术安全合作门户。"
UNPUBLISHED_TITLE = "Unpublished paper on quokka repositories"
UNPUBLISHED_TEXT = "We recommend that every quokka repository be audited yearly."


def text_file(text: str, name: str = "paper.txt"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/plain")


class World:
    pass


@pytest.fixture
def world(db, django_capture_on_commit_callbacks):
    w = World()
    w.session = SessionFactory(title="Fifth substantive session")
    w.other_session = SessionFactory(title="Sixth substantive session")
    w.item = AgendaItemFactory(code="5", title="Substantive issues", order=50)
    w.threats = AgendaItemFactory(
        code="5(a)", title="Existing and potential threats", parent=w.item, body=w.item.body, order=51
    )
    w.capacity = AgendaItemFactory(code="5(e)", title="Capacity-building", parent=w.item, body=w.item.body, order=55)
    w.kenya = DelegationFactory(name="Kenya", iso3="KEN")
    w.egypt = DelegationFactory(name="Egypt", iso3="EGY")
    w.china = DelegationFactory(name="China", iso3="CHN")
    w.france = DelegationFactory(name="France", iso3="FRA")
    w.kenyan = DelegateFactory(delegation=w.kenya)
    w.egyptian = DelegateFactory(delegation=w.egypt)
    w.chinese = DelegateFactory(delegation=w.china)
    w.french = DelegateFactory(delegation=w.france)
    w.secretariat = SecretariatFactory()

    def paper(by, title, text, *, sub_items, language="en", summary="", session=None, publish=True, translations=()):
        with django_capture_on_commit_callbacks(execute=True):
            p = services.create_submission(
                by=by,
                title=title,
                session=session or w.session,
                sub_items=sub_items,
                file=text_file(text),
                original_language=language,
                summary=summary,
            )
        p = services.submit_submission(submission=p, by=by)
        for translated, translated_language in translations:
            with django_capture_on_commit_callbacks(execute=True):
                services.add_version(
                    submission=p, by=by, file=text_file(translated), language=translated_language, translation_of=1
                )
        if publish is None:
            return p
        workflow.record_decision(submission=p, outcome="accept", by=w.secretariat, announce=True)
        p.refresh_from_db()
        if publish:
            publishing.publish(submission=p, by=w.secretariat, versions=p.versions.all())
            p.refresh_from_db()
        return p

    w.paper = paper
    w.threat_repository = paper(
        w.kenyan,
        "Working paper on a threat repository",
        ENGLISH_TEXT,
        sub_items=[w.threats, w.capacity],
        summary="A repository of threats, shared by all. We recommend a pilot in 2026.",
        translations=[(FRENCH_TEXT, "fr")],
    )
    w.arabic = paper(
        w.egyptian, ARABIC_TITLE, ARABIC_TEXT, sub_items=[w.capacity], language="ar", summary="ملخص الورقة."
    )
    w.chinese_paper = paper(w.chinese, CHINESE_TITLE, CHINESE_TEXT, sub_items=[w.capacity], language="zh")
    w.unpublished = paper(w.french, UNPUBLISHED_TITLE, UNPUBLISHED_TEXT, sub_items=[w.threats], publish=False)
    w.elsewhere = paper(
        w.french,
        "A paper of another session",
        "We propose nothing here.",
        sub_items=[w.threats],
        session=w.other_session,
    )
    with django_capture_on_commit_callbacks(execute=True):
        w.draft = services.create_submission(
            by=w.french,
            title="Draft about zanzibar",
            session=w.session,
            sub_items=[w.threats],
            file=text_file("We propose zanzibar."),
        )
    return w


def choices(w, **overrides):
    values = {
        "sessions": [w.session.pk],
        "session_titles": [w.session.title],
        "sub_items": [w.threats.pk, w.capacity.pk],
        "sub_item_codes": ["5(a)", "5(e)"],
        "kinds": [],
        "statuses": ["published"],
        "language": "",
        "full_text": False,
        "interface_language": "en",
    }
    values.update(overrides)
    return values
