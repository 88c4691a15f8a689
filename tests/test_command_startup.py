"""Commands start fast: they leave Django's system checks to CI and `manage.py check`."""

import pytest
from django.core import checks
from django.core.management import get_commands, load_command_class

OWN_COMMANDS = sorted(name for name, app in get_commands().items() if app in {"meetings", "ops"})


def test_the_portal_has_its_commands():
    assert {"render_agenda", "import_agenda", "export_agenda", "backup", "restore"} <= set(
        OWN_COMMANDS
    )


@pytest.mark.parametrize("name", OWN_COMMANDS)
def test_command_skips_the_system_checks(name):
    command = load_command_class(get_commands()[name], name)

    assert command.requires_system_checks == []


@pytest.mark.django_db
def test_a_command_run_does_not_run_the_checks(capsys):
    from tests.factories import MeetingFactory

    meeting = MeetingFactory()
    calls = []

    def spy(app_configs, **kwargs):
        calls.append(1)
        return []

    checks.register(spy, "dap-test")
    command = load_command_class("meetings", "export_agenda")
    try:
        # As `manage.py export_agenda ID` runs it (call_command never runs the checks).
        command.run_from_argv(["manage.py", "export_agenda", str(meeting.pk)])
    finally:
        checks.registry.registry.registered_checks.discard(spy)

    assert '"format": "dap-agenda/1"' in capsys.readouterr().out
    assert calls == []


def test_render_agenda_starts_without_celery():
    """Django's start does not make the Celery app: a command that queues nothing never
    connects to a broker. (Its start-up time is no longer a goal: the check of every file
    that comes in, pypdf included, is imported with the bilag services.)"""
    import os
    import subprocess
    import sys
    from pathlib import Path

    script = (
        "import sys, django\n"
        "django.setup()\n"
        "import meetings.management.commands.render_agenda\n"
        "print('celery' in sys.modules)\n"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "dap_portal.settings.test"}
    result = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", script],
        cwd=Path(__file__).resolve().parent.parent,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert result.stdout.strip() == "False"


def test_tasks_are_sent_through_the_projects_celery_app():
    from dap_portal.celery import app
    from meetings.documents.tasks import build_meeting_pack
    from meetings.procedures.tasks import send_procedure

    assert build_meeting_pack.app is app
    assert send_procedure.app is app
    assert app.conf.broker_url  # from Django's settings (CELERY_BROKER_URL)
