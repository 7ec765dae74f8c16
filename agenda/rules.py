"""Sessions, deadlines and extensions are the Secretariat's."""

import rules

from accounts.rules import is_secretariat

rules.add_perm("agenda.manage_deadlines", is_secretariat)
