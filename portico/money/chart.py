"""A simple chart of a trust balance over time, as an inline SVG's geometry. The page draws
it with a title and a description, and the history table beside it says the same in words."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

WIDTH, HEIGHT, PAD = 600, 200, 30


@dataclass
class Chart:
    points: str  # the polyline's "x,y x,y ..."
    dots: list[tuple[float, float, str]]  # x, y and what the point says
    top_label: str
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - PAD


def balance_chart(steps: list[tuple[datetime.datetime, int, str]], top_label) -> Chart | None:
    """`steps`: (when, balance after, words) oldest first; a step line, evenly spaced (the
    table gives the dates). None when there is nothing to draw."""
    if not steps:
        return None
    top = max(balance for _at, balance, _words in steps) or 1
    span_x = WIDTH - 2 * PAD
    span_y = HEIGHT - 2 * PAD
    gap = span_x / max(len(steps) - 1, 1)
    coords = []
    dots = []
    previous_y = HEIGHT - PAD
    for i, (_at, balance, words) in enumerate(steps):
        x = PAD + i * gap
        y = HEIGHT - PAD - span_y * balance / top
        if coords:
            coords.append((x, previous_y))
        coords.append((x, y))
        dots.append((round(x, 1), round(y, 1), words))
        previous_y = y
    points = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    return Chart(points=points, dots=dots, top_label=top_label(top))
