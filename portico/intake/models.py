"""Intake forms: questions a firm asks on a lead or case, some answered by the client.

A form is edited through versions: a version that a matter has been given is frozen, so the
next edit copies it into a new version and the matter keeps the questions it was asked. An
answer belongs to the matter (a lead's answers follow it into its case) and to the question of
the version the matter was given; every change to it is kept in its history.
"""

from __future__ import annotations

from django.db import models
from django.utils.timezone import now

from portico.core.models import FirmOwned, FirmQuerySet
from portico.matters.models import Authored

NAME_MAX_LENGTH = 200
LABEL_MAX_LENGTH = 300
HELP_MAX_LENGTH = 1000
SECTION_MAX_LENGTH = 120
CHOICE_MAX_LENGTH = 200
ANSWER_MAX_LENGTH = 5000


class QuestionType(models.TextChoices):
    SHORT_TEXT = "short_text", "Short text"
    LONG_TEXT = "long_text", "Long text"
    NUMBER = "number", "Number"
    CURRENCY = "currency", "Amount of money"
    DATE = "date", "Date"
    YES_NO = "yes_no", "Yes or no"
    SINGLE_CHOICE = "single_choice", "One choice"
    MULTIPLE_CHOICE = "multiple_choice", "Several choices"
    EMAIL = "email", "Email address"
    PHONE = "phone", "Phone number"
    ADDRESS = "address", "Postal address"
    FILE = "file", "File (kept in the matter's documents)"


CHOICE_TYPES = {QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE}


class IntakeForm(FirmOwned):
    name = models.CharField(max_length=NAME_MAX_LENGTH)
    created_at = models.DateTimeField(default=now, editable=False)

    objects = FirmQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class IntakeFormVersion(FirmOwned):
    """The questions of a form at one time. Once a matter has it, it never changes."""

    form = models.ForeignKey(IntakeForm, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=now, editable=False)

    objects = FirmQuerySet.as_manager()

    class Meta:
        ordering = ["form", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["form", "number"], name="intake_form_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.form.name} (version {self.number})"


class IntakeQuestion(FirmOwned):
    version = models.ForeignKey(
        IntakeFormVersion, on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=QuestionType.choices)
    label = models.CharField(max_length=LABEL_MAX_LENGTH)
    help_text = models.CharField(max_length=HELP_MAX_LENGTH, blank=True)
    section = models.CharField(max_length=SECTION_MAX_LENGTH, blank=True)
    required = models.BooleanField(default=False)
    # Private questions are the firm's own: never shown to, nor answered by, a client.
    is_private = models.BooleanField(default=False)
    choices = models.JSONField(default=list, blank=True)
    # Shown only when an earlier yes/no or choice question has this answer.
    show_when = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    show_when_value = models.CharField(max_length=CHOICE_MAX_LENGTH, blank=True)

    objects = FirmQuerySet.as_manager()

    class Meta:
        ordering = ["version", "position", "id"]

    def __str__(self) -> str:
        return self.label

    @property
    def show_when_position(self) -> int | None:
        """The position of the earlier question this one depends on, if any."""
        return self.show_when.position if self.show_when_id else None


class MatterIntake(FirmOwned):
    """A form version given to a matter (a lead's, then the case's)."""

    matter = models.ForeignKey("matters.Matter", on_delete=models.CASCADE, related_name="intakes")
    version = models.ForeignKey(IntakeFormVersion, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=now, editable=False)

    objects = FirmQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["matter", "version"], name="intake_attached_once")
        ]

    def __str__(self) -> str:
        return f"{self.version} on matter {self.matter_id}"


class IntakeAnswer(FirmOwned):
    """The current answer to one question on one matter: a text, a list for several choices,
    an object for an address (`answers.ADDRESS_PARTS`), or a document's id for a file.
    Empty means unanswered."""

    matter = models.ForeignKey(
        "matters.Matter", on_delete=models.CASCADE, related_name="intake_answers"
    )
    question = models.ForeignKey(IntakeQuestion, on_delete=models.CASCADE, related_name="answers")
    value = models.JSONField(default=str)
    updated_at = models.DateTimeField(default=now)
    updated_by = models.CharField(max_length=200, blank=True)

    objects = FirmQuerySet.as_manager()

    class Meta:
        ordering = ["question__position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["matter", "question"], name="intake_answer_once")
        ]

    def __str__(self) -> str:
        return f"Answer to “{self.question.label}”"


class IntakeAnswerChange(Authored):
    """One change to an answer: who, when, before and after. When two people change the same
    answer, the later one wins and both changes stay here."""

    answer = models.ForeignKey(IntakeAnswer, on_delete=models.CASCADE, related_name="history")
    before = models.JSONField(default=str)
    after = models.JSONField(default=str)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Change by {self.author_name}"
