"""Reading single values from hand-editable records (agreements, comments): text, choices and
dates, each either read or None, so the caller can say plainly what is wrong."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any, TypeVar

Choice = TypeVar("Choice", bound=StrEnum)


def text_value(value: Any) -> str | None:
    """A short piece of text (a number counts as text), trimmed; None when missing or empty."""
    if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
        return str(value).strip()
    return None


def choice(kind: type[Choice], value: Any) -> Choice | None:
    """One of an enumeration's values, or None when missing or not one of them."""
    try:
        return kind(str(value).strip()) if value is not None else None
    except ValueError:
        return None


def moment(value: Any) -> datetime | None:
    """A time written as ISO text ('2025-03-03T14:20:00+00:00'); without a zone, UTC."""
    try:
        found = datetime.fromisoformat(str(value)) if value is not None else None
    except ValueError:
        return None
    return found if found is None or found.tzinfo else found.replace(tzinfo=UTC)


def day(value: Any) -> date | None:
    """A day written as 'YYYY-MM-DD'."""
    try:
        return date.fromisoformat(str(value)) if value is not None else None
    except ValueError:
        return None


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def day_words(moment_or_day: date) -> str:
    """A date as people write it: '3 March 2025' (in English on every computer, whatever its
    language settings)."""
    return f"{moment_or_day.day} {_MONTHS[moment_or_day.month - 1]} {moment_or_day.year}"
