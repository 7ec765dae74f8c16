"""The stable address of a published paper: see publication.references, where the reference lives."""

from publication.references import reference_for, slug_for

__all__ = ["reference_for", "slug_for"]
