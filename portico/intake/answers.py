"""Validation of an answer by its question's type: the one place that says what an answer may
be, in plain words. Actions call `clean_value`; nothing else parses answers."""

from __future__ import annotations

import datetime
import re
import uuid
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from portico.clients.phones import COUNTRIES, normalize_phone
from portico.core.money import to_minor_units
from portico.intake.models import ANSWER_MAX_LENGTH, IntakeQuestion, QuestionType

type Value = str | list[str] | dict

SHORT_MAX_LENGTH = 300
_NUMBER = re.compile(r"-?[0-9]{1,15}(\.[0-9]{1,6})?")

# An address answer: up to three street lines, then the town, region, postal code and country.
ADDRESS_LINES = 3
ADDRESS_PARTS = ("lines", "city", "region", "postal_code", "country")
ADDRESS_LIMITS = {"line": 200, "city": 100, "region": 100, "postal_code": 20}
_POSTAL_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9 -]*")
_US_ZIP = re.compile(r"[0-9]{5}(-[0-9]{4})?")


def _clean_address(raw: object) -> dict | str:
    """An address as `{"lines": [...], "city", "region", "postal_code", "country"}`; `""`
    when every part is blank; ValueError naming every part that is wrong."""
    if raw in (None, ""):
        return ""
    if not isinstance(raw, dict) or not set(raw) <= set(ADDRESS_PARTS):
        raise ValueError("Send the address as lines, city, region, postal_code and country.")
    lines = raw.get("lines", [])
    if isinstance(lines, str):
        lines = lines.splitlines()
    parts = [raw.get(k, "") for k in ADDRESS_PARTS[1:]]
    if not isinstance(lines, list) or not all(isinstance(p, str) for p in [*lines, *parts]):
        raise ValueError("Send each part of the address as text.")
    lines = [line.strip() for line in lines if line.strip()]
    city, region, postal_code, country = (p.strip() for p in parts)
    country = country.upper()
    if not (lines or city or region or postal_code):
        return ""
    problems = []
    if not lines:
        problems.append("Enter the street address.")
    elif len(lines) > ADDRESS_LINES:
        problems.append(f"Use at most {ADDRESS_LINES} lines for the street address.")
    elif any(len(line) > ADDRESS_LIMITS["line"] for line in lines):
        problems.append(f"Keep each street line to {ADDRESS_LIMITS['line']} characters or fewer.")
    if not city:
        problems.append("Enter the city or town.")
    elif len(city) > ADDRESS_LIMITS["city"]:
        problems.append(f"Keep the city to {ADDRESS_LIMITS['city']} characters or fewer.")
    if len(region) > ADDRESS_LIMITS["region"]:
        problems.append(f"Keep the region to {ADDRESS_LIMITS['region']} characters or fewer.")
    if country not in COUNTRIES:
        problems.append("Enter a two-letter country code, like US or GB.")
    if postal_code:
        if len(postal_code) > ADDRESS_LIMITS["postal_code"] or not _POSTAL_CODE.fullmatch(
            postal_code
        ):
            problems.append("Enter the postal code with letters, digits and spaces only.")
        elif country == "US" and not _US_ZIP.fullmatch(postal_code):
            problems.append("Enter a ZIP code of five digits, like 94110 or 94110-1234.")
    if problems:
        raise ValueError(" ".join(problems))
    return {
        "lines": lines,
        "city": city,
        "region": region,
        "postal_code": postal_code.upper(),
        "country": country,
    }


def address_lines(value: object) -> list[str]:
    """An address answer as it is written on an envelope: the street lines, then "Springfield,
    IL 62701", then the country."""
    if not isinstance(value, dict):
        return [str(value)] if value else []
    place = " ".join(p for p in (value.get("region", ""), value.get("postal_code", "")) if p)
    town = ", ".join(p for p in (value.get("city", ""), place) if p)
    return [p for p in (*value.get("lines", []), town, value.get("country", "")) if p]


def answer_text(value: object) -> str:
    """Any stored answer on one line: several choices joined, an address's lines joined."""
    if isinstance(value, dict):
        return ", ".join(address_lines(value))
    if isinstance(value, list):
        return ", ".join(value)
    return str(value or "")


def clean_value(question: IntakeQuestion, raw: object) -> Value:
    """The answer as stored (`""` or `[]` when cleared), or ValueError saying what is wrong."""
    kind = question.kind
    if "\x00" in str(raw):  # PostgreSQL cannot store a NUL character in text or JSON
        raise ValueError("Remove the invisible control character from the answer.")
    if kind == QuestionType.ADDRESS:
        return _clean_address(raw)
    if kind == QuestionType.MULTIPLE_CHOICE:
        items = raw if isinstance(raw, list) else ([raw] if raw not in (None, "") else [])
        if not all(isinstance(i, str) for i in items):
            raise ValueError("Choose from the choices offered.")
        offered = list(question.choices)
        for item in items:
            if item not in offered:
                raise ValueError(f"“{item[:60]}” is not one of the choices. Choose from the list.")
        return [c for c in offered if c in items]
    if isinstance(raw, list | dict) or not isinstance(raw, str | int | float | type(None)):
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
    if kind == QuestionType.FILE:
        # Which document it may be (on this matter, seen by whoever answers) is the action's
        # to check: it needs the matter.
        try:
            return str(uuid.UUID(text))
        except ValueError as exc:
            raise ValueError(
                "Upload the file, or send the id of a document on this matter."
            ) from exc
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
