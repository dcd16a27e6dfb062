"""Errors that services raise and every front end (pages, API, CLI) turns into a clear message."""


class TongxinError(Exception):
    """Base of the domain errors; the message is already translated for the user."""


class PermissionDenied(TongxinError):
    """The user lacks the permission, or the case is outside the user's jurisdiction."""


class ValidationFailed(TongxinError):
    """The input of an action is incomplete or inconsistent."""
