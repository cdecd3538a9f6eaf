"""Coded errors. A bad call or configuration raises one of these with a message saying what to do.

Codes are stable so that users can search for them; the CLI prints `Error: [E###] message`.
"""

from __future__ import annotations


class TocsinError(Exception):
    """Base of tocsin's errors; `code` is a stable identifier such as "E001"."""

    code = "E000"

    def __init__(self, message: str) -> None:
        super().__init__(f"[{self.code}] {message}")
        self.message = message


class InputNotFound(TocsinError):
    code = "E001"


class UnreadableInput(TocsinError):
    code = "E002"


class EmptyInput(TocsinError):
    code = "E003"


class DatabaseNotWritable(TocsinError):
    code = "E010"


class DatabaseTooNew(TocsinError):
    code = "E011"


class DatabaseCorrupt(TocsinError):
    code = "E012"


class UnknownIncident(TocsinError):
    code = "E020"


class BadOption(TocsinError):
    code = "E030"


class GoldFormatError(TocsinError):
    code = "E040"


class GazetteerError(TocsinError):
    code = "E050"


# Errors of the HTTP API (tocsin serve), answered as JSON with these codes.
class NotFound(TocsinError):
    code = "E060"


class Unauthorized(TocsinError):
    code = "E061"


class PayloadTooLarge(TocsinError):
    code = "E062"


class DatabaseUnavailable(TocsinError):
    code = "E063"


class MethodNotAllowed(TocsinError):
    code = "E064"


# Errors of `tocsin watch` and its alert rules.
class AlertRulesUnreadable(TocsinError):
    code = "E070"


class AlertRuleInvalid(TocsinError):
    code = "E071"


class AlertOutputInvalid(TocsinError):
    code = "E072"


class WatchSourceInvalid(TocsinError):
    code = "E073"
