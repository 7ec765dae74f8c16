"""Which of the six UN languages a text is written in (lingua, restricted to those six)."""

from functools import cache

SAMPLE_CHARS = 3000
MIN_LETTERS = 40  # below this, a guess is not worth flagging a mismatch over


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


def sample(text: str) -> str:
    """Three slices (start, middle, end): a cover page in English does not decide for a French paper."""
    if len(text) <= SAMPLE_CHARS * 3:
        return text
    middle = len(text) // 2
    return " ".join((text[:SAMPLE_CHARS], text[middle : middle + SAMPLE_CHARS], text[-SAMPLE_CHARS:]))


def detect_language(text: str) -> str:
    """The language code ("en", "zh", ...) or "" when the text is too short or too mixed to tell."""
    chosen = sample(text)
    if sum(1 for char in chosen if char.isalpha()) < MIN_LETTERS:
        return ""
    detector, codes = _detector()
    language = detector.detect_language_of(chosen)
    return codes.get(language, "") if language else ""
