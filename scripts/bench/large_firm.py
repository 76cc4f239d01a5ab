"""The large firm: 10,000 contacts (each with a primary email and phone), 20,000 cases (each
with one client) and 500,000 document rows (25 per case; metadata only, no files), made with
bulk_create and one INSERT ... SELECT, in a minute or two on PostgreSQL. Run inside
`manage.py shell` as the tables' owner (row-level security does not bind it)."""

from __future__ import annotations

import datetime
import os
import time

from django.db import connection, transaction

from portico.clients.models import Contact, ContactEmail, ContactPhone
from portico.documents.models import Document
from portico.matters.models import Case, CaseClient, Matter

CONTACTS = int(os.environ.get("BENCH_LARGE_CONTACTS", "10000"))
CASES = int(os.environ.get("BENCH_LARGE_CASES", "20000"))
DOCUMENTS_PER_CASE = int(os.environ.get("BENCH_LARGE_DOCUMENTS_PER_CASE", "25"))
FIRST = ["Avery", "Blake", "Casey", "Devon", "Emery", "Finley", "Harper", "Jordan", "Kai", "Logan"]
LAST = ["Marsh", "Okafor", "Nguyen", "Silva", "Kowalski", "Haddad", "Berg", "Ito", "Reyes", "Park"]
BATCH = 5000


def fill(firm, member) -> dict:
    started = time.monotonic()
    with transaction.atomic():
        contacts = [
            Contact(
                firm=firm,
                first_name=FIRST[i % 10],
                last_name=f"{LAST[(i // 10) % 10]}{i}",
                display_name=f"{FIRST[i % 10]} {LAST[(i // 10) % 10]}{i}",
            )
            for i in range(CONTACTS)
        ]
        Contact.objects.bulk_create(contacts, batch_size=BATCH)
        ContactEmail.objects.bulk_create(
            [
                ContactEmail(
                    firm=firm, contact=c, address=f"client{i}@large.example", is_primary=True
                )
                for i, c in enumerate(contacts)
            ],
            batch_size=BATCH,
        )
        ContactPhone.objects.bulk_create(
            [
                ContactPhone(firm=firm, contact=c, number=f"+1207555{i:04d}", is_primary=True)
                for i, c in enumerate(contacts)
            ],
            batch_size=BATCH,
        )
        matters = [Matter(firm=firm) for _ in range(CASES)]
        Matter.objects.bulk_create(matters, batch_size=BATCH)
        opened = datetime.date(2020, 1, 1)
        cases = [
            Case(
                firm=firm,
                matter=m,
                name=f"{contacts[i % CONTACTS].last_name} v. Large {i}",
                number=f"L-{i:06d}",
                practice_area="personal_injury",
                opened_on=opened + datetime.timedelta(days=i % 2000),
            )
            for i, m in enumerate(matters)
        ]
        Case.objects.bulk_create(cases, batch_size=BATCH)
        CaseClient.objects.bulk_create(
            [
                CaseClient(firm=firm, case=c, contact=contacts[i % CONTACTS])
                for i, c in enumerate(cases)
            ],
            batch_size=BATCH,
        )
        fields = {f.column for f in Document._meta.concrete_fields}
        expected = {
            "id", "firm_id", "matter_id", "author_staff_id", "author_contact_id", "author_name",
            "created_at", "name", "shared_with_clients", "deleted_at",
        }  # fmt: skip
        tables = (Document._meta.db_table, Matter._meta.db_table)
        if fields != expected or tables != ("documents_document", "matters_matter"):
            raise SystemExit(f"documents_document changed; update the generator: {fields}")
        with connection.cursor() as cursor:
            cursor.execute(
                """
                INSERT INTO documents_document
                    (id, firm_id, matter_id, author_staff_id, author_contact_id, author_name,
                     created_at, name, shared_with_clients, deleted_at)
                SELECT gen_random_uuid(), m.firm_id, m.id, %s, NULL, %s,
                       now() - make_interval(mins => g), 'Exhibit ' || g || '.pdf', true, NULL
                FROM matters_matter m CROSS JOIN generate_series(1, %s) g
                WHERE m.firm_id = %s
                """,
                [member.id, member.name, DOCUMENTS_PER_CASE, firm.id],
            )
            cursor.execute("ANALYZE")
    return {
        "contacts": CONTACTS,
        "cases": CASES,
        "documents": CASES * DOCUMENTS_PER_CASE,
        "contact": str(contacts[0].id),
        "case": str(cases[0].id),
        "seconds": time.monotonic() - started,
    }
