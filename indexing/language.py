"""Which of the six UN languages a text is written in (lingua, restricted to those six)."""

from functools import cache

# The detector reads a bounded sample: SLICES pieces of SLICE_CHARS spread over the text. Its cost
# grows with what it reads (about 1 ms a thousand characters), and a few thousand characters from
# several places tell a language as surely as the whole text; a cover page in English at the start
# of a French paper is one slice out of five.
SLICES = 5
SLICE_CHARS = 500
MIN_LETTERS = 40  # below this, a guess is not worth flagging a mismatch over

# One short sentence a language, to load each language's models before the first file (warm_up).
WARM_UP = (
    "The working group discussed capacity-building and the points of contact of the States.",
    "Le groupe de travail a examiné le renforcement des capacités et les points de contact des États.",
    "El grupo de trabajo examinó la creación de capacidad y los puntos de contacto de los Estados.",
    "Рабочая группа обсудила наращивание потенциала и контактные пункты государств.",
    "ناقش الفريق العامل بناء القدرات وجهات الاتصال التابعة للدول.",
    "工作组讨论了能力建设和各国的联络点问题。",
)


@cache
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    languages = {
        Language.ARABIC: "ar",
        Language.CHINESE: "zh",
        Language.ENGLISH: "en",
        Language.FRENCH: "fr",
        Language.RUSSIAN: "ru",
        Language.SPANISH: "es",
    }
    detector = LanguageDetectorBuilder.from_languages(*languages).with_minimum_relative_distance(0.1).build()
    return detector, languages


def warm_up() -> None:
    """Load the detector's models now (about 50 ms) rather than during the first file.

    Called in a worker's main process before it forks its children, which then share them. Lingua
    loads models lazily, on this thread: no thread is left behind to break the fork (its "preloaded"
    mode loads them on a thread pool, and takes a second).
    """
    detector, _codes = _detector()
    for sentence in WARM_UP:
        detector.detect_language_of(sentence)


def sample(text: str) -> str:
    """SLICES slices from the start to the end of the text (the whole text when it is short)."""
    if len(text) <= SLICES * SLICE_CHARS:
        return text
    step = (len(text) - SLICE_CHARS) // (SLICES - 1)
    return " ".join(text[n * step : n * step + SLICE_CHARS] for n in range(SLICES))


def detect_language(text: str) -> str:
    """The language code ("en", "zh", ...) or "" when the text is too short or too mixed to tell."""
    chosen = sample(text)
    if sum(map(str.isalpha, chosen)) < MIN_LETTERS:
        return ""
    detector, codes = _detector()
    language = detector.detect_language_of(chosen)
    return codes.get(language, "") if language else ""
