"""Who searches the text of papers and who watches the indexing."""

import rules

from accounts.rules import is_reviewer, is_secretariat

rules.add_perm("indexing.search_submissions", is_reviewer)
rules.add_perm("indexing.see_duplicates", is_reviewer)
rules.add_perm("indexing.view_status", is_secretariat)
rules.add_perm("indexing.reindex", is_secretariat)
