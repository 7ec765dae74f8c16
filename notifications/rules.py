"""Who reads which messages: everyone their own; the Secretariat the outbox."""

import rules

from accounts.rules import is_active, is_secretariat

rules.add_perm("notifications.view_own_messages", is_active)
rules.add_perm("notifications.view_outbox", is_secretariat)
rules.add_perm("notifications.resend_message", is_secretariat)
# The mail server's answer to a failed message names addresses and hosts: the outbox's business.
rules.add_perm("notifications.see_delivery_errors", is_secretariat)
