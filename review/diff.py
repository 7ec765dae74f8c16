"""What changed between two versions' extracted texts, as blocks a template can show.

Lines are compared first (difflib.SequenceMatcher); a changed run of lines is then compared
word by word, so that a reworded sentence shows the words that changed rather than two
whole paragraphs. Long unchanged runs are folded, keeping a little context around changes.
"""

import difflib
from dataclasses import dataclass, field

CONTEXT_LINES = 2


@dataclass
class Segment:
    kind: str  # "equal", "insert" or "delete"
    text: str


@dataclass
class Block:
    kind: str  # "equal", "insert", "delete", "replace" or "skipped"
    segments: list[Segment] = field(default_factory=list)
    skipped: int = 0  # unchanged lines folded away


@dataclass
class TextDiff:
    blocks: list[Block]
    words_added: int = 0
    words_removed: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.words_added or self.words_removed)


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]


def _word_segments(old: str, new: str) -> tuple[list[Segment], int, int]:
    a, b = old.split(), new.split()
    segments: list[Segment] = []
    added = removed = 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            segments.append(Segment("equal", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            segments.append(Segment("delete", " ".join(a[i1:i2])))
            removed += i2 - i1
        if j2 > j1:
            segments.append(Segment("insert", " ".join(b[j1:j2])))
            added += j2 - j1
    return segments, added, removed


def text_diff(old_text: str, new_text: str, *, context: int = CONTEXT_LINES) -> TextDiff:
    old, new = _lines(old_text), _lines(new_text)
    blocks: list[Block] = []
    added = removed = 0
    opcodes = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            lines = old[i1:i2]
            head = lines[:context] if index > 0 else []
            tail = lines[-context:] if index < len(opcodes) - 1 else []
            if len(head) + len(tail) >= len(lines):
                blocks.extend(Block("equal", [Segment("equal", line)]) for line in lines)
                continue
            blocks.extend(Block("equal", [Segment("equal", line)]) for line in head)
            blocks.append(Block("skipped", skipped=len(lines) - len(head) - len(tail)))
            blocks.extend(Block("equal", [Segment("equal", line)]) for line in tail)
        elif tag == "insert":
            for line in new[j1:j2]:
                blocks.append(Block("insert", [Segment("insert", line)]))
                added += len(line.split())
        elif tag == "delete":
            for line in old[i1:i2]:
                blocks.append(Block("delete", [Segment("delete", line)]))
                removed += len(line.split())
        else:
            # As many lines on each side: compare them in pairs, so paragraphs keep their breaks.
            pairs = (
                list(zip(old[i1:i2], new[j1:j2], strict=True))
                if i2 - i1 == j2 - j1
                else [("\n".join(old[i1:i2]), "\n".join(new[j1:j2]))]
            )
            for before, after in pairs:
                segments, plus, minus = _word_segments(before, after)
                blocks.append(Block("replace" if plus or minus else "equal", segments))
                added += plus
                removed += minus
    return TextDiff(blocks=blocks, words_added=added, words_removed=removed)


def revisions_to_compare(versions: list) -> tuple:
    """The newest file and the latest earlier revision in its language, to compare by default.

    A translation is not a change: the French text of revision 2 is compared with the French
    text of revision 1, never with the English text it translates. None when there is none.
    """
    if not versions:
        return None, None
    new = versions[-1]
    earlier = [v for v in versions if v.language == new.language and v.revision < new.revision]
    return (max(earlier, key=lambda v: (v.revision, v.number)) if earlier else None), new
