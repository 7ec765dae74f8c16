from .cosponsors import cancel_invitation, invite_cosponsor, respond_to_invitation
from .files import download_version
from .pages import create, detail, discard, edit, home, submission_list, submit, upload_version, withdraw

__all__ = [
    "cancel_invitation",
    "create",
    "detail",
    "discard",
    "download_version",
    "edit",
    "home",
    "invite_cosponsor",
    "respond_to_invitation",
    "submission_list",
    "submit",
    "upload_version",
    "withdraw",
]
