"""The one order of operations within a period.

Each entry is ``(mechanism, method, what happens and why here)``. The model's ``step``
walks this list once per period, calling ``method`` on the named mechanism if it is
switched on; a switched-off mechanism is skipped and draws no random numbers. This is
the only place where the order is written; docs/ODD.md ("Process overview and
scheduling") reproduces it and a test checks that the two agree.
"""

from __future__ import annotations

STEP_ORDER: tuple[tuple[str, str, str], ...] = (
    # --- the state of the information system this period (§IV(2), §IV(5), §I(3)) ----
    # sharing and the plan schedule come before anyone reads visibility or coverage
    ("sharing", "set_level", "Visibility across departments and regions is set to the level."),
    # phase_in after sharing: on the plan's path the schedule supersedes a static level
    ("phase_in", "advance", "Coverage and sharing follow the plan schedule 2014-2020."),
    # --- who meets whom -------------------------------------------------------------
    (
        "interaction",
        "match",
        "Each subject seeks one transaction with a random network neighbour; the domain "
        "of the act is drawn from the actor's kind.",
    ),
    # graded: firms banned from their industry neither act nor deal as partners (§V(1))
    ("graded", "bar", "Transactions of subjects under market exit are not attempted."),
    # --- partners look the actor up before they deal (§V(1) market discipline) ------
    (
        "market",
        "screen",
        "Partners check the actor's visible credit status: refuse the listed, trust "
        "the red-listed.",
    ),
    # security: right after screening, before any other refusal: classified status (§V(2))
    ("security", "classify", "Checks returning a status not in the disclosed class are undone."),
    # rating: agencies rate firms; partners consulting a rating refuse low-rated firms (§V(3))
    ("rating", "screen", "Agencies rate client firms; consulting partners refuse the low-rated."),
    # social: neighbours shun the exposed even without checking the platform (§V(1))
    ("social", "ostracise", "Neighbours refuse, at a rate, actors whose listing was disclosed."),
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
    # domains: replaces the core's one probability, so it comes before other raises (§IV(1))
    ("domains", "adjust", "Detection is set by the department of the actor's region and domain."),
    # whistleblower: read by the decision, so it must come before "choose" (§V(1))
    ("whistleblower", "assess", "Rewarded third-party witnesses raise the chance of detection."),
    # government: civil servants' integrity files raise officials' p_detect (§II(1))
    ("government", "watch_officials", "Officials' detection probability is multiplied."),
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
    # rating: agencies' object of measurement, firms' recent honesty, follows the acts
    ("rating", "observe", "Firms' recent honesty is updated from this period's acts."),
    # --- the system reacts: record, sanction, classify, list (§IV, §V(1)) -----------
    (
        "detection",
        "monitor",
        "Violations are found with the chance set above; honest acts are wrongly found "
        "at the error rate.",
    ),
    # findings are complete (witness reports), forgiven or objected to before filing
    (
        "whistleblower",
        "report",
        "Detections are credited to witnesses and rewarded; malicious reports add false findings.",
    ),
    ("repair", "forgive", "First minor findings of never-recorded subjects are dropped (§V(4))."),
    (
        "appeals",
        "lodge",
        "Subjects object to this period's findings; the state to restore is kept.",
    ),
    # graded: first offence or repeat is read from the file before this finding enters it
    ("graded", "classify", "Findings of subjects without a live record are first offences."),
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
    # government: local protectionism is decided on the findings before listing (§II(1))
    ("government", "mark", "Governments pick the fines/listings of local firms they will block."),
    (
        "blacklist",
        "update",
        "New findings list or renew a listing (serious violation, or score below threshold).",
    ),
    # appeals undo a listing before anyone (red list, exposure) reacts to it (§V(2), §V(4))
    (
        "appeals",
        "decide",
        "Upheld objections erase the record, undo the listing resting on it, refund the fine.",
    ),
    # graded: fines of findings that stand (after objections) follow the severity (§V(1))
    (
        "graded",
        "sanction",
        "Warnings for first minor findings, higher fines for serious ones, market exit.",
    ),
    # government: blocked sanctions are undone before anyone reacts to the listing (§II(1))
    ("government", "shield", "Blocked listings of local firms are undone, their fines refunded."),
    ("social", "expose", "New and renewed listings are disclosed to the public (§V(1))."),
    ("repair", "note", "Serious records that stand are remembered: they cannot be repaired."),
    (
        "redlist",
        "update",
        "Covered, unlisted subjects with a high score and a clean spell are red-listed.",
    ),
    # --- consequences of status this period -----------------------------------------
    ("blacklist", "restrict", "Listed subjects bear the extra cost of being listed."),
    # graded: licensing and procurement restrictions of listed firms (§V(1))
    ("graded", "restrict", "Listed enterprises bear licensing and procurement restrictions."),
    # joint: other domains that see a listing restrict too (§V(1) joint punishment)
    ("joint", "restrict", "Listed subjects bear a cost per other domain that sees the listing."),
    ("social", "shame", "Disclosed listed subjects bear the cost of moral condemnation."),
    ("redlist", "reward", "Red-listed subjects receive the green-channel reward."),
    # joint: "the trustworthy benefit everywhere" (§V(1) joint reward)
    ("joint", "reward", "Red-listed subjects get a reward per other domain that sees them."),
    # security: a breach exposes files with this period's records and listings (§V(5))
    ("security", "leak", "A breach may expose files; exposed subjects are harmed."),
    # judicial: disputes from this period's broken faith are judged after payoffs (§II(4))
    (
        "judicial",
        "adjudicate",
        "Harmed partners sue; courts judge; refusers are listed as judgment defaulters.",
    ),
    # government: commitments kept or broken, evaluation; legitimacy read next period
    ("government", "govern", "Governments keep or break promises and face evaluation."),
    # --- end of period ----------------------------------------------------------------
    ("records", "age", "Record weights decay; records below the expiry weight are erased."),
    # repair after ageing and before accounting, so the repair fee enters this payoff
    ("repair", "restore", "Minor records and listings are lifted after a clean spell or repair."),
    # credit_code: without a unified code, stained identities may be abandoned (§V(2))
    ("credit_code", "reregister", "Stained subjects may re-register under a new identity."),
    (
        "interaction",
        "account",
        "The period's payoff, after sanctions and rewards, is added to wealth.",
    ),
    ("decision", "learn", "Imitation rule only: subjects copy a better-off neighbour's strategy."),
    # integrity changes last: it is read by next period's decisions (§III)
    ("education", "campaign", "Integrity campaigns raise the integrity of the subjects reached."),
    (
        "norms",
        "learn",
        "Integrity moves towards a neighbour's (role models weigh more), eroded by crowding-out.",
    ),
)
