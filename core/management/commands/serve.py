"""Serve the site and run its background jobs together; Ctrl-C stops both."""

import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Sert le site et lance le travailleur des tâches de fond ; Ctrl-C arrête les deux."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, addrport, **options):
        manage = [sys.executable, sys.argv[0]]
        children = [
            subprocess.Popen([*manage, "run_worker"]),
            subprocess.Popen([*manage, "runserver", addrport]),
        ]

        def stop(*_):
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, stop)
        try:
            # When either one ends (a crash, Ctrl-C), the other is stopped too.
            while all(child.poll() is None for child in children):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            for child in children:
                if child.poll() is None:
                    child.terminate()
            for child in children:
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()
