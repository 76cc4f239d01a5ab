"""Audit verbs: each app declares what it records, as a typed choice with the words the trail
shows, like Zulip's `AuditLogEventType`. The stored value is the choice's string."""

from __future__ import annotations

from django.db import models

_labels: dict[str, str] = {}


class AuditVerb(models.TextChoices):
    """Base of every app's verbs. Subclass it in the app's `events.py` and decorate with
    `@audit_verbs`; `record_audit` refuses anything else."""


def audit_verbs[T: type[AuditVerb]](choices: T) -> T:
    for verb in choices:
        if _labels.get(verb.value, verb.label) != verb.label:
            raise ValueError(f"the audit verb {verb.value} is declared twice")
        _labels[verb.value] = verb.label
    return choices


def verb_label(verb: str) -> str:
    """How the trail reads a verb on a page; one no app declares is shown as it is."""
    return _labels.get(verb, verb)


def declared_verbs() -> dict[str, str]:
    return dict(_labels)
