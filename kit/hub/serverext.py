"""A Jupyter server extension for the student side on the hub: Dutch messages, no tracebacks.

nbgrader's assignment list answers a failed fetch or submit with the Python traceback
(server paths included), which the Assignments panel shows under "Invalid Submission".
This extension makes those answers one Dutch message: the exchange's own message when it
refused (for example the privacy scan's "Je inlevering is NIET verstuurd ..."), otherwise a
short sentence that sends the student to the lecturer. The traceback goes to the server's
log only.

It is switched on in the student role's ``jupyter_server_config.json`` by
``deploy/jupyterhub_config.py`` (``"kit.hub.serverext": true``).

>>> student_message(RuntimeError("/srv/x kapot"), "submit")
'Inleveren is niet gelukt; je werk is niet verstuurd. Probeer het zo nog eens of vraag je docent.'
"""

from __future__ import annotations

import functools

__all__ = ["student_message", "patch_assignment_list", "ACTIONS"]

#: nbgrader's manager methods and how the student names the action.
ACTIONS = {
    "submit_assignment": "submit",
    "fetch_assignment": "fetch",
    "fetch_feedback": "fetch_feedback",
}
#: the listing methods (the Assignments panel and the course list call them on opening)
LISTINGS = ("list_released_assignments", "list_submitted_assignments")
_FAILED = {
    "list": "De opdrachtenlijst kon niet worden geladen: er is voor deze cursus nog niets "
            "vrijgegeven, of de klasserver is nog niet klaar.",
    "submit": "Inleveren is niet gelukt; je werk is niet verstuurd.",
    "fetch": "Ophalen van de opdracht is niet gelukt.",
    "fetch_feedback": "Ophalen van de feedback is niet gelukt.",
}


def student_message(exc: BaseException, action: str) -> str:
    """What the student reads when ``action`` failed with ``exc``: Dutch, no traceback.

    >>> from nbgrader.exchange import ExchangeError
    >>> student_message(ExchangeError("Je inlevering is NIET verstuurd: ..."), "submit")
    'Je inlevering is NIET verstuurd: ...'
    """
    from nbgrader.exchange import ExchangeError

    if isinstance(exc, ExchangeError) and str(exc).strip():
        text = str(exc).strip()
        # the kit's own refusals are Dutch; nbgrader's English ones get a Dutch lead
        if text.startswith(("Je ", "De ", "Geen ", "Er ")):
            return text
        return f"{_FAILED[action]} Melding van nbgrader: {text.splitlines()[-1][:200]}"
    return f"{_FAILED[action]} Probeer het zo nog eens of vraag je docent."


def _wrap(method, action: str):
    @functools.wraps(method)
    def wrapper(self, course_id, assignment_id):
        captured: list[BaseException] = []
        result = _call(method, self, course_id, assignment_id, captured)
        if isinstance(result, dict) and result.get("success") is False:
            result = dict(result)
            result["value"] = (student_message(captured[0], action) if captured
                               else _FAILED[action])
        return result

    wrapper.__iids_wrapped__ = True
    return wrapper


def _call(method, self, course_id, assignment_id, captured, *, listing=False):
    """Run nbgrader's method; remember the exception it turned into a traceback."""
    import nbgrader.server_extensions.assignment_list.handlers as handlers

    real = handlers.traceback.format_exc

    def format_exc(*args, **kwargs):
        import sys

        exc = sys.exc_info()[1]
        if exc is not None and not captured:
            captured.append(exc)
        return real(*args, **kwargs)

    handlers.traceback.format_exc = format_exc
    try:
        if listing:
            return method(self, course_id=course_id)
        return method(self, course_id, assignment_id)
    finally:
        handlers.traceback.format_exc = real


def _wrap_listing(method):
    """nbgrader's listing answers a failure with English ("The exchange directory does not
    exist and could not be created ...") or a traceback: a Dutch sentence instead."""
    @functools.wraps(method)
    def wrapper(self, course_id=None):
        captured: list[BaseException] = []
        result = _call(method, self, course_id, None, captured, listing=True)
        if isinstance(result, dict) and result.get("success") is False:
            result = dict(result)
            text = str(captured[0]).strip() if captured else ""
            ours = text.startswith(("Je ", "De ", "Geen ", "Er ")) and "/" not in text
            result["value"] = (text if ours else
                               f"{_FAILED['list']} Probeer het zo nog eens of vraag je docent.")
        return result

    wrapper.__iids_wrapped__ = True
    return wrapper


def patch_assignment_list() -> None:
    """Make nbgrader's assignment list answer students in Dutch (idempotent)."""
    from nbgrader.server_extensions.assignment_list.handlers import AssignmentList

    for name, action in ACTIONS.items():
        method = getattr(AssignmentList, name)
        if not getattr(method, "__iids_wrapped__", False):
            setattr(AssignmentList, name, _wrap(method, action))
    for name in LISTINGS:
        method = getattr(AssignmentList, name)
        if not getattr(method, "__iids_wrapped__", False):
            setattr(AssignmentList, name, _wrap_listing(method))


def _jupyter_server_extension_points():
    return [{"module": "kit.hub.serverext"}]


def _load_jupyter_server_extension(serverapp) -> None:
    patch_assignment_list()
    serverapp.log.info("IIDS-kit: meldingen van de opdrachtenlijst in het Nederlands")
