"""The clients directory, the client profile form and the contact page."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from portico.audit.queries import audit_trail_for_record
from portico.clients.actions import (
    create_contact,
    remove_contact_address,
    remove_contact_email,
    remove_contact_phone,
    reveal_identification_number,
    update_contact,
)
from portico.clients.forms import ContactProfile, form_row_response
from portico.clients.panels import render_contact_panels
from portico.clients.queries import (
    directory_for_firm,
    get_contact_address_for_firm,
    get_contact_email_for_firm,
    get_contact_for_firm,
    get_contact_phone_for_firm,
    get_contact_with_details_for_firm,
)
from portico.core.errors import InvalidInput
from portico.core.forms import submit_form
from portico.core.paging import CappedPaginator
from portico.core.views import WorkspaceView

PAGE_SIZE = 25


class DirectoryView(WorkspaceView):
    def get(self, request):
        search = request.GET.get("q", "").strip()[:200]
        asked = request.GET.get("page")
        contacts = directory_for_firm(self.firm.id, search=search)
        page = CappedPaginator(contacts, PAGE_SIZE, asked=asked).get_page(asked)
        context = {"page": page, "contacts": list(page.object_list), "q": search}
        if request.htmx and request.htmx.target == "directory":
            return render(request, "clients/partials/directory_results.html", context)
        return render(request, "clients/directory.html", context)


class ProfileFormMixin:
    template = "clients/contact_form.html"

    def render_form(self, request, profile: ContactProfile, *, status: int = 200) -> HttpResponse:
        return render(
            request,
            self.template,
            {"profile": profile, "contact": profile.contact, "groups": profile.groups},
            status=status,
        )

    def save(self, request, profile: ContactProfile):
        return submit_form(profile, lambda: self.write(profile.to_input()))


class ContactCreateView(ProfileFormMixin, WorkspaceView):
    def get(self, request):
        return self.render_form(request, ContactProfile())

    def post(self, request):
        profile = ContactProfile(request.POST)
        contact = self.save(request, profile)
        if contact is None:
            return self.render_form(request, profile, status=422)
        messages.success(request, f"{contact.display_name} was added to your clients.")
        return redirect(contact)

    def write(self, data):
        return create_contact(firm=self.firm, data=data, actor=self.member)


class ContactEditView(ProfileFormMixin, WorkspaceView):
    def get(self, request, contact_id: uuid.UUID):
        contact = get_contact_with_details_for_firm(self.firm.id, contact_id)
        return self.render_form(request, ContactProfile(contact=contact))

    def post(self, request, contact_id: uuid.UUID):
        self.contact = get_contact_with_details_for_firm(self.firm.id, contact_id)
        profile = ContactProfile(request.POST, contact=self.contact)
        contact = self.save(request, profile)
        if contact is None:
            return self.render_form(request, profile, status=422)
        messages.success(request, f"Changes to {contact.display_name} were saved.")
        return redirect(contact)

    def write(self, data):
        return update_contact(contact=self.contact, data=data, actor=self.member)


class FormRowView(WorkspaceView):
    """One more blank email, phone or address row for the profile form (HTMX)."""

    def get(self, request):
        return form_row_response(request)


class ContactDetailView(WorkspaceView):
    def get(self, request, contact_id: uuid.UUID):
        contact = get_contact_with_details_for_firm(self.firm.id, contact_id)
        return render(
            request,
            "clients/contact_detail.html",
            {
                "contact": contact,
                "panels": render_contact_panels(request, contact),
                "audit_events": list(audit_trail_for_record(self.firm.id, contact.id)[:50]),
            },
        )


class RevealIdentificationView(WorkspaceView):
    def get(self, request, contact_id: uuid.UUID):
        contact = get_contact_for_firm(self.firm.id, contact_id)
        return render(request, "clients/reveal_identification.html", {"contact": contact})

    def post(self, request, contact_id: uuid.UUID):
        contact = get_contact_for_firm(self.firm.id, contact_id)
        number = reveal_identification_number(contact=contact, actor=self.member)
        response = render(
            request, "clients/reveal_identification.html", {"contact": contact, "number": number}
        )
        response["Cache-Control"] = "no-store"
        return response


class RemoveDetailView(WorkspaceView):
    """Confirm, then remove one email, phone or address of a contact."""

    noun = ""

    def lookup(self, contact_id, detail_id):
        raise NotImplementedError

    def remove(self, row):
        raise NotImplementedError

    def get(self, request, contact_id: uuid.UUID, **kwargs):
        row = self.lookup(contact_id, kwargs[f"{self.noun}_id"])
        return render(
            request,
            "clients/remove_detail.html",
            {"row": row, "noun": self.noun, "contact": row.contact},
        )

    def post(self, request, contact_id: uuid.UUID, **kwargs):
        row = self.lookup(contact_id, kwargs[f"{self.noun}_id"])
        try:
            self.remove(row)
        except InvalidInput as exc:
            for problem in exc.errors.values():
                messages.error(request, " ".join(problem))
            return redirect(row.contact)
        messages.success(request, f"{row} was removed from {row.contact.display_name}.")
        return redirect(row.contact)


class RemoveEmailView(RemoveDetailView):
    noun = "email"

    def lookup(self, contact_id, detail_id):
        return get_contact_email_for_firm(self.firm.id, contact_id, detail_id)

    def remove(self, row):
        remove_contact_email(email=row, actor=self.member)


class RemovePhoneView(RemoveDetailView):
    noun = "phone"

    def lookup(self, contact_id, detail_id):
        return get_contact_phone_for_firm(self.firm.id, contact_id, detail_id)

    def remove(self, row):
        remove_contact_phone(phone=row, actor=self.member)


class RemoveAddressView(RemoveDetailView):
    noun = "address"

    def lookup(self, contact_id, detail_id):
        return get_contact_address_for_firm(self.firm.id, contact_id, detail_id)

    def remove(self, row):
        remove_contact_address(address=row, actor=self.member)
