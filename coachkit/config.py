"""Every tunable of the kit, declared once with its meaning.

Notebooks, widgets and rules import these names; no number that changes behaviour is
written anywhere else.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = [
    "DATA_DIR",
    "MAX_ANSWER_CHARS",
    "MAX_PASTE_CHARS",
    "MAX_YAML_NESTING",
    "PACKAGE_DIR",
    "PASSING_MENTION_WORDS",
    "PASS_MARK",
    "PROJECT_DIR",
    "SAVES_PER_MINUTE",
    "SAVES_PER_MINUTE_ENV",
    "DIFFICULTIES",
    "KIT_ENV",
    "CHECK_MODEL_ANCHOR_WEIGHT",
    "CHECK_MODEL_C",
    "CHECK_MODEL_LEVEL_WEIGHT",
    "CHECK_MODEL_MIN_DF",
    "CHECK_MODEL_MIN_ITEMS",
    "CHECK_MODEL_MIN_WORD_PUSH",
    "CHECK_MODEL_THRESHOLD",
    "MOVE_MODEL_C",
    "MOVE_MODEL_MIN_DF",
    "MOVE_MODEL_SENTENCE_THRESHOLD",
    "MOVE_MODEL_THRESHOLD",
    "MOVE_MODEL_VETO",
    "WRONG_TICK_COST",
    "data_dir",
    "kit_dir",
]

#: The installed package folder.
PACKAGE_DIR = Path(__file__).resolve().parent

#: The project checkout the package runs from (an editable install): the folder holding ``data/``,
#: ``notebooks/``, ``exercises/``... When the package is installed from a wheel this is ``site-packages``,
#: which holds no kit: use :func:`kit_dir`.
PROJECT_DIR = PACKAGE_DIR.parent

#: The checkout's content files (the tests' reference content); the running kit reads :func:`data_dir`.
DATA_DIR = PROJECT_DIR / "data"

#: Environment variable naming the kit folder (``coachkit serve --kit PATH`` sets it for the server and its kernels).
KIT_ENV = "COACHKIT_HOME"

#: Longest answer, in characters, that the feedback engine reads. A longer answer is
#: refused with a message saying so (never truncated silently): a real reply to a customer
#: fits in a few paragraphs, and the cap keeps one pasted document from stalling a kernel.
MAX_ANSWER_CHARS = 5_000

#: Most characters an answer box takes in the browser (its ``maxlength``): above MAX_ANSWER_CHARS, so that a long
#: answer still reaches the kernel and is refused with its length, but far below what drops the page's websocket (a
#: 10 MiB paste did, and the box then looked full to the learner while the kernel had nothing).
MAX_PASTE_CHARS = 4 * MAX_ANSWER_CHARS

#: Deepest nesting (brackets or indentation levels) a content YAML file may have. The kit's files need four or
#: five; a deeper file is refused with its line before the parser runs (a pathological one would exhaust the stack).
MAX_YAML_NESTING = 40

#: Share of the available credit (0..1) at which an attempt counts as passed: below it the
#: hint unlocks and the exercise shows as "tried" rather than "done". A coach passes an answer "as it stands":
#: every check there, at most one small one half done. Measured on the open coach-judged sets
#: (``python -m coachkit.coach_eval``), pass agreement is 0.81 at 0.7 and 0.87 at 0.9 (docs/architecture.md).
PASS_MARK = 0.9

#: What a wrong tick costs in "spot the move", as a share of one right tick: one right and one wrong tick
#: on a one-move reply earn half, not nothing (and each wrong tick says why that move is not there).
WRONG_TICK_COST = 0.5

#: A sentence of a projection rewrite that takes the client's side in this many words or fewer ("sounds like the
#: budget is tight", "big call for you") names their state in passing: half of *Client's frame*, as a coach gives it
#: (what they face, and why, earns it whole). Measured on the open coach-judged sets: 9 checks closer, none further.
PASSING_MENTION_WORDS = 6

#: Difficulty levels of a scenario, from the easiest.
DIFFICULTIES = ("easy", "medium", "hard")

#: Environment variable a kernel reads its save limit from (the learners' server sets it from
#: ``RoomPolicy.saves_per_minute``, see coachkit/room.py).
SAVES_PER_MINUTE_ENV = "COACHKIT_SAVES_PER_MINUTE"

#: Most attempts one learner saves per minute in one app (0: no limit) unless $COACHKIT_SAVES_PER_MINUTE says
#: otherwise. Someone working fast checks an answer every few seconds (a dozen a minute at most); 1,000 clicks
#: sent by a script would otherwise fill the store and the facilitator's exports.
SAVES_PER_MINUTE = 30

#: Probability (0..1) above which the checks' second opinion (``coachkit.second_opinion``) drops a check one level
#: (pass / partial / fail) below the rules' reading: the level a coach gave answers worded like this one,
#: with the same rules' levels, must be clearly more likely than not. Chosen on the open coach-judged sets (five-fold
#: cross-validation by set, then sets 84-87 at arrival): 0.55, 0.6 and 0.7 gave 0.845, 0.843 and 0.838 at arrival
#: in the first, two-way version; 0.6 was kept (docs/coach_eval_history.md).
CHECK_MODEL_THRESHOLD = 0.6

#: Inverse strength of the L1 penalty of the second opinion's logistic regressions: small keeps a few thousand
#: word and word-pair weights over all checks (each one a cue that moved coaches' verdicts), not every word seen.
CHECK_MODEL_C = 0.5

#: A word or word pair must occur in this many coach-judged answers to become a cue of the second opinion.
CHECK_MODEL_MIN_DF = 3

#: ... and in answers to this many different items (scenarios, clients, situations) of its exercise kind: a word
#: met under one item only (a customer's name, a product) says which item was answered, not how. Measured on sets
#: 84-87 with a model trained on the 67 sets before them (two-way version, with the words' push): 0.842 at 3 items
#: against 0.841 with no such rule.
CHECK_MODEL_MIN_ITEMS = 3

#: A kit's model answer (shown after an attempt; passed on every check) counts as this many learner answers in the
#: second opinion's training: the kit's own standard must pass its own checks.
CHECK_MODEL_ANCHOR_WEIGHT = 5.0

#: The answer's words alone must push toward the lower level by this much (in log-odds) before the second opinion
#: drops a check: a drop the rules' levels and a stray word bring about says nothing a learner can act on.
CHECK_MODEL_MIN_WORD_PUSH = 0.5

#: Value of the feature "the rules gave this check this level" (words count 1 each): the rules' reading is the
#: second opinion's starting point, which the words may move but not easily.
CHECK_MODEL_LEVEL_WEIGHT = 3.0

#: Probability (0..1) above which the move detector's learned backstop adds a move the rules
#: did not find: the rules speak first and the model fills the gaps it reads as more likely than not.
#: Chosen on blind sets 5-7, each scored by a model trained without it (docs/architecture.md).
MOVE_MODEL_THRESHOLD = 0.6

#: Probability above which one sentence the rules found nothing in, read on its own, makes the backstop
#: add a move the rest of the reply drowns ("The risk is tiny, we never miss a window. What else worries you?").
#: Chosen on blind sets 5-7 with the threshold above; a sentence alone must be far clearer than a reply.
MOVE_MODEL_SENTENCE_THRESHOLD = 0.8

#: Probability below which the learned backstop overrules a move the rules found: the cue
#: matched, but nothing else in the reply reads like that move (chosen with the threshold, on
#: blind sets 5-7, the rules frozen, each set scored by a model trained without it).
MOVE_MODEL_VETO = 0.25

#: Inverse regularisation strength of the backstop's logistic regressions (smaller = simpler).
MOVE_MODEL_C = 4.0

#: A word (or word pair) must occur in this many labelled replies, a character n-gram in the
#: second number, to become a feature of the backstop: rarer cues are noise, not language.
MOVE_MODEL_MIN_DF = (2, 5)


def kit_dir() -> Path:
    """The kit folder (``data/``, ``notebooks/``, ``exercises/``, ``solutions/``, optionally ``voila.json``).

    ``$COACHKIT_HOME`` if set; else the checkout the package runs from, when it holds a kit (editable install);
    else the working folder.
    """
    override = os.environ.get(KIT_ENV)
    if override:
        return Path(override).expanduser().resolve()
    if (PROJECT_DIR / "data" / "catalogue.yaml").is_file():
        return PROJECT_DIR
    return Path.cwd()


def data_dir() -> Path:
    """The content folder: ``$COACHKIT_DATA`` if set, else the kit folder's ``data/``."""
    override = os.environ.get("COACHKIT_DATA")
    return Path(override) if override else kit_dir() / "data"
