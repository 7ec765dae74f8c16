"""Who may build and read compendia: the Chair's team and the Secretariat; administrators delete old ones.

A compendium gathers submitted papers that are not public yet (when the team includes more than
published ones), so it is for the reviewers alone, as the review queue is.
"""

import rules

from accounts.rules import is_administrator, is_reviewer

rules.add_perm("compendium.view_compendium", is_reviewer)
rules.add_perm("compendium.build_compendium", is_reviewer)
# Cancelling a build and ticking its proposals: any member of the team, not only the one who started it.
rules.add_perm("compendium.change_compendium", is_reviewer)
rules.add_perm("compendium.delete_compendium", is_administrator)
