"""Read and validate the content files in ``data/``.

Every kind of content file is declared once in :data:`KINDS`: where it lives, its format and
the schema of one entry. A bad file never half-loads: the loader raises
:class:`ContentInvalid` with one :class:`ContentError` per problem, each naming the file, the
entry (row or list item, with its id when it has one) and the field.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from coachkit.config import data_dir
from coachkit.schema import Catalogue, FollowupMessage, Reply, Scenario, Situation

__all__ = [
    "KINDS",
    "ContentError",
    "ContentInvalid",
    "load",
    "load_catalogue",
    "load_followups",
    "load_replies",
    "load_scenarios",
    "load_situations",
    "validate",
]


@dataclass(frozen=True)
class ContentError:
    """One problem in one content file."""

    file: str
    entry: str
    field: str
    message: str

    def __str__(self) -> str:
        where = ", ".join(part for part in (self.entry, f"field '{self.field}'" if self.field else "") if part)
        return f"{self.file}: {where}: {self.message}" if where else f"{self.file}: {self.message}"


class ContentInvalid(ValueError):
    """Raised by the loaders when a content file does not follow its schema."""

    def __init__(self, errors: list[ContentError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass(frozen=True)
class Kind:
    """A kind of content file: where it lives, its format and the schema of one entry."""

    pattern: str
    model: type[BaseModel]
    format: str  # "yaml-list": a YAML mapping {list_key: [entries]}; "csv": one entry per row; "yaml-document"
    list_key: str = ""
    unique: str = "id"


KINDS: dict[str, Kind] = {
    "scenarios": Kind("scenarios/*.yaml", Scenario, "yaml-list", list_key="scenarios"),
    "replies": Kind("replies.csv", Reply, "csv"),
    "catalogue": Kind("catalogue.yaml", Catalogue, "yaml-document", unique=""),
}


def _kind_of(path: Path) -> str | None:
    for name, kind in KINDS.items():
        if PurePath(path).match(kind.pattern):
            return name
    return None


def _read_text(path: Path, shown: str) -> tuple[str | None, list[ContentError]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [ContentError(shown, "", "", f"cannot be read ({exc.strerror or exc})")]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            ContentError(shown, f"line {line}", "", f"is not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8")
        ]


def _field_name(loc: tuple[Any, ...]) -> str:
    name = ""
    for part in loc:
        if isinstance(part, int):
            name += f"[{part}]"
        else:
            name += ("." if name else "") + str(part)
    return name


def _check(model: type[BaseModel], data: Any, shown: str, entry: str) -> tuple[BaseModel | None, list[ContentError]]:
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        errors = []
        for err in exc.errors(include_url=False):
            message = err["msg"]
            if err["type"] == "missing":
                message = "is missing"
            elif err["type"] == "extra_forbidden":
                message = "is not a known field (check its spelling)"
            errors.append(ContentError(shown, entry, _field_name(tuple(err["loc"])), message))
        return None, errors


def _entry_label(position: str, data: Any) -> str:
    if isinstance(data, dict) and isinstance(data.get("id"), str):
        return f"{position} (id '{data['id']}')"
    return position


def _parse_yaml(text: str, shown: str) -> tuple[Any, list[ContentError]]:
    from coachkit.content_guards import nesting_problem, unreadable_value

    deep = nesting_problem(text)
    if deep:
        return None, [ContentError(shown, f"line {deep[0]}", "", deep[1])]
    try:
        return yaml.safe_load(text), []
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        return None, [ContentError(shown, where, "", f"is not valid YAML: {problem}")]
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:  # a value YAML reads but cannot build
        line, message = unreadable_value(text, exc)
        return None, [ContentError(shown, f"line {line}" if line else "", "", message)]


def _read_entries(path: Path, kind: Kind, shown: str) -> tuple[list[tuple[str, Any]], list[ContentError]]:
    """The raw entries of a file, each with a label saying where it is."""
    text, errors = _read_text(path, shown)
    if text is None:
        return [], errors
    if kind.format == "csv":
        reader = csv.DictReader(io.StringIO(text, newline=""))
        fields = set(reader.fieldnames or [])
        expected = set(kind.model.model_fields)
        required = {n for n, f in kind.model.model_fields.items() if f.is_required()}
        problems = [ContentError(shown, "header", col, "is missing from the header row") for col in sorted(required - fields)]
        problems += [ContentError(shown, "header", col, "is not a known column") for col in sorted(fields - expected)]
        if problems:
            return [], problems
        entries = []
        for number, row in enumerate(reader, start=2):
            if None in row:
                problems.append(ContentError(shown, f"row {number}", "", "has more cells than the header"))
                continue
            data = {k: v for k, v in row.items() if v is not None}
            entries.append((_entry_label(f"row {number}", data), data))
        return entries, problems
    data, errors = _parse_yaml(text, shown)
    if errors:
        return [], errors
    if kind.format == "yaml-document":
        return [("document", data)], []
    if not isinstance(data, dict) or kind.list_key not in data:
        return [], [ContentError(shown, "", kind.list_key, f"the file must be a mapping with a '{kind.list_key}:' list")]
    items = data[kind.list_key]
    if not isinstance(items, list):
        return [], [ContentError(shown, "", kind.list_key, "must be a list of entries")]
    return [(_entry_label(f"entry {i}", item), item) for i, item in enumerate(items, start=1)], []


def _shown(path: Path, root: Path | None) -> str:
    try:
        return str(path.relative_to(root)) if root else str(path)
    except ValueError:
        return str(path)


#: What was read last, per kind and folder, with the files' paths, sizes and modification times: the same files
#: unchanged are not read again (the models are frozen), a file changed, added or removed is. A kernel forked from
#: the warm template (coachkit.kernels) finds the content already read.
_READ: dict[tuple[str, str], tuple[tuple, list[BaseModel], list[ContentError]]] = {}


def _load_files(kind_name: str, files: list[Path], root: Path | None) -> tuple[list[BaseModel], list[ContentError]]:
    try:
        signature = tuple((str(p), (st := p.stat()).st_mtime_ns, st.st_size) for p in files)
    except OSError:
        signature = None
    seen = _READ.get((kind_name, str(root)))
    if signature is not None and seen and seen[0] == signature:
        return list(seen[1]), list(seen[2])
    models, errors = _read_files(kind_name, files, root)
    if signature is not None:
        _READ[(kind_name, str(root))] = (signature, list(models), list(errors))
    return models, errors


def _read_files(kind_name: str, files: list[Path], root: Path | None) -> tuple[list[BaseModel], list[ContentError]]:
    kind = KINDS[kind_name]
    models: list[BaseModel] = []
    errors: list[ContentError] = []
    seen: dict[str, str] = {}
    for path in files:
        shown = _shown(path, root.parent if root else None)
        entries, problems = _read_entries(path, kind, shown)
        errors += problems
        for label, data in entries:
            model, problems = _check(kind.model, data, shown, label)
            errors += problems
            if model is None:
                continue
            key = getattr(model, kind.unique, None) if kind.unique else None
            if key is not None:
                if key in seen:
                    errors.append(ContentError(shown, label, kind.unique, f"'{key}' is already used by {seen[key]}"))
                    continue
                seen[key] = f"{shown} {label.split(' (')[0]}"
            models.append(model)
    return models, errors


def _files_of(kind_name: str, root: Path) -> list[Path]:
    pattern = PurePath(KINDS[kind_name].pattern)
    if len(pattern.parts) > 1 and root.name == pattern.parts[0] and not (root / pattern.parts[0]).is_dir():
        pattern = PurePath(*pattern.parts[1:])  # the kind's own folder: ``coachkit validate data/scenarios``
    return sorted(p for p in root.glob(str(pattern)) if p.is_file())


def load(kind_name: str, root: Path | None = None) -> list[Any]:
    """Every entry of one kind under ``root`` (default: the data folder); raises ContentInvalid."""
    root = Path(root) if root else data_dir()
    models, errors = _load_files(kind_name, _files_of(kind_name, root), root)
    if errors:
        raise ContentInvalid(errors)
    return models


def load_scenarios(root: Path | None = None) -> list[Scenario]:
    """All scenarios, in file order."""
    return load("scenarios", root)


def load_replies(root: Path | None = None) -> list[Reply]:
    """All "spot the move" replies."""
    return load("replies", root)


def load_catalogue(root: Path | None = None) -> Catalogue:
    """The table of contents of the kit."""
    (catalogue,) = load("catalogue", root)
    return catalogue


def validate(path: Path | str | None = None) -> tuple[dict[str, int], list[ContentError]]:
    """Check a content file or folder: the count of valid entries per kind, and every problem."""
    path = Path(path) if path else data_dir()
    if not path.exists():
        return {}, [ContentError(str(path), "", "", "does not exist")]
    counts: dict[str, int] = {}
    errors: list[ContentError] = []
    if path.is_dir():
        groups: dict[str, list[Path]] = {name: _files_of(name, path) for name in KINDS}
        known = {p for files in groups.values() for p in files}
        for stray in sorted(path.rglob("*")):
            if stray.suffix in {".yaml", ".yml", ".csv"} and stray not in known:
                errors.append(ContentError(_shown(stray, path.parent), "", "", "is not a known content file; expected "
                                           + ", ".join(k.pattern for k in KINDS.values())))
        root = path
    else:
        name = _kind_of(path)
        if name is None:
            return {}, [ContentError(str(path), "", "", "is not a known content file; expected "
                                     + ", ".join(k.pattern for k in KINDS.values()))]
        groups = {name: [path]}
        root = None
    for name, files in groups.items():
        if not files:
            continue
        models, problems = _load_files(name, files, root)
        counts[name] = len(models)
        errors += problems
        if name == "catalogue" and models and root is not None:
            from coachkit.content_guards import notebook_problems

            shown = _shown(files[0], root.parent)
            errors += [ContentError(shown, entry, field, message)
                       for entry, field, message in notebook_problems(models[0], shown, root)]
    return counts, errors


# --------------------------------------------------------------------------- follow-up planning

KINDS["followups"] = Kind("followups.csv", FollowupMessage, "csv")
KINDS["situations"] = Kind("situations.yaml", Situation, "yaml-list", list_key="situations")


def load_followups(root: Path | None = None) -> list[FollowupMessage]:
    """The follow-up messages to sort into pressure and new value."""
    return load("followups", root)


def load_situations(root: Path | None = None) -> list[Situation]:
    """The customers to plan follow-ups for, each with a model plan."""
    return load("situations", root)


# --------------------------------------------------------------------------- empathy framing (module 2)

from coachkit.schema import AllianceItem, ClientFrame, Opening, Refusal, Statement  # noqa: E402

__all__ += ["load_alliance", "load_client_frames", "load_openings", "load_refusals", "load_statements"]

KINDS["statements"] = Kind("statements.csv", Statement, "csv")
KINDS["refusals"] = Kind("refusals.yaml", Refusal, "yaml-list", list_key="refusals")
KINDS["client_frames"] = Kind("client_frames.yaml", ClientFrame, "yaml-list", list_key="client_frames")
KINDS["openings"] = Kind("openings.yaml", Opening, "yaml-list", list_key="openings")
KINDS["alliance"] = Kind("alliance.yaml", AllianceItem, "yaml-list", list_key="alliance")

# --------------------------------------------------------------------------- labelled replies (move detector)

from coachkit.schema import LabelledReply  # noqa: E402

#: Replies labelled with their moves, one set per writer: the move detector's backstop learns from
#: them (``python -m coachkit.train_moves``) and ``python -m coachkit.eval`` scores against them.
KINDS["labelled"] = Kind("labelled/*.csv", LabelledReply, "csv")


def load_statements(root: Path | None = None) -> list[Statement]:
    """The seller's sentences to sort into projection, empathy and other."""
    return load("statements", root)


def load_refusals(root: Path | None = None) -> list[Refusal]:
    """The customers' refusals to diagnose, each with its motive and possible responses."""
    return load("refusals", root)


def load_client_frames(root: Path | None = None) -> list[ClientFrame]:
    """The clients to think about from their side ("if I were this client…")."""
    return load("client_frames", root)


def load_openings(root: Path | None = None) -> list[Opening]:
    """The first meetings to open."""
    return load("openings", root)


def load_alliance(root: Path | None = None) -> list[AllianceItem]:
    """The statements of the alliance self-check (authenticity, respect, empathy)."""
    return load("alliance", root)

# --------------------------------------------------------------------------- coach-judged answers (feedback)

from coachkit.judged import JudgedAnswer  # noqa: E402

#: Learner answers with a coach's verdict per rubric check: ``python -m coachkit.coach_eval`` measures
#: how often the kit's feedback agrees with a coach.
KINDS["judged"] = Kind("labelled/judged_*.yaml", JudgedAnswer, "yaml-list", list_key="answers")
