#!/usr/bin/env python
"""Django's command-line utility for the DAP portal."""

import os
import sys

# Commands that render a PDF: WeasyPrint is readied in a child while Django sets up (the
# two took one after the other as long as the render itself; meetings/documents/prestart.py).
RENDERING_COMMANDS = {"render_agenda"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dap_portal.settings.base")
    if len(sys.argv) > 1 and sys.argv[1] in RENDERING_COMMANDS:
        from meetings.documents import prestart

        prestart.start()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
