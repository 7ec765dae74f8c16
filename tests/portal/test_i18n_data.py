"""Data in the six languages, the interface language of a person, mail in the recipient's language,
and codes that read as written in right-to-left text."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from agenda.models import AgendaItem, Body, Session
from agenda.seed import load_reference_data
from delegations.models import Delegation
from review import workflow
from submissions import services
from submissions.forms import NewSubmissionForm


@pytest.fixture
def reference_data(db):
    load_reference_data()


@pytest.mark.parametrize(
    ("language", "code", "expected"),
    [
        ("fr", "5(e)", "Renforcement des capacités"),
        ("es", "5(d)", "Medidas de fomento de la confianza"),
        ("ru", "5(a)", "Существующие и потенциальные угрозы"),
        ("ar", "5(f)", "الحوار المؤسسي المنتظم"),
        ("zh-hans", "5(b)", "负责任国家行为规则、规范和原则"),
        ("en", "5(e)", "Capacity-building"),
    ],
)
def test_the_seeded_agenda_reads_in_each_language(reference_data, language, code, expected):
    item = AgendaItem.objects.get(code=code)

    with translation.override(language):
        assert item.localized_title == expected
        # In Arabic the code is isolated left to right, so that "5(e)" does not read "(e)5".
        shown = f"\u2066{code}\u2069" if language == "ar" else code
        assert str(item) == f"{shown} {expected}"


@pytest.mark.parametrize(
    ("english", "language", "expected"),
    [
        ("State of Palestine", "fr", "État de Palestine"),
        ("Holy See", "ru", "Святейший Престол"),
        ("Türkiye", "es", "Türkiye"),
        ("European Union", "zh-hans", "欧洲联盟"),
        ("Russian Federation", "ar", "الاتحاد الروسي"),
        ("Iran (Islamic Republic of)", "fr", "Iran (République islamique d')"),
        ("Kenya", "es", "Kenya"),
        ("Singapore", "zh-hans", "新加坡"),
        ("Brazil", "ru", "Бразилия"),
    ],
)
def test_delegations_carry_the_un_names_in_each_language(reference_data, english, language, expected):
    delegation = Delegation.objects.get(name=english)

    with translation.override(language):
        assert delegation.localized_name == expected
        assert str(delegation) == expected


def test_short_names_are_translated_too(reference_data):
    eu = Delegation.objects.get(name="European Union")
    bolivia = Delegation.objects.get(name="Bolivia (Plurinational State of)")

    with translation.override("fr"):
        assert (eu.display_name, bolivia.display_name) == ("UE", "Bolivie")
    with translation.override("en"):
        assert (eu.display_name, bolivia.display_name) == ("EU", "Bolivia")


def test_the_body_and_sessions_read_in_each_language(reference_data):
    body = Body.objects.get(short_name="OEWG")
    session = Session.objects.get(title="Eighth substantive session")

    with translation.override("es"):
        assert body.localized_short_name == "GTCA"
        assert session.localized_title == "Octavo período de sesiones sustantivo"
        assert session.localized_notes.startswith("Aprobación del tercer informe anual")
    with translation.override("zh-hans"):
        assert session.localized_title == "第八届实质性会议"


def test_a_missing_translation_falls_back_to_english(db, sub_item):
    sub_item.title_i18n = {"fr": "Renforcement des capacités"}
    sub_item.save()

    with translation.override("ru"):
        assert sub_item.localized_title == "Capacity-building"
    with translation.override("fr"):
        assert sub_item.localized_title == "Renforcement des capacités"


def test_seeding_again_keeps_a_translation_the_secretariat_corrected(reference_data):
    item = AgendaItem.objects.get(code="5(e)")
    item.title_i18n = {**item.title_i18n, "fr": "Renforcement des capacités (corrigé)"}
    item.save()
    item.title_i18n = {key: value for key, value in item.title_i18n.items() if key != "ru"}
    item.save()

    load_reference_data()

    item.refresh_from_db()
    assert item.title_i18n["fr"] == "Renforcement des capacités (corrigé)"
    assert item.title_i18n["ru"] == "Наращивание потенциала"


def test_the_secretariat_edits_translations_in_the_admin(client, admin_user, sub_item):
    client.force_login(admin_user)
    url = reverse("admin:agenda_agendaitem_change", args=[sub_item.pk])
    page = client.get(url).content.decode()
    assert 'name="title__ar"' in page and 'lang="ar"' in page

    data = {
        "body": sub_item.body_id,
        "parent": sub_item.parent_id,
        "code": sub_item.code,
        "title": sub_item.title,
        "order": sub_item.order,
        "title__fr": "Renforcement des capacités",
        "title__ar": "بناء القدرات",
        "title__es": "",
        "title__ru": "",
        "title__zh-hans": "能力建设",
    }
    response = client.post(url, data)

    assert response.status_code == 302
    sub_item.refresh_from_db()
    assert sub_item.title_i18n == {"fr": "Renforcement des capacités", "ar": "بناء القدرات", "zh-hans": "能力建设"}


def test_an_item_lists_its_sub_items_with_their_translations_in_the_admin(client, admin_user, sub_item):
    client.force_login(admin_user)

    page = client.get(reverse("admin:agenda_agendaitem_change", args=[sub_item.parent_id])).content.decode()

    assert 'name="sub_items-0-title__ru"' in page


def test_delegation_admin_lists_and_edits_names(client, admin_user, singapore):
    client.force_login(admin_user)

    response = client.get(reverse("admin:delegations_delegation_change", args=[singapore.pk]))

    assert response.status_code == 200
    assert 'name="name__ru"' in response.content.decode()


@pytest.mark.django_db
def test_the_profile_language_applies_at_login(client, delegate):
    delegate.preferred_language = "fr"
    delegate.save()

    response = client.post(
        reverse("accounts:login"), {"username": delegate.email, "password": "correct-horse-battery"}, follow=True
    )

    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    assert '<html lang="fr"' in response.content.decode()
    assert '<html lang="fr"' in client.get(reverse("submissions:list")).content.decode()


@pytest.mark.django_db
def test_choosing_a_language_in_the_profile_switches_the_interface(client, delegate):
    client.force_login(delegate)

    response = client.post(reverse("accounts:profile"), {"full_name": "Sing Delegate", "preferred_language": "ru"})

    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"
    assert '<html lang="ru"' in client.get(reverse("accounts:profile")).content.decode()


@pytest.mark.django_db
def test_an_anonymous_visitor_keeps_the_language_chosen_in_the_switcher(client):
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})

    for url in (reverse("accounts:login"), reverse("accounts:password_reset")):
        assert '<html lang="zh-hans"' in client.get(url).content.decode()


def test_statuses_in_history_lines_read_in_the_reader_language(submitted, secretariat):
    # The change is recorded by someone reading French: the event keeps the label they saw.
    with translation.override("fr"):
        workflow.change_status(submission=submitted, to="under_review", by=secretariat)
    event = submitted.events.get(kind="status_changed")

    with translation.override("es"):
        assert event.message == "Estado modificado: de «Presentado» a «En examen»"
    with translation.override("en"):
        assert event.message == "Status changed from Submitted to Under review"


def test_the_session_picker_names_the_deadline_in_the_reader_language(db, delegate, session):
    session.title_i18n = {"fr": "Première session de fond"}
    session.save()

    with translation.override("fr"):
        label = NewSubmissionForm(delegation=delegate.delegation).fields["session"].label_from_instance(session)

    assert label.startswith("Première session de fond — date limite : ")
    assert "deadline" not in label


@pytest.mark.django_db
def test_a_delegate_who_chose_arabic_gets_the_receipt_in_arabic(
    delegate, session, sub_item, pdf, django_capture_on_commit_callbacks
):
    delegate.preferred_language = "ar"
    delegate.save()
    draft = services.create_submission(
        by=delegate, title="بوابة التعاون العالمي", session=session, sub_items=[sub_item], file=pdf
    )

    with django_capture_on_commit_callbacks(execute=True):
        submitted = services.submit_submission(submission=draft, by=delegate)

    receipt = next(message for message in mail.outbox if delegate.email in message.to)
    html = receipt.alternatives[0][0]
    assert receipt.subject.startswith("وردت: ")
    assert receipt.extra_headers["Content-Language"] == "ar"
    assert 'lang="ar" dir="rtl"' in html
    assert "تسلّم فريق الرئيس والأمانة العامة الورقة المقدمة من" in receipt.body
    assert submitted.reference in receipt.body


def test_codes_and_references_are_isolated_left_to_right():
    rendered = Template("{{ code|ltr }} {{ reference|ltr }} [{{ empty|ltr }}] {{ html|ltr }}").render(
        Context({"code": "5(e)", "reference": "OEWG/2024/WP.7", "empty": "", "html": "<b>"})
    )

    assert rendered == '<bdi dir="ltr">5(e)</bdi> <bdi dir="ltr">OEWG/2024/WP.7</bdi> [] <bdi dir="ltr">&lt;b&gt;</bdi>'


def test_the_arabic_queue_keeps_sub_item_codes_as_written(client, secretariat, submitted):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    client.force_login(secretariat)

    html = client.get(reverse("review:queue")).content.decode()

    assert '<html lang="ar" dir="rtl">' in html
    assert '<bdi dir="ltr">5(e)</bdi>' in html
    assert re.search(rf'<bdi dir="ltr">{re.escape(submitted.reference)}</bdi>', html)


def test_the_right_to_left_stylesheet_is_bootstraps_own_of_the_same_version():
    root = settings.BASE_DIR / "static" / "vendor" / "bootstrap"
    version = re.compile(r"Bootstrap\s+v(\d+\.\d+\.\d+)")
    ltr = (root / "bootstrap.min.css").read_text(encoding="utf-8")
    rtl = (root / "bootstrap.rtl.min.css").read_text(encoding="utf-8")

    assert version.search(ltr).group(1) == version.search(rtl).group(1)
    # Mirrored for real: what is on the right in English is on the left in Arabic.
    assert ".me-auto{margin-right:auto!important}" in ltr
    assert ".me-auto{margin-left:auto!important}" in rtl


def test_the_queue_export_speaks_the_reader_language(client, secretariat, submitted):
    submitted.delegation.name_i18n = {"fr": "Singapour"}
    submitted.delegation.save()
    submitted.session.title_i18n = {"fr": "Première session de fond"}
    submitted.session.save()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    client.force_login(secretariat)

    response = client.get("/review/export/?format=csv")
    header, row = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()[:2]

    assert header.startswith("Référence,Titre,Délégation")
    assert "Singapour" in row and "Première session de fond" in row and "Soumis" in row


def test_delegations_in_history_lines_are_named_in_the_reader_language(draft, delegate, kenya):
    services.invite_cosponsor(submission=draft, delegation=kenya, by=delegate)
    kenya.name_i18n = {"ar": "كينيا"}
    kenya.save()
    event = draft.events.get(kind="cosponsor_invited")

    with translation.override("ar"):
        assert "كينيا" in event.message and "Kenya" not in event.message
    with translation.override("en"):
        assert event.message == "Kenya invited to co-sponsor"
