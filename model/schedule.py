"""The one order of operations within a period.

Each entry is ``(mechanism, method, what happens and why here)``. The model's ``step``
walks this list once per period, calling ``method`` on the named mechanism if it is
switched on; a switched-off mechanism is skipped and draws no random numbers. This is
the only place where the order is written; docs/ODD.md ("Process overview and
scheduling") reproduces it and a test checks that the two agree.

Three principles fix the order:

* Consequences of credit status act at the start of a period, on the lists as they
  stood at the end of the previous one, so that a listing of term D is felt in exactly
  D periods (``model.listings``).
* Findings are entered in a ledger and marked by every procedural step (forgiveness,
  objection, protectionism) before anything is charged; records, fines and listings
  then act once on what stands (decide once, act once).
* What decisions read (detection, deterrence) is set before the choice; what they
  change (integrity) changes last, to be read next period.
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
    # --- consequences of status, on the lists as they stood at the end of last period
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
        "blacklist",
        "restrict",
        "Subjects on a department's list bear that department's restriction.",
    ),
    # judicial: the court list's restrictions on high consumption (§II(4), SPC provisions)
    ("judicial", "restrict", "Listed judgment defaulters bear the restrictions on consumption."),
    # joint: other domains that see a listing restrict too (§V(1) joint punishment)
    ("joint", "restrict", "Listed subjects bear a cost per other domain that sees the listing."),
    ("social", "shame", "Disclosed listed subjects bear the cost of moral condemnation."),
    # graded: licensing and procurement restrictions of listed firms (§V(1))
    ("graded", "restrict", "Listed enterprises bear licensing and procurement restrictions."),
    ("redlist", "reward", "Red-listed subjects enjoy the green channel's facilitation."),
    # joint: "the trustworthy will benefit everywhere" (§V(1) joint reward)
    ("joint", "reward", "Red-listed subjects are facilitated by each other domain that sees them."),
    (
        "interaction",
        "agree",
        "Partners not screened out trust the actor if trusting pays in expectation.",
    ),
    # --- the act: incentives are read before the choice -----------------------------
    ("detection", "plan", "Each actor's department monitors with the base probability."),
    # domains: the department of the actor's region and domain sets its own (§IV(1))
    ("domains", "adjust", "Monitoring is set by the department of the actor's region and domain."),
    # government: civil servants' integrity files: officials are watched more (§II(1))
    ("government", "watch_officials", "Officials' monitoring probability is multiplied."),
    # redlist: red-listed firms are inspected less often (a benefit of the list)
    ("redlist", "inspect", "Red-listed subjects' monitoring probability is multiplied down."),
    (
        "detection",
        "assess",
        "Each actor's chance of being found out combines monitoring and victims' reports.",
    ),
    # whistleblower: read by the decision, so it must come before "choose" (§V(1))
    (
        "whistleblower",
        "assess",
        "Rewarded third-party witnesses raise the chances of detection and of a false report.",
    ),
    # decision: what actors expect is set once the true chances are known
    (
        "decision",
        "perceive",
        "Actors expect the true chances of detection and false findings (rational) or "
        "their beliefs (learned); the unaware expect no sanction.",
    ),
    (
        "decision",
        "choose",
        "Actors keep or break faith: logit on the expected sanctions of breaking faith "
        "minus those of keeping it + integrity - gain, or their imitated strategy.",
    ),
    # chilling: on the expectations of the choice, before anything of the period happens
    (
        "chilling",
        "weigh",
        "Subjects forgo a lawful but risky activity where the record they fear outweighs "
        "its value.",
    ),
    (
        "interaction",
        "settle",
        "Transactions pay out: surplus to both, gain to a cheat, harm to its partner; "
        "partners update trust.",
    ),
    # rating: agencies' object of measurement, firms' recent honesty, follows the acts
    ("rating", "observe", "Firms' recent honesty is updated from this period's acts."),
    # --- findings enter the ledger and are marked before anything is charged --------
    (
        "detection",
        "monitor",
        "Violations are found with the chance set above; honest acts are wrongly found "
        "at the error rate; findings enter the ledger.",
    ),
    (
        "whistleblower",
        "report",
        "Detections are credited to witnesses and rewarded; malicious reports add false findings.",
    ),
    # the first step that disposes of a finding decides it: forgiveness, objection, shield
    (
        "repair",
        "forgive",
        "First minor findings of never-recorded subjects are forgiven (Administrative "
        "Penalty Law 2021, first violation not punished; cf. §V(4)).",
    ),
    (
        "appeals",
        "object",
        "Offices decide objections that are due (upheld: later corrections); subjects "
        "object to this period's findings; those decided at once and upheld are voided "
        "(§V(4)).",
    ),
    ("government", "mark", "Governments block sanctions on local firms' findings (§II(1))."),
    # graded: first offence or repeat is read from the file before this finding enters it
    ("graded", "classify", "Findings of subjects without a live record are first offences."),
    # --- the system acts once on what stands (§IV, §V(1)) ---------------------------
    (
        "records",
        "file",
        "Findings that stand (or are only blocked from sanctions) enter credit files.",
    ),
    (
        "sanctions",
        "fine",
        "Standing findings are fined (graded by seriousness if graded sanctions are on).",
    ),
    # graded: warnings, strikes and market exit follow the fines (§V(1))
    ("graded", "sanction", "Warnings for first minor findings; repeated serious ones exit."),
    ("scoring", "score", "A pilot's points are recomputed from the records it sees."),
    (
        "blacklist",
        "update",
        "Departments list the subjects of standing serious findings in their domain.",
    ),
    # appeals: what a waiting objection's finding cost is noted, for a later correction
    (
        "appeals",
        "docket",
        "Waiting objections note what their finding cost; departments set their care.",
    ),
    # judicial: disputes from this period's broken faith are judged; refusers listed (§II(4))
    (
        "judicial",
        "adjudicate",
        "Harmed partners sue; courts judge; refusers are listed as judgment defaulters.",
    ),
    ("social", "expose", "New and renewed listings are disclosed to the public (§V(1))."),
    (
        "redlist",
        "update",
        "Covered, unlisted subjects with a clean spell are red-listed, up to the quota.",
    ),
    # --- end of period ----------------------------------------------------------------
    # security: a breach exposes files with this period's records and listings (§V(5))
    ("security", "leak", "A breach may expose files; exposed subjects are harmed."),
    # government: commitments kept or broken, evaluation; legitimacy read next period
    ("government", "govern", "Governments keep or break promises and face evaluation."),
    # legitimacy: after every finding, objection and listing of the period is settled
    (
        "legitimacy",
        "update",
        "Perceived legitimacy returns towards the region's level; it falls for the wrongly "
        "recorded or listed and their neighbours and rises with upheld objections.",
    ),
    ("records", "age", "Record weights decay; records below the expiry weight are erased."),
    # repair after ageing and before accounting, so the repair fee enters this payoff
    (
        "repair",
        "restore",
        "Minor records and administrative listings are lifted after a clean spell or repair.",
    ),
    # credit_code: without a unified code, stained identities may be abandoned (§V(2))
    ("credit_code", "reregister", "Stained subjects may re-register under a new identity."),
    (
        "interaction",
        "account",
        "The period's payoff, after sanctions and rewards, is added to wealth.",
    ),
    # decision: what subjects saw this period shapes what they expect from the next
    (
        "decision",
        "observe",
        "Subjects touched by a finding or listing, or with a neighbour touched, become "
        "aware; learned beliefs take in own and neighbours' acts and findings.",
    ),
    ("decision", "learn", "Imitation rule only: subjects copy a better-off neighbour's strategy."),
    # integrity changes last: it is read by next period's decisions (§III)
    ("education", "campaign", "Integrity campaigns raise the integrity of the subjects reached."),
    (
        "norms",
        "learn",
        "Integrity moves towards a neighbour's (role models weigh more), eroded by crowding-out.",
    ),
    # followup: observation only, after everything that changes a subject this period
    (
        "followup",
        "observe",
        "Per-subject follow-up (listings ended, found again, wrongful spells) and the panel.",
    ),
)
