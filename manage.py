#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "communitypolice.settings")
    # Management commands default to development, like `make run`; the web server
    # (wsgi.py) does not, and refuses to start without SECRET_KEY. Production sets
    # DEBUG=0 for both.
    os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
