"""Finding the proposals inside a paper: the sentences that propose, recommend or call for an action.

The heuristic, in three steps, with no external service:

1. **Sentences.** The text is cut at paragraph breaks, after ``. ! ? ;`` followed by a space, after
   the Arabic question mark ``؟`` and after the full-width ``。！？；`` (Chinese needs no space). Lines
   of a list (``-``, ``•``, ``1.``, ``(a)``) are sentences of their own. Very short fragments (under
   ``MIN_LENGTH`` characters: headings, "We propose:") and very long ones (over ``MAX_LENGTH``: a table
   read as text) are left out.
2. **Wording.** A sentence is a proposal when it holds a cue of one of the six UN languages
   (``CUES`` below): a verb of proposing, recommending, urging or calling for ("we propose",
   "recommends", "calls upon", "nous proposons", "recomienda", "предлагаем", "نقترح", "建议"), or a
   modal of obligation followed by an action ("should establish", "devrait", "debería", "следует",
   "ينبغي", "应当"). The cues of every language are tried on every sentence, because papers quote
   each other and a French paper may hold an English recommendation.
3. **Not a proposal.** A sentence that only reports or recalls ("as proposed in 2022", "it should
   be noted that", "il convient de rappeler") is dropped (``NOT_PROPOSALS``), and so is a question.

Latin and Cyrillic cues match whole words; Arabic cues match inside words, since Arabic joins
"and", "to" and "the" to the verb ("ونقترح": "and we propose"); Chinese has no spaces at all.

It finds wording, not meaning: a sentence that proposes without any of these words is missed, and
one that uses them in passing may be listed. That is why the team ticks which proposals go into the
compendium. At most ``MAX_PER_PAPER`` proposals are kept per paper, the first ones in the text.
"""

import re
from dataclasses import dataclass

MIN_LENGTH = 25
# Chinese packs a proposal in far fewer characters.
MIN_LENGTH_CJK = 8
MAX_LENGTH = 700
MAX_PER_PAPER = 30


@dataclass(frozen=True)
class FoundProposal:
    text: str
    cue: str
    language: str
    position: int


def _words(*patterns: str) -> str:
    """Whole-word alternatives (Latin and Cyrillic letters are word characters for ``re``)."""
    return r"(?<!\w)(?:" + "|".join(patterns) + r")(?!\w)"


CUES: dict[str, re.Pattern] = {
    "en": re.compile(
        _words(
            r"(?:we|i|they|it|delegations?|states?|the \w+)\s+(?:would\s+)?(?:like\s+to\s+|wish\s+to\s+)?"
            r"(?:propose|suggest|recommend|urge|encourage|invite|call\s+(?:up)?on|call\s+for)",
            r"proposes?",
            r"recommends?",
            r"suggests?\s+(?:that|to|the|establishing|creating)",
            r"calls?\s+(?:up)?on",
            r"calls?\s+for",
            r"urges?",
            r"(?:is|are)\s+(?:proposed|recommended|invited|encouraged|urged)",
            r"(?:should|must|ought\s+to|shall)\s+(?:be\s+)?(?:\w+ly\s+)?\w+",
            r"(?:our|this|the)\s+(?:proposal|recommendation)\s+(?:is|would)",
        ),
        re.IGNORECASE,
    ),
    "fr": re.compile(
        _words(
            r"propos(?:e|ons|ent|ez)",
            r"recommand(?:e|ons|ent|ez)",
            r"sugg[eè]r(?:e|ons|ent)",
            r"appel(?:le|lent|ons)\s+(?:à|les|tous|l')",
            r"invit(?:e|ons|ent)",
            r"exhort(?:e|ons|ent)",
            r"encourag(?:e|eons|ent)",
            r"(?:devrai(?:t|ent)|doi(?:t|vent)|faudrait)",
            r"il\s+(?:est|serait)\s+(?:proposé|recommandé|souhaitable)",
        ),
        re.IGNORECASE,
    ),
    "es": re.compile(
        _words(
            r"propon(?:e|emos|en)",
            r"recomienda(?:n)?",
            r"recomendamos",
            r"suger(?:imos)",
            r"sugiere(?:n)?",
            r"insta(?:mos|n)?",
            r"exhorta(?:mos|n)?",
            r"alienta(?:mos|n)?",
            r"(?:hace|hacemos|hacen)\s+un\s+llamamiento",
            r"pide(?:n)?",
            r"pedimos",
            r"deber(?:ía|ían|á|án)",
            r"debe(?:n)?\s+\w+(?:ar|er|ir)",
            r"se\s+(?:propone|recomienda)",
        ),
        re.IGNORECASE,
    ),
    "ru": re.compile(
        _words(
            r"предлага(?:ем|ет|ют)",
            r"предлож(?:ил|ила|или|ить|ено)",
            r"рекоменду(?:ем|ет|ют)",
            r"рекомендуется",
            r"призыва(?:ем|ет|ют)",
            r"призвать",
            r"предлагается",
            r"следует",
            r"необходимо",
            r"должн(?:ы|о|а)",
            r"просим",
            r"настоятельно",
        ),
        re.IGNORECASE,
    ),
    # Inside words: Arabic joins conjunctions and prepositions to the verb.
    "ar": re.compile(
        "|".join(
            (
                "نقترح",
                "يقترح",
                "تقترح",
                "اقترح",
                "نوصي",
                "يوصي",
                "توصي",
                "ندعو",
                "يدعو",
                "تدعو",
                "نحث",
                "يحث",
                "تحث",
                "ينبغي",
                "يجب",
                "نطالب",
                "يطالب",
                "نشجع",
                "يشجع",
            )
        )
    ),
    "zh": re.compile("建议|提议|倡议|呼吁|敦促|主张|应当|应该|鼓励|请求|提请|有必要"),
}

# Sentences that hold a cue but report, recall or note rather than propose.
NOT_PROPOSALS = re.compile(
    r"(?:as|was|were|had\s+been|previously)\s+(?:proposed|recommended|suggested)"
    r"|should\s+be\s+(?:noted|recalled|recognized|recognised|stressed|emphasized|emphasised)"
    r"|it\s+(?:must|should)\s+be\s+(?:noted|recalled|said)"
    r"|il\s+convient\s+de\s+(?:noter|rappeler|souligner)"
    r"|cabe\s+(?:señalar|recordar|destacar)"
    r"|следует\s+(?:отметить|напомнить|подчеркнуть)"
    r"|تجدر\s+الإشارة"
    r"|值得注意",
    re.IGNORECASE,
)

_SENTENCE_END = re.compile(
    r"(?<=[.!?;])\s+(?=\S)"  # Latin and Cyrillic: a stop, then a space
    r"|(?<=[؟؛])\s*"  # Arabic question mark and semicolon
    r"|(?<=[。！？；])"  # Chinese: full-width stops, no space needed
    r"|\n\s*\n"  # a paragraph break
    r"|\n(?=\s*(?:[-•*–]|\d{1,2}[.)]|\([a-z0-9]{1,3}\))\s)"  # the items of a list
)
_SPACES = re.compile(r"\s+")
_CJK = re.compile(r"[\u3400-\u9fff]")
_QUESTION = re.compile(r"[?？؟]\s*$")


def sentences(text: str) -> list[str]:
    """The text cut into sentences, each on one line, spaces normalised."""
    parts = (_SPACES.sub(" ", part).strip(" -•*–") for part in _SENTENCE_END.split(text or ""))
    return [part.strip() for part in parts if part and part.strip()]


def _long_enough(sentence: str) -> bool:
    minimum = MIN_LENGTH_CJK if _CJK.search(sentence) else MIN_LENGTH
    return minimum <= len(sentence) <= MAX_LENGTH


def find_cue(sentence: str) -> tuple[str, str] | None:
    """(language, wording) of the first cue found in the sentence, or None."""
    if _QUESTION.search(sentence) or NOT_PROPOSALS.search(sentence):
        return None
    for language, pattern in CUES.items():
        match = pattern.search(sentence)
        if match:
            return language, _SPACES.sub(" ", match.group()).strip()[:80]
    return None


def find_proposals(*texts: str, limit: int = MAX_PER_PAPER) -> list[FoundProposal]:
    """The proposals of a paper, from its texts (summary, then body) in order, each sentence once."""
    found: list[FoundProposal] = []
    seen: set[str] = set()
    position = 0
    for text in texts:
        for sentence in sentences(text):
            position += 1
            key = sentence.casefold()
            if key in seen or not _long_enough(sentence):
                continue
            cue = find_cue(sentence)
            if cue is None:
                continue
            seen.add(key)
            found.append(FoundProposal(text=sentence, cue=cue[1], language=cue[0], position=position))
            if len(found) >= limit:
                return found
    return found
