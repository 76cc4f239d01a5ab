#!/usr/bin/env python
"""Management commands of the practice app ("web"). The identity service has `python -m idp`."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portico.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
