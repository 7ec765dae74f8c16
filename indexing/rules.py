"""Who searches the text of papers and who watches the indexing."""

import rules

from accounts.rules import is_reviewer, is_secretariat

rules.add_perm("indexing.search_submissions", is_reviewer)


@rules.predicate
def may_open_the_duplicate(user, extraction) -> bool:
    """The earlier identical file may be another delegation's draft: its title and link are not for reviewers."""
    duplicate = getattr(extraction, "duplicate_of", None)
    return duplicate is not None and rules.has_perm("submissions.view_submission", user, duplicate)


# The notice "identical to a file already uploaded" on a version (the object: its extraction).
rules.add_perm("indexing.see_duplicate", is_reviewer & may_open_the_duplicate)
rules.add_perm("indexing.view_status", is_secretariat)
rules.add_perm("indexing.reindex", is_secretariat)
