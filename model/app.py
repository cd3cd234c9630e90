"""The classroom page: the credit-system model in a browser (Solara).

Start it with ``make app`` (``solara run model/app.py --host 127.0.0.1 --port 8765
--production``) and open http://127.0.0.1:8765; docs/teachers-guide.md walks through
it. ``make app-class`` adds the class game, in which each student's browser plays one
subject (:mod:`model.classroom.game`); only then does the server listen on the
classroom network.

Design notes (why it is built this way):

- One :class:`model.classroom.session.Session` per browser tab owns the model, the
  preset, the controls and the play loop; the components below only call its methods
  and draw its snapshots. Mesa's SolaraViz is not used: its Reset rebuilt a model from
  its own copy of the controls (a default model after a preset switch) and its play
  thread outlived the model it stepped.
- Charts are Vega-Lite, drawn by the browser as SVG (:mod:`model.classroom.charts`):
  their text is 16 px on any screen, a period sends only new data, and the browser
  exports them as PNG or SVG.
- Projector mode (the default below 1,400 px of window width) puts the monitors in one
  row above the charts and the sidebar holds only the lesson's controls; everything
  else is under "All parameters". Below 900 px the sidebar moves above the page
  rather than over it.
- Nothing is fetched from the internet: Markdown is rendered here rather than by
  Solara's Markdown component (which loads KaTeX from a CDN), and the chart libraries
  come from solara-assets (:mod:`model.classroom.assets`).
"""

from __future__ import annotations

import sys
from pathlib import Path

# `solara run model/app.py` runs this file as a script with model/ first on sys.path,
# where `import model` would find model/model.py instead of the package: put the
# repository root first instead (a no-op when imported as `model.app`).
_PACKAGE_DIR = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _PACKAGE_DIR]
sys.path.insert(0, str(_PACKAGE_DIR.parent))
if "model" in sys.modules and not hasattr(sys.modules["model"], "__path__"):
    del sys.modules["model"]  # a module model.py imported by mistake, not the package

import html  # noqa: E402
import json  # noqa: E402
from functools import lru_cache  # noqa: E402
from typing import Any  # noqa: E402

import solara  # noqa: E402

from model import REGISTRY  # noqa: E402
from model import lessons as lessons_mod  # noqa: E402
from model.classroom import assets, charts, game, store, text  # noqa: E402
from model.classroom.columns import AXES  # noqa: E402
from model.classroom.controls import parameter_groups, slider_range  # noqa: E402
from model.classroom.session import (  # noqa: E402
    SPEEDS,
    Session,
    Snapshot,
    idle_controls,
    pending_changes,
    run_info,
)
from model.classroom.ui import MonitorRow, md  # noqa: E402
from model.classroom.widgets import VegaChart, Viewport  # noqa: E402
from model.inspect import STATUS  # noqa: E402
from model.mechanisms import MECHANISMS  # noqa: E402
from model.presets import GUIDE, PRESETS, TITLES  # noqa: E402
from model.provenance import git_commit  # noqa: E402
from model.schedule import STEP_ORDER  # noqa: E402

try:
    assets.ensure_links()  # make installs them; a fresh checkout run by hand needs them too
except (OSError, FileNotFoundError) as _e:  # read-only environment: say so, keep going
    print(f"classroom page: chart libraries may be missing: {_e}", file=sys.stderr)

TITLE = "Social credit system: rewards and punishments (classroom)"
SHORT_TITLE = "Credit system classroom"
DEFAULT_PRESET = "outline_core" if "outline_core" in PRESETS else next(iter(PRESETS))
NONE = "(none)"
#: Window width (CSS px) below which projector mode is the default.
PROJECTOR_BELOW = 1400
FREE_TITLE = "Free exploration (all presets)"


@lru_cache(maxsize=1)
def _commit() -> str:
    sha = git_commit()
    return sha[:12] + ("-dirty" if sha.endswith("-dirty") else "")


def preset_titles() -> dict[str, str]:
    """Preset title -> name, in lesson order (a title the lead adds later is used as is)."""
    out: dict[str, str] = {}
    for name in lessons_mod.preset_order(PRESETS):
        title = TITLES.get(name, name)
        out[title if title not in out else f"{title} ({name})"] = name
    return out


def lesson_titles() -> dict[str, str]:
    """Lesson title -> key; the class game's lesson only when the game is on."""
    out = {x.title: x.key for x in lessons_mod.LESSONS if not x.class_game or game.enabled()}
    out[FREE_TITLE] = lessons_mod.FREE
    return out


def run_line(snap: Snapshot) -> str:
    """The provenance line: seed and every parameter that differs from the defaults."""
    text = ", ".join(f"{k} = {v}" for k, v in snap.changed.items()) or "all defaults"
    return f"This run (seed {snap.seed}): {text}"


def change_lines(snap: Snapshot) -> list[str]:
    """The changes made during the run, numbered as on the charts."""
    return [f"({i}) {charts.change_text(c)}" for i, c in enumerate(snap.events, start=1)]


def export_name(snap: Snapshot) -> str:
    """File name stem of the run's exports."""
    return f"credit-abm-{snap.preset}-seed{snap.seed}-period{snap.t}"


# --- sidebar ------------------------------------------------------------------------
@solara.component
def ParamControl(session: Session, name: str, value: Any) -> None:
    """One parameter: a checkbox, a list, or a slider with a number field."""
    spec = REGISTRY[name]

    def set_value(v: Any) -> None:
        session.set_control(name, v)

    tip = f"{spec.doc} ({spec.unit}; {spec.allowed()})"
    if spec.kind is bool:
        mech = name.split(".")[0]
        title = MECHANISMS[mech].title if mech in MECHANISMS else spec.doc
        with solara.Tooltip(tip):
            solara.Checkbox(label=f"{name}: {title}", value=bool(value), on_value=set_value)
        return
    if spec.kind is str:
        solara.Select(
            label=name, values=list(spec.choices or (value,)), value=value, on_value=set_value
        )
        return
    low, high, step = slider_range(spec, value)
    with solara.Column(gap="0px", classes=["cr-param", f"param-{name.replace('.', '-')}"]):
        with solara.Tooltip(tip):
            solara.Text(name, classes=["cr-param-name"])
        with solara.Row(gap="8px", style={"align-items": "center"}):
            slider, field, cast = (
                (solara.SliderInt, solara.InputInt, int)
                if spec.kind is int
                else (solara.SliderFloat, solara.InputFloat, float)
            )
            slider(
                label="",
                value=cast(value),
                min=cast(low),
                max=cast(high),
                step=cast(step),
                on_value=set_value,
                thumb_label=False,
            )
            field(
                label="",
                value=cast(value),
                on_value=set_value,
                classes=["cr-number"],
                continuous_update=False,
            )


@solara.component
def RunControls(session: Session) -> None:
    """Step, Play/Pause, Reset, speed and "run to period N"."""
    playing = session.playing.value
    target = solara.use_reactive(24)
    with solara.Column(gap="6px", classes=["cr-run-controls"]):
        with solara.Row(gap="6px"):
            solara.Button(
                "Step",
                on_click=session.step,
                disabled=playing,
                color="primary",
                outlined=True,
                classes=["cr-step"],
            )
            if playing:
                solara.Button(
                    "Pause",
                    on_click=session.pause,
                    color="primary",
                    icon_name="mdi-pause",
                    classes=["cr-pause"],
                )
            else:
                solara.Button(
                    "Play",
                    on_click=lambda: session.play(),
                    color="primary",
                    icon_name="mdi-play",
                    classes=["cr-play"],
                )
            solara.Button("Reset", on_click=session.reset, outlined=True, classes=["cr-reset"])
        with solara.Row(gap="6px", style={"align-items": "center"}):
            solara.InputInt(
                "Run to period", value=target, classes=["cr-target"], continuous_update=True
            )
            solara.Button(
                f"Run to {target.value}",
                on_click=lambda: session.play(target.value),
                disabled=playing,
                outlined=True,
                classes=["cr-run-to"],
            )
        speed = session.speed.value
        with solara.Div(classes=["cr-speed"]):
            solara.SliderInt(
                f"Speed: {SPEEDS[speed][0]}",
                value=speed,
                min=0,
                max=len(SPEEDS) - 1,
                on_value=session.set_speed,
                thumb_label=False,
            )


@solara.component
def PendingChanges(session: Session, controls: dict[str, Any]) -> None:
    """Says which sidebar values the running model does not use yet."""
    pending = pending_changes(controls, session.built.value)
    if pending:
        text = ", ".join(f"{k} = {v}" for k, v in pending.items())
        solara.Warning(
            f"Changed, not yet running: {text}. Press Reset to start a new run with it.",
            dense=True,
            classes=["cr-pending"],
        )
    idle = idle_controls(controls)
    if idle:
        solara.Info("No effect now: " + ", ".join(idle) + ".", dense=True, classes=["cr-idle"])
    if session.error.value:
        solara.Error(session.error.value, dense=True, classes=["cr-error"])


@solara.component
def Sidebar(session: Session, lesson_key: str) -> None:
    """The sidebar: run controls, seed, the lesson's controls, then all parameters."""
    controls = session.controls.value
    names = lessons_mod.lesson_controls(lesson_key, REGISTRY)
    with solara.Column(gap="8px", classes=["cr-side"]):
        RunControls(session)
        PendingChanges(session, controls)
        solara.InputInt(
            "seed (rng)",
            value=int(controls["seed"]),
            on_value=lambda v: session.set_control("seed", v),
            continuous_update=False,
            classes=["cr-seed"],
        )
        # a new box per lesson: reusing the widgets of another lesson's controls drew
        # them out of order (a lesson's control below "All parameters")
        with solara.Column(gap="8px", classes=["cr-lesson-controls"]).key(f"lesson-{lesson_key}"):
            for name in names:
                ParamControl(session, name, controls.get(name, REGISTRY[name].default)).key(name)
        AllParameters(session, controls, tuple(names)).key("all-parameters")


@solara.component
def AllParameters(session: Session, controls: dict[str, Any], shown: tuple[str, ...]) -> None:
    """Every other control, drawn only while open (a smaller page redraws faster)."""
    is_open = solara.use_reactive(False)
    solara.Button(
        ("▾ " if is_open.value else "▸ ") + "All parameters",
        on_click=lambda: is_open.set(not is_open.value),
        text=True,
        classes=["cr-all-parameters"],
    )
    if not is_open.value:
        return
    # a new box when the lesson's controls change (see Sidebar)
    with solara.Column(gap="8px", classes=["cr-all-controls"]).key("all:" + ",".join(shown)):
        for title, group in parameter_groups():
            rest = [n for n in group if n not in shown]
            if not rest:
                continue
            solara.Text(title, classes=["cr-group"]).key(f"group:{title}")
            for name in rest:
                ParamControl(session, name, controls.get(name, REGISTRY[name].default)).key(name)


# --- main area ------------------------------------------------------------------------
@solara.component
def Monitors(snap: Snapshot) -> None:
    """The monitors of the running model."""
    MonitorRow(snap.t, snap.outcomes, snap.columns)


@solara.component
def Provenance(snap: Snapshot) -> None:
    """The model's version and the preset the run started from."""
    solara.Text(
        f"credit-abm {_commit()} · {TITLES.get(snap.preset, snap.preset)}",
        classes=["cr-provenance"],
    )


@solara.component
def RunLine(snap: Snapshot, provenance: bool = True) -> None:
    """What the running model is: seed and changed parameters (model version), changes."""
    with solara.Div(classes=["cr-runline"]):
        solara.HTML(
            tag="span",
            unsafe_innerHTML=html.escape(run_line(snap)),
            classes=["run-parameters"],
            attributes={"data-model": snap.model_id},
        )
        if provenance:
            Provenance(snap)
        # always drawn (empty before a change): the charts below keep their place
        solara.HTML(
            tag="span",
            unsafe_innerHTML=html.escape(
                ("Changed during the run: " + "; ".join(change_lines(snap))) if snap.events else ""
            ),
            classes=["run-events"],
        )


def _saved_frame(name: str | None):  # noqa: ANN202 - pandas
    return store.load(name) if name else None


@solara.component
def Charts(snap: Snapshot, saved: solara.Reactive[str | None], projector: bool) -> None:
    """One chart per kind of quantity; a saved run dashed."""
    entry = next((r for r in store.runs() if r.name == saved.value), None)
    saved_df = solara.use_memo(
        lambda: _saved_frame(entry.name if entry else None),
        dependencies=[entry.name if entry else None],
    )
    frames = {charts.THIS_RUN: snap.frame}
    if entry is not None and saved_df is not None:
        frames[f"saved: {entry.label}"] = saved_df
    height = 110 if projector else 190
    events = charts.event_rows(snap.events)
    # always drawn (empty without a saved run): the charts keep their place
    solara.Text(
        f"Dashed: saved run {entry.label}" if len(frames) > 1 and entry else "",
        classes=["cr-saved-note"],
    )
    with solara.Div(classes=["cr-charts"]):
        for key, spec, data in charts.outcome_charts(frames, snap.columns, snap.t, height):
            with solara.Div(classes=["cr-chart", f"chart-{key}"]):
                VegaChart.element(
                    spec=spec,
                    datasets={"table": data, "events": events},
                    export_name=f"{export_name(snap)}-{key}",
                )


@solara.component
def SaveAndCompare(session: Session, snap: Snapshot, saved: solara.Reactive[str | None]) -> None:
    """Save this run (kept on disk), pick the saved run drawn dashed, export."""
    runs = store.runs()
    labels = {r.label: r.name for r in runs}

    def save() -> None:
        s = session.state.value
        label = f"{TITLES.get(s.preset, s.preset)}, seed {s.seed}, period {s.t}"
        entry = store.save(
            label,
            s.frame,
            {"preset": s.preset, "seed": s.seed, "period": s.t, "changed": s.changed},
        )
        saved.set(entry.name)

    def forget() -> None:
        if saved.value:
            store.delete(saved.value)
        saved.set(None)

    current = next((r.label for r in runs if r.name == saved.value), NONE)
    with solara.Row(
        gap="8px", style={"align-items": "center", "flex-wrap": "wrap"}, classes=["cr-save"]
    ):
        solara.Button(
            "Save this run",
            on_click=save,
            disabled=snap.t == 0,
            outlined=True,
            classes=["cr-save-run"],
        )
        solara.Select(
            "Saved run (dashed)",
            values=[NONE, *labels],
            value=current,
            on_value=lambda v: saved.set(labels.get(v)),
            classes=["cr-saved-select"],
            style={"min-width": "22em"},
        )
        solara.Button("Forget saved run", on_click=forget, disabled=saved.value is None, text=True)
        solara.FileDownload(
            lambda: session.state.value.frame.to_csv(index=False),
            filename=f"{export_name(snap)}.csv",
            label="Table (CSV)",
            mime_type="text/csv",
        )
        solara.FileDownload(
            lambda: json.dumps(run_info(session.state.value), indent=1, default=str),
            filename=f"{export_name(snap)}.json",
            label="Run info (JSON)",
            mime_type="application/json",
        )


@solara.component
def NetworkView(snap: Snapshot) -> None:
    """A fixed sample of the network coloured by credit status."""
    spec = solara.use_memo(
        lambda: charts.network_spec(snap.sample, height=300), dependencies=[snap.model_id]
    )
    counts = {label: int((snap.status == code).sum()) for code, label in enumerate(STATUS)}
    with solara.Div(classes=["network-view"]):
        solara.Text(
            f"Network sample: {len(snap.sample['nodes'])} of "
            f"{snap.params['n_subjects']:,} neighbouring subjects. "
            + ", ".join(f"{k}: {v}" for k, v in counts.items()),
            classes=["cr-note"],
        )
        VegaChart.element(
            spec=spec,
            datasets={"nodes": charts.network_rows(snap.sample, snap.status)},
            export_name=f"{export_name(snap)}-network",
        )


@solara.component
def Comparison(session: Session, snap: Snapshot) -> None:
    """A second preset run in step with this one (same seed and population), side by side."""
    titles = preset_titles()
    by_name = {v: k for k, v in titles.items()}
    current = by_name.get(snap.twin_preset, NONE) if snap.twin_preset else NONE
    solara.Select(
        "Run another preset side by side",
        values=[NONE, *titles],
        value=current,
        on_value=lambda v: session.set_comparison(titles.get(v)),
        classes=["cr-compare-select"],
        style={"max-width": "32em"},
    )
    if snap.twin_frame is None:
        return
    left = {charts.THIS_RUN: snap.frame}
    right = {by_name.get(snap.twin_preset, snap.twin_preset): snap.twin_frame}
    with solara.Div(classes=["cr-charts", "comparison-plot"]):
        for key in ("acts", "subjects"):
            pair = [
                charts.outcome_charts(f, snap.columns, snap.t, 150, axes=[key])
                for f in (left, right)
            ]
            if not pair[0] or not pair[1]:
                continue
            # one y scale for both sides
            lo = min(charts.lines(p[0][1])["encoding"]["y"]["scale"]["domain"][0] for p in pair)
            hi = max(charts.lines(p[0][1])["encoding"]["y"]["scale"]["domain"][1] for p in pair)
            for label, p, events in zip(
                (f"This run: {AXES[key].title}", f"{next(iter(right))}: {AXES[key].title}"),
                pair,
                (charts.event_rows(snap.events), []),  # the changes were made to this run only
                strict=True,
            ):
                _, spec, data = p[0]
                spec = {**spec, "title": label}
                charts.lines(spec)["encoding"]["y"]["scale"]["domain"] = [lo, hi]
                with solara.Div(classes=["cr-chart"]):
                    VegaChart.element(
                        spec=spec, datasets={"table": data, "events": events}, export_name=""
                    )


@solara.component
def PresetGuide(snap_preset: str) -> None:
    """What to look for in the preset the controls started from."""
    md(
        f"**{TITLES.get(snap_preset, snap_preset)}.** {GUIDE.get(snap_preset, '')}",
        classes=["cr-guide"],
    )


@solara.component
def ControlsHelp() -> None:
    """A table of what each control means (name, unit, valid range, meaning)."""
    rows = ["| parameter | unit | valid values | meaning |", "|---|---|---|---|"]
    for _, names in parameter_groups():
        for name in names:
            spec = REGISTRY[name]
            rows.append(f"| `{name}` | {spec.unit} | {spec.allowed()} | {spec.doc} |")
    with solara.Details("What the controls mean"):
        md("\n".join(rows))


@solara.component
def RunTab(session: Session, saved: solara.Reactive[str | None], projector: bool) -> None:
    """The main view: monitors, run line, charts, then the rest below the fold.

    The one component that reads the snapshot: one redraw per period.
    """
    snap = session.state.value
    Monitors(snap)
    # on a projector the version goes below the charts: the run line and its changes
    # leave the charts on the first screen
    RunLine(snap, provenance=not projector)
    Charts(snap, saved, projector)
    if projector:
        Provenance(snap)
    PresetGuide(snap.preset)
    SaveAndCompare(session, snap, saved)
    with solara.Card("Network: credit status", classes=["cr-card"]):
        NetworkView(snap)
    with solara.Card("Comparison", classes=["cr-card"]):
        Comparison(session, snap)
    ControlsHelp()


@solara.component
def InfoTab(session: Session, lesson_key: str) -> None:
    """NetLogo's Info tab: what the model is, how it works, things to notice and try,
    and the Outline clause behind each switch (read from the parameters' specs).
    """
    params = session.built.value
    lesson = lessons_mod.lesson(lesson_key)
    parts = ["## What is it?", lessons_mod.ABOUT, "## How it works (one month, in order)"]
    on = [m for m in MECHANISMS if params.get(f"{m}.enabled", True)]
    parts.extend(f"1. *{MECHANISMS[m].title}*: {why}" for m, _, why in STEP_ORDER if m in on)
    if lesson is not None:
        parts.append(f"## Things to notice ({lesson.title})")
        parts.extend(f"- {x}" for x in lesson.notice)
        parts.append("## Things to try")
        parts.extend(f"- {x}" for x in lesson.try_)
    parts += [
        "## The Outline behind each switch",
        "| switch | in this run | Outline clause or source |",
        "|---|---|---|",
    ]
    for mech, cls in MECHANISMS.items():
        name = f"{mech}.enabled"
        if name in REGISTRY:
            state = "on" if params[name] else "off"
            parts.append(f"| `{name}`: {cls.title} | {state} | {REGISTRY[name].clause} |")
    md("\n".join(parts), classes=["cr-info"])


@solara.component
def PlayTab(session: Session) -> None:
    """Play a subject: its situation, the class's choice, what happened."""
    snap = session.state.value
    playing = session.playing.value
    d = snap.subject
    pick = solara.use_reactive(d["id"] if d else 0)
    with solara.Row(gap="8px", style={"align-items": "center"}):
        solara.InputInt("Subject id", value=pick, classes=["cr-subject-id"])
        solara.Button(
            "Play this subject", on_click=lambda: session.set_subject(pick.value), outlined=True
        )
    if d is None:
        return
    Monitors(snap)
    alert = text.wrongful_alert(snap.history, d)
    with solara.Div(classes=["cr-alert"]):  # always there: the buttons keep their place
        if alert:
            solara.Error(alert, classes=["cr-wrongful"])
    with solara.Card(f"Your subject: {d['id']}", classes=["cr-card", "cr-subject"]):
        md(text.situation(d), classes=["cr-situation"])
        solara.Text(f"Your choice for period {snap.t + 1}:", classes=["cr-note"])
        with solara.Row(gap="12px"):
            solara.Button(
                "Keep faith",
                on_click=lambda: session.choose(True),
                color="success",
                disabled=playing,
                classes=["cr-keep"],
            )
            solara.Button(
                "Break faith",
                on_click=lambda: session.choose(False),
                color="error",
                disabled=playing,
                classes=["cr-break"],
            )
    if snap.history:
        md(text.history(snap.history), classes=["cr-history"])


CSS = """
.cr-page { padding: 6px 10px; }
.cr-top { display: flex; flex-wrap: wrap; gap: 10px; align-items: center; }
.cr-top .cr-title { font-size: 20px; font-weight: 500; margin-right: 8px; }
.cr-top .v-input { flex: 0 1 250px; min-width: 150px; }
.cr-top .preset-select { flex-basis: 340px; }
.cr-top .cr-projector-switch { flex: 0 0 auto; margin-top: 0; }
.cr-projector .cr-top { flex-wrap: nowrap; }
.cr-saved-note { font-size: 16px; }
.network-view .vega-chart { padding-top: 24px; }
.cr-body { display: flex; gap: 14px; align-items: flex-start; }
.cr-side { flex: 0 0 300px; width: 300px; min-width: 0; }
.cr-main { flex: 1 1 auto; min-width: 0; }
.cr-monitors { display: flex; gap: 8px; flex-wrap: wrap; }
.cr-monitor { flex: 1 1 0; min-width: 120px; border-top: 4px solid #888; padding: 2px 6px;
  background: #f7f7f7; border-radius: 4px; }
.cr-monitor-label { display: block; font-size: 16px; white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis; }
.monitor { display: block; font-size: 26px; font-weight: 700; line-height: 1.2; }
.cr-runline { display: flex; flex-wrap: wrap; gap: 4px 16px; align-items: baseline;
  margin-top: 2px; }
.run-parameters { font-size: 16px; }
.run-events { font-size: 16px; color: #333; }
.run-events:empty { display: none; }
.cr-main .v-tabs-bar { height: 36px; }
.cr-chart { position: relative; }
.vega-chart-export { position: absolute; top: 0; right: 0; }
.cr-provenance, .cr-note { font-size: 14px; color: #555; }
.cr-charts { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 4px 16px;
  margin-top: 4px; }
.cr-chart { min-width: 0; }
.cr-param-name { font-size: 14px; }
.cr-number { max-width: 6.5em; }
.cr-group { font-weight: 600; margin-top: 6px; }
.cr-md table { border-collapse: collapse; }
.cr-md td, .cr-md th { border: 1px solid #ddd; padding: 2px 6px; }
.cr-projector .cr-monitors { flex-wrap: nowrap; }
.cr-projector .cr-monitor { min-width: 0; }
.cr-projector .monitor { font-size: 28px; }
.cr-projector .cr-guide { font-size: 16px; }
@media (max-width: 900px) {
  .cr-body { flex-direction: column; }
  .cr-side { width: 100%; flex-basis: auto; }
  .cr-main { width: 100%; }
  .cr-charts { grid-template-columns: minmax(0, 1fr); }
}
.cr-top .v-input__slot, .cr-side .v-input__slot { margin-bottom: 0; }
.cr-side .v-text-field__details, .cr-top .v-text-field__details { display: none; }
"""


@solara.component
def Layout(children: list = []) -> None:  # noqa: B006 - Solara's layout signature
    """No app bar or drawer: the page lays itself out (the drawer covered it when zoomed)."""
    with solara.Column(gap="0px", style={"padding": "0"}):
        for child in children:
            solara.display(child)


@solara.component
def Page() -> None:
    """The classroom page; with the class game on, a student's page (other computers, or
    ``/?join`` on this one).
    """
    router = solara.use_router()
    solara.Style(CSS)
    wants_join = "join" in (router.search or "").split("&")
    if game.enabled() and (wants_join or not game.is_teacher()):
        game.StudentPage()
    else:
        TeacherPage()


@solara.component
def TeacherPage() -> None:
    """The classroom page (one session, hence one model, per browser tab)."""
    session = solara.use_memo(lambda: Session(DEFAULT_PRESET), dependencies=[])
    solara.use_effect(lambda: session.close, dependencies=[])
    width = solara.use_reactive(0)
    projector_choice = solara.use_reactive(None)
    lesson_key = solara.use_reactive(lessons_mod.LESSONS[0].key)
    tab = solara.use_reactive(0)
    runs = store.runs()
    saved = solara.use_reactive(runs[-1].name if runs else None)
    projector = (
        projector_choice.value
        if projector_choice.value is not None
        else (width.value or 0) < PROJECTOR_BELOW
    )
    titles = preset_titles()
    by_name = {v: k for k, v in titles.items()}
    lessons = lesson_titles()
    lesson_by_key = {v: k for k, v in lessons.items()}

    solara.Title("Credit system classroom")
    Viewport.element(width=width.value, on_width=width.set)
    with solara.Column(gap="6px", classes=["cr-page", "cr-projector" if projector else "cr-wide"]):
        with solara.Div(classes=["cr-top"]):
            solara.Text(SHORT_TITLE if projector else TITLE, classes=["cr-title"])
            solara.Select(
                "Lesson",
                values=list(lessons),
                value=lesson_by_key[lesson_key.value],
                on_value=lambda v: lesson_key.set(lessons[v]),
                classes=["lesson-select"],
            )
            solara.Select(
                "Preset",
                values=list(titles),
                value=by_name.get(session.preset, session.preset),
                on_value=lambda v: session.select_preset(titles[v]),
                classes=["preset-select"],
            )
            solara.Button(
                "Restore preset",
                on_click=lambda: session.select_preset(session.preset),
                text=True,
                classes=["cr-restore"],
            )
            solara.Switch(
                label="Projector mode",
                value=projector,
                on_value=projector_choice.set,
                classes=["cr-projector-switch"],
            )
        with solara.Div(classes=["cr-body"]):
            Sidebar(session, lesson_key.value)
            with solara.Div(classes=["cr-main"]):
                with solara.lab.Tabs(value=tab, lazy=True):
                    with solara.lab.Tab("Run"):
                        RunTab(session, saved, projector)
                    with solara.lab.Tab("Info"):
                        InfoTab(session, lesson_key.value)
                    with solara.lab.Tab("Play a subject"):
                        PlayTab(session)
                    if game.enabled():
                        with solara.lab.Tab("Class game"):
                            game.GameTab(session.controls.value, session.preset)
