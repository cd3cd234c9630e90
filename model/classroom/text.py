"""A played subject's situation and history in words (Markdown), for students."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def situation(d: dict[str, Any]) -> str:
    """The situation of :func:`model.inspect.describe_subject` in a few sentences."""
    out = [
        f"**Subject {d['id']}**, a {d['kind']} in region {d['region']}, after period {d['period']}."
    ]
    if not d["has_file"]:
        out.append("It has **no credit file**: nothing it does is recorded.")
    else:
        rec = f"Credit file: records of weight **{d['records']:.2f}**"
        if d["false_records"] > 0:
            rec += f", of which **{d['false_records']:.2f} false**"
        out.append(rec + ".")
    if d["score"] is not None:
        out.append(f"Score **{d['score']:.0f}** (grade {d['grade']}).")
    else:
        out.append("No score: no scoring pilot covers it.")
    if d["listed"]:
        where = f" by the {', '.join(d['listed_domains'])} list(s)" if d["listed_domains"] else ""
        until = "with no end" if d.get("listed_for_ever") else f"until period {d['listed_until']}"
        why = " as the legal representative of a listed firm" if d.get("via_firm") else ""
        out.append(f"**Blacklisted**{where}{why}, {until}.")
    else:
        out.append("Not blacklisted." + (" **On the red list.**" if d["red_listed"] else ""))
    if d["period"] > 0:
        if d["dealt"]:
            act = "kept faith" if d["kept_faith"] else "broke faith"
            out.append(f"Last month it dealt with subject {d['partner']} and **{act}**.")
        elif d["partner_refused"]:
            checked = " after checking its credit status" if d["partner_checked"] else ""
            out.append(f"Last month its partner **refused to deal** with it{checked}.")
        else:
            out.append("Last month it made no deal.")
        if d["found"]:
            why = " (a false record: it had kept faith)" if d["false_finding"] else ""
            filed = " The finding went into its file." if d["recorded"] else ""
            out.append(f"It was **found to have broken faith**{why}.{filed}")
    out.append(f"Payoff last month **{d['payoff']:.2f}**; so far **{d['payoff_so_far']:.2f}**.")
    return " ".join(out)


def history(rows: Sequence[dict[str, Any]], last: int = 24) -> str:
    """A table of the subject's past periods, newest first."""
    out = [
        "| period | act | partner | found | listed | score | payoff so far |",
        "|---|---|---|---|---|---|---|",
    ]
    for h in reversed(rows[-last:]):
        act = "no deal" if not h["dealt"] else ("kept faith" if h["kept_faith"] else "broke faith")
        found = ("false record" if h["false_finding"] else "yes") if h["found"] else ""
        listed = ("wrongly" if h["wrongly_listed"] else "yes") if h["listed"] else ""
        score = f"{h['score']:.0f}" if h["score"] is not None else ""
        refused = "refused" if h["partner_refused"] else ""
        out.append(
            f"| {h['period']} | {act} | {refused} | {found} | {listed} | {score} | "
            f"{h['payoff_so_far']:.2f} |"
        )
    return "\n".join(out)


def wrongful_alert(rows: Sequence[dict[str, Any]], now: dict[str, Any]) -> str | None:
    """The alert when the subject is listed on a false record (None otherwise)."""
    if not now["wrongly_listed"]:
        return None
    before = rows[-2] if len(rows) >= 2 else None
    new = before is None or not before["listed"]
    head = "Wrongful listing! " if new else "Still wrongly listed. "
    return head + "Your subject is on the blacklist because of a false record."
