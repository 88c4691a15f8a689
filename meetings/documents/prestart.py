"""WeasyPrint made ready while Django starts, for a command that renders one PDF from a shell.

`manage.py render_agenda` spends about half a second setting up Django and another half
importing WeasyPrint (Pango, fonts, its CSS engine) before it renders: one after the other,
that is the gap to a bare WeasyPrint process. `start()`, called by manage.py for such a command
before Django is set up, forks a child that imports WeasyPrint meanwhile, on another core, and
then renders the one document `render()` hands it (the HTML, built by the parent with Django).
The child renders with the same static-only fetcher and PDF/UA finisher as `html_to_pdf`.

Nothing here imports Django. Where there is no fork, or the child fails, `render()` answers None
and the command renders in its own process, as the web processes always do.
"""

import atexit
import contextlib
import os
import signal
from multiprocessing.connection import Connection, Pipe

# A child that has not answered by then is stuck (a renderer should take seconds): it is
# killed and the command renders itself.
TIMEOUT_SECONDS = 300

_child: tuple[int, Connection] | None = None


def start() -> None:
    """Fork the renderer (once per process; a no-op where there is no fork)."""
    global _child
    if _child is not None or not hasattr(os, "fork"):
        return
    ours, theirs = Pipe()
    pid = os.fork()
    if pid == 0:  # the child: ready WeasyPrint, render one document, leave
        ours.close()
        try:
            _serve(theirs)
        finally:
            os._exit(0)
    theirs.close()
    _child = (pid, ours)
    atexit.register(stop)


def _serve(connection: Connection) -> None:
    try:
        from weasyprint import HTML

        from .fetcher import StaticOnlyFetcher
        from .tagging import finish_tagged_pdf
    except Exception as exc:
        failure: Exception | None = exc
    else:
        failure = None
    try:
        job = connection.recv()
    except (EOFError, OSError):
        return  # the command rendered nothing (or ended): nothing to do
    if job is None:
        return
    if failure is not None:
        connection.send(("fejl", repr(failure)))
        return
    html, base_url, roots, variant = job
    try:
        document = HTML(string=html, base_url=base_url, url_fetcher=StaticOnlyFetcher(roots=roots))
        connection.send(("ok", document.write_pdf(pdf_variant=variant, finisher=finish_tagged_pdf)))
    except Exception as exc:
        connection.send(("fejl", repr(exc)))


def render(html: str, base_url: str, roots: list[str], variant: str) -> bytes | None:
    """The PDF from the readied child, or None when there is none (or it failed)."""
    global _child
    if _child is None:
        return None
    pid, connection = _child
    _child = None  # one document per child
    status, payload = "fejl", None
    try:
        connection.send((html, base_url, roots, variant))
        if connection.poll(TIMEOUT_SECONDS):
            status, payload = connection.recv()
    except (EOFError, OSError):
        pass
    finally:
        connection.close()
        if status != "ok":  # stuck (or dead already): the command renders itself
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    return payload if status == "ok" else None


def stop() -> None:
    """Let the child go without a document (the command rendered none, or ended)."""
    global _child
    if _child is None:
        return
    pid, connection = _child
    _child = None
    with contextlib.suppress(OSError):
        connection.send(None)
    connection.close()
    os.waitpid(pid, 0)
