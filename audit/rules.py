"""Reading the audit log: entries about drafts are for administrators alone."""

import rules

from accounts.rules import is_administrator

rules.add_perm("audit.view_private_entries", is_administrator)
