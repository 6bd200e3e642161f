"""Authoring aids: the Mom Test template behind ``interviewer init`` and the one-screen summary
(with a duration estimate) that ``interviewer validate`` prints for a valid study."""

from __future__ import annotations

import json
import math
import re
import textwrap
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from interviewer.study.schema import Condition, OpenEnded, Question, Ranking, Scale, Study

DEFAULT_TOPIC = "the problem you're researching"


# -- summary --------------------------------------------------------------------------------

# Rough talking times, in minutes, for the duration estimate: an open answer takes a minute or
# two, each probe most of another; a closed answer is quick unless its "why" follow-up is asked.
_OPEN_MINUTES, _PROBE_MINUTES, _CLOSED_MINUTES, _WHY_MINUTES, _EDGES_MINUTES = 1.5, 1, 0.5, 1, 2


def estimate_minutes(study: Study) -> int:
    """Upper estimate of an interview's length if every question is asked and probed fully."""
    total: float = _EDGES_MINUTES  # consent, intro and outro
    for question in study.questions:
        if isinstance(question, OpenEnded):
            probes = question.max_follow_ups
            probes = study.moderator.max_follow_ups if probes is None else probes
            total += _OPEN_MINUTES + _PROBE_MINUTES * probes
        else:
            total += _CLOSED_MINUTES + (_WHY_MINUTES if question.why else 0.0)
    return math.ceil(total)


def summary(study: Study) -> str:
    """A one-screen overview of a valid study, printed by ``interviewer validate``."""
    mod = study.moderator
    lines = [
        f"{study.title}  (id: {study.id}, language: {study.language})",
        _wrapped("Decision:   ", study.decision),
        f"Hypotheses: {len(study.hypotheses)}" + "".join(f"  [{h.id}]" for h in study.hypotheses),
        _wrapped("Audience:   ", study.audience or "(not set)"),
        f"Moderator:  up to {mod.max_follow_ups} follow-ups per open question, target depth "
        f"{mod.target_depth}/5, Mom Test rules {'on' if mod.mom_test else 'off'}"
        + (f", {mod.time_budget_minutes}-minute budget" if mod.time_budget_minutes else ""),
        f"Questions ({len(study.questions)}):",
    ]
    width = max(len(q.id) for q in study.questions)
    for number, question in enumerate(study.questions, 1):
        marks = [_shape(question)]
        screener: Condition | None = getattr(question, "disqualify_if", None)
        if screener is not None:
            marks.append(f"screener: out if {_condition(screener)}")
        if question.show_if is not None:
            marks.append(f"if {question.show_if.question} {_condition(question.show_if)}")
        lines.append(f"  {number:>2}. {question.id:<{width}}  {' | '.join(marks)}")
    minutes = estimate_minutes(study)
    estimate = f"Estimated duration: up to about {minutes} min"
    budget = mod.time_budget_minutes
    if budget and minutes > budget:
        estimate += f" — over the {budget}-minute budget; cut questions or lower max_follow_ups"
    elif budget:
        estimate += f" (within the {budget}-minute budget)"
    return "\n".join([*lines, estimate])


def _wrapped(label: str, text: str) -> str:
    indent = " " * len(label)
    return textwrap.fill(text, 96, initial_indent=label, subsequent_indent=indent)


def _shape(question: Question) -> str:
    if isinstance(question, OpenEnded):
        probes = f"{len(question.probes)} probe{'' if len(question.probes) == 1 else 's'}"
        return f"open_ended, {probes}" + (" + goal" if question.goal else "")
    if isinstance(question, Scale):
        return f"{'nps' if question.nps else 'scale'} {question.min}–{question.max}" + (
            " + why" if question.why else ""
        )
    if isinstance(question, Ranking):
        return f"ranking, top {question.rank_count} of {len(question.items)}"
    count = len(getattr(question, "options", ()))
    return question.type + (f", {count} options" if count else "")


def _condition(condition: Condition) -> str:
    return f"{condition.operator_key} {json.dumps(condition.operand, ensure_ascii=False)}"


# -- template -------------------------------------------------------------------------------


def render_template(topic: str | None = None) -> str:
    """A new study from the built-in Mom Test template, with ``topic`` woven into its texts."""
    # One line of printable text: control characters and undecodable bytes from a terminal
    # (lone surrogates) would make the YAML unreadable.
    topic = "".join(ch for ch in " ".join((topic or "").split()) if ch.isprintable())
    topic = _mid_sentence(topic) or DEFAULT_TOPIC
    source = resources.files("interviewer").joinpath("data/study-template.yaml.j2")
    environment = jinja2.Environment(
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # YAML, not HTML: escaping is done by _double_quoted below
        keep_trailing_newline=True,
        finalize=_double_quoted,
    )
    template = environment.from_string(source.read_text(encoding="utf-8"))
    return template.render(topic=topic, study_id=_slug(topic))


def write_template(path: Path, topic: str | None, force: bool = False) -> Path:
    """Write :func:`render_template` to ``path``; an existing file is kept unless ``force``."""
    text = render_template(topic)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("w" if force else "x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise FileExistsError(
            f"{path} already exists; pass --force to overwrite it, or choose another path"
        ) from None
    return path


def _double_quoted(value: Any) -> str:
    """Every template substitution sits inside a double-quoted YAML string: escape for that."""
    return json.dumps(str(value), ensure_ascii=False)[1:-1]


def _mid_sentence(topic: str) -> str:
    """The topic as it reads inside the template's sentences: no closing punctuation, and a
    lower-case first letter unless it starts an acronym or name ("Expense reports" → "expense
    reports", "AWS billing" and "iPhone repairs" stay)."""
    topic = topic.strip().rstrip(".?!;:,").strip()
    first = topic.split(" ", 1)[0]
    if len(first) > 1 and first[0].isupper() and first[1:].islower():
        topic = topic[0].lower() + topic[1:]
    return topic


def _slug(topic: str) -> str:
    if topic == DEFAULT_TOPIC:
        return "my-study"
    slug = re.sub(r"[^a-z0-9]+", "-", topic.lower()).strip("-")[:64].rstrip("-")
    return slug if re.match(r"^[a-z]", slug) else f"study-{slug}".rstrip("-")[:64]
