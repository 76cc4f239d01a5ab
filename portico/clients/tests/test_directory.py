"""The clients directory and the new-client form, as alice uses them in the workspace."""

from __future__ import annotations

import pytest

from portico.clients.models import Contact, ContactEmail, ContactPhone
from portico.testing.factories import carol_of, dan_of, make_contact
from portico.testing.overhead import request_overhead

pytestmark = pytest.mark.django_db


def profile_post(**overrides) -> dict:
    """What the new-client form posts: carol with two emails, two phones and an address."""
    data = {
        "kind": "person",
        "first_name": "Carol",
        "last_name": "Marsh",
        "date_of_birth": "1984-05-17",
        "identification_type": "passport",
        "identification_number": "X12345678",
        "identification_issuer": "United States",
        "billing_method": "email",
        "emails-TOTAL_FORMS": "2",
        "emails-INITIAL_FORMS": "0",
        "emails-0-address": "carol@marsh.example",
        "emails-0-label": "personal",
        "emails-0-is_contactable": "on",
        "emails-1-address": "carol.marsh@work.example",
        "emails-1-label": "work",
        "emails-primary": "0",
        "phones-TOTAL_FORMS": "2",
        "phones-INITIAL_FORMS": "0",
        "phones-0-number": "(207) 555-0142",
        "phones-0-label": "mobile",
        "phones-1-number": "+1 207 555 0199",
        "phones-1-label": "work",
        "phones-primary": "1",
        "addresses-TOTAL_FORMS": "1",
        "addresses-INITIAL_FORMS": "0",
        "addresses-0-line1": "12 Wharf Street",
        "addresses-0-city": "Portland",
        "addresses-0-region": "ME",
        "addresses-0-postal_code": "04101",
        "addresses-0-country": "US",
        "addresses-0-label": "home",
    }
    data.update(overrides)
    return data


def test_alice_creates_a_client_through_the_page_and_finds_her_in_the_directory(as_alice, harbor):
    # given the new-client form
    assert as_alice.get("/workspace/clients/new/").status_code == 200
    # when alice fills in carol with two emails, two phones and an address
    response = as_alice.post("/workspace/clients/new/", profile_post())
    # then carol is saved as typed, phones in E.164, one primary of each
    carol = Contact.objects.for_firm(harbor.id).get()
    assert response.status_code == 302 and response["Location"] == f"/workspace/clients/{carol.id}/"
    assert carol.display_name == "Carol Marsh"
    assert [
        (e.address, e.is_primary, e.is_contactable) for e in carol.emails.order_by("address")
    ] == [
        ("carol.marsh@work.example", False, False),
        ("carol@marsh.example", True, True),
    ]
    assert sorted((p.number, p.is_primary) for p in carol.phones.all()) == [
        ("+12075550142", False),
        ("+12075550199", True),
    ]
    assert carol.addresses.get().is_primary
    # and the directory lists her name, primary email, primary phone and portal status
    page = as_alice.get("/workspace/clients/").content.decode()
    assert "Carol Marsh" in page
    assert "carol@marsh.example" in page and "carol.marsh@work.example" not in page
    assert "+12075550199" in page and "+12075550142" not in page
    assert "No access" in page


@pytest.mark.parametrize(
    "query",
    [
        "marsh",
        "Carol Marsh",
        "carol.marsh@work",
        "MARSH.EXAMPLE",
        "(207) 555-0142",
        "2075550199",
        "555 0142",
    ],
)
def test_search_finds_a_client_by_name_email_or_phone_typed_any_way(as_alice, harbor, query):
    # given carol and dan
    carol_of(harbor)
    dan_of(harbor)
    # when alice searches
    page = as_alice.get("/workspace/clients/", {"q": query}).content.decode()
    # then carol is found, and dan is not
    assert "Carol Marsh" in page
    assert "Dan Okafor" not in page


def test_search_as_you_type_answers_with_the_results_alone(as_alice, harbor):
    # given carol and dan
    carol_of(harbor)
    dan_of(harbor)
    # when the search box asks through HTMX
    response = as_alice.get(
        "/workspace/clients/",
        {"q": "okafor"},
        headers={"HX-Request": "true", "HX-Target": "directory"},
    )
    body = response.content.decode()
    # then only the table comes back, with dan in it
    assert "<html" not in body and "<table" in body
    assert "Dan Okafor" in body and "Carol Marsh" not in body


def test_the_directory_pages_through_many_clients(as_alice, harbor):
    # given 30 clients
    for i in range(30):
        make_contact(harbor, "Client", f"Number {i:02d}")
    # when alice opens the second page
    page = as_alice.get("/workspace/clients/", {"page": 2}).content.decode()
    # then she sees the last five, and where she is
    assert "Page 2 of 2" in page
    assert "Client Number 29" in page and "Client Number 24" not in page


def test_a_long_directory_says_more_than_and_counts_on_as_alice_pages_further(
    as_alice, harbor, monkeypatch
):
    # given 30 clients, 5 to a page, and a directory that counts one page past the one shown
    monkeypatch.setattr("portico.clients.views.workspace.PAGE_SIZE", 5)
    monkeypatch.setattr("portico.core.paging.LOOK_AHEAD_PAGES", 1)
    for i in range(30):
        make_contact(harbor, "Client", f"Number {i:02d}")
    # when alice opens the directory, it says there are more than it counted
    page = as_alice.get("/workspace/clients/").content.decode()
    assert "More than 10 clients" in page
    assert "Page 1 of more than 2" in page
    assert "Client Number 04" in page and "Client Number 05" not in page
    assert 'href="?page=2" rel="next"' in page
    # and the same for a search
    found = as_alice.get("/workspace/clients/", {"q": "number"}).content.decode()
    assert "More than 10 clients matching “number”" in found
    # when she goes on to page 5, the count reaches the end: exact figures again
    page = as_alice.get("/workspace/clients/", {"page": 5}).content.decode()
    assert "30 clients" in page and "More than" not in page
    assert "Page 5 of 6" in page
    assert "Client Number 20" in page and "Client Number 25" not in page
    # and a page past the end shows the last one
    last = as_alice.get("/workspace/clients/", {"page": 99}).content.decode()
    assert "Page 6 of 6" in last and "Client Number 29" in last


@pytest.mark.parametrize(
    ("overrides", "field_message"),
    [
        ({"emails-primary": ["0", "1"]}, "Only one email can be primary"),
        ({"emails-1-address": "carol.at.work"}, "“carol.at.work” is not an email address"),
        ({"phones-0-number": "555-12"}, "This is not a phone number we can dial"),
        ({"first_name": "", "last_name": ""}, "Enter the person&#x27;s name"),
    ],
    ids=["two-primary-emails", "malformed-email", "malformed-phone", "no-name"],
)
def test_bad_input_on_the_page_is_refused_beside_its_field_and_nothing_is_saved(
    as_alice, harbor, overrides, field_message
):
    # when alice submits the form with one mistake
    response = as_alice.post("/workspace/clients/new/", profile_post(**overrides))
    # then the page says what is wrong, and nothing was saved
    assert response.status_code == 422
    body = response.content.decode()
    assert field_message in body
    assert "Nothing was saved yet" in body
    assert Contact.objects.dangerously_all_firms().count() == 0
    assert ContactEmail.objects.dangerously_all_firms().count() == 0
    assert ContactPhone.objects.dangerously_all_firms().count() == 0


def test_a_field_error_is_linked_to_its_input_for_screen_readers(as_alice, harbor):
    # when the email is malformed
    body = as_alice.post(
        "/workspace/clients/new/", profile_post(**{"emails-1-address": "nope"})
    ).content.decode()
    # then the input is marked invalid and described by its error
    assert 'id="id_emails-1-address_error"' in body
    assert 'aria-describedby="id_emails-1-address_error"' in body
    assert 'aria-invalid="true"' in body


def test_adding_another_email_row_comes_from_htmx_with_the_next_index(as_alice):
    # when the form asks for a third email row
    body = as_alice.get(
        "/workspace/clients/form-row/", {"kind": "email", "index": 2}
    ).content.decode()
    # then the row is numbered for the formset, and the form's count moves on
    assert 'name="emails-2-address"' in body
    assert 'name="emails-TOTAL_FORMS"' in body and 'value="3"' in body
    assert "<legend>Email 3</legend>" in body


@pytest.mark.parametrize("rows", [1, 20])
def test_the_directory_runs_the_same_queries_for_one_row_or_twenty(
    as_alice, harbor, rows, django_assert_num_queries
):
    # given clients with two emails and two phones each
    for i in range(rows):
        make_contact(
            harbor,
            "Client",
            f"{i:02d}",
            emails=(f"c{i}@example.com", f"c{i}@work.example"),
            phones=(f"+1 207 555 01{i:02d}", f"+1 207 555 02{i:02d}"),
        )
    as_alice.get("/workspace/clients/")  # warm the session
    # then the page costs a fixed number of queries: the request's own, a count and the page
    with django_assert_num_queries(request_overhead() + DIRECTORY_QUERIES):
        response = as_alice.get("/workspace/clients/")
    assert response.content.decode().count('data-label="Name"') == rows


DIRECTORY_QUERIES = 2
