"""Text layout of figures: find overlapping or clipped text, and thin it before saving.

:func:`declutter` runs before every figure is saved: tick labels of a numeric axis that
would overlap are thinned (every other one kept, as many times as needed), and point
labels marked optional (an attribute ``optional_label = True`` on an annotation) that
would overlap other text or leave the figure are hidden. An axis marked
``keep_labels = True`` (one label per bar) is never thinned: its figure is made tall
enough instead. :func:`text_problems` lists what still overlaps or clips; the tests
require it to be empty for every figure type.
"""

from __future__ import annotations

from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.text import Annotation, Text  # noqa: E402

#: Resolution of the saved PNG files (and of the layout checks).
DPI = 130


def _drawn_ticks(axis: Any) -> list[Any]:
    # the ticks matplotlib draws (inside the view interval): private but stable API
    return list(axis._update_ticks())  # noqa: SLF001


def _texts(fig: plt.Figure, draw: bool = True) -> list[tuple[Text, str]]:
    """Every drawn, non-empty text of a figure with a short description."""
    if draw:
        fig.draw_without_rendering()  # layout and text positions, no pixels
    out: list[tuple[Text, str]] = []
    tick_labels: set[int] = set()
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        for axis in (ax.xaxis, ax.yaxis):
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                tick_labels.update((id(tick.label1), id(tick.label2)))
            for tick in _drawn_ticks(axis):
                for label in (tick.label1, tick.label2):
                    if label.get_visible() and label.get_text():
                        out.append((label, f"tick label {label.get_text()!r}"))
    for text in fig.findobj(Text):
        if id(text) in tick_labels or not text.get_visible() or not text.get_text().strip():
            continue
        if text.axes is not None and not text.axes.get_visible():
            continue
        if isinstance(text, Annotation) and not text.get_window_extent().width:
            continue
        out.append((text, f"text {text.get_text()[:40]!r}"))
    return out


def text_problems(fig: plt.Figure, pad: float = 0.5) -> list[str]:
    """Texts that overlap each other or reach outside the figure (empty: none).

    Bounding boxes are measured at the saved resolution; ``pad`` pixels of overlap are
    tolerated (anti-aliasing).
    """
    fig.set_dpi(DPI)
    texts = _texts(fig)
    renderer = fig.canvas.get_renderer()
    boxes = [(t.get_window_extent(renderer), what) for t, what in texts]
    page = fig.bbox
    problems = []
    for box, what in boxes:
        if box.x0 < page.x0 - pad or box.y0 < page.y0 - pad:
            problems.append(f"{what} is cut at the figure's edge")
        elif box.x1 > page.x1 + pad or box.y1 > page.y1 + pad:
            problems.append(f"{what} is cut at the figure's edge")
    for i, (a, wa) in enumerate(boxes):
        for b, wb in boxes[i + 1 :]:
            w = min(a.x1, b.x1) - max(a.x0, b.x0)
            h = min(a.y1, b.y1) - max(a.y0, b.y0)
            if w > pad and h > pad:
                problems.append(f"{wa} overlaps {wb}")
    return problems


def _thin_axis(axis: Any, renderer: Any, pad: float = 3.0) -> bool:
    """Keep every other overlapping tick label of a numeric axis; True if any was dropped."""
    ticks = [t for t in _drawn_ticks(axis) if t.label1.get_visible() and t.label1.get_text()]
    if len(ticks) < 3:
        return False
    boxes = [t.label1.get_window_extent(renderer) for t in ticks]
    horizontal = axis.axis_name == "x"
    kept = [0]
    for i in range(1, len(ticks)):
        a, b = boxes[kept[-1]], boxes[i]
        gap = b.x0 - a.x1 if horizontal else b.y0 - a.y1
        if horizontal and a.x0 > b.x0:
            gap = a.x0 - b.x1
        if not horizontal and a.y0 > b.y0:
            gap = a.y0 - b.y1
        if gap >= pad:
            kept.append(i)
    if len(kept) == len(ticks):
        return False
    locs = [ticks[i].get_loc() for i in kept]
    labels = [ticks[i].label1.get_text() for i in kept]
    axis.set_ticks(locs, labels)
    return True


def declutter(fig: plt.Figure) -> None:
    """Thin overlapping numeric tick labels and drop overlapping point annotations."""
    fig.set_dpi(DPI)
    for _ in range(3):
        fig.draw_without_rendering()
        renderer = fig.canvas.get_renderer()
        changed = False
        for ax in fig.axes:
            if not ax.get_visible():
                continue
            for axis in (ax.xaxis, ax.yaxis):
                if getattr(axis, "keep_labels", False):
                    continue
                changed |= _thin_axis(axis, renderer)
        kept = [t.get_window_extent(renderer) for t, _ in _texts(fig, False) if not _optional(t)]
        for text in fig.findobj(Annotation):
            if not _optional(text) or not text.get_visible():
                continue
            box = text.get_window_extent(renderer)
            clash = any(box.overlaps(k) for k in kept) or not fig.bbox.contains(box.x1, box.y1)
            if clash or not fig.bbox.contains(box.x0, box.y0):
                text.set_visible(False)
                changed = True
            else:
                kept.append(box)
        if not changed:
            return


def _optional(text: Text) -> bool:
    return bool(getattr(text, "optional_label", False))
