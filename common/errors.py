"""One error for every refused action, and one way to show it.

A service that refuses (the deadline has passed, the paper is not in a state that allows it,
the person may not do it) raises a subclass of ``ActionRefused`` with a message for the person.
A page shows that message (``show_refusal``); an API answers with the error's status and the
same message as JSON (``refusal_response``), so that both say the same thing.

- 400: the request itself is wrong (a value that is not acceptable, a missing reason);
- 403: this person may not do this, whatever the state;
- 409: the action conflicts with the current state (a closed deadline, a paper already published).
"""

from django.contrib import messages
from django.http import JsonResponse


class ActionRefused(Exception):
    """A rule refused the action; ``str(error)`` is the message for the person."""

    status = 400

    def __init__(self, message="", *, status: int | None = None):
        super().__init__(message)
        if status is not None:
            self.status = status

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""

    @property
    def code(self) -> str:
        """A stable name for API clients: the class name in snake case (``transition_not_allowed``)."""
        name = type(self).__name__
        return "".join(f"_{c.lower()}" if c.isupper() and i else c.lower() for i, c in enumerate(name))


class NotAllowed(ActionRefused):
    """This person may not do this."""

    status = 403


class Conflict(ActionRefused):
    """The action does not fit the current state of the thing."""

    status = 409


def show_refusal(request, error: ActionRefused) -> None:
    """The refusal as an error message on the next page the person sees."""
    messages.error(request, error.message)


def refusal_body(error: ActionRefused) -> dict:
    return {"detail": error.message, "code": error.code, "status": error.status}


def refusal_response(error: ActionRefused) -> JsonResponse:
    """The refusal as the API answers it: its status, with the message in a JSON body."""
    return JsonResponse(refusal_body(error), status=error.status)


def api_exception_handler(exc, context):
    """Django REST framework's exception handler, which also answers ActionRefused (set it as
    REST_FRAMEWORK["EXCEPTION_HANDLER"] = "common.errors.api_exception_handler")."""
    from rest_framework.response import Response
    from rest_framework.views import exception_handler

    if isinstance(exc, ActionRefused):
        return Response(refusal_body(exc), status=exc.status)
    return exception_handler(exc, context)
