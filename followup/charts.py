"""Charts as plain SVG geometry, drawn by templates/followup/_chart.html.

No JavaScript and no CDN: the server computes every rectangle. Series are told apart by a fill
pattern as well as a colour (never by colour alone), each bar carries its value as text, and
every chart is followed by a table with the same figures.
"""

import math
from dataclasses import dataclass, field

# A pattern per series, so stacked bars stay readable in grey-scale print and for people who
# do not tell the colours apart.
PATTERNS = ("solid", "hatch", "dots", "cross", "dash")

WIDTH = 640
LEFT = 44
RIGHT = 12
TOP = 16
LEGEND_ROW = 20


def nice_ceiling(value: float, *, integer: bool = True) -> float:
    """The smallest 1, 2, (2.5,) 5 or 10 times a power of ten at or above value (at least 1)."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    steps = (1, 2, 5, 10) if integer and power < 10 else (1, 2, 2.5, 5, 10)
    for step in steps:
        if value <= step * power:
            return step * power
    return 10 * power


def _ticks(top: float, *, integer: bool = True, count: int = 4) -> list[float]:
    # Counts get whole-number ticks only: a top of 2 has ticks 0, 1, 2, not 0, 0.5, ...,
    # and a top of 5 has 0, 1, ..., 5, not 0, 1.25, 2.5, ...
    if integer and top < count:
        count = int(top)
    elif integer and top % count:
        count = next(n for n in (5, 3, 2, 1) if top % n == 0)
    return [top * i / count for i in range(count + 1)]


# About the advance of one character of .fu-label (13 px) in the chart's own units.
CHAR_WIDTH = 7.2


def _fmt(value: float) -> str:
    return f"{value:g}" if value != int(value) else str(int(value))


@dataclass
class Rect:
    x: float
    y: float
    width: float
    height: float
    pattern: str
    series: int
    title: str


@dataclass
class Label:
    x: float
    y: float
    text: str
    anchor: str = "middle"


@dataclass
class Chart:
    id: str
    title: str
    width: int
    height: int
    rects: list[Rect] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    gridlines: list[tuple[float, float, float, float]] = field(default_factory=list)
    legend: list[tuple[float, float, str, str, int]] = field(default_factory=list)
    patterns: tuple[str, ...] = PATTERNS

    @property
    def empty(self) -> bool:
        return not self.rects

    @property
    def pattern_defs(self) -> list[tuple[int, str]]:
        count = max((rect.series for rect in self.rects), default=0) + 1
        return [(i, self.patterns[i % len(self.patterns)]) for i in range(count)]


def _legend_rows(series, x0: float) -> list[list[tuple[float, int, str]]]:
    """Legend entries laid out left to right, wrapping at the chart's width."""
    rows, row, x = [], [], x0
    for s, (label, _values) in enumerate(series):
        width = 22 + 6.5 * len(label) + 16
        if row and x + width > WIDTH - RIGHT:
            rows.append(row)
            row, x = [], x0
        row.append((x, s, label))
        x += width
    if row:
        rows.append(row)
    return rows


def column_chart(
    *,
    id: str,
    title: str,
    categories: list[str],
    series: list[tuple[str, list[float]]],
    plot_height: int = 180,
) -> Chart:
    """Vertical columns, one per category, the series stacked in each."""
    legend = _legend_rows(series, LEFT) if len(series) > 1 else []
    legend_rows = len(legend)
    top_of_plot = TOP + legend_rows * LEGEND_ROW
    height = top_of_plot + plot_height + 40
    chart = Chart(id=id, title=title, width=WIDTH, height=height)
    totals = [sum(values[i] for _label, values in series) for i in range(len(categories))]
    top = nice_ceiling(max(totals, default=0))
    plot_width = WIDTH - LEFT - RIGHT
    slot = plot_width / max(len(categories), 1)
    bar = min(slot * 0.7, 48)
    baseline = top_of_plot + plot_height
    for tick in _ticks(top):
        y = baseline - tick / top * plot_height
        chart.gridlines.append((LEFT, y, WIDTH - RIGHT, y))
        chart.labels.append(Label(LEFT - 6, y + 4, _fmt(tick), "end"))
    for i, category in enumerate(categories):
        x = LEFT + i * slot + (slot - bar) / 2
        y = baseline
        for s, (label, values) in enumerate(series):
            value = values[i]
            if value <= 0:
                continue
            h = value / top * plot_height
            y -= h
            chart.rects.append(
                Rect(
                    x,
                    y,
                    bar,
                    h,
                    PATTERNS[s % len(PATTERNS)],
                    s,
                    f"{category}: {label} {_fmt(value)}",
                )
            )
        if totals[i]:
            chart.labels.append(Label(x + bar / 2, y - 4, _fmt(totals[i])))
        chart.labels.append(Label(x + bar / 2, baseline + 16, category))
    for r, row in enumerate(legend):
        for x, s, label in row:
            chart.legend.append(
                (x, TOP - 10 + r * LEGEND_ROW, PATTERNS[s % len(PATTERNS)], label, s)
            )
    return chart


def bar_chart(
    *, id: str, title: str, items: list[tuple[str, float]], unit: str = "", integer: bool = True
) -> Chart:
    """Horizontal bars, one per item, with the label on the left and the value at the end."""
    # As wide as the longest label (the 375 and 1280 px screenshots showed "Inclusion and social
    # sustainability" cut off at the left edge), at most half the chart.
    longest = max((len(label) for label, _v in items), default=0)
    label_width = min(max(110, round(longest * CHAR_WIDTH) + 16), WIDTH // 2)
    row = 24
    height = TOP + row * len(items) + 28
    chart = Chart(id=id, title=title, width=WIDTH, height=height)
    top = nice_ceiling(max((value for _l, value in items), default=0), integer=integer)
    plot_width = WIDTH - label_width - RIGHT - 40
    bottom = TOP + row * len(items)
    for tick in _ticks(top, integer=integer):
        x = label_width + tick / top * plot_width
        chart.gridlines.append((x, TOP - 4, x, bottom))
        chart.labels.append(Label(x, bottom + 16, _fmt(tick)))
    for i, (label, value) in enumerate(items):
        y = TOP + i * row
        chart.labels.append(Label(label_width - 8, y + row / 2 + 4, label, "end"))
        w = value / top * plot_width
        if value > 0:
            chart.rects.append(
                Rect(label_width, y + 4, w, row - 8, "solid", 0, f"{label}: {_fmt(value)}{unit}")
            )
        chart.labels.append(Label(label_width + w + 6, y + row / 2 + 4, _fmt(value), "start"))
    return chart
