"""The stable address of a published paper, built from its portal reference.

References hold slashes (``OEWG/2024/WP.7``), which cannot sit in one path segment. A
slash becomes a hyphen and a hyphen is doubled, so ``OEWG/2024/WP.7`` is read at
``/papers/OEWG-2024-WP.7/`` and the address turns back into the reference without a
lookup table: the reference itself (unique, indexed) finds the paper. It lives with the
reference so that this app's mail can link to the public page (publicsite.references re-exports it).
"""

import re


def slug_for(reference: str) -> str:
    return reference.replace("-", "--").replace("/", "-")


def reference_for(slug: str) -> str:
    # Runs of hyphens: pairs are hyphens of the reference, an odd one left over is a slash.
    def run(match: re.Match) -> str:
        hyphens = len(match.group())
        return "-" * (hyphens // 2) + ("/" if hyphens % 2 else "")

    return re.sub(r"-+", run, slug)
