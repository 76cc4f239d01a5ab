"""Django's `migrate`, refusing first (exit 1, nothing migrated) when the app role could not
hold the firm wall: see core/startup.py."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.core.management.commands.migrate import Command as DjangoMigrate

from portico.core.startup import app_role_problem


class Command(DjangoMigrate):
    def handle(self, *args, **options):
        problem = app_role_problem(options["database"])
        if problem:
            raise CommandError(problem)
        return super().handle(*args, **options)
