"""The journey of scripts/production_smoke.sh, over real HTTP against the running processes:
the first partner sets a password from the emailed link and signs in (the OIDC flow through
the identity service's login form); invites an associate, who signs in; removes them, whose
open session is then refused; creates a client on a lead (with an API key made in the
workspace) and gives them portal access; the client sets a password and signs in."""

from __future__ import annotations

import argparse
import mailbox
import re
import secrets
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from portico.testing.http_browser import HttpBrowser, forms_in, set_password_from, sign_in

T0 = time.time()


def say(what: str) -> None:
    print(f"[{time.time() - T0:6.1f}s] {what}", flush=True)


def expect(condition: bool, what: str) -> None:
    if not condition:
        sys.exit(f"production smoke: {what}")


class Mail:
    """The mail sink's Maildir: wait for a message to one address."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self.seen: set[str] = set()

    def wait_for(self, to: str, seconds: float = 60) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if not Path(self.folder, "new").is_dir():
                time.sleep(0.2)
                continue
            box = mailbox.Maildir(self.folder, create=False)
            for key, message in box.items():
                if key not in self.seen and to in str(message["To"]):
                    self.seen.add(key)
                    return "".join(
                        part.get_payload(decode=True).decode()
                        for part in message.walk()
                        if part.get_content_type() == "text/plain"
                    )
            time.sleep(0.2)
        sys.exit(f"production smoke: no email to {to} within {seconds}s")

    def link_for(self, to: str) -> str:
        found = re.search(r"http\S+/reset-password\S+", self.wait_for(to))
        expect(found is not None, f"the email to {to} has no set-password link")
        return found.group(0)


def submit(browser: HttpBrowser, page: httpx.Response, values: dict) -> httpx.Response:
    """Submit the page's own form (not the masthead's sign-out form)."""
    posts = [f for f in forms_in(page.text) if f["method"] == "post"]
    index = next(i for i, f in enumerate(posts) if "sign-out" not in f["action"])
    return browser.submit(page, values, index=index)


def password() -> str:
    return f"Smoke-{secrets.token_urlsafe(12)}-9"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--mail", required=True)
    parser.add_argument("--partner", required=True)
    parser.add_argument("--t0", type=float, default=None)
    args = parser.parse_args()
    global T0
    T0 = args.t0 or T0
    base, mail = args.base, Mail(args.mail)

    # The partner chooses a password from the emailed link and signs in.
    partner_password = password()
    set_password_from(mail.link_for(args.partner), partner_password).close()
    partner, landed = sign_in(base, args.partner, partner_password)
    expect(str(landed.url) == f"{base}/workspace/", f"the partner landed on {landed.url}")
    expect("Juniper &amp; Pike LLP" in landed.text, "the workspace does not name the firm")
    say("partner set a password from the email and signed in")

    # They invite an associate, who signs in.
    associate = f"ada.{secrets.token_hex(3)}@juniper.example"
    invited = submit(
        partner,
        partner.get(f"{base}/workspace/staff/invite/"),
        {"name": "Ada Lovell", "email": associate, "role": "associate"},
    )
    expect(str(invited.url) == f"{base}/workspace/staff/", f"inviting ended at {invited.url}")
    expect(associate in invited.text, "the invitation is not listed")
    associate_password = password()
    set_password_from(mail.link_for(associate), associate_password).close()
    at_associate, landed = sign_in(base, associate, associate_password)
    expect(str(landed.url) == f"{base}/workspace/", f"the associate landed on {landed.url}")
    expect(
        at_associate.get(f"{base}/workspace/clients/").status_code == 200,
        "the associate cannot open the clients directory",
    )
    say("associate invited, set a password and signed in")

    # The partner removes them; the associate's open session is refused at the next click.
    staff_page = partner.get(f"{base}/workspace/staff/").text
    row = next(r for r in staff_page.split("<tr>") if associate in r)
    member_id = re.search(r"/workspace/staff/([0-9a-f-]{36})/", row).group(1)
    removed = submit(partner, partner.get(f"{base}/workspace/staff/{member_id}/remove/"), {})
    expect("no longer works at" in removed.text, "the removal was not confirmed")
    refused = at_associate.get(f"{base}/workspace/clients/")
    expect(
        not str(refused.url).startswith(f"{base}/workspace/"),
        f"the removed associate still reached {refused.url}",
    )
    say("associate removed; their open session was refused")

    # The partner makes an API key in the workspace, and through the staff API creates a
    # client on a lead and gives them portal access.
    keys = submit(
        partner, partner.get(f"{base}/workspace/settings/api-keys/"), {"name": "Intake form"}
    )
    key = re.search(r'id="new-secret">([^<]+)<', keys.text)
    expect(key is not None, "no API key was shown")
    api = httpx.Client(
        base_url=f"{base}/api/v1", headers={"Authorization": f"Bearer {key.group(1)}"}, timeout=20
    )
    client_email = f"cole.{secrets.token_hex(3)}@example.com"
    contact = api.post(
        "/contacts",
        json={
            "first_name": "Cole",
            "last_name": "Marsh",
            "emails": [{"address": client_email, "is_primary": True}],
        },
    )
    expect(contact.status_code == 201, f"creating the client: {contact.status_code} {contact.text}")
    contact_id = contact.json()["id"]
    lead = api.post(
        "/leads",
        json={"title": "Marsh: lease", "practice_area": "real_estate", "contact_ids": [contact_id]},
    )
    expect(lead.status_code == 201, f"opening the lead: {lead.status_code} {lead.text}")
    granted = api.post(f"/contacts/{contact_id}/portal-access")
    expect(granted.status_code == 201, f"granting access: {granted.status_code} {granted.text}")
    api.close()
    say("client created on a lead and given portal access (API key made in the workspace)")

    # The client chooses a password and signs in to the portal.
    client_password = password()
    set_password_from(mail.link_for(client_email), client_password).close()
    at_client = HttpBrowser()
    login = at_client.get(f"{base}/portal/sign-in/")
    landed = at_client.submit(login, {"email": client_email, "password": client_password})
    expect(str(landed.url) == f"{base}/portal/", f"the client landed on {landed.url}")
    expect("Marsh: lease" in landed.text, "the client's portal does not show their lead")
    say("client set a password and signed in to the portal")
    for browser in (partner, at_associate, at_client):
        browser.close()


if __name__ == "__main__":
    main()
