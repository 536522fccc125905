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


# Sized for a phone: a 360-unit wide drawing shows its 10-11 unit text at about that size.
BAR_HEIGHT = 14
BAR_GAP = 5
LABEL_WIDTH = 116
CHART_WIDTH = 360
BAR_SPACE = CHART_WIDTH - LABEL_WIDTH - 6 - 80


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
    """A monthly trend: (month, value) -> a polyline in a 360 x 180 box, at most 6 labels."""
    width, height, left, bottom, top_pad = CHART_WIDTH, 180, 40, 24, 12
    plot_w, plot_h = width - left - 18, height - bottom - top_pad
    top = max((value for _m, value in points), default=0) or 1
    step = plot_w / max(len(points) - 1, 1)
    every = max(1, -(-len(points) // 6))
    coords = [
        (round(left + index * step, 1), round(top_pad + plot_h - plot_h * value / top, 1))
        for index, (_m, value) in enumerate(points)
    ]
    return {
        "width": width,
        "height": height,
        "points": " ".join(f"{x},{y}" for x, y in coords),
        "dots": [
            {
                "x": x,
                "y": y,
                "label": f"{m:%m/%y}" if index % every == 0 else "",
                "title": f"{m:%m/%Y}",
                "text": format_idr(v),
            }
            for index, ((x, y), (m, v)) in enumerate(zip(coords, points, strict=True))
        ],
        "axis_y": top_pad + plot_h,
        "left": left,
        "right": width - 18,
        "max_text": f"{top / 1_000_000:.1f} jt".replace(".", ","),
        "label_y": height - 8,
        "top_pad": top_pad,
    }


@dataclass(frozen=True)
class Column:
    month: datetime.date
    value: int
    text: str
    x: float
    y: float
    height: float
    label_x: float


def month_columns(points: list[tuple[datetime.date, int]]) -> dict:
    """Monthly sales as vertical bars in a 360 x 170 box; each bar keeps its exact rupiah.

    Bars (not a line) because a lembaga's months are often empty: a zero month is
    then visibly zero. The template labels each month and titles each bar with its
    ``text`` (``Rp 1.250.000``), so a person reads the exact figure on hover or focus.
    """
    width, height, left, bottom, top_pad = CHART_WIDTH, 170, 8, 22, 16
    plot_h = height - bottom - top_pad
    slot = (width - 2 * left) / max(len(points), 1)
    top = max((value for _m, value in points), default=0)
    columns = []
    for index, (month, value) in enumerate(points):
        bar_h = round(plot_h * value / top, 1) if top else 0
        columns.append(
            Column(
                month=month,
                value=value,
                text=format_idr(value),
                x=round(left + index * slot + slot * 0.15, 1),
                y=round(top_pad + plot_h - bar_h, 1),
                height=bar_h,
                label_x=round(left + index * slot + slot / 2, 1),
            )
        )
    return {
        "columns": columns,
        "width": width,
        "height": height,
        "bar_width": round(slot * 0.7, 1),
        "axis_y": top_pad + plot_h,
        "label_y": height - 6,
        "left": left,
        "right": width - left,
        "max_text": format_idr(top),
    }
