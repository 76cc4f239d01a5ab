"""Validation of an answer by its question's type: the one place that says what an answer may
be, in plain words. Actions call `clean_value`; nothing else parses answers."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from portico.clients.phones import normalize_phone
from portico.core.money import to_minor_units
from portico.intake.models import ANSWER_MAX_LENGTH, IntakeQuestion, QuestionType

type Value = str | list[str]

SHORT_MAX_LENGTH = 300
_NUMBER = re.compile(r"-?[0-9]{1,15}(\.[0-9]{1,6})?")


def clean_value(question: IntakeQuestion, raw: object) -> Value:
    """The answer as stored (`""` or `[]` when cleared), or ValueError saying what is wrong."""
    kind = question.kind
    if "\x00" in str(raw):  # PostgreSQL cannot store a NUL character in text or JSON
        raise ValueError("Remove the invisible control character from the answer.")
    if kind == QuestionType.MULTIPLE_CHOICE:
        items = raw if isinstance(raw, list) else ([raw] if raw not in (None, "") else [])
        if not all(isinstance(i, str) for i in items):
            raise ValueError("Choose from the choices offered.")
        offered = list(question.choices)
        for item in items:
            if item not in offered:
                raise ValueError(f"“{item[:60]}” is not one of the choices. Choose from the list.")
        return [c for c in offered if c in items]
    if isinstance(raw, list) or not isinstance(raw, str | int | float | type(None)):
        raise ValueError("Enter one answer.")
    text = "" if raw is None else str(raw).strip()
    if not text:
        return ""
    if kind == QuestionType.SHORT_TEXT:
        if len(text) > SHORT_MAX_LENGTH:
            raise ValueError(f"Keep it to {SHORT_MAX_LENGTH} characters or fewer.")
        return text
    if kind == QuestionType.LONG_TEXT:
        if len(text) > ANSWER_MAX_LENGTH:
            raise ValueError(f"Keep it to {ANSWER_MAX_LENGTH} characters or fewer.")
        return text
    if kind == QuestionType.NUMBER:
        cleaned = text.replace(",", "")
        if not _NUMBER.fullmatch(cleaned):
            raise ValueError("Enter a number, like 3 or 2.5, with digits only.")
        try:
            return str(Decimal(cleaned).normalize() if "." in cleaned else int(cleaned))
        except InvalidOperation as exc:  # pragma: no cover - the pattern allows none
            raise ValueError("Enter a number, like 3 or 2.5.") from exc
    if kind == QuestionType.CURRENCY:
        minor = to_minor_units(text, "USD")
        return f"{minor // 100}.{minor % 100:02d}"
    if kind == QuestionType.DATE:
        try:
            return datetime.date.fromisoformat(text).isoformat()
        except ValueError as exc:
            raise ValueError("Enter a real date, like 2026-03-31.") from exc
    if kind == QuestionType.YES_NO:
        if text not in {"yes", "no"}:
            raise ValueError("Answer yes or no.")
        return text
    if kind == QuestionType.SINGLE_CHOICE:
        if text not in question.choices:
            raise ValueError(f"“{text[:60]}” is not one of the choices. Choose from the list.")
        return text
    if kind == QuestionType.EMAIL:
        try:
            validate_email(text)
        except ValidationError as exc:
            raise ValueError("Enter an email address like name@example.com.") from exc
        return text
    if kind == QuestionType.PHONE:
        return normalize_phone(text, "US")
    raise ValueError("This question cannot be answered.")  # pragma: no cover


def is_answered(value: Value) -> bool:
    return bool(value)


def is_shown(question: IntakeQuestion, answers: dict) -> bool:
    """A question with a condition is shown only when the earlier question has that answer.
    `answers` maps question ids to stored values."""
    if question.show_when_id is None:
        return True
    given = answers.get(question.show_when_id, "")
    if isinstance(given, list):
        return question.show_when_value in given
    return given == question.show_when_value
