"""What submissions tells the apps above it, which connect in their AppConfig.ready.

Submissions sits below indexing (and the review, publication…) and imports none of them: a
service sends a signal, synchronously and inside its transaction, and whoever cares listens.
Indexing schedules the text extraction of a stored file, refreshes the search titles and
forgets the text of a deleted draft's files.
"""

from django.dispatch import Signal

# A file was stored (version=Version), in the transaction that stored it.
version_stored = Signal()
# A paper's title or sub-items changed (submission=Submission).
submission_changed = Signal()
# These versions are about to be deleted with their draft (version_ids=iterable of ids).
versions_deleted = Signal()
