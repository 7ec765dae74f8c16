"""Extractions scoped as their papers are (submissions.querysets): drafts are their delegation's alone."""

from django.db import models

from submissions.querysets import visible_submissions_q


class ExtractionQuerySet(models.QuerySet):
    def visible_to(self, user):
        condition = visible_submissions_q(user, "version__submission__")
        return self.none() if condition is None else self.filter(condition)

    def submitted(self):
        """Extractions of papers past the draft: the ones a status page may name."""
        return self.exclude(version__submission__status="draft")

    def drafts(self):
        return self.filter(version__submission__status="draft")
