import mailbox
from email.message import EmailMessage

import pytest


@pytest.fixture
def maildir(settings, tmp_path):
    settings.PORTICO_VAR_DIR = tmp_path
    return mailbox.Maildir(tmp_path / "mail", create=True)


def _mail(to: str, subject: str, link: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Portico <portal@localhost>"
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = "Mon, 23 Nov 2026 10:00:00 +0000"
    message.set_content(f"Follow {link}")
    message.add_alternative(f'<p><a href="{link}">Open</a></p>', subtype="html")
    return message


@pytest.mark.django_db
def test_demo_mailbox_lists_mail_and_shows_its_link(client, settings, maildir):
    settings.PORTICO_DEMO = True
    key = maildir.add(
        _mail("carol@example.com", "Your portal invitation", "http://127.0.0.1:8001/u/reset?t=1")
    )
    listing = client.get("/_dev/mail/")
    assert listing.status_code == 200
    assert "Your portal invitation" in listing.content.decode()
    detail = client.get(f"/_dev/mail/{key}/")
    assert 'href="http://127.0.0.1:8001/u/reset?t=1"' in detail.content.decode()


@pytest.mark.django_db
def test_mailbox_does_not_exist_outside_demo_mode(client, settings, maildir):
    settings.PORTICO_DEMO = False
    key = maildir.add(_mail("carol@example.com", "Secret", "http://x"))
    assert client.get("/_dev/mail/").status_code == 404
    assert client.get(f"/_dev/mail/{key}/").status_code == 404
