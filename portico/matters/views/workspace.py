"""Lead and case pages of the workspace.

A lead's page and a case's page are one `MatterPageView`: the URL says which kind, the kind
picks the template and what only it shows (a case's clients and other parties). Posting a
comment or a status update is one view each, mounted for both kinds.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from portico.audit.queries import audit_trail_for_record
from portico.clients.queries import get_contact_for_firm
from portico.core.forms import submit_form
from portico.core.money import format_minor_units
from portico.core.paging import CappedPaginator
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
from portico.matters.inputs import CaseInput, LeadInput
from portico.matters.kinds import MatterKind
from portico.matters.queries import (
    case_list_for_firm,
    comments_on,
    get_case_client_for_firm,
    get_case_party_for_firm,
    get_matter_for_firm,
    get_matter_page_for_firm,
    lead_list_for_firm,
    timeline_on,
)
from portico.matters.sections import render_matter_sections


def _preselected_contact(request, firm_id) -> list[str]:
    try:
        contact = get_contact_for_firm(firm_id, uuid.UUID(request.GET.get("contact", "")))
    except (ValueError, Http404):
        return []
    return [str(contact.id)]


class MatterPageView(WorkspaceView):
    """A lead's or a case's page. `kind` is given by the URL pattern (`as_view(kind=...)`)."""

    kind: MatterKind = MatterKind.CASE
    # Where a new status update is shown on each kind's page.

    def get(self, request, **ids: uuid.UUID):
        return self.page(request, ids)

    def matter_id(self, ids: dict) -> uuid.UUID:
        return ids[f"{self.kind.value}_id"]

    def matter(self, ids: dict):
        return get_matter_for_firm(self.firm.id, self.kind, self.matter_id(ids))

    def page(self, request, ids: dict, *, status: int = 200, **forms):
        matter = get_matter_page_for_firm(self.firm.id, self.kind, self.matter_id(ids))
        context = {
            "matter": matter,
            self.kind.value: matter,
            "timeline": timeline_on(matter),
            "comments": comments_on(matter),
            "comment_form": forms.get("comment_form") or CommentForm(),
            "status_form": forms.get("status_form") or StatusUpdateForm(),
            "audit_events": list(audit_trail_for_record(self.firm.id, matter.id)[:50]),
            "sections": render_matter_sections(request, self.firm.id, matter),
        }
        if self.kind == MatterKind.CASE:
            context |= {
                "minimum_trust": format_minor_units(matter.minimum_trust_balance, matter.currency),
                "client_form": forms.get("client_form") or AddClientForm(firm_id=self.firm.id),
                "party_form": forms.get("party_form") or PartyForm(),
            }
        template = f"matters/{self.kind.value}_detail.html"
        return render(request, template, context, status=status)


class CommentView(MatterPageView):
    """POST a comment on the page's lead or case; a refused one re-renders the page."""

    http_method_names = ["post"]

    def post(self, request, **ids: uuid.UUID):
        matter = self.matter(ids)
        form = CommentForm(request.POST)
        comment = submit_form(
            form,
            lambda: actions.add_comment(
                matter=matter,
                body=form.cleaned_data["body"],
                is_private=form.cleaned_data["is_private"],
                actor=self.member,
            ),
        )
        if comment is None:
            return self.page(request, ids, status=422, comment_form=form)
        messages.success(request, "Comment added.")
        # The page opens on the new comment, highlighted.
        return redirect(f"{matter.get_absolute_url()}#comment-{comment.id}")


class StatusUpdateView(MatterPageView):
    """POST a client-visible status update on the page's lead or case."""

    http_method_names = ["post"]

    def post(self, request, **ids: uuid.UUID):
        matter = self.matter(ids)
        form = StatusUpdateForm(request.POST)
        update = submit_form(
            form,
            lambda: actions.post_status_update(
                matter=matter, body=form.cleaned_data["body"], actor=self.member
            ),
        )
        if update is None:
            return self.page(request, ids, status=422, status_form=form)
        messages.success(request, "Status update posted. The matter's clients see it now.")
        # The page opens on the new update, highlighted.
        return redirect(f"{matter.get_absolute_url()}#update-{update.id}")


LIST_PAGE_SIZE = 50


class MatterListView(WorkspaceView):
    kind: MatterKind = MatterKind.CASE
    # What each kind's list reads, how it is titled, and its columns (its rows are drawn by
    # `matters/partials/<kind>_row.html`).
    lists = {
        MatterKind.LEAD: (
            lead_list_for_firm,
            "Leads",
            "Prospective matters, newest first",
            ("Lead", "Contacts", "Practice area", "Status", "Opened"),
        ),
        MatterKind.CASE: (
            case_list_for_firm,
            "Cases",
            "The firm's cases, most recently opened first",
            ("Case", "Number", "Clients", "Practice area", "Stage", "Opened"),
        ),
    }

    def get(self, request):
        query, heading, caption, columns = self.lists[self.kind]
        asked = request.GET.get("page")
        page = CappedPaginator(query(self.firm.id), LIST_PAGE_SIZE, asked=asked).get_page(asked)
        context = {
            "kind": self.kind.value,
            "page": page,
            "matters": list(page.object_list),
            "heading": heading,
            "caption": caption,
            "columns": columns,
        }
        return render(request, "matters/matter_list.html", context)


class MatterFormView(WorkspaceView):
    """Open a lead or a case, or change one (when the URL names it)."""

    kind: MatterKind = MatterKind.CASE

    def form(self, *args, editing: bool = False, **kwargs):
        if self.kind == MatterKind.LEAD:
            return LeadForm(*args, firm_id=self.firm.id, **kwargs)
        return CaseForm(*args, firm_id=self.firm.id, with_clients=not editing, **kwargs)

    def initial(self, matter) -> dict:
        if self.kind == MatterKind.LEAD:
            data = LeadInput.from_lead(matter)
            return vars(data) | {"contact_ids": [str(c) for c in data.contact_ids]}
        return vars(CaseInput.from_case(matter))

    def show(self, request, form, matter=None, *, status: int = 200):
        context = {"form": form, "matter": matter, "kind": self.kind.value}
        return render(request, "matters/matter_form.html", context, status=status)

    def get(self, request, **ids: uuid.UUID):
        if not ids:
            preselected = _preselected_contact(request, self.firm.id)
            field = "contact_ids" if self.kind == MatterKind.LEAD else "client_ids"
            return self.show(request, self.form(initial={field: preselected}))
        matter = get_matter_page_for_firm(self.firm.id, self.kind, *ids.values())
        return self.show(request, self.form(editing=True, initial=self.initial(matter)), matter)

    def post(self, request, **ids: uuid.UUID):
        matter = get_matter_for_firm(self.firm.id, self.kind, *ids.values()) if ids else None
        form = self.form(request.POST, editing=matter is not None)
        saved = submit_form(form, lambda: self.write(form, matter))
        if saved is None:
            return self.show(request, form, matter, status=422)
        if matter is None:
            messages.success(request, f"{self.kind.label} “{saved.heading}” opened.")
        else:
            messages.success(request, f"{self.kind.label} saved.")
        return redirect(saved)

    def write(self, form, matter):
        data, who = form.to_input(), {"actor": self.member}
        if self.kind == MatterKind.LEAD:
            if matter is None:
                return actions.create_lead(firm=self.firm, data=data, **who)
            return actions.update_lead(lead=matter, data=data, **who)
        if matter is None:
            return actions.create_case(firm=self.firm, data=data, **who)
        return actions.update_case(case=matter, data=data, **who)


class LeadConvertView(WorkspaceView):
    def show(self, request, lead_id: uuid.UUID, form, *, status: int = 200):
        lead = get_matter_page_for_firm(self.firm.id, MatterKind.LEAD, lead_id)
        context = {"lead": lead, "form": form or ConvertForm(initial={"name": lead.title})}
        return render(request, "matters/lead_convert.html", context, status=status)

    def get(self, request, lead_id: uuid.UUID):
        return self.show(request, lead_id, None)

    def post(self, request, lead_id: uuid.UUID):
        lead = get_matter_for_firm(self.firm.id, MatterKind.LEAD, lead_id)
        form = ConvertForm(request.POST)
        case = submit_form(
            form,
            lambda: actions.convert_lead(lead=lead, data=form.to_input(), actor=self.member),
        )
        if case is None:
            return self.show(request, lead_id, form, status=422)
        messages.success(
            request,
            f"“{lead.title}” is now the case “{case.name}”, with its contacts and comments.",
        )
        return redirect(case)


# What only a case has: named clients and other parties.


class CaseAddClientView(MatterPageView):
    http_method_names = ["post"]
    kind = MatterKind.CASE

    def post(self, request, case_id: uuid.UUID):
        case = self.matter({"case_id": case_id})
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
        return self.page(request, {"case_id": case_id}, status=422, client_form=form)


class CaseAddPartyView(MatterPageView):
    http_method_names = ["post"]
    kind = MatterKind.CASE

    def post(self, request, case_id: uuid.UUID):
        case = self.matter({"case_id": case_id})
        form = PartyForm(request.POST)
        party = submit_form(
            form,
            lambda: actions.add_case_party(case=case, data=form.to_input(), actor=self.member),
        )
        if party is None:
            return self.page(request, {"case_id": case_id}, status=422, party_form=form)
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
