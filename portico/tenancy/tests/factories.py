from __future__ import annotations

import secrets

import factory

from portico.tenancy.models import Firm, StaffMember


class FirmFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Firm
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Firm {n}")
    slug = factory.Sequence(lambda n: f"firm-{n}")


class StaffMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffMember

    firm = factory.SubFactory(FirmFactory)
    sub = factory.LazyFunction(lambda: f"auth0|{secrets.token_hex(12)}")
    name = factory.Faker("name")
    email = factory.LazyAttribute(lambda o: f"{o.name.split()[0].lower()}@{o.firm.slug}.example")
    role = StaffMember.Role.ASSOCIATE
