"""bin/demo listens on localhost (passkeys need a host name, not an IP address) and builds the
links in its e-mails from where it listens (issue 21, points 9 and 12)."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def demo_settings(env: dict[str, str]) -> tuple[str, str]:
    """HOST_PORT and DAP_BASE_URL as bin/demo sets them, for the given environment."""
    script = (ROOT / "bin" / "demo").read_text()
    head = script.split("check_weasyprint()", 1)[0].replace("source bin/_lib.sh", ":")
    out = subprocess.run(  # noqa: S603
        ["/bin/bash", "-c", head + '\nprintf "%s\\n%s" "$HOST_PORT" "$DAP_BASE_URL"'],
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    host_port, base_url = out.split("\n")
    return host_port, base_url


def test_the_demo_listens_on_localhost_by_default():
    assert demo_settings({}) == ("localhost:8000", "http://localhost:8000")


def test_the_demos_links_follow_the_address_it_listens_on():
    assert demo_settings({"DAP_DEMO_ADDRESS": "localhost:8123"}) == (
        "localhost:8123",
        "http://localhost:8123",
    )
    assert demo_settings({"DAP_BASE_URL": "https://dap.example"})[1] == "https://dap.example"
