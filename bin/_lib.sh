# shellcheck shell=bash
# Shared by bin/demo, bin/test and .ci/run: find or install uv, sync the venv, check WeasyPrint.
# Source it from the repository root; it defines functions and the array UV, nothing runs.

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'FEJL: %s\n' "$*" >&2; exit 1; }

# A pyenv shim named uv may exist without a uv behind it: only a uv that answers counts.
_uv_works() { "$@" --version >/dev/null 2>&1; }

find_uv() {
    UV=()
    if command -v uv >/dev/null 2>&1 && _uv_works uv; then
        UV=(uv)
        return
    fi
    local py
    for py in python3 python; do
        if command -v "$py" >/dev/null 2>&1 && _uv_works "$py" -m uv; then
            UV=("$py" -m uv)
            return
        fi
    done
    if [ -x "$HOME/.local/bin/uv" ] && _uv_works "$HOME/.local/bin/uv"; then
        UV=("$HOME/.local/bin/uv")
        return
    fi
    command -v python3 >/dev/null 2>&1 || die "python3 mangler; installér Python 3.12 og prøv igen."
    say "uv mangler; installerer den med pip (python3 -m pip install --user uv)"
    # Debian's own python3 refuses --user installs (PEP 668); uv is one static binary, so
    # installing it beside the system packages cannot break them.
    python3 -m pip install --user --quiet uv 2>/dev/null ||
        python3 -m pip install --user --quiet --break-system-packages uv ||
        die "kunne ikke installere uv; se https://docs.astral.sh/uv/getting-started/installation/"
    if _uv_works python3 -m uv; then
        UV=(python3 -m uv)
    elif _uv_works "$HOME/.local/bin/uv"; then
        UV=("$HOME/.local/bin/uv")
    else
        die "uv blev installeret, men kan ikke køres"
    fi
}

# The locked dependencies, dev group included (bin/test needs it; syncing without it would
# remove pytest from a venv that others share).
sync_env() {
    say "Installerer afhængigheder (uv sync --frozen)"
    "${UV[@]}" sync --frozen --quiet
}

# Run a command inside the synced venv without syncing again.
in_venv() { "${UV[@]}" run --frozen --no-sync "$@"; }

weasyprint_imports() { in_venv python -c "import weasyprint" >/dev/null 2>&1; }

weasyprint_help() {
    cat >&2 <<'MSG'
FEJL: WeasyPrint kan ikke indlæses; den skal bruge systembibliotekerne Pango (>= 1.44) og HarfBuzz.
  Debian/Ubuntu:  sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
  macOS:          brew install pango
Fejlen fra Python:
MSG
    in_venv python -c "import weasyprint" 2>&1 | tail -n 3 >&2 || true
}

# --- Running several processes as one (bin/demo: web server, Celery worker, Celery beat) ----
#
# Each process runs in its own process group (job control), so stopping it reaches everything
# under it: `uv run`, the Python it starts, runserver's reloader child, Celery's pool. When any
# one of them ends, or the script gets INT, TERM or HUP (`kill <pid>`, Ctrl+C, a closed
# terminal), every group gets TERM, and KILL if it is still there after a grace period.
SUPERVISED_PIDS=()
SUPERVISE_GRACE_SECONDS="${SUPERVISE_GRACE_SECONDS:-10}"

# start_supervised CMD ARGS...: start one process (group) in the background.
start_supervised() {
    set -m
    "$@" &
    SUPERVISED_PIDS+=("$!")
    set +m
}

_supervised_alive() {
    local pid
    for pid in "${SUPERVISED_PIDS[@]}"; do
        kill -0 -- "-$pid" 2>/dev/null && return 0
    done
    return 1
}

stop_supervised() {
    local pid waited=0
    [ "${#SUPERVISED_PIDS[@]}" -gt 0 ] || return 0
    for pid in "${SUPERVISED_PIDS[@]}"; do
        kill -TERM -- "-$pid" 2>/dev/null || true
    done
    while _supervised_alive && [ "$waited" -lt $((SUPERVISE_GRACE_SECONDS * 10)) ]; do
        sleep 0.1
        waited=$((waited + 1))
    done
    for pid in "${SUPERVISED_PIDS[@]}"; do
        kill -KILL -- "-$pid" 2>/dev/null || true
    done
    SUPERVISED_PIDS=()
}

# wait_supervised: return when one of the processes ends or a signal arrives; stop all.
wait_supervised() {
    trap 'stop_supervised; exit 130' INT
    trap 'stop_supervised; exit 143' TERM
    trap 'stop_supervised; exit 129' HUP
    trap stop_supervised EXIT
    local pid
    while :; do
        for pid in "${SUPERVISED_PIDS[@]}"; do
            kill -0 "$pid" 2>/dev/null || break 2
        done
        # A short sleep in the background: `wait` returns at once when a signal arrives.
        sleep 1 &
        wait "$!" 2>/dev/null || true
    done
    stop_supervised
}
