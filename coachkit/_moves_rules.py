"""Private helpers of the move detector: the lexicon and structural rules (sentences and clauses: coachkit.sentences).

The lexicon (coachkit/lexicons/moves.yaml) lists the cues a move is said with. What a list
cannot hold is here, each rule with the principle it encodes:

* open questions invite the customer to talk; leading or closed ones do not;
* who a sentence is about: "you" + a verb of thinking or feeling, said as a statement, is a
  restatement of the customer's view; "our" + the offer + a claim is a pitch;
* contrast: "I understand, but…" turns the acknowledgement into a rebuttal, while
  "not only… but also" and "but tell me…" do not;
* negation: "no pressure" is not pressure;
* making or finding something for the customer (I prepared a plan, I found a way) is new value.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from coachkit import persons
from coachkit._cues import Bucketed, combined, cue_starts, scan_of, word_starts  # noqa: F401 - Bucketed, word_starts: API
from coachkit.sentences import Piece, clauses, sentences  # noqa: F401 - the detector's pieces, read as rules.*
from coachkit.wordforms import stem

FLAGS = re.IGNORECASE | re.UNICODE


# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class CueGroup:
    move: str
    meaning: str
    patterns: tuple  # compiled regexes and Bucketed tables, each with finditer(text)
    negatable: bool
    contexts: frozenset[str] | None  # None: every context


@lru_cache(maxsize=1)
def _raw() -> dict:
    """moves.yaml, read once (with libyaml's loader when it is there: ten times faster than pure Python)."""
    text = resources.files("coachkit").joinpath("lexicons/moves.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - a safe loader


#: Held while cues are compiled: a learner's first check waits for a background warm-up already under
#: way instead of compiling everything a second time beside it.
BUILDING = threading.RLock()


@lru_cache(maxsize=1)
def lexicon() -> tuple[tuple[CueGroup, ...], dict[str, frozenset[str]]]:
    """The cue groups (one combined regex each) and the word lists as sets of stems."""
    with BUILDING:
        return _lexicon()


@lru_cache(maxsize=1)
def _lexicon() -> tuple[tuple[CueGroup, ...], dict[str, frozenset[str]]]:
    raw = _raw()
    groups = tuple(
        CueGroup(g["move"], g["meaning"], combined(g["patterns"]),
                 bool(g.get("negatable", False)), frozenset(g["contexts"]) if g.get("contexts") else None)
        for g in raw["groups"]
    )
    words = {name: frozenset(stem(w) for w in spec["words"]) for name, spec in raw["word_lists"].items()}
    return groups, words


@dataclass(frozen=True)
class Guards:
    """Constructions the learned backstop may not overrule, per move (see ``backstop`` in moves.yaml)."""

    rules_out: dict[str, re.Pattern]
    firm: dict[str, re.Pattern]


@lru_cache(maxsize=1)
def guards() -> Guards:
    """The backstop's guards, one combined regex per move and kind."""
    with BUILDING:
        return _guards()


@lru_cache(maxsize=1)
def _guards() -> Guards:
    raw = _raw()
    section = raw.get("backstop") or {}

    def table(kind: str) -> dict[str, re.Pattern]:
        by_move: dict[str, list[str]] = {}
        for entry in section.get(kind) or ():
            by_move.setdefault(entry["move"], []).extend(entry["patterns"])
        return {move: re.compile("|".join(f"(?:{p})" for p in patterns), FLAGS) for move, patterns in by_move.items()}

    return Guards(table("rules_out"), table("firm"))


def words(name: str) -> frozenset[str]:
    return lexicon()[1][name]


_SCAN: tuple = ((), None)  # the cue groups the scan was built from, and the scan


def clause_cues(text: str) -> tuple[list[tuple[int, str]], bool]:
    """The word starts of a clause where a bucketed cue may match, with their letter, and whether another cue
    may match somewhere (see ``coachkit._cues``)."""
    global _SCAN
    groups = lexicon()[0]
    built, scan = _SCAN
    if built is not groups:  # built once per lexicon (a test may rebuild the lexicon), one thread at a time
        with BUILDING:
            built, scan = _SCAN
            if built is not groups:
                scan = scan_of([p for g in groups for p in g.patterns])
                _SCAN = (groups, scan)
    return cue_starts(scan, text)


# --------------------------------------------------------------------------- structure

_NEGATION = re.compile(r"(\b(not|never|without|nothing)\b|n't)\W*(\w+\W+){0,1}$", FLAGS)
_LEADING_NEGATION = re.compile(r"\b(don't|doesn't|wouldn't|isn't|aren't)\s+(you|it|that|this)\b", FLAGS)


def negated(sentence: str, start: int) -> bool:
    """Whether a cue starting at ``start`` is preceded closely by a negation ("no pressure")."""
    before = sentence[max(0, start - 30):start]
    return bool(_NEGATION.search(before)) and not _LEADING_NEGATION.search(before)


_FILLER = r"(?:(?:so|and|but|okay|ok|well|then|now|also|just|honestly|right|and\s+so|tell\s+me|out\s+of\s+curiosity|" \
          r"i'm\s+curious|i\s+wonder|in\s+that\s+case|if\s+so|first|and\s+if\s+not|in\s+your\s+view|from\s+your\s+side)" \
          r"\s*,?\s+)*"
OPEN_QUESTION = re.compile(
    rf"^\W*{_FILLER}(what|whats|how|hows|why|which|where|when|who|whose|in\s+what\s+way|to\s+what\s+extent)\b",
    FLAGS)
PROPOSAL = re.compile(r"^\W*" + _FILLER + r"(how\s+about|what\s+if)\s+(we|i|a|an|starting|trying|doing|running)\b",
                      FLAGS)
NOT_OPEN = re.compile(
    r"^\W*" + _FILLER + r"(how\s+about\s+(we|i|our|a|trying|starting)|what\s+if\s+(we|i|you\s+(just|tried|signed))"
    r"|what\s+(you|u)('d|\s+would|'re|\s+are)?\s*(need|want|mean|saying|after|looking\s+for)\s+is|where\s+are\s+we\s+at"
    r"|why\s+(don't|not|wouldn't)|what\s+(i'm|i\s+am)\s+hearing|what\s+you('re|\s+are)\s+saying|"
    r"when\s+(can|could|will|shall|would)\s+(we|i|you)\s+(sign|start|expect|get|have|close|meet|decide|hear|book)|"
    r"how\s+(soon|quickly|fast)\s+(can|could)\s+(we|you)\s+(sign|start|close|decide))", FLAGS)
ANYTHING_ELSE = re.compile(r"^\W*(is|was)\s+there\s+(anything|something|any\s+part)\b", FLAGS)
LEADING = re.compile(
    r"^\W*" + _FILLER + r"(don't|doesn't|wouldn't|isn't|aren't|won't|shouldn't|can't|surely|wouldn't)\s+"
    r"(\w+)\b", FLAGS)
RIGHT_TAG = re.compile(r",\s*(right|no|yeah|correct|isn't\s+it|don't\s+you\s+think|wouldn't\s+you\s+say)\s*\?\s*$",
                       FLAGS)

SECOND_PERSON = persons.words("you")
FIRST_PERSON = persons.words("i", "we")

# "you" + a verb of thinking/feeling, said as a statement: the customer's view, restated.
_YOU_STATE = re.compile(
    r"^\W*(?:(?:so|and|okay|ok|right|i\s+see|got\s+it|basically|clearly|honestly|it\s+sounds\s+like|sounds\s+like|"
    r"it\s+seems\s+like|it\s+seems|seems\s+like|it\s+looks\s+like)\s*,?\s+)*"
    r"(?P<subject>(?:ur|youre|u)\b|you(?:'re|\s+are|'ve|\s+have|'d|\s+would|\s+feel|\s+felt|\s+don't|\s+do\s+not|\s+didn't|"
    r"\s+can't|\s+cannot)?)\s+(?P<verb>\w+)", FLAGS)
_DIRECTIVE = re.compile(
    r"^\W*(?:\w+\s*,?\s+){0,2}you\s+(?:really\s+|just\s+)?(should|must|ought|need\s+to|have\s+to|'ll|will|can|could|"
    r"might|may|'d\s+better|had\s+better|won't|wouldn't|don't\s+need|don't\s+have\s+to|do\s+not\s+need)\b", FLAGS)
_NOT_STATE = re.compile(r"^not\s+(sure|convinced|ready|happy|comfortable|keen|against|opposed|looking|interested|certain|"
                        r"able|in\s+a\s+position)\b", FLAGS)
_YOUR_STATE = re.compile(
    r"^\W*(?:(?:so|and|okay|ok|right|i\s+see|got\s+it|understood)\s*,?\s+)*(your|the)\s+(\w+\s+){0,3}"
    r"(is|are|was|were|isn't|aren't|has|have|hasn't|needs|need|feels|seems|remains|comes|goes|depends|matters|like|likes|"
    r"want|wants|feel|think|thinks|prefer|prefers|hate|hates|worry|worries|love|loves|trust|trusts|don't|doesn't)\b",
    FLAGS)
ACK_START = re.compile(r"^\W*(right|i\s+see|got\s+it|understood|okay|ok|so)\s*,\s+", FLAGS)


def you_statement(clause: str) -> re.Match | None:
    """A declarative clause about the customer's own state or view ("You're worried that…")."""
    if clause.rstrip().endswith("?") or _DIRECTIVE.search(clause):
        return None
    m = _YOU_STATE.search(clause)
    if not m:
        return None
    verb = m.group("verb").lower()
    if verb == "not":
        return m if _NOT_STATE.match(clause[m.start("verb"):]) else None
    states = words("mental_verbs") | words("feelings")
    if stem(verb) in states or verb in {"not", "looking", "trying", "hoping", "caught", "stuck", "torn", "concerned",
                                        "afraid", "unsure", "wary", "tired", "already", "been", "had",
                                        "got", "used", "paying", "losing", "spending", "running", "dealing",
                                        "juggling", "under", "in", "on", "happy", "comfortable", "keen", "open",
                                        "saying", "asking", "telling", "describing", "wondering", "less",
                                        "more", "only", "mostly", "all", "both", "rather"}:
        return m
    return None


def your_statement(clause: str) -> re.Match | None:
    """A declarative clause restating a fact of the customer's situation ("Your budget is frozen")."""
    if clause.rstrip().endswith("?") or FIRST_PERSON.search(clause):
        return None
    m = _YOUR_STATE.search(clause)
    if not m:
        return None
    if m.group(1).lower() == "the" and not ACK_START.search(clause):
        return None
    return m


_SUBJECT = (r"(?:\b(?:i|we|(?:our|my)\s+team)(?:'ve|\s+have|\s+has|'d|\s+had|\s+just|\s+also)?\s*(?:just\s+|also\s+|already\s+)?|"
            r"\b(?:has|have)\s+(?:just\s+|now\s+)?|^\W*(?:also,?\s+)?)")
#: Verbs that make something for the customer whatever their object: new value by themselves.
_STRONG = re.compile(_SUBJECT + r"(prepared|drafted|put\s+together|pulled\s+together|broken\s+down|broke\s+down|mapped|"
                     r"sketched|calculated|worked\s+out|added|built|refunded|fixed|extended|priced|noted|reserved|waived|credited|"
                     r"re-?run|re-?ran|re-?calculated|re-?worked|marked\s+up|"
                     r"asked\s+(?:our|my|the)\s+(?:\w+\s+){0,2}(?:about|for|to)|set\s+up\s+(?:a|an)|"
                     r"(?:now\s+)?(?:got|have|offer)\s+(?:a|an)\s+(?:new\s+)?(?:[\w-]+\s+){0,2}(?:option|plan|version|route|"
                     r"service|slot|crew|team|unit|engineer)\b|broke(?:n)?\s+(?:\w+\s+){0,3}down|turned\s+(?:\w+\s+){1,4}into|"
                     r"(?:spoke|talked|checked)\s+(?:to|with)\s+(?:our|my|the)\s+(?:\w+\s+){0,2}about|"
                     r"(?:had|took)\s+(?:another|a\s+second|a\s+closer|a\s+fresh)\s+look\s+at|found\s+(?:a|an|two|three|four|some|several|\d+)\b|"
                     r"now\s+have\s+(?:a|an)\s+(?:new\s+)?(?:[\w-]+\s+)?(?:option|plan|way|offer|scheme|route|version)|come\s+up\s+with|came\s+up\s+with|compiled|summari[sz]ed|"
                     r"outlined|designed|tailored|modell?ed|simulated|costed|priced\s+up|benchmarked|shortlisted|listed|"
                     r"confirmed|secured|arranged|negotiated|sourced|translated|reworked|redesigned|identified|"
                     r"found\s+a\s+way|thought\s+of\s+a\s+way)\b", FLAGS)
#: Verbs that need a concrete thing after them (a plan, a case study, figures…).
_WEAK = re.compile(_SUBJECT + r"(found|built|written|wrote|made|created|ran|run|come\s+across|came\s+across|spotted|"
                   r"dug\s+up|gathered|collected|adapted|tested|set\s+up|booked|reserved|researched|looked\s+into|"
                   r"checked|analy[sz]ed|updated|trimmed|split|phased|estimated|recorded|attached|saw|read|noticed|"
                   r"got\s+(?:you\s+)?(?:a|an|some)|have\s+(?:a|an)\s+(?:idea|option|suggestion)|thought\s+of|"
                   r"want\s+to\s+share|wanted\s+to\s+share|'d\s+like\s+to\s+share|"
                   r"am\s+sending|'m\s+sending|can\s+send|could\s+send|enclose|enclosed)\b", FLAGS)
_PROMO = re.compile(r"\bour\s+([\w-]+\s+){0,2}?(brochure|newsletter|catalogue|catalog|deck|"
                    r"promotion|price\s+list|flyer|offers?|sales?)\b", FLAGS)
_IDEA = re.compile(r"(\b(one|an|a|another|a\s+new|a\s+quick|a\s+simple|a\s+small|here'?s\s+an?)\s+|^\W*quick\s+)"
                   r"(idea|option|suggestion|thought|way|win|alternative|possibility)\s*(for|to|on|that|is|would\s+be|could\s+be|:|—|[^.?!:]{0,40}:)",
                   FLAGS)
_NEWS = re.compile(r"\b(there('s|\s+is)|a|an|the\s+new|the\s+revised|the\s+updated)\s+(new\s+)?([\w-]+\s+){0,2}"
                   r"(grant|subsidy|regulation|law|programme|program|scheme|guidance|rules|routine|"
                   r"tax\s+credit|fund|funding\s+round|standard|rule|version|alternative|slot|opening)\b|\b(has|have)\s+just\s+(opened|launched|announced|"
                   r"published|released|changed|cut|lowered)\b|\b(published|announced|issued|released)\s+(new|revised|updated)\b|"
                   r"\b(rates?|prices?|costs?|fees?|tariffs?)\s+(just\s+)?(dropped|fell|went\s+down|came\s+down)\b|"
                   r"\b(now\s+comes\s+(as|in)|we\s+can\s+now|is\s+now\s+available|now\s+offers?|(re)?opens\s+on)\b|"
                   r"\bthe\s+([\w-]+\s+){0,2}(grant|subsidy|scheme|fund)\s+(re)?opens\b", FLAGS)
#: Another customer's result, told as something to borrow ("a retailer we work with halved its write-offs").
#: Something that just became possible for the customer ("a two-bed just came up", "a crew free on the 10th").
_OPENING = re.compile(r"\b(just\s+came\s+up|has\s+come\s+up|became\s+available|just\s+freed\s+up|(free|available|spare)\s+"
                      r"(on|from|next|this)\b)|\bwe\s+could\s+(move|shift|phase|split|pause|start|switch|swap|add|try|run|hold|"
                      r"stagger|spread|defer|trial|pilot)\b", FLAGS)
_CASE = re.compile(r"\b(a|one|another)\s+([\w-]+\s+){0,3}(we\s+work\s+with|i\s+work\s+with|client|customer|distributor|"
                   r"school|trust|firm|company|hospital|retailer|practice|farm|council|site|plant|team)s?\b[^.?!]{0,100}\b(cut|halved|"
                   r"doubled|tripled|saved|reduced|increased|solved|fixed|dropped|raised|lowered)\b", FLAGS)


def making(clause: str) -> re.Match | None:
    """The seller made, found or proposes something concrete for the customer."""
    if _PROMO.search(clause):
        return None
    for pattern in (_STRONG, _IDEA, _NEWS, _CASE, _OPENING):
        m = pattern.search(clause)
        if m:
            return m
    for m in _WEAK.finditer(clause):
        tail = clause[m.end():m.end() + 120]
        tail_stems = {stem(w) for w in re.findall(r"[^\W_]+", tail)[:12]}
        if tail_stems & words("artefacts"):
            return m
    return None


def promo(clause: str) -> re.Match | None:
    return _PROMO.search(clause)


_OUR = re.compile(r"\bour\b((?:\W+[\w%-]+){1,8})", FLAGS)
#: Verbs of a claim about the offer ("our tool cuts…", "our clients see…"), as stems.
_CLAIMS = frozenset(stem(w) for w in """just is are was were has have can will does do solve offer provide include come give help
    deliver integrate handle cover cut save reduce win rank lead answer respond work run make mean guarantee let allow ensure
    keep protect support beat outperform pay fix remove eliminate double halve triple scale fit launch see get love trust
    use rate automate boost increase improve grow speed streamline simplify power transform bring turn draft
    log track mean aren isn don doesn won can""".split())


#: What "our" shares with the customer rather than sells: "our meeting", "our last call".
_RELATIONAL = frozenset(stem(w) for w in """meeting call conversation chat discussion email message last previous talk visit
    agreement relationship time side end part work project conversation relationship understanding next first""".split())
_NOT_VERBS = frozenset("""this its his hers ours yours theirs as was has does is us plus less across always perhaps
    always sometimes thanks series news analytics logistics services solutions systems tools clients customers users
    products results features""".split())


def our_claim(clause: str) -> re.Match | None:
    """"Our" + the offer (or our clients) + a claim verb: the seller presenting the offer."""
    for m in _OUR.finditer(clause):
        after = [stem(w) for w in re.findall(r"[\w%-]+", m.group(1))]
        noun_at = next((i for i, w in enumerate(after[:4]) if w in words("offer_nouns")), None)
        if noun_at is None and after and after[0] not in _RELATIONAL:
            noun_at = next((i for i, w in enumerate(after[:3]) if w not in _CLAIMS), None)
        if noun_at is None or re.search(r"\b(not|isn'?t|aren'?t|doesn'?t|don'?t|never)\b", m.group(1), FLAGS):
            continue  # "our range isn't cheap" concedes rather than claims
        following = re.findall(r"[\w%-]+", m.group(1))[noun_at + 1:noun_at + 4]
        if any(stem(w) in _CLAIMS or (w.lower().endswith("s") and w.lower() not in _NOT_VERBS and len(w) > 3)
               for w in following[:2]) or any(stem(w) in _CLAIMS for w in following):
            return m
    return None


_CONTRAST = re.compile(r"\b(but|however|though|although)\b|,\s*yet\b", FLAGS)
_NOT_ONLY = re.compile(r"\bnot\s+only\b", FLAGS)
_SOFT_AFTER_BUT = re.compile(
    r"^\W*(but|however|though|although|yet|still)\W+(also\b|i('d|\s+would)\s+(love|like)\s+to\s+(understand|hear|know)|"
    r"tell\s+me|what|how|why|could\s+you|can\s+you|may\s+i|could\s+i|can\s+i|would\s+you|help\s+me|i\s+wonder|"
    r"i'm\s+curious|let\s+me\s+(make\s+sure|check)|it\s+sounds|so\s+you|you('re|\s+are)\s+(also|still)|"
    r"i\s+want\s+to\s+(understand|make\s+sure)|i('d|\s+would)\s+(much\s+)?rather\s+(hear|listen|understand|know|learn)|"
    r"first|before)", FLAGS)


_HARD_QUESTION = re.compile(r"^\W*(but|however)\W+((have|did|don't|isn't|wouldn't|doesn't|aren't)\s+you|you\s+know)\b", FLAGS)


def rebuttal_after(clause_text: str, contrast_start: int) -> bool:
    """Whether the part from a "but" on argues back (rather than asks, or adds "also")."""
    if _NOT_ONLY.search(clause_text[:contrast_start]):
        return False
    after = clause_text[contrast_start:]
    if _HARD_QUESTION.search(after):
        return True
    if _SOFT_AFTER_BUT.search(after) or after.rstrip().endswith("?"):
        return False
    rest = _CONTRAST.sub("", after, count=1)
    return not (you_statement(rest) and not FIRST_PERSON.search(rest))


def contrasts(text: str) -> list[re.Match]:
    return list(_CONTRAST.finditer(text))


_SO_SUMMARY = re.compile(
    r"^\W*(?:(?:right|okay|ok|i\s+see|got\s+it|understood)\s*,?\s+)?so,?\s+(?:the|your|you)\b(?!(?:\s+(?:should|need\s+to|"
    r"have\s+to|must|can|could|will)|'ll|'d)\b)", FLAGS)


def so_summary(clause: str) -> re.Match | None:
    """"So the contract runs until March…": a statement that sums up the customer's situation."""
    if clause.rstrip().endswith("?") or FIRST_PERSON.search(clause):
        return None
    return _SO_SUMMARY.search(clause)


def proposal(clause: str) -> re.Match | None:
    """"How about we start with a pilot?": an option put forward."""
    return PROPOSAL.search(clause) if clause.rstrip().endswith("?") else None


def feeling_words(clause: str) -> list[re.Match]:
    """Words naming a feeling or strain, in any word form."""
    feelings = words("feelings")
    return [m for m in re.finditer(r"[^\W_]+", clause) if stem(m.group()) in feelings]
