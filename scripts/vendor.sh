#!/usr/bin/env bash
# Copy the front-end packages pinned in package.json into static/vendor/ (architecture rule 8).
#
# The one recorded step that brings DKFDS (with its IBM Plex Sans fonts), htmx, SortableJS and
# the Quill rich-text editor into the project. It copies only what the pages load and what those files refer to, plus each
# package's licence: no node_modules trees, no source maps, nothing served from a CDN.
# Run it after changing a version in package.json, and commit static/vendor/ with the lock file.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
NM="$ROOT/node_modules"
OUT="$ROOT/static/vendor"

# --ignore-scripts: no package gets to run code on this machine at install time.
if [ -f package-lock.json ]; then
    npm ci --ignore-scripts --no-audit --no-fund
else
    npm install --ignore-scripts --no-audit --no-fund
fi

version_of() {
    node -p "require('$NM/$1/package.json').version"
}

# Copy a script or style sheet without its sourceMappingURL comment: the maps are not shipped,
# and a dangling reference would break collectstatic's manifest storage.
copy_stripped() {
    mkdir -p "$(dirname "$2")"
    sed -E -e 's@/\*# sourceMappingURL=[^*]*\*/@@g' -e 's@^//# sourceMappingURL=.*$@@' "$1" >"$2"
}

copy() {
    mkdir -p "$(dirname "$2")"
    cp "$1" "$2"
}

rm -rf "$OUT/dkfds" "$OUT/htmx.org" "$OUT/sortablejs" "$OUT/quill" "$OUT/pdfjs-dist"
mkdir -p "$OUT"

# --- dkfds: the Danish public-sector design system -------------------------------------------
DK="$NM/dkfds/dist"
copy_stripped "$DK/css/dkfds.min.css" "$OUT/dkfds/css/dkfds.min.css"
copy_stripped "$DK/js/dkfds.min.js" "$OUT/dkfds/js/dkfds.min.js"
# Every file the style sheet refers to (icons, the logo placeholders, the font files), so that
# the manifest storage finds them all and nothing else is copied.
grep -oE 'url\([^)]*\)' "$OUT/dkfds/css/dkfds.min.css" |
    sed -E -e 's/^url\(//' -e 's/\)$//' -e "s/^[\"']//" -e "s/[\"']$//" -e 's/[?#].*$//' |
    grep -v '^data:' | sort -u |
    while read -r ref; do
        rel=${ref#../}
        copy "$DK/$rel" "$OUT/dkfds/$rel"
    done
# The icon sprite used by <svg><use href="...all-svg-icons.svg#name"></use></svg>.
copy "$DK/img/all-svg-icons.svg" "$OUT/dkfds/img/all-svg-icons.svg"
# IBM Plex Sans as TrueType, for documents rendered by WeasyPrint (the browser uses the woff2
# files the style sheet names above).
for face in Regular Italic Medium MediumItalic SemiBold SemiBoldItalic Bold BoldItalic; do
    copy "$DK/fonts/IBMPlexSans/complete/ttf/IBMPlexSans-$face.ttf" \
        "$OUT/dkfds/fonts/IBMPlexSans/complete/ttf/IBMPlexSans-$face.ttf"
done
copy "$DK/fonts/IBMPlexSans/complete/ttf/license.txt" "$OUT/dkfds/fonts/IBMPlexSans/LICENSE.txt"
copy "$NM/dkfds/LICENSE.md" "$OUT/dkfds/LICENSE.md"

# --- htmx -----------------------------------------------------------------------------------
copy_stripped "$NM/htmx.org/dist/htmx.min.js" "$OUT/htmx.org/htmx.min.js"
copy "$NM/htmx.org/LICENSE" "$OUT/htmx.org/LICENSE"

# --- SortableJS -----------------------------------------------------------------------------
copy_stripped "$NM/sortablejs/Sortable.min.js" "$OUT/sortablejs/Sortable.min.js"
copy "$NM/sortablejs/LICENSE" "$OUT/sortablejs/LICENSE"

# --- Quill: the rich-text editor of an item's sections (BSD-3-Clause) ------------------------
# The full build (quill.js) bundles its own dependencies (parchment BSD-3-Clause; quill-delta,
# eventemitter3 and lodash MIT; fast-diff Apache-2.0) and has the table module and the clean-up
# of Word's pasted pseudo-lists. The snow theme's style sheet draws the toolbar.
copy_stripped "$NM/quill/dist/quill.js" "$OUT/quill/quill.js"
copy_stripped "$NM/quill/dist/quill.snow.css" "$OUT/quill/quill.snow.css"
copy "$NM/quill/LICENSE" "$OUT/quill/LICENSE"
copy "$NM/fast-diff/LICENSE" "$OUT/quill/LICENSE.fast-diff"

# --- pdf.js: the bilag viewer (Apache-2.0) --------------------------------------------------
# The modern build as ES modules: the page imports pdf.min.mjs from static/js/bilag-viewer.js
# and pdf.js starts pdf.worker.min.mjs as a module worker from the same origin (CSP 'self').
copy_stripped "$NM/pdfjs-dist/build/pdf.min.mjs" "$OUT/pdfjs-dist/build/pdf.min.mjs"
copy_stripped "$NM/pdfjs-dist/build/pdf.worker.min.mjs" "$OUT/pdfjs-dist/build/pdf.worker.min.mjs"
copy "$NM/pdfjs-dist/LICENSE" "$OUT/pdfjs-dist/LICENSE"
# The standard 14 fonts (a PDF that names Helvetica or Times without embedding them) and the
# CMaps (CJK and other encodings): without them such PDFs render with wrong or missing text.
# The viewer points standardFontDataUrl and cMapUrl at these folders under /static/.
for folder in standard_fonts cmaps; do
    mkdir -p "$OUT/pdfjs-dist/$folder"
    cp "$NM/pdfjs-dist/$folder/"* "$OUT/pdfjs-dist/$folder/"
done

{
    echo "# Copied from npm packages by scripts/vendor.sh; do not edit by hand."
    for package in dkfds htmx.org sortablejs quill pdfjs-dist; do
        echo "$package $(version_of "$package")"
    done
} >"$OUT/VERSIONS.txt"

echo "static/vendor/ updated:"
cat "$OUT/VERSIONS.txt"
du -sh "$OUT"
