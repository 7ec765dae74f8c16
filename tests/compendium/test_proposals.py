"""The heuristic that finds proposals, in the six UN languages."""

import pytest

from compendium.proposals import MAX_PER_PAPER, find_proposals, sentences


def texts(found):
    return [p.text for p in found]


@pytest.mark.parametrize(
    ("language", "proposal", "statement"),
    [
        (
            "en",
            "We propose the establishment of a threat repository within the United Nations.",
            "The threat landscape has evolved considerably over recent years.",
        ),
        ("en", "The Group recommends that States share information on incidents.", "Incidents rose by half in 2023."),
        ("en", "Kenya calls upon all States to designate a point of contact.", "Kenya hosted a regional workshop."),
        ("en", "States should establish national computer emergency response teams.", "Many States have CERTs."),
        (
            "fr",
            "Nous proposons la création d'un portail mondial de coopération.",
            "Le paysage des menaces a beaucoup évolué.",
        ),
        (
            "fr",
            "Les États devraient désigner un point de contact national.",
            "Plusieurs États ont un point de contact.",
        ),
        (
            "es",
            "El Grupo recomienda que los Estados compartan información sobre amenazas.",
            "Las amenazas han aumentado en los últimos años.",
        ),
        ("es", "Hacemos un llamamiento a todos los Estados para que cooperen.", "La cooperación existe desde 2019."),
        (
            "ru",
            "Мы предлагаем создать постоянный механизм под эгидой ООН.",
            "Угрозы в информационном пространстве растут.",
        ),
        ("ru", "Государствам следует укреплять доверие в сфере ИКТ.", "В 2022 году прошли три сессии группы."),
        (
            "ar",
            "نقترح إنشاء بوابة عالمية للتعاون في مجال أمن تكنولوجيا المعلومات.",
            "تتطور التهديدات في الفضاء الإلكتروني بسرعة كبيرة.",
        ),
        ("ar", "وندعو جميع الدول إلى تبادل المعلومات بشأن الحوادث.", "عقدت المجموعة ثلاث دورات في عام ٢٠٢٢."),
        ("zh", "我们建议设立全球信息通信技术安全合作门户。", "威胁形势在过去几年中不断变化。"),
        ("zh", "各国应当加强信息通信技术能力建设。", "工作组举行了三届会议。"),
    ],
)
def test_a_proposal_is_found_and_a_statement_is_not(language, proposal, statement):
    found = find_proposals(f"{statement} {proposal}" if language not in ("zh",) else statement + proposal)

    assert texts(found) == [proposal]
    assert found[0].language == language


@pytest.mark.parametrize(
    "sentence",
    [
        "It should be noted that several States have already done so.",
        "As proposed in 2022, the portal was discussed at length by the Group.",
        "Il convient de rappeler que le Groupe devrait se réunir en juillet.",
        "Следует отметить, что многие государства уже создали такие группы.",
        "Should the Group establish a repository of threats?",
        "هل ينبغي إنشاء مستودع للتهديدات في الأمم المتحدة؟",
    ],
)
def test_recalling_noting_and_asking_are_not_proposals(sentence):
    assert find_proposals(sentence) == []


def test_sentences_are_cut_at_stops_in_every_script_and_at_list_items():
    text = "First we met. Then we talked!\n\n我们开会。我们建议合作。\nنقترح التعاون؟ نعم.\n- We propose a fund\n- We propose a portal"

    assert sentences(text) == [
        "First we met.",
        "Then we talked!",
        "我们开会。",
        "我们建议合作。",
        "نقترح التعاون؟",
        "نعم.",
        "We propose a fund",
        "We propose a portal",
    ]


def test_each_sentence_once_from_summary_and_text_in_order_and_at_most_the_limit():
    summary = "We propose a global portal for cooperation between States."
    body = summary + " " + " ".join(f"States should establish point of contact number {n}." for n in range(100))

    found = find_proposals(summary, body)

    assert found[0].text == summary
    assert len(found) == MAX_PER_PAPER
    assert len(set(texts(found))) == MAX_PER_PAPER
    assert [p.position for p in found] == sorted(p.position for p in found)


def test_headings_and_fragments_are_too_short_to_be_proposals():
    assert find_proposals("We propose:\n\nRecommendations") == []
