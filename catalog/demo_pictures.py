"""Demo product pictures drawn with Pillow: each reads as its product at a glance.

A flat block with small text said nothing on a phone. Each category family gets a
pattern people recognise (an ikat lozenge band for tenun, roasted beans for kopi, a
honeycomb for madu, salt crystals for garam, fronds for rumput laut, ...), its colour,
and a large label; the product's name sits under it. Drawn from the name's hash, so
the same product always gets the same picture; a 480 px JPEG stays around 20-40 KB.
"""

import hashlib
import io
import math
import random
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

Colour = tuple[int, int, int]


@dataclass(frozen=True)
class Look:
    label: str
    background: Colour
    ink: Colour
    accent: Colour
    draw: Callable[[ImageDraw.ImageDraw, int, random.Random, "Look"], None]


def _ikat(draw: ImageDraw.ImageDraw, size: int, rnd: random.Random, look: Look) -> None:
    """Warp bands with the lozenges (belah ketupat) and hooks of Sikka and Sumba ikat."""
    band = size // 6
    for row, y in enumerate(range(0, size, band)):
        colour = (look.ink, look.accent, (40, 35, 60))[row % 3]
        draw.rectangle((0, y, size, y + band), fill=colour)
        step = band
        offset = (row % 2) * step // 2
        for x in range(-step + offset, size + step, step):
            cx, cy, r = x + step // 2, y + band // 2, band // 2 - 6
            draw.polygon(
                [(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)], fill=look.background
            )
            draw.polygon(
                [(cx, cy - r // 2), (cx + r // 2, cy), (cx, cy + r // 2), (cx - r // 2, cy)],
                fill=colour,
            )
        draw.line((0, y, size, y), fill=(235, 215, 170), width=3)


def _beans(draw: ImageDraw.ImageDraw, size: int, rnd: random.Random, look: Look) -> None:
    """Roasted coffee beans, each an oval with its crease."""
    for _ in range(60):
        cx, cy = rnd.randrange(-20, size + 20), rnd.randrange(-20, size + 20)
        w, h = rnd.randrange(50, 64), rnd.randrange(34, 44)
        shade = rnd.choice((look.ink, look.accent, (170, 115, 70)))
        draw.ellipse((cx - w // 2, cy - h // 2, cx + w // 2, cy + h // 2), fill=shade)
        draw.arc(
            (cx - w // 2 + 6, cy - 4, cx + w // 2 - 6, cy + 8), 180, 360, fill=(30, 18, 10), width=3
        )


def _honeycomb(draw: ImageDraw.ImageDraw, size: int, rnd: random.Random, look: Look) -> None:
    """Hexagonal cells, some filled with honey, some still capped."""
    r = 30
    dx, dy = r * math.sqrt(3), r * 1.5
    for row in range(int(size / dy) + 2):
        for col in range(int(size / dx) + 2):
            cx = col * dx + (row % 2) * dx / 2
            cy = row * dy
            points = [
                (
                    cx + r * math.cos(math.radians(60 * k + 30)),
                    cy + r * math.sin(math.radians(60 * k + 30)),
                )
                for k in range(6)
            ]
            fill = look.accent if rnd.random() < 0.7 else (250, 225, 150)
            draw.polygon(points, fill=fill, outline=look.ink, width=4)


def _crystals(draw: ImageDraw.ImageDraw, size: int, rnd: random.Random, look: Look) -> None:
    """Sea-salt crystals: small white cubes with a shaded face."""
    for _ in range(110):
        x, y, s = rnd.randrange(-10, size), rnd.randrange(-10, size), rnd.randrange(18, 38)
        draw.rectangle((x, y, x + s, y + s), fill=(250, 252, 255), outline=look.ink)
        draw.polygon(
            [
                (x + s, y),
                (x + s + s // 3, y - s // 3),
                (x + s + s // 3, y + s - s // 3),
                (x + s, y + s),
            ],
            fill=look.accent,
        )


def _fronds(draw: ImageDraw.ImageDraw, size: int, rnd: random.Random, look: Look) -> None:
    """Seaweed fronds swaying up from the bottom."""
    for k in range(14):
        x0 = k * size / 13 + rnd.randrange(-10, 10)
        colour = look.ink if k % 2 else look.accent
        points = [(x0 + 18 * math.sin(y / 28 + k), y) for y in range(size, -10, -8)]
        draw.line(points, fill=colour, width=rnd.randrange(8, 14), joint="curve")


def _fish(draw: ImageDraw.ImageDraw, size: int, rnd: random.Random, look: Look) -> None:
    """Small dried fish in rows, each a body, a tail and an eye."""
    for row, y in enumerate(range(30, size, 56)):
        for x in range(-40 + (row % 2) * 40, size, 96):
            draw.ellipse((x, y, x + 70, y + 30), fill=look.accent)
            draw.polygon([(x + 66, y + 15), (x + 92, y), (x + 92, y + 30)], fill=look.accent)
            draw.ellipse((x + 10, y + 9, x + 18, y + 17), fill=look.ink)


def _leaves(draw: ImageDraw.ImageDraw, size: int, rnd: random.Random, look: Look) -> None:
    """Leaves of herbs and tea, each with its midrib."""
    for _ in range(38):
        cx, cy = rnd.randrange(0, size), rnd.randrange(0, size)
        angle = rnd.uniform(0, math.pi)
        length, width = rnd.randrange(50, 80), rnd.randrange(18, 26)
        dx, dy = math.cos(angle), math.sin(angle)
        nx, ny = -dy, dx
        tip = (cx + dx * length / 2, cy + dy * length / 2)
        base = (cx - dx * length / 2, cy - dy * length / 2)
        side1 = (cx + nx * width / 2, cy + ny * width / 2)
        side2 = (cx - nx * width / 2, cy - ny * width / 2)
        draw.polygon([tip, side1, base, side2], fill=rnd.choice((look.ink, look.accent)))
        draw.line((base, tip), fill=(225, 240, 200), width=2)


def _nuts(draw: ImageDraw.ImageDraw, size: int, rnd: random.Random, look: Look) -> None:
    """Round nuts (kemiri, candlenut) with a light spot."""
    for _ in range(60):
        cx, cy, r = rnd.randrange(0, size), rnd.randrange(0, size), rnd.randrange(18, 28)
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=look.accent, outline=look.ink, width=3)
        draw.ellipse((cx - r // 2, cy - r // 2, cx - r // 5, cy - r // 5), fill=(245, 235, 210))


def _slices(draw: ImageDraw.ImageDraw, size: int, rnd: random.Random, look: Look) -> None:
    """Smoked meat strips (se'i) with their fat lines."""
    for y in range(0, size, 48):
        x = rnd.randrange(-60, 0)
        while x < size:
            w = rnd.randrange(90, 150)
            draw.rounded_rectangle((x, y + 4, x + w, y + 42), radius=14, fill=look.accent)
            draw.line((x + 10, y + 18, x + w - 10, y + 26), fill=(240, 200, 180), width=4)
            x += w + 10


def _bottles(draw: ImageDraw.ImageDraw, size: int, rnd: random.Random, look: Look) -> None:
    """A row of bottles (sopi, moke)."""
    for x in range(20, size, 92):
        draw.rounded_rectangle((x, 150, x + 64, 380), radius=16, fill=look.accent)
        draw.rectangle((x + 22, 90, x + 42, 152), fill=look.accent)
        draw.rectangle((x + 20, 80, x + 44, 96), fill=look.ink)
        draw.rectangle((x + 8, 230, x + 56, 290), fill=(245, 235, 210))


def _dots(draw: ImageDraw.ImageDraw, size: int, rnd: random.Random, look: Look) -> None:
    """Chips, crackers and spices: scattered rounded bits."""
    for _ in range(90):
        cx, cy, r = rnd.randrange(0, size), rnd.randrange(0, size), rnd.randrange(10, 24)
        draw.rounded_rectangle(
            (cx - r, cy - r * 2 // 3, cx + r, cy + r * 2 // 3),
            radius=8,
            fill=rnd.choice((look.ink, look.accent)),
        )


LOOKS: dict[str, Look] = {
    "tenun": Look("TENUN", (240, 220, 180), (142, 40, 30), (160, 90, 30), _ikat),
    "kopi": Look("KOPI", (45, 28, 18), (125, 78, 42), (150, 95, 55), _beans),
    "madu": Look("MADU", (120, 70, 10), (150, 90, 10), (230, 160, 30), _honeycomb),
    "garam": Look("GARAM", (170, 200, 215), (120, 150, 170), (205, 220, 230), _crystals),
    "rumput-laut": Look("RUMPUT LAUT", (20, 80, 95), (70, 140, 60), (120, 170, 70), _fronds),
    "ikan": Look("IKAN", (40, 90, 120), (20, 30, 40), (200, 170, 120), _fish),
    "herbal": Look("HERBAL", (200, 220, 170), (60, 120, 50), (100, 150, 60), _leaves),
    "kemiri": Look("KEMIRI", (110, 80, 50), (70, 45, 25), (215, 190, 150), _nuts),
    "daging": Look("SE'I", (90, 30, 20), (60, 20, 10), (170, 60, 40), _slices),
    "minuman": Look("MINUMAN", (70, 30, 60), (30, 20, 25), (160, 110, 60), _bottles),
    "bumbu": Look("BUMBU", (120, 25, 15), (200, 40, 25), (240, 120, 40), _dots),
    "camilan": Look("CAMILAN", (235, 190, 120), (180, 110, 50), (210, 140, 60), _dots),
    "pangan": Look("PANGAN", (235, 190, 120), (180, 110, 50), (210, 140, 60), _dots),
}

# Which look a category slug takes: the first key found in it, in this order.
_KEYS = (
    ("tenun", "tenun"),
    ("ikat", "tenun"),
    ("kain", "tenun"),
    ("kopi", "kopi"),
    ("madu", "madu"),
    ("garam", "garam"),
    ("rumput-laut", "rumput-laut"),
    ("ikan", "ikan"),
    ("teh", "herbal"),
    ("herbal", "herbal"),
    ("obat", "herbal"),
    ("kemiri", "kemiri"),
    ("hhbk", "kemiri"),
    ("daging", "daging"),
    ("sopi", "minuman"),
    ("moke", "minuman"),
    ("minuman", "minuman"),
    ("bumbu", "bumbu"),
    ("sambal", "bumbu"),
    ("camilan", "camilan"),
    ("kue", "camilan"),
)


def look_for(category_slug: str) -> Look:
    for key, name in _KEYS:
        if key in category_slug:
            return LOOKS[name]
    return LOOKS["pangan"]


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    # Pillow's bundled scalable font: the same on every machine, no system font needed.
    return ImageFont.load_default(size=size)


def _fit(draw: ImageDraw.ImageDraw, text: str, width: int, size: int, smallest: int):
    """The largest font from ``size`` down to ``smallest`` that fits ``text`` in ``width``."""
    while size > smallest and draw.textlength(text, font=_font(size)) > width:
        size -= 2
    return _font(size)


def demo_picture(*, category_slug: str, name: str, size: int = 480) -> bytes:
    """A JPEG of ``size`` px square: the category's pattern, a large label, the name."""
    look = look_for(category_slug)
    rnd = random.Random(hashlib.sha256(name.encode()).digest())
    image = Image.new("RGB", (size, size), look.background)
    draw = ImageDraw.Draw(image)
    look.draw(draw, size, rnd, look)
    # A dark band at the bottom: the label is large enough to read on a 160 px card.
    top = size * 62 // 100
    draw.rectangle((0, top, size, size), fill=(25, 22, 20))
    draw.rectangle((0, top, size, top + 8), fill=look.accent)
    margin = size // 16
    label = _fit(draw, look.label, size - 2 * margin, size // 6, size // 12)
    draw.text((margin, top + size // 18), look.label, font=label, fill=(255, 255, 255))
    words = name if len(name) <= 34 else name[:33] + "…"
    draw.text(
        (margin, size - size // 8),
        words,
        font=_fit(draw, words, size - 2 * margin, size // 17, size // 26),
        fill=(235, 225, 205),
    )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=72, optimize=True, progressive=True)
    return buffer.getvalue()
