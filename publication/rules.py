"""Publishing is the Secretariat's: a paper accepted in review becomes public with its reference."""

import rules

from accounts.rules import is_secretariat
from submissions.rules import is_draft

rules.add_perm("publication.publish_submission", is_secretariat & ~is_draft)
rules.add_perm("publication.unpublish_submission", is_secretariat & ~is_draft)
