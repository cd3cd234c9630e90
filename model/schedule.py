"""The one order of operations within a period.

Each entry is ``(mechanism, method, what happens and why here)``. The model's ``step``
walks this list once per period, calling ``method`` on the named mechanism if it is
switched on; a switched-off mechanism is skipped and draws no random numbers. This is
the only place where the order is written; docs/ODD.md ("Process overview and
scheduling") reproduces it and a test checks that the two agree.
"""

from __future__ import annotations

STEP_ORDER: tuple[tuple[str, str, str], ...] = (
    # --- who meets whom -------------------------------------------------------------
    (
        "interaction",
        "match",
        "Each subject seeks one transaction with a random network neighbour; the domain "
        "of the act is drawn from the actor's kind.",
    ),
    # --- partners look the actor up before they deal (§V(1) market discipline) ------
    (
        "market",
        "screen",
        "Partners check the actor's visible credit status: refuse the listed, trust "
        "the red-listed.",
    ),
    (
        "interaction",
        "agree",
        "Partners not screened out trust the actor if trusting pays in expectation.",
    ),
    # --- the act: incentives are read before the choice -----------------------------
    (
        "detection",
        "assess",
        "Each actor's chance of being found out is set from monitoring and reporting.",
    ),
    (
        "decision",
        "choose",
        "Actors keep or break faith: logit on deterrence + integrity - gain, or their "
        "imitated strategy.",
    ),
    (
        "interaction",
        "settle",
        "Transactions pay out: surplus to both, gain to a cheat, harm to its partner; "
        "partners update trust.",
    ),
    # --- the system reacts: record, sanction, classify, list (§IV, §V(1)) -----------
    (
        "detection",
        "monitor",
        "Violations are found with the chance set above; honest acts are wrongly found "
        "at the error rate.",
    ),
    (
        "records",
        "file",
        "Findings on covered actors enter their credit files, weighted by severity.",
    ),
    ("sanctions", "fine", "Everyone found to have violated pays the administrative fine."),
    (
        "scoring",
        "score",
        "Scores and grades are recomputed from the records the home department sees.",
    ),
    (
        "blacklist",
        "update",
        "New findings list or renew a listing (serious violation, or score below threshold).",
    ),
    (
        "redlist",
        "update",
        "Covered, unlisted subjects with a high score and a clean spell are red-listed.",
    ),
    # --- consequences of status this period -----------------------------------------
    ("blacklist", "restrict", "Listed subjects bear the extra cost of being listed."),
    ("redlist", "reward", "Red-listed subjects receive the green-channel reward."),
    # --- end of period ----------------------------------------------------------------
    ("records", "age", "Record weights decay; records below the expiry weight are erased."),
    (
        "interaction",
        "account",
        "The period's payoff, after sanctions and rewards, is added to wealth.",
    ),
    ("decision", "learn", "Imitation rule only: subjects copy a better-off neighbour's strategy."),
)
