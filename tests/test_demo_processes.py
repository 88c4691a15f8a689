"""bin/demo runs the web server, the Celery worker and beat as one: `kill <pid>` (TERM),
Ctrl+C (INT), or one of them ending stops all three, with everything they started.

The supervisor is bin/_lib.sh's start_supervised/wait_supervised, which bin/demo uses; here
it runs stand-ins (sleep) instead of the real servers, so the test takes a second or two.
"""

import os
import shutil
import signal
import subprocess
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _marked(marker: str) -> list[int]:
    """Pids of processes whose command line holds the marker."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if marker in cmdline and "bin/_lib.sh" not in cmdline:
            found.append(int(entry.name))
    return found


def _wait_for(condition, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def _supervisor(tmp_path: Path, commands: list[str]) -> tuple[subprocess.Popen, str]:
    marker = f"dapdemo{uuid.uuid4().hex[:12]}"
    lines = ["set -euo pipefail", f"source {ROOT / 'bin' / '_lib.sh'}"]
    lines += [f"start_supervised {command.format(marker=marker)}" for command in commands]
    lines.append("wait_supervised")
    script = tmp_path / "supervise.sh"
    script.write_text("\n".join(lines) + "\n")
    env = {**os.environ, "SUPERVISE_GRACE_SECONDS": "1"}
    bash = shutil.which("bash") or "/bin/bash"
    # A shell cannot trap a signal it was started with ignored; a test run in the background
    # ignores SIGINT, so the script starts as a terminal would start bin/demo: INT as default.
    process = subprocess.Popen(  # noqa: S603
        [bash, str(script)],
        env=env,
        cwd=tmp_path,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    return process, marker


# web: a process with a child (as uv run -> python -> runserver's reloader child);
# worker: one that ignores TERM (it must be killed after the grace period); beat: plain.
WEB = "bash -c '(exec -a {marker}-web sleep 600) & wait' {marker}-web-parent"
STUBBORN_WORKER = (
    "bash -c 'trap \"\" TERM; (exec -a {marker}-worker sleep 600) & wait' {marker}-worker-parent"
)
BEAT = "bash -c 'exec -a {marker}-beat sleep 600'"


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="needs /proc (Linux)")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_to_the_demo_stops_web_worker_and_beat(tmp_path, signum):
    process, marker = _supervisor(tmp_path, [WEB, STUBBORN_WORKER, BEAT])
    try:
        assert _wait_for(lambda: len(_marked(marker)) >= 5), _marked(marker)

        process.send_signal(signum)

        process.wait(timeout=15)
        assert _wait_for(lambda: not _marked(marker), 5), "children left behind"
        assert process.returncode == 128 + signum
    finally:
        for pid in _marked(marker):
            os.kill(pid, signal.SIGKILL)
        process.kill()


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="needs /proc (Linux)")
def test_when_one_process_ends_the_others_are_stopped(tmp_path):
    process, marker = _supervisor(tmp_path, [WEB, BEAT, "sleep 0.3"])
    try:
        process.wait(timeout=15)
        assert _wait_for(lambda: not _marked(marker), 5), "children left behind"
    finally:
        for pid in _marked(marker):
            os.kill(pid, signal.SIGKILL)
        process.kill()


def test_bin_demo_runs_its_three_processes_under_the_supervisor():
    script = (ROOT / "bin" / "demo").read_text()
    assert script.count("start_supervised ") == 3
    assert "wait_supervised" in script
