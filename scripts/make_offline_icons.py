"""Draw the installable app's icons (static/img/offline/) in the design system's colours.

Run once when the icon changes: `uv run python scripts/make_offline_icons.py`. The icon is a
white agenda sheet (three lines of text and a check) on the DKFDS primary blue; the
maskable variant keeps the sheet inside the safe zone. The SVG is the same drawing.
"""

from pathlib import Path

from PIL import Image, ImageDraw

BLUE = (0, 89, 179)  # DKFDS primary, #0059b3
WHITE = (255, 255, 255)
LINE = (0, 89, 179)
GREEN = (53, 135, 64)  # DKFDS success, #358740
OUT = Path(__file__).resolve().parent.parent / "static" / "img" / "offline"


def draw(size: int, *, inset: float) -> Image.Image:
    """The icon at `size` pixels; `inset` is the share of the side left around the sheet."""
    image = Image.new("RGB", (size, size), BLUE)
    pen = ImageDraw.Draw(image)
    unit = size / 100
    left, top = size * inset + 8 * unit * (1 - 2 * inset), size * inset
    width, height = size - 2 * left, size - 2 * top
    pen.rounded_rectangle((left, top, left + width, top + height), radius=6 * unit, fill=WHITE)
    for row in range(3):
        y = top + height * (0.22 + row * 0.16)
        pen.rounded_rectangle(
            (left + width * 0.16, y, left + width * (0.84 - 0.18 * row), y + height * 0.06),
            radius=2 * unit,
            fill=LINE,
        )
    check = [
        (left + width * 0.30, top + height * 0.78),
        (left + width * 0.44, top + height * 0.88),
        (left + width * 0.72, top + height * 0.66),
    ]
    pen.line(check, fill=GREEN, width=max(2, round(7 * unit * (1 - inset))), joint="curve")
    return image


SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"
  role="img" aria-label="DAP-portalen">
  <rect width="100" height="100" rx="14" fill="#0059b3"/>
  <rect x="18" y="10" width="64" height="80" rx="6" fill="#ffffff"/>
  <rect x="28" y="26" width="44" height="5" rx="2" fill="#0059b3"/>
  <rect x="28" y="39" width="33" height="5" rx="2" fill="#0059b3"/>
  <rect x="28" y="52" width="21" height="5" rx="2" fill="#0059b3"/>
  <polyline points="37,72 46,80 64,63" fill="none" stroke="#358740" stroke-width="7"
    stroke-linecap="round" stroke-linejoin="round"/>
</svg>
"""


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        draw(size, inset=0.10).save(OUT / f"dap-{size}.png", optimize=True)
    draw(512, inset=0.22).save(OUT / "dap-maskable-512.png", optimize=True)
    (OUT / "dap-icon.svg").write_text(SVG, encoding="utf-8")


if __name__ == "__main__":
    main()
