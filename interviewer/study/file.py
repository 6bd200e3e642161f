"""Study files: YAML in, a validated :class:`Study` out — or every problem, at its line:col.

Researchers edit studies by hand, so a bad file must produce compiler-style messages that point
at the offending key or value and say how to fix it. PyYAML's composed node tree knows where
every key and value starts; pydantic error locations are followed through that tree (and
through the schema, to tell union tags from keys) to find the spot. Checks that span questions
(duplicate ids, ``show_if`` references) run on the raw data first, so they are reported at the
offending line even when other parts of the file are invalid.
"""

from __future__ import annotations

import difflib
import types
import typing
import weakref
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from interviewer.errors import InterviewerError
from interviewer.study.schema import (
    QUESTION_TYPES,
    Loc,
    LocatedError,
    Question,
    ShowIf,
    Study,
)

_QUESTION: TypeAdapter[Question] = TypeAdapter(Question)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a study file, printed like a compiler diagnostic."""

    file: str
    line: int
    """1-based."""
    col: int
    """1-based, in characters."""
    message: str
    """What is wrong and how to fix it."""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.message}"


class StudyFileError(InterviewerError):
    """A study file could not be loaded; ``problems`` lists everything found, in file order."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def load_study(path: str | Path) -> Study:
    """Read and validate a study file; raises :class:`StudyFileError` listing every problem."""
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        hint = f"check the path, or create a new study with `interviewer init {name}`"
        raise StudyFileError([Problem(name, 1, 1, f"no such file; {hint}")]) from None
    except IsADirectoryError:
        message = "this is a directory; pass the study's .yaml file inside it"
        raise StudyFileError([Problem(name, 1, 1, message)]) from None
    except UnicodeDecodeError as exc:
        line, col = _position(exc.object.decode("latin-1"), exc.start)
        message = "the file is not UTF-8 text; re-save it with UTF-8 encoding"
        raise StudyFileError([Problem(name, line, col, message)]) from None
    except OSError as exc:
        raise StudyFileError(
            [Problem(name, 1, 1, f"cannot read the file: {exc.strerror}")]
        ) from None
    return load_study_text(text, name)


MAX_NESTING = 64
"""Brackets nested deeper than this are no study (a real one nests 4 or 5 deep); refusing them
up front keeps PyYAML's recursive composer from running out of stack."""


def load_study_text(text: str, filename: str = "<string>") -> Study:
    """Validate a study from YAML text; ``filename`` is only used in problem messages."""
    too_deep = _too_deep(text)
    if too_deep is not None:
        line, col = _position(text, too_deep)
        message = (
            f"lists or mappings nested more than {MAX_NESTING} deep; a study nests only a few "
            "levels, so check the brackets here"
        )
        raise StudyFileError([Problem(filename, line, col, message)])
    try:
        return _load(text, filename)
    except RecursionError:  # deep block nesting, which the bracket count does not see
        message = "the file nests too deeply to read; a study nests only a few levels"
        raise StudyFileError([Problem(filename, 1, 1, message)]) from None


def _too_deep(text: str) -> int | None:
    """The offset where flow brackets first nest deeper than ``MAX_NESTING`` (quotes and
    comments aside), or None."""
    depth, quote, comment = 0, "", False
    for offset, char in enumerate(text):
        if comment:
            comment = char != "\n"
        elif quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "#":
            comment = True
        elif char in "[{":
            depth += 1
            if depth > MAX_NESTING:
                return offset
        elif char in "]}":
            depth = max(depth - 1, 0)
    return None


def _load(text: str, filename: str) -> Study:
    root, data, problems = _parse(text, filename)
    cross = _cross_references(data)
    for loc, message in cross:
        label, _ = _scope(loc, data)
        problems.append(_problem(filename, _walk(root, loc).node, f"{label}: {message}"))
    try:
        study = Study.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        if cross:  # the model's own backstop check would repeat the first of these
            errors = [e for e in errors if e["loc"] or e["type"] != "value_error"]
        problems += _validation_problems(errors, root, data, filename)
    else:
        if not problems:
            return study
    ordered = sorted(set(problems), key=lambda p: (p.line, p.col, p.message))
    raise StudyFileError(ordered)


# -- YAML ---------------------------------------------------------------------------------

_YAML_HINTS = (
    ("'\\t'", "indent with spaces; YAML does not allow tabs"),
    ("mapping values are not allowed", "a text that contains ': ' must be put in quotes"),
    ("could not find expected ':'", "check this line's indentation, or quote a text with ':'"),
    ("expected a single document", "a study file holds one document; remove the extra '---'"),
    ("end of stream", "a quoted text is missing its closing quote"),
    ("cannot start any token", "put text that starts with a special character in quotes"),
    ("undefined alias", "text that starts with '*' must be put in quotes"),
    ("alphabetic or numeric", "text that starts with '&', '*' or '!' must be put in quotes"),
    ("chomping or indentation", "text that starts with '|' or '>' must be put in quotes"),
    ("unhashable key", "a key must be a plain word, not a list or mapping"),
    ("constructor for the tag", "remove the tag, or put text that starts with '!' in quotes"),
)


def _parse(text: str, filename: str) -> tuple[yaml.MappingNode, dict[str, Any], list[Problem]]:
    """Compose and construct the YAML; structural problems that stop everything are raised."""
    loader: yaml.SafeLoader | None = None
    try:
        loader = yaml.SafeLoader(text)  # the reader rejects control characters right away
        root = loader.get_single_node()
        if root is None:
            message = "the file is empty; start from a template with `interviewer init PATH`"
            raise StudyFileError([Problem(filename, 1, 1, message)])
        problems = [_problem(filename, key, message) for key, message in _duplicate_keys(root)]
        try:
            data = loader.construct_document(root)
        except yaml.YAMLError:
            raise
        except Exception as exc:  # PyYAML raises assorted errors for a value that misfits a tag
            raise StudyFileError([_unconstructable(root, exc, filename)]) from None
    except yaml.MarkedYAMLError as exc:
        raise StudyFileError([_yaml_problem(exc, filename)]) from None
    except yaml.reader.ReaderError as exc:
        line, col = _position(text, exc.position)
        message = f"invalid YAML: control character U+{exc.character:04X} is not allowed; delete it"
        raise StudyFileError([Problem(filename, line, col, message)]) from None
    finally:
        if loader is not None:
            loader.dispose()
    if not isinstance(root, yaml.MappingNode):
        kind = "a list" if isinstance(root, yaml.SequenceNode) else "a single value"
        message = f"the top level must be a mapping of keys (id:, title:, questions: …), not {kind}"
        raise StudyFileError([_problem(filename, root, message)])
    return root, data, problems


def _yaml_problem(exc: yaml.MarkedYAMLError, filename: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    # PyYAML's context is either "while scanning…" noise or the first half of a sentence.
    context = exc.context if exc.context and not exc.context.startswith("while") else None
    said = ", ".join(filter(None, (context, exc.problem)))
    hint = next((h for needle, h in _YAML_HINTS if needle in f"{exc.context} {said}"), None)
    message = f"invalid YAML: {said}; {hint or 'check the indentation and quoting here'}"
    return Problem(filename, mark.line + 1 if mark else 1, mark.column + 1 if mark else 1, message)


def _nodes(node: yaml.Node, seen: set[int] | None = None) -> Iterator[yaml.Node]:
    """Every node of a tree once, depth first (an alias repeats a node already visited)."""
    seen = set() if seen is None else seen
    if id(node) not in seen:
        seen.add(id(node))
        yield node
        children = node.value if isinstance(node, yaml.SequenceNode) else ()
        if isinstance(node, yaml.MappingNode):
            children = [child for pair in node.value for child in pair]
        for child in children:
            yield from _nodes(child, seen)


def _duplicate_keys(root: yaml.Node) -> Iterator[tuple[yaml.Node, str]]:
    """YAML silently keeps the last of two equal keys; a researcher almost never means that."""
    for node in _nodes(root):
        first: dict[str, yaml.Node] = {}
        for key, _ in node.value if isinstance(node, yaml.MappingNode) else ():
            if isinstance(key, yaml.ScalarNode) and key.value != "<<":
                if key.value in first:
                    line = first[key.value].start_mark.line + 1
                    message = f"duplicate key {key.value!r} (already set on line {line}); YAML "
                    yield key, message + "keeps only the last one, so remove or rename one of them"
                first.setdefault(key.value, key)


def _unconstructable(root: yaml.Node, exc: Exception, filename: str) -> Problem:
    """An explicit tag the value does not fit, such as ``!!int twelve``: find and report it."""
    for node in _nodes(root):
        if isinstance(node, yaml.ScalarNode):
            try:
                yaml.constructor.SafeConstructor().construct_object(node)
            except Exception:  # the same assorted errors as in _parse
                message = f"invalid YAML: the value does not fit its tag {node.tag} ({exc})"
                return _problem(filename, node, message + "; remove the tag")
    return _problem(filename, root, f"invalid YAML: {exc}")


def _position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def _problem(filename: str, node: yaml.Node, message: str) -> Problem:
    return Problem(filename, node.start_mark.line + 1, node.start_mark.column + 1, message)


# -- from a pydantic location to a YAML node ---------------------------------------------


@dataclass
class _Spot:
    """Where an error location lands in the YAML, and what the schema expects there."""

    node: yaml.Node
    """The value reached, or the mapping that lacks the next key."""
    key: yaml.Node | None
    """The key node of the last mapping step."""
    model: type[BaseModel] | None
    """Schema object of the innermost mapping."""
    path: list[str | int]
    """Keys and indexes actually followed (union tags left out)."""
    via_union: bool
    """Whether a plain union member (``int``, ``str``…) was part of the location."""


def _walk(root: yaml.Node, loc: Loc) -> _Spot:
    spot = _Spot(root, None, None, [], False)
    shape: Any = Study
    for part in loc:
        members = _members(shape)
        shape = members[0]
        if len(members) > 1 and isinstance(part, str):
            tagged = {_tag(m): m for m in members}
            if part in tagged:  # pydantic names the branch of a discriminated union: skip it
                shape = tagged[part]
                continue
            if _pair(spot.node, part) is None:  # a plain union branch such as 'int'
                shape, spot.via_union = None, True
                continue
            # A location from our own checks (no branch name): the `type` key picks the branch.
            shape = tagged.get(getattr(_value_of(spot.node, "type"), "value", None))
        if isinstance(spot.node, yaml.MappingNode):
            spot.model = shape if isinstance(shape, type) and issubclass(shape, BaseModel) else None
            pair = _pair(spot.node, part)
            if pair is None:  # a missing key: point at the mapping that lacks it
                break
            spot.key, spot.node = pair
            field = _fields(spot.model).get(str(part)) if spot.model else None
            shape = field.annotation if field else None
        elif isinstance(spot.node, yaml.SequenceNode) and isinstance(part, int):
            if not 0 <= part < len(spot.node.value):
                break
            spot.key, spot.node = None, spot.node.value[part]
            shape = typing.get_args(shape)[0] if typing.get_origin(shape) is list else None
        else:
            break
        spot.path.append(part)
    return spot


def _members(shape: Any) -> tuple[Any, ...]:
    """The alternatives a schema type accepts, without ``Annotated`` wrappers and ``None``."""
    if typing.get_origin(shape) is typing.Annotated:
        return _members(typing.get_args(shape)[0])
    if typing.get_origin(shape) in (typing.Union, types.UnionType):
        args = [arg for arg in typing.get_args(shape) if arg is not type(None)]
        return tuple(member for arg in args for member in _members(arg))
    return (shape,)


def _tag(member: Any) -> str | None:
    """The discriminator value of a question model (``"scale"`` for :class:`Scale`)."""
    if isinstance(member, type) and issubclass(member, BaseModel) and "type" in member.model_fields:
        return str(typing.get_args(member.model_fields["type"].annotation)[0])
    return None


def _fields(model: type[BaseModel]) -> dict[str, Any]:
    return {field.alias or name: field for name, field in model.model_fields.items()}


# -- messages -------------------------------------------------------------------------------

_EXPECTED = {
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "string_type": "text",
    "list_type": "a list",
    "model_type": "a mapping of `key: value` lines",
    "model_attributes_type": "a mapping of `key: value` lines",
    "dict_type": "a mapping of `key: value` lines",
}
_BOUNDS = {"greater_than_equal": "at least", "less_than_equal": "at most",
           "greater_than": "greater than", "less_than": "less than"}  # fmt: skip


def _validation_problems(
    errors: list[ErrorDetails], root: yaml.MappingNode, data: dict[str, Any], filename: str
) -> list[Problem]:
    problems: list[Problem] = []
    union_groups: dict[int, tuple[_Spot, list[str], Any]] = {}
    for error in errors:
        loc, kind = error["loc"], error["type"]
        located = error.get("ctx", {}).get("error")
        extra = located.at if isinstance(located, LocatedError) else ()
        spot = _walk(root, (*loc, *extra))
        if spot.via_union and kind in _EXPECTED:  # one message for all branches of a union
            group = union_groups.setdefault(id(spot.node), (spot, [], error["input"]))
            group[1].append(_EXPECTED[kind])
            continue
        label, skip = _scope(spot.path, data)
        node, body = _describe(error, spot, skip)
        problems.append(_problem(filename, node, f"{label}: {body}" if label else body))
    for spot, expected, value in union_groups.values():
        label, skip = _scope(spot.path, data)
        *most, last = dict.fromkeys(expected)
        should = f"{', '.join(most)} or {last}" if most else last
        body = f"{_name(spot.path[skip:])} should be {should}, not {_kind(value)}"
        problems.append(_problem(filename, spot.node, f"{label}: {body}" if label else body))
    return problems


def _describe(error: ErrorDetails, spot: _Spot, skip: int) -> tuple[yaml.Node, str]:
    """The node to point at and the message for one error; ``skip`` path parts are the scope."""
    kind, value, ctx = error["type"], error["input"], error.get("ctx", {})
    name = _name(spot.path[skip:])
    if kind == "extra_forbidden" and spot.key is not None:
        key = str(spot.path[-1])
        allowed = [k for k in _fields(spot.model) if k != "type"] if spot.model else []
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        where = f" in {_name(spot.path[skip:-1])}" if spot.path[skip:-1] else ""
        where = where or ("" if skip else " at the top level")
        fix = f"did you mean {close[0]!r}?" if close else f"allowed keys here: {', '.join(allowed)}"
        return spot.key, f"unknown key {key!r}{where}; {fix}"
    if kind == "missing":
        key = str(error["loc"][-1])
        field = _fields(spot.model).get(key) if spot.model else None
        about = field.description if field and field.description else ""
        about = about.replace("``", "`")
        about = f" — {about[:1].lower()}{about[1:].rstrip('.')}" if about else ""
        return spot.node, f"missing required key {key!r}; add `{key}: …`{about}"
    if kind in ("union_tag_not_found", "union_tag_invalid"):
        tag_node = _value_of(spot.node, "type")
        tag = str(ctx.get("tag", ""))
        close = difflib.get_close_matches(tag, QUESTION_TYPES, n=1, cutoff=0.5)
        types_ = ", ".join(QUESTION_TYPES)
        if kind == "union_tag_not_found" or tag_node is None:
            return spot.node, f"missing required key 'type'; add `type:` with one of: {types_}"
        fix = f"did you mean {close[0]!r}? " if close else ""
        return tag_node, f"unknown question type {tag!r}; {fix}use one of: {types_}"
    if kind == "invalid_key":
        return spot.key or spot.node, f"key {value!r} should be text; write it as a plain word"
    if kind in ("value_error", "assertion_error"):
        return spot.node, str(ctx["error"])
    if value is None and kind in _EXPECTED:
        return spot.node, f"{name} is empty; write a value after the colon, or remove the key"
    if kind in _EXPECTED:
        hint = ""
        if kind == "string_type" and isinstance(value, bool | int | float):
            hint = "; put it in quotes to make it text"
            if isinstance(value, bool):
                hint = "; YAML reads yes/no/on/off/true/false as booleans, so put it in quotes"
        return spot.node, f"{name} should be {_EXPECTED[kind]}, not {_kind(value)}{hint}"
    if kind in _BOUNDS:
        bound = next(iter(ctx.values()))
        return spot.node, f"{name} should be {_BOUNDS[kind]} {bound} (got {value!r})"
    if kind == "string_too_short":
        least = ctx.get("min_length")
        return spot.node, f"{name} is too short; write at least {least} characters"
    if kind == "too_short":
        return spot.node, f"{name} needs at least {ctx.get('min_length')} entry; add one"
    if kind == "string_pattern_mismatch" and spot.path and spot.path[-1] == "language":
        return spot.node, f"{name} {value!r} is not a language code; use one like en, de or pt-BR"
    if kind == "string_pattern_mismatch":
        rule = "use letters, digits, '_' or '-', starting with a letter, at most 64 characters"
        return spot.node, f"{name} {value!r} is not a valid id; {rule}"
    return spot.node, f"{name}: {error['msg']} (got {value!r})"


_PAIRS: weakref.WeakKeyDictionary[yaml.Node, dict[str, tuple[yaml.Node, yaml.Node]]] = (
    weakref.WeakKeyDictionary()
)
"""Each mapping's pairs by key, built once: looking a key up per problem by rescanning the
mapping made a file with 16,000 unknown keys take 35 s to validate."""


def _pair(node: yaml.Node, key: str | int) -> tuple[yaml.Node, yaml.Node] | None:
    """The key and value nodes for ``key`` in a mapping (the last one, as YAML keeps it)."""
    if not isinstance(node, yaml.MappingNode):
        return None
    index = _PAIRS.get(node)
    if index is None:
        index = {str(getattr(k, "value", None)): (k, v) for k, v in node.value}
        _PAIRS[node] = index
    return index.get(str(key))


def _value_of(node: yaml.Node, key: str) -> yaml.Node | None:
    pair = _pair(node, key)
    return pair[1] if pair else None


def _name(path: Sequence[str | int]) -> str:
    """``("moderator", "tone")`` → ``moderator.tone``; ``("options", 2)`` → ``options[2]``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text or "this entry"


def _scope(path: Sequence[str | int], data: dict[str, Any]) -> tuple[str | None, int]:
    """Which question or hypothesis a path is inside (as a label), and how many parts that is."""
    if len(path) < 2 or path[0] not in ("questions", "hypotheses") or not isinstance(path[1], int):
        return None, 0
    entry = data[path[0]][path[1]]
    entry_id = entry.get("id") if isinstance(entry, dict) else None
    what = "question" if path[0] == "questions" else "hypothesis"
    return (f"{what} {entry_id!r}" if isinstance(entry_id, str) else f"{what} {path[1] + 1}"), 2


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, list | dict):
        return "a list" if isinstance(value, list) else "a mapping"
    return f"the {type(value).__name__} {value}"  # e.g. a date: YAML reads 2024-05-01 as one


# -- study-level checks on the raw data ----------------------------------------------------


def _cross_references(data: dict[str, Any]) -> list[tuple[Loc, str]]:
    """Duplicate ids and ``show_if`` references, found even when other parts are invalid."""
    problems: list[tuple[Loc, str]] = []
    positions: dict[str, dict[str, int]] = {}
    for section, what in (("hypotheses", "hypothesis"), ("questions", "question")):
        entries = data.get(section)
        first = positions.setdefault(section, {})
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            entry_id = entry.get("id") if isinstance(entry, dict) else None
            if isinstance(entry_id, str) and entry_id in first:
                problems.append(((section, index, "id"), (
                    f"duplicate {what} id {entry_id!r} ({what} {first[entry_id] + 1} uses it "
                    f"too); give each {what} its own id"
                )))  # fmt: skip
            elif isinstance(entry_id, str):
                first[entry_id] = index
    questions: list[Any] = data["questions"] if isinstance(data.get("questions"), list) else []
    known = positions["questions"]
    for index, entry in enumerate(questions):
        show_if = entry.get("show_if") if isinstance(entry, dict) else None
        ref = show_if.get("question") if isinstance(show_if, dict) else None
        target = known.get(ref) if isinstance(ref, str) else None
        at: Loc = ("questions", index, "show_if", "question")
        before = [q for q, i in known.items() if i < index]
        earlier = ", ".join(before[-6:]) or "none"  # the nearest ones are the likeliest meant
        if not isinstance(ref, str):
            continue
        if target is None:
            problems.append((at, f"show_if refers to unknown question {ref!r}; use the id of an "
                                 f"earlier question (earlier: {earlier})"))  # fmt: skip
        elif target >= index:
            where = "this question itself" if target == index else f"{ref!r}, which is asked later"
            problems.append((at, f"show_if refers to {where}; a question can only depend on "
                                 f"answers given before it (earlier: {earlier})"))  # fmt: skip
        else:
            try:
                condition, asked = (
                    ShowIf.model_validate(show_if),
                    _QUESTION.validate_python(questions[target]),
                )
            except ValidationError:
                continue  # reported where those objects are validated
            mismatch = condition.mismatch(asked)
            if mismatch:
                problems.append((("questions", index, "show_if", condition.operator_key), mismatch))
    return problems
