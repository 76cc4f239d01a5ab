"""`python -m idp <command>`: Django management for the identity service.

The practice app has its own settings module; pinning ours here means nobody has to export
DJANGO_SETTINGS_MODULE by hand and risk running the idp's commands against the wrong project.
"""

import os
import sys


def main() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "idp.config.settings"
    from django.core.management import execute_from_command_line

    execute_from_command_line(["python -m idp", *sys.argv[1:]])


if __name__ == "__main__":
    main()
