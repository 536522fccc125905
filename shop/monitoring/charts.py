"""Chart geometry for server-rendered SVG (no script, no CDN): the template draws it."""

import datetime
from dataclasses import dataclass

from shop.money import format_idr


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    text: str
    y: int
    width: float
    url: str = ""


BAR_HEIGHT = 18
BAR_GAP = 6
LABEL_WIDTH = 150
CHART_WIDTH = 600
BAR_SPACE = CHART_WIDTH - LABEL_WIDTH - 130


def bar_chart(items: list[tuple[str, int, str]]) -> dict:
    """Horizontal bars (one per kabupaten fits a phone): (label, value, link) -> geometry."""
    top = max((value for _label, value, _url in items), default=0)
    bars = [
        Bar(
            label=label,
            value=value,
            text=format_idr(value),
            y=index * (BAR_HEIGHT + BAR_GAP),
            width=round(BAR_SPACE * value / top, 1) if top else 0,
            url=url,
        )
        for index, (label, value, url) in enumerate(items)
    ]
    return {
        "bars": bars,
        "height": max(len(bars) * (BAR_HEIGHT + BAR_GAP), BAR_HEIGHT),
        "width": CHART_WIDTH,
        "label_width": LABEL_WIDTH,
        "bar_x": LABEL_WIDTH + 6,
        "bar_height": BAR_HEIGHT,
    }


def line_chart(points: list[tuple[datetime.date, int]]) -> dict:
    """A monthly trend: (month, value) -> a polyline in a 600 x 220 box, with labels."""
    width, height, left, bottom, top_pad = CHART_WIDTH, 220, 50, 30, 15
    plot_w, plot_h = width - left - 10, height - bottom - top_pad
    top = max((value for _m, value in points), default=0) or 1
    step = plot_w / max(len(points) - 1, 1)
    coords = [
        (round(left + index * step, 1), round(top_pad + plot_h - plot_h * value / top, 1))
        for index, (_m, value) in enumerate(points)
    ]
    return {
        "width": width,
        "height": height,
        "points": " ".join(f"{x},{y}" for x, y in coords),
        "dots": [
            {"x": x, "y": y, "label": f"{m:%m/%Y}", "text": format_idr(v)}
            for (x, y), (m, v) in zip(coords, points, strict=True)
        ],
        "axis_y": top_pad + plot_h,
        "left": left,
        "right": width - 10,
        "max_text": f"{top / 1_000_000:.1f} jt".replace(".", ","),
        "label_y": height - 8,
        "top_pad": top_pad,
    }
