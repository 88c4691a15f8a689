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
