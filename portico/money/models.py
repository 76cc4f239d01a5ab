"""Money on a case: invoices and their lines, payments into the operating account, and the
trust ledger per case and client.

Amounts are integers of minor units (cents) in the case's currency. Payments and trust entries
are posted once and never change: a correction is a reversal, a new entry pointing at the one
it undoes. The models refuse to save a posted row again or delete it, and on PostgreSQL a
trigger refuses it too (`migrations/0003_posted_rows_never_change.py`), whatever code asks.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.timezone import now

from portico.core.models import FirmOwned, FirmQuerySet

DESCRIPTION_MAX_LENGTH = 300
REFERENCE_MAX_LENGTH = 255
NOTE_MAX_LENGTH = 2000


class PostedRowChanged(Exception):
    """Someone tried to change or delete a posted payment or trust entry."""


class Method(models.TextChoices):
    CARD = "card", "Card"
    CHECK = "check", "Check"
    WIRE = "wire", "Wire transfer"
    OTHER = "other", "Other"


class PostedQuerySet(FirmQuerySet):
    """Posted rows are written once: bulk updates and deletes are refused like single ones."""

    def update(self, **kwargs):
        raise PostedRowChanged("Posted money never changes: post a reversal instead.")

    def delete(self):
        raise PostedRowChanged("Posted money is never deleted: post a reversal instead.")


class Posted(FirmOwned):
    objects = PostedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PostedRowChanged("Posted money never changes: post a reversal instead.")
        kwargs["force_insert"] = True
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PostedRowChanged("Posted money is never deleted: post a reversal instead.")


class Counter(FirmOwned):
    """The last number given per firm and series (invoice numbers, receipt numbers)."""

    series = models.CharField(max_length=20)
    last = models.BigIntegerField(default=0)

    objects = FirmQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["firm", "series"], name="money_counter_once")
        ]


class Invoice(FirmOwned):
    """A bill to one client of a case: a draft until issued (then numbered, dated and fixed),
    paid once nothing is owed, or void."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ISSUED = "issued", "Issued"
        PAID = "paid", "Paid"
        VOID = "void", "Void"

    case = models.ForeignKey("matters.Case", on_delete=models.PROTECT, related_name="invoices")
    contact = models.ForeignKey(
        "clients.Contact", on_delete=models.PROTECT, related_name="invoices"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    currency = models.CharField(max_length=3)
    number = models.CharField(max_length=20, blank=True)
    issued_on = models.DateField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True)
    # The firm's own note; never shown to the client.
    internal_note = models.TextField(blank=True)
    void_reason = models.CharField(max_length=DESCRIPTION_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(default=now, editable=False)
    issued_at = models.DateTimeField(null=True, blank=True)
    voided_at = models.DateTimeField(null=True, blank=True)

    objects = FirmQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["firm", "number"], condition=~Q(number=""), name="invoice_number_once"
            )
        ]

    def __str__(self) -> str:
        return f"Invoice {self.number}" if self.number else "Draft invoice"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.ISSUED


class InvoiceLine(FirmOwned):
    class Kind(models.TextChoices):
        FEE = "fee", "Fee"
        EXPENSE = "expense", "Expense"

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.FEE)
    description = models.CharField(max_length=DESCRIPTION_MAX_LENGTH)
    amount_minor = models.BigIntegerField()
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=now, editable=False)

    objects = FirmQuerySet.as_manager()

    class Meta:
        ordering = ["position", "created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_minor__gt=0), name="invoice_line_positive")
        ]

    def __str__(self) -> str:
        return self.description


class Payment(Posted):
    """Money received into the operating account against an issued invoice."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="payments")
    case = models.ForeignKey("matters.Case", on_delete=models.PROTECT, related_name="+")
    contact = models.ForeignKey("clients.Contact", on_delete=models.PROTECT, related_name="+")
    amount_minor = models.BigIntegerField()
    currency = models.CharField(max_length=3)
    method = models.CharField(max_length=8, choices=Method.choices)
    # Unique per firm: a retried click or a webhook delivered twice finds the first payment.
    reference = models.CharField(max_length=REFERENCE_MAX_LENGTH)
    receipt_number = models.CharField(max_length=20)
    received_at = models.DateTimeField(default=now)
    posted_at = models.DateTimeField(default=now, editable=False)
    recorded_by = models.CharField(max_length=200)

    class Meta:
        ordering = ["received_at", "posted_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["firm", "reference"], name="payment_reference_once"),
            models.UniqueConstraint(fields=["firm", "receipt_number"], name="receipt_number_once"),
            models.CheckConstraint(condition=Q(amount_minor__gt=0), name="payment_positive"),
        ]

    def __str__(self) -> str:
        return f"Payment {self.receipt_number}"


class TrustBalance(FirmOwned):
    """One client's trust balance on one case: the row every posting locks first, so two
    postings at once wait for each other and the balance never goes below zero."""

    case = models.ForeignKey("matters.Case", on_delete=models.PROTECT, related_name="+")
    contact = models.ForeignKey("clients.Contact", on_delete=models.PROTECT, related_name="+")
    balance_minor = models.BigIntegerField(default=0)
    currency = models.CharField(max_length=3)

    objects = FirmQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "contact"], name="trust_balance_once"),
            models.CheckConstraint(
                condition=Q(balance_minor__gte=0), name="trust_balance_not_negative"
            ),
        ]


class TrustEntry(Posted):
    """One line of a client's trust ledger on a case. `delta_minor` is what it did to the
    balance: + for a deposit, - for an application or refund, and a reversal the opposite of
    the entry it reverses."""

    class Kind(models.TextChoices):
        DEPOSIT = "deposit", "Deposit"
        APPLICATION = "application", "Applied to an invoice"
        REFUND = "refund", "Refund"
        REVERSAL = "reversal", "Reversal"

    case = models.ForeignKey("matters.Case", on_delete=models.PROTECT, related_name="+")
    contact = models.ForeignKey("clients.Contact", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    amount_minor = models.BigIntegerField()
    delta_minor = models.BigIntegerField()
    currency = models.CharField(max_length=3)
    method = models.CharField(max_length=8, choices=Method.choices, blank=True)
    # Deposits: unique per firm, like a payment's. Staff forms send one per form shown.
    reference = models.CharField(max_length=REFERENCE_MAX_LENGTH, blank=True)
    receipt_number = models.CharField(max_length=20, blank=True)
    invoice = models.ForeignKey(
        Invoice, null=True, blank=True, on_delete=models.PROTECT, related_name="trust_entries"
    )
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )
    memo = models.CharField(max_length=DESCRIPTION_MAX_LENGTH, blank=True)
    received_at = models.DateTimeField(default=now)
    posted_at = models.DateTimeField(default=now, editable=False)
    recorded_by = models.CharField(max_length=200)

    class Meta:
        ordering = ["posted_at", "id"]
        verbose_name_plural = "trust entries"
        constraints = [
            models.UniqueConstraint(
                fields=["firm", "reference"],
                condition=~Q(reference=""),
                name="trust_reference_once",
            ),
            models.CheckConstraint(condition=Q(amount_minor__gt=0), name="trust_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.receipt_number or ''}".strip()
