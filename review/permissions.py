"""Who reaches the dashboard: the Chair's team, the Secretariat and site administrators."""

from accounts.decorators import reviewer_required, secretariat_required

__all__ = ["reviewer_required", "secretariat_required"]
