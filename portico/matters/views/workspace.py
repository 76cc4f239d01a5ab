"""Lead and case pages of the workspace."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from portico.audit.queries import audit_trail_for_record
from portico.clients.queries import get_contact_for_firm
from portico.core.errors import InvalidInput
from portico.core.forms import add_input_errors
from portico.core.money import format_minor_units
from portico.core.views import WorkspaceView
from portico.matters import actions
from portico.matters.forms import (
    AddClientForm,
    CaseForm,
    CommentForm,
    ConvertForm,
    LeadForm,
    PartyForm,
    StatusUpdateForm,
)
from portico.matters.inputs import CaseInput, LeadInput, PartyInput
from portico.matters.models import Case, Lead
from portico.matters.queries import (
    case_list_for_firm,
    get_case_client_for_firm,
    get_case_for_firm,
    get_case_page_for_firm,
    get_case_party_for_firm,
    get_lead_for_firm,
    get_lead_page_for_firm,
    lead_list_for_firm,
    timeline_of,
)


def _uuids(values) -> list[uuid.UUID]:
    return [uuid.UUID(v) for v in values]


def _preselected_contact(request, firm_id) -> list[str]:
    try:
        contact = get_contact_for_firm(firm_id, uuid.UUID(request.GET.get("contact", "")))
    except (ValueError, Http404):
        return []
    return [str(contact.id)]


def _try(form, write):
    """Run an action; on InvalidInput put its messages on the form and return None."""
    try:
        return write()
    except InvalidInput as exc:
        add_input_errors(
            form, exc.errors, {"contact_ids.0": "contact_ids", "client_ids.0": "client_ids"}
        )
        return None


# Leads


class LeadListView(WorkspaceView):
    def get(self, request):
        return render(
            request,
            "matters/lead_list.html",
            {"leads": list(lead_list_for_firm(self.firm.id)[:200])},
        )


class LeadCreateView(WorkspaceView):
    def get(self, request):
        form = LeadForm(
            firm_id=self.firm.id,
            initial={"contact_ids": _preselected_contact(request, self.firm.id)},
        )
        return render(request, "matters/lead_form.html", {"form": form})

    def post(self, request):
        form = LeadForm(request.POST, firm_id=self.firm.id)
        lead = form.is_valid() and _try(
            form,
            lambda: actions.create_lead(firm=self.firm, data=self._input(form), actor=self.member),
        )
        if not lead:
            return render(request, "matters/lead_form.html", {"form": form}, status=422)
        messages.success(request, f"Lead “{lead.title}” opened.")
        return redirect(lead)

    @staticmethod
    def _input(form) -> LeadInput:
        data = dict(form.cleaned_data)
        data["contact_ids"] = _uuids(data["contact_ids"])
        return LeadInput(**data)


class LeadEditView(WorkspaceView):
    def get(self, request, lead_id: uuid.UUID):
        lead = get_lead_page_for_firm(self.firm.id, lead_id)
        initial = {f: getattr(lead, f) for f in actions.LEAD_FIELDS}
        initial["contact_ids"] = [str(link.contact_id) for link in lead.lead_contacts.all()]
        form = LeadForm(firm_id=self.firm.id, initial=initial)
        return render(request, "matters/lead_form.html", {"form": form, "lead": lead})

    def post(self, request, lead_id: uuid.UUID):
        lead = get_lead_for_firm(self.firm.id, lead_id)
        form = LeadForm(request.POST, firm_id=self.firm.id)
        saved = form.is_valid() and _try(
            form,
            lambda: actions.update_lead(
                lead=lead, data=LeadCreateView._input(form), actor=self.member
            ),
        )
        if not saved:
            return render(
                request, "matters/lead_form.html", {"form": form, "lead": lead}, status=422
            )
        messages.success(request, "Lead saved.")
        return redirect(lead)


class LeadDetailView(WorkspaceView):
    timeline_anchor = "status-updates"

    def get(self, request, lead_id: uuid.UUID):
        return self.page(request, lead_id)

    def matter(self, ids: dict) -> Lead:
        return get_lead_for_firm(self.firm.id, ids["lead_id"])

    def page(self, request, lead_id, *, status=200, **forms):
        lead = get_lead_page_for_firm(self.firm.id, lead_id)
        context = {
            "lead": lead,
            "comment_form": forms.get("comment_form") or CommentForm(),
            "status_form": forms.get("status_form") or StatusUpdateForm(),
            "audit_events": list(audit_trail_for_record(self.firm.id, lead.id)[:50]),
        }
        return render(request, "matters/lead_detail.html", context, status=status)


class PostsComment:
    """POST a comment on the page's lead or case; a refused one re-renders the page."""

    http_method_names = ["post"]

    def post(self, request, **ids: uuid.UUID):
        matter = self.matter(ids)
        form = CommentForm(request.POST)
        if form.is_valid() and _try(
            form,
            lambda: actions.add_comment(
                matter=matter,
                body=form.cleaned_data["body"],
                is_private=form.cleaned_data["is_private"],
                actor=self.member,
            ),
        ):
            messages.success(request, "Comment added.")
            return redirect(f"{matter.get_absolute_url()}#comments")
        return self.page(request, *ids.values(), status=422, comment_form=form)


class PostsStatusUpdate:
    """POST a client-visible status update on the page's lead or case."""

    http_method_names = ["post"]

    def post(self, request, **ids: uuid.UUID):
        matter = self.matter(ids)
        form = StatusUpdateForm(request.POST)
        if form.is_valid() and _try(
            form,
            lambda: actions.post_status_update(
                matter=matter, body=form.cleaned_data["body"], actor=self.member
            ),
        ):
            messages.success(request, "Status update posted.")
            return redirect(f"{matter.get_absolute_url()}#{self.timeline_anchor}")
        return self.page(request, *ids.values(), status=422, status_form=form)


class LeadCommentView(PostsComment, LeadDetailView):
    pass


class LeadStatusUpdateView(PostsStatusUpdate, LeadDetailView):
    pass


class LeadConvertView(WorkspaceView):
    def get(self, request, lead_id: uuid.UUID):
        lead = get_lead_page_for_firm(self.firm.id, lead_id)
        form = ConvertForm(initial={"name": lead.title})
        return render(request, "matters/lead_convert.html", {"lead": lead, "form": form})

    def post(self, request, lead_id: uuid.UUID):
        lead = get_lead_for_firm(self.firm.id, lead_id)
        form = ConvertForm(request.POST)

        def convert():
            data = CaseInput(**{k: v for k, v in form.cleaned_data.items() if v is not None})
            data.opened_on = data.opened_on or timezone.localdate()
            return actions.convert_lead(lead=lead, data=data, actor=self.member)

        case = form.is_valid() and _try(form, convert)
        if not case:
            lead = get_lead_page_for_firm(self.firm.id, lead_id)
            return render(
                request, "matters/lead_convert.html", {"lead": lead, "form": form}, status=422
            )
        messages.success(
            request,
            f"“{lead.title}” is now the case “{case.name}”, with its contacts and comments.",
        )
        return redirect(case)


# Cases


class CaseListView(WorkspaceView):
    def get(self, request):
        return render(
            request,
            "matters/case_list.html",
            {"cases": list(case_list_for_firm(self.firm.id)[:200])},
        )


def _case_input(form) -> CaseInput:
    data = {k: v for k, v in form.cleaned_data.items() if v is not None}
    data["client_ids"] = _uuids(data.get("client_ids", []))
    data["minimum_trust_balance"] = data.get("minimum_trust_balance") or "0"
    return CaseInput(**data)


class CaseCreateView(WorkspaceView):
    def get(self, request):
        form = CaseForm(
            firm_id=self.firm.id,
            initial={"client_ids": _preselected_contact(request, self.firm.id)},
        )
        return render(request, "matters/case_form.html", {"form": form})

    def post(self, request):
        form = CaseForm(request.POST, firm_id=self.firm.id)
        case = form.is_valid() and _try(
            form,
            lambda: actions.create_case(firm=self.firm, data=_case_input(form), actor=self.member),
        )
        if not case:
            return render(request, "matters/case_form.html", {"form": form}, status=422)
        messages.success(request, f"Case “{case.name}” opened.")
        return redirect(case)


class CaseEditView(WorkspaceView):
    def get(self, request, case_id: uuid.UUID):
        case = get_case_for_firm(self.firm.id, case_id)
        initial = {f: getattr(case, f) for f in actions.CASE_FIELDS}
        initial["minimum_trust_balance"] = format_minor_units(
            case.minimum_trust_balance, case.currency
        )
        form = CaseForm(firm_id=self.firm.id, with_clients=False, initial=initial)
        return render(request, "matters/case_form.html", {"form": form, "case": case})

    def post(self, request, case_id: uuid.UUID):
        case = get_case_for_firm(self.firm.id, case_id)
        form = CaseForm(request.POST, firm_id=self.firm.id, with_clients=False)
        saved = form.is_valid() and _try(
            form, lambda: actions.update_case(case=case, data=_case_input(form), actor=self.member)
        )
        if not saved:
            return render(
                request, "matters/case_form.html", {"form": form, "case": case}, status=422
            )
        messages.success(request, "Case saved.")
        return redirect(case)


class CaseDetailView(WorkspaceView):
    timeline_anchor = "timeline"

    def get(self, request, case_id: uuid.UUID):
        return self.page(request, case_id)

    def matter(self, ids: dict) -> Case:
        return get_case_for_firm(self.firm.id, ids["case_id"])

    def page(self, request, case_id, *, status=200, **forms):
        case = get_case_page_for_firm(self.firm.id, case_id)
        context = {
            "case": case,
            "minimum_trust": format_minor_units(case.minimum_trust_balance, case.currency),
            "timeline": timeline_of(case),
            "comment_form": forms.get("comment_form") or CommentForm(),
            "status_form": forms.get("status_form") or StatusUpdateForm(),
            "client_form": forms.get("client_form") or AddClientForm(firm_id=self.firm.id),
            "party_form": forms.get("party_form") or PartyForm(),
            "audit_events": list(audit_trail_for_record(self.firm.id, case.id)[:50]),
        }
        return render(request, "matters/case_detail.html", context, status=status)


class CaseCommentView(PostsComment, CaseDetailView):
    pass


class CaseStatusUpdateView(PostsStatusUpdate, CaseDetailView):
    pass


class CaseAddClientView(CaseDetailView):
    http_method_names = ["post"]

    def post(self, request, case_id: uuid.UUID):
        case = get_case_for_firm(self.firm.id, case_id)
        form = AddClientForm(request.POST, firm_id=self.firm.id)
        if form.is_valid():
            if not form.cleaned_data["contact_id"]:
                form.add_error("contact_id", "Choose the contact to name as a client.")
            else:
                contact = get_contact_for_firm(
                    self.firm.id, uuid.UUID(form.cleaned_data["contact_id"])
                )
                actions.add_case_client(case=case, contact=contact, actor=self.member)
                messages.success(
                    request, f"{contact.display_name} is now a named client of this case."
                )
                return redirect(f"{case.get_absolute_url()}#clients")
        return self.page(request, case_id, status=422, client_form=form)


class CaseAddPartyView(CaseDetailView):
    http_method_names = ["post"]

    def post(self, request, case_id: uuid.UUID):
        case = get_case_for_firm(self.firm.id, case_id)
        form = PartyForm(request.POST)
        party = form.is_valid() and _try(
            form,
            lambda: actions.add_case_party(
                case=case, data=PartyInput(**form.cleaned_data), actor=self.member
            ),
        )
        if not party:
            return self.page(request, case_id, status=422, party_form=form)
        messages.success(request, f"{party} added.")
        return redirect(f"{case.get_absolute_url()}#parties")


class CaseRemoveClientView(WorkspaceView):
    def get(self, request, case_id: uuid.UUID, case_client_id: uuid.UUID):
        link = get_case_client_for_firm(self.firm.id, case_id, case_client_id)
        return render(
            request,
            "matters/confirm_remove.html",
            {
                "case": link.case,
                "what": f"{link.contact.display_name} as a client of {link.case.name}",
                "consequence": "They stay in your clients; the case is no longer theirs, and once the portal opens they will no longer see it there.",
            },
        )

    def post(self, request, case_id: uuid.UUID, case_client_id: uuid.UUID):
        link = get_case_client_for_firm(self.firm.id, case_id, case_client_id)
        actions.remove_case_client(link=link, actor=self.member)
        messages.success(
            request, f"{link.contact.display_name} is no longer a named client of this case."
        )
        return redirect(link.case)


class CaseRemovePartyView(WorkspaceView):
    def get(self, request, case_id: uuid.UUID, party_id: uuid.UUID):
        party = get_case_party_for_firm(self.firm.id, case_id, party_id)
        return render(
            request,
            "matters/confirm_remove.html",
            {
                "case": party.case,
                "what": f"{party} from {party.case.name}",
                "consequence": "The removal is kept in the case's history.",
            },
        )

    def post(self, request, case_id: uuid.UUID, party_id: uuid.UUID):
        party = get_case_party_for_firm(self.firm.id, case_id, party_id)
        actions.remove_case_party(party=party, actor=self.member)
        messages.success(request, f"{party} removed.")
        return redirect(party.case)
