"""The portal API shows a client what is theirs to see and nothing the firm keeps to itself.

Every field of every schema in the portal's OpenAPI document is listed here on purpose: a new
one fails this test until someone decides a client may see it. No field the staff API marks
staff-only may appear in the portal under the same name, and no portal schema is (or inherits
from) a staff schema, so a field added for staff can never reach a client by reuse.
"""

from __future__ import annotations

import pydantic

from portico.config.api import portal_api, staff_api
from portico.testing.openapi import published_document

# What a client may see and send, schema by schema. Add to it only what a client should see.
PORTAL_FIELDS = {
    "MeOut": {
        "id",
        "display_name",
        "first_name",
        "middle_name",
        "last_name",
        "organization_name",
        "date_of_birth",
        "identification",
        "emails",
        "phones",
        "addresses",
    },
    "MePatch": {
        "first_name",
        "middle_name",
        "last_name",
        "organization_name",
        "date_of_birth",
        "identification",
        "emails",
        "phones",
        "addresses",
    },
    "YourEmailOut": {"id", "address", "label", "is_primary", "is_contactable"},
    "YourEmailIn": {"id", "address", "label", "is_primary", "is_contactable"},
    "YourPhoneOut": {"id", "number", "label", "is_primary"},
    "YourPhoneIn": {"id", "number", "label", "is_primary"},
    "YourAddressOut": {
        "id",
        "line1",
        "line2",
        "city",
        "region",
        "postal_code",
        "country",
        "label",
        "is_primary",
    },
    "YourAddressIn": {
        "id",
        "line1",
        "line2",
        "city",
        "region",
        "postal_code",
        "country",
        "label",
        "is_primary",
    },
    "YourIdentificationOut": {"document_type", "number_masked", "issuer", "expires_on"},
    "YourIdentificationIn": {"document_type", "number", "issuer", "expires_on"},
    "MatterOut": {"id", "kind", "title", "stage", "opened_on", "latest_update"},
    "MattersOut": {"cases", "leads"},
    "MatterDetailOut": {
        "id",
        "kind",
        "title",
        "stage",
        "opened_on",
        "latest_update",
        "timeline",
        "messages",
    },
    "TimelineItemOut": {"at", "kind", "text", "by"},
    "MessageOut": {"id", "at", "by", "mine", "body"},
    "MessageIn": {"body"},
    "YourDocumentOut": {
        "id",
        "name",
        "size",
        "at",
        "mine",
        "downloadable",
        "scan",
        "download_url",
    },
    "YourDocumentsOut": {"documents"},
    # intake: never `is_private` (a private question is left out altogether), nor history
    "YourQuestionOut": {
        "id",
        "kind",
        "label",
        "help_text",
        "section",
        "required",
        "choices",
        "answer",
        # a file answer's document: only the client's own upload, or one shared with them
        "file",
    },
    "AddressAnswer": {"lines", "city", "region", "postal_code", "country"},
    "AnswerFileOut": {"id", "name"},
    "YourIntakeFormOut": {"name", "remaining", "questions"},
    "YourIntakeOut": {"forms", "remaining"},
    "YourAnswerIn": {"value"},
    "YourAnswerOut": {"question_id", "answer", "saved_at"},
    "NotFoundOut": {"detail"},
    "ValidationErrorOut": {"detail", "errors"},
    "YourInvoiceLineOut": {"description", "kind", "amount"},
    "YourInvoiceOut": {
        "id",
        "number",
        "status",
        "currency",
        "issued_on",
        "due_on",
        "total",
        "paid",
        "balance",
        "lines",
    },
    "YourInvoicesOut": {
        "currency",
        "summary",
        "owed",
        "trust_balance",
        "minimum_trust_balance",
        "trust_shortfall",
        "invoices",
    },
    "YourHistoryItemOut": {
        "at",
        "kind",
        "description",
        "amount",
        "trust_balance",
        "invoice_id",
        "payment_id",
        "receipt_number",
    },
    "YourFinancialHistoryOut": {"currency", "summary", "trust_balance", "items"},
    # Pay Now and Fund Now (portico/payments/schemas.py): the client's own checkout
    "YourCheckoutIn": {"amount", "idempotency_key"},
    "YourCheckoutOut": {"attempt_id", "checkout_url", "amount", "currency"},
}
# Error bodies are the same for both APIs and say nothing about anyone's data.
# Shapes both APIs share, with no staff-only field: errors, and an intake answer's value.
SHARED_MODULES = {"portico.api.errors", "portico.intake.schemas"}
# Portal-only shapes kept by an app above the portal (the portal app cannot import it).
PORTAL_ONLY_MODULES = {"portico.payments.schemas"}


def _components(api, prefix: str) -> dict:
    return published_document(api, prefix)["components"]["schemas"]


def _staff_only_names() -> set[str]:
    """Property names the staff API marks `x-staff-only`, anywhere in its document."""
    names = set()
    for component in _components(staff_api, "/api/v1/").values():
        for name, prop in component.get("properties", {}).items():
            if prop.get("x-staff-only"):
                names.add(name)
    return names


def test_every_portal_field_is_one_a_client_may_see():
    found = {
        name: set(component.get("properties", {}))
        for name, component in _components(portal_api, "/portal/api/v1/").items()
    }
    assert found == PORTAL_FIELDS


def test_no_field_the_firm_keeps_to_itself_appears_in_the_portal():
    staff_only = _staff_only_names()
    # the marker is really used (otherwise this test would pass on nothing)
    assert {"notes", "billing", "private", "parties", "portal_status"} <= staff_only
    for name, component in _components(portal_api, "/portal/api/v1/").items():
        leaked = staff_only & set(component.get("properties", {}))
        assert not leaked, f"{name} shows staff-only {sorted(leaked)} to clients"


def _schemas_in(annotation, seen: set) -> None:
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        if annotation in seen:
            return
        seen.add(annotation)
        for base in annotation.__mro__:
            if issubclass(base, pydantic.BaseModel) and base.__module__.startswith("portico"):
                seen.add(base)
        for field in annotation.model_fields.values():
            _schemas_in(field.annotation, seen)
    for arg in getattr(annotation, "__args__", ()):
        _schemas_in(arg, seen)


def test_no_portal_schema_is_or_inherits_a_staff_schema():
    seen: set = set()
    for _prefix, router in portal_api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in operation.models:
                    _schemas_in(model, seen)
                for response in operation.response_models.values():
                    _schemas_in(response, seen)
    ours = {s for s in seen if s.__module__.startswith("portico")}
    assert {s.__name__ for s in ours} >= {"MeOut", "MePatch", "MatterDetailOut", "MessageIn"}
    for schema in ours:
        assert schema.__module__.startswith("portico.portal") or (
            schema.__module__ in SHARED_MODULES | PORTAL_ONLY_MODULES
        ), f"the portal API uses {schema.__module__}.{schema.__name__}"
