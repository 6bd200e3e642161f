"""The study: what a researcher writes in YAML, as a strict pydantic schema.

A study is the contract between a researcher and the moderator: the decision the research
feeds, the hypotheses it tests, and the questions to ask. Everything here is plain data and
validation; loading a YAML file with line-accurate errors lives in ``studyfile.py``.
"""

from __future__ import annotations

import hashlib
import json
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from interviewer import i18n
from interviewer.errors import InterviewerError

Identifier = Annotated[
    str,
    Field(
        pattern=r"^[A-Za-z][A-Za-z0-9_\-]{0,63}$",
        description="Letters, digits, '_' or '-', starting with a letter (at most 64 characters).",
    ),
]

AnswerValue = int | bool | str | list[str]
"""A typed structured answer: ``int`` (scale), ``bool`` (yes_no), ``str`` (single_choice),
``list[str]`` (multiple_choice, ranking — a ranking's list is ordered best first)."""

Loc = tuple[str | int, ...]
"""A path to a key or list entry inside a study, as in pydantic error locations."""


class LocatedError(InterviewerError, ValueError):
    """A validation failure that names the key or entry at fault inside the validated object.

    Pydantic places a validator's error on the object it validates; ``at`` narrows it (e.g. to
    ``("max_selections",)``) so that ``studyfile`` can point at the exact line in the YAML.
    """

    def __init__(self, message: str, *at: str | int) -> None:
        super().__init__(message)
        self.at: Loc = at


class Strict(BaseModel):
    """Base for every schema object: unknown keys are errors, objects are immutable."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, use_attribute_docstrings=True
    )


class Hypothesis(Strict):
    """Something the team believes and wants the interviews to confirm or refute."""

    id: Identifier
    """Short id used in reports (e.g. ``h1``)."""
    text: str = Field(min_length=3)
    """The belief, stated so that evidence could contradict it."""


class ModeratorSettings(Strict):
    """How the moderator behaves for this study."""

    persona: str = "a curious, neutral product researcher"
    """Who the moderator is, in a phrase; used by the llm engine's prompt."""
    tone: str = "warm, plain-spoken and brief"
    """How it speaks."""
    max_follow_ups: int = Field(2, ge=0, le=5)
    """Default number of probes per open question (a question may override it)."""
    target_depth: int = Field(4, ge=1, le=5)
    """Depth (1–5 rubric) at which an answer is deep enough to move on without probing."""
    time_budget_minutes: int | None = Field(None, gt=0, le=240)
    """Optional length the respondent was promised; used for progress and time-left estimates."""
    mom_test: bool = True
    """Apply Mom Test rules: redirect generic claims, hypotheticals and compliments to past
    events."""


class Messages(Strict):
    """Fixed texts the moderator says at the edges of an interview."""

    declined: str = "No problem at all — nothing you said has been kept. Thanks for your time."
    """Said when the respondent does not consent."""
    screened_out: str = (
        "Thanks for your answers! This study is looking for a different profile, "
        "so that's all we need from you. We appreciate your time."
    )
    """Said when a screener question disqualifies the respondent."""
    stopped: str = (
        "Of course — we'll stop here. Everything you've shared so far is saved. Thank you!"
    )
    """Said when the respondent asks to stop."""


class Condition(Strict):
    """A test on an earlier answer. Exactly one operator is set; an unanswered question
    (``None``) passes no condition."""

    equals: AnswerValue | None = None
    """The answer is this value (text compares case-insensitively)."""
    not_equals: AnswerValue | None = None
    """The answer is anything but this value."""
    in_: list[str | int | bool] | None = Field(None, alias="in")
    """The answer is one of these values."""
    not_in: list[str | int | bool] | None = None
    """The answer is none of these values."""
    includes: str | None = None
    """For multiple_choice / ranking answers: the option is among those selected."""
    excludes: str | None = None
    """For multiple_choice / ranking answers: the option is not among those selected."""
    gte: int | None = None
    """For scale answers: the answer is at least this number."""
    lte: int | None = None
    """For scale answers: the answer is at most this number."""

    @model_validator(mode="after")
    def _one_operator(self) -> Self:
        set_ops = [name for name in self.operators() if getattr(self, name) is not None]
        if len(set_ops) != 1:
            ops = ", ".join(op.rstrip("_") for op in self.operators())
            raise ValueError(f"a condition needs exactly one of: {ops} (found {len(set_ops)})")
        return self

    @staticmethod
    def operators() -> tuple[str, ...]:
        return ("equals", "not_equals", "in_", "not_in", "includes", "excludes", "gte", "lte")

    @property
    def operator(self) -> str:
        return next(n for n in self.operators() if getattr(self, n) is not None)

    @property
    def operator_key(self) -> str:
        """The operator as written in YAML (``in`` rather than the attribute name ``in_``)."""
        return self.operator.rstrip("_")

    @property
    def operand(self) -> Any:
        return getattr(self, self.operator)

    def holds(self, value: AnswerValue | None) -> bool:
        """Whether ``value`` (an earlier question's answer; ``None`` if unanswered) passes."""
        if value is None:
            return False
        op, operand = self.operator, self.operand
        if op == "equals":
            return _same(value, operand)
        if op == "not_equals":
            return not _same(value, operand)
        if op == "in_":
            return any(_same(value, x) for x in operand)
        if op == "not_in":
            return not any(_same(value, x) for x in operand)
        if op in ("includes", "excludes"):
            if not isinstance(value, list):
                return False
            return any(_same(v, operand) for v in value) == (op == "includes")
        if isinstance(value, bool) or not isinstance(value, int):
            return False
        return value >= operand if op == "gte" else value <= operand

    def mismatch(self, target: QuestionBase) -> str | None:
        """Why this condition cannot be tested against ``target``'s answers (``None`` if it can).

        Catches conditions that would silently never hold — a typo in an option, a number off
        the scale, a test on an open answer (which has no value) — when the study is loaded.
        """
        kind = getattr(target, "type", "open_ended")
        if kind == "open_ended":
            return (
                f"{target.id!r} is an open-ended question, so its answer has no value to test; "
                "base this condition on a scale, choice, ranking or yes_no question"
            )
        allowed = _OPERATORS_FOR.get(kind, ("includes", "excludes"))
        if self.operator_key not in allowed:
            return f"{self.operator_key!r} cannot test a {kind} answer; use {' or '.join(allowed)}"
        choices = getattr(target, "options", None) or getattr(target, "items", [])
        for value in self.operand if isinstance(self.operand, list) else [self.operand]:
            if isinstance(target, Scale) and (
                type(value) is not int or value < target.min or value > target.max
            ):
                return (
                    f"{value!r} is not on the {target.min}–{target.max} scale of {target.id!r}; "
                    f"use a whole number from {target.min} to {target.max}"
                )
            if kind == "yes_no" and not isinstance(value, bool):
                return (
                    f"yes_no answers are true or false, not {value!r}; write true or false unquoted"
                )
            listed = getattr(target, "allow_other", False) or any(_same(value, c) for c in choices)
            if choices and not (isinstance(value, str) and listed):
                return (
                    f"{value!r} is not one of the choices of {target.id!r} "
                    f"({', '.join(choices)}); copy it exactly as written there"
                )
        return None


_OPERATORS_FOR = {
    "scale": ("equals", "not_equals", "in", "not_in", "gte", "lte"),
    "yes_no": ("equals", "not_equals"),
    "single_choice": ("equals", "not_equals", "in", "not_in"),
}
"""Which condition operators can test each closed question type (the rest: includes/excludes)."""


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return a.casefold().strip() == b.casefold().strip()
    return bool(a == b) and type(a) is type(b)


class ShowIf(Condition):
    """Ask this question only when an earlier question's answer passes the condition."""

    question: Identifier
    """Id of an earlier question."""


class QuestionBase(Strict):
    id: Identifier
    """Unique within the study; answers, reports and ``show_if`` refer to it."""
    text: str = Field(min_length=3)
    """Asked verbatim: the researcher's wording is never rewritten."""
    show_if: ShowIf | None = None
    """Only ask when an earlier answer matches."""
    allow_skip: bool = True
    """Whether the respondent may skip this question."""

    @property
    def is_open(self) -> bool:
        return self.type == "open_ended"  # type: ignore[attr-defined]


class ClosedQuestion(QuestionBase):
    why: str | None = None
    """Optional follow-up asked after a valid answer, e.g. "What makes it a {answer}?"."""
    disqualify_if: Condition | None = None
    """Makes this a screener: an answer passing the condition ends the interview politely."""

    @model_validator(mode="after")
    def _screener(self) -> Self:
        if self.disqualify_if is not None:
            problem = self.disqualify_if.mismatch(self)
            if problem:
                raise LocatedError(problem, "disqualify_if", self.disqualify_if.operator_key)
        return self


class OpenEnded(QuestionBase):
    type: Literal["open_ended"]
    goal: str | None = None
    """Hidden from the respondent: what the researcher wants to learn; guides probes."""
    probes: list[str] = Field(default_factory=list)
    """Authored follow-ups the moderator prefers over generic ones."""
    max_follow_ups: int | None = Field(None, ge=0, le=5)
    """Overrides the study's default for this question."""


class Scale(ClosedQuestion):
    type: Literal["scale"]
    min: int = 1
    """Lowest answer."""
    max: int = 5
    """Highest answer; greater than ``min``, at most 100 points above it."""
    min_label: str | None = None
    """What the lowest answer means, e.g. "not at all"."""
    max_label: str | None = None
    """What the highest answer means, e.g. "completely"."""
    nps: bool = False
    """Marks a 0–10 likelihood-to-recommend scale so reports compute NPS."""

    # Field validators (not one model validator) so each problem is reported at its own key,
    # even when other keys of the question are wrong too.
    @field_validator("max")
    @classmethod
    def _range(cls, high: int, info: ValidationInfo) -> int:
        low = info.data.get("min")
        if low is not None and low >= high:
            raise ValueError(
                f"scale max ({high}) must be greater than min ({low}); fix one of them"
            )
        if low is not None and high - low > 100:
            raise ValueError(f"a scale may span at most 100 points (min {low}, max {high})")
        return high

    @field_validator("nps")
    @classmethod
    def _nps_range(cls, nps: bool, info: ValidationInfo) -> bool:
        bounds = (info.data.get("min", 0), info.data.get("max", 10))  # missing: reported already
        if nps and bounds != (0, 10):
            raise ValueError("an nps scale must run from 0 to 10: set min: 0 and max: 10")
        return nps


def _check_choices(choices: list[str], what: str) -> list[str]:
    if not choices:
        raise ValueError(f"{what} must list at least one entry, e.g. [First, Second]")
    seen: set[str] = set()
    for index, choice in enumerate(choices):
        if not choice.strip():
            raise LocatedError(f"{what} may not contain an empty entry; remove it", index)
        key = choice.casefold().strip()
        if key in seen:
            raise LocatedError(f"{what} lists {choice!r} twice; remove one", index)
        seen.add(key)
    return choices


class SingleChoice(ClosedQuestion):
    type: Literal["single_choice"]
    options: list[str]
    """The answers to choose from, in the order shown."""
    allow_other: bool = False
    """Accept an answer outside the options, stored as ``Other`` plus its text."""

    _options = field_validator("options")(lambda v: _check_choices(v, "options"))


class MultipleChoice(ClosedQuestion):
    type: Literal["multiple_choice"]
    options: list[str]
    """The answers to choose from, in the order shown."""
    min_selections: int = Field(1, ge=0)
    """Fewest options the respondent must pick."""
    max_selections: int | None = Field(None, ge=1)
    """Most options the respondent may pick; no limit when omitted."""
    allow_other: bool = False
    """Accept an answer outside the options, stored as ``Other`` plus its text."""

    _options = field_validator("options")(lambda v: _check_choices(v, "options"))

    @model_validator(mode="after")
    def _selections(self) -> Self:
        top = len(self.options) + (1 if self.allow_other else 0)
        low, high = self.min_selections, self.max_selections
        if high is not None and high < low:
            raise LocatedError(
                f"max_selections ({high}) is below min_selections ({low})", "max_selections"
            )
        for key, count in (("min_selections", low), ("max_selections", high)):
            if count is not None and count > top:
                raise LocatedError(f"{key} ({count}) exceeds the {top} options; lower it", key)
        return self


class Ranking(ClosedQuestion):
    type: Literal["ranking"]
    items: list[str]
    """The things to put in order."""
    top_k: int | None = Field(None, ge=1)
    """Rank only the best ``top_k`` items; all items when omitted."""

    @field_validator("items")
    @classmethod
    def _items(cls, items: list[str]) -> list[str]:
        _check_choices(items, "items")
        if len(items) < 2:
            raise ValueError("a ranking needs at least two items; add another")
        return items

    @field_validator("top_k")
    @classmethod
    def _top_k(cls, top_k: int | None, info: ValidationInfo) -> int | None:
        items = info.data.get("items")
        if top_k is not None and items is not None and top_k > len(items):
            raise ValueError(
                f"top_k ({top_k}) exceeds the {len(items)} items; lower it or add items"
            )
        return top_k

    @property
    def rank_count(self) -> int:
        return self.top_k or len(self.items)


class YesNo(ClosedQuestion):
    type: Literal["yes_no"]


Question = Annotated[
    OpenEnded | Scale | SingleChoice | MultipleChoice | Ranking | YesNo,
    Field(discriminator="type"),
]
QUESTION_TYPES = ("open_ended", "scale", "single_choice", "multiple_choice", "ranking", "yes_no")


NO_DECISION = 'None recorded — re-import with --decision "…"'
"""The decision of a study an import created without being told one; see
:attr:`Study.decision_recorded`. Worded for the report's "Decision:" line."""


_LANGUAGE_CODE = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"


class Study(Strict):
    """A whole study, as written in ``studies/*.yaml``."""

    id: Identifier
    """Stable id of the study; sessions and reports refer to it."""
    title: str = Field(min_length=3)
    """Human title shown in reports and the interview header."""
    decision: str = Field(min_length=3)
    """The decision this research feeds; insights are phrased as actions on it."""
    hypotheses: list[Hypothesis] = Field(default_factory=list)
    """What the team believes; reports weigh the evidence for and against each."""
    audience: str | None = None
    """Who should be interviewed, in a sentence."""
    language: str = Field("en", pattern=_LANGUAGE_CODE)
    """BCP-47 code of the interview language: every respondent-facing string (consent,
    probes, hints, UI labels) is taken from its catalogue; ``en``, ``es``, ``de``, ``fr``, ``pt``."""
    languages: list[Annotated[str, Field(pattern=_LANGUAGE_CODE)]] = Field(default_factory=list)
    """Languages respondents may answer in, e.g. ``[es, en]``; each message's language is
    detected and the moderator replies in it. Empty (the default): ``language`` only."""
    moderator: ModeratorSettings = Field(default_factory=ModeratorSettings)
    """How the moderator behaves."""
    consent: str = Field(min_length=3)
    """Shown before any question; the respondent must agree to continue."""
    intro: str | None = None
    """Said after consent, before the first question."""
    outro: str = "That's everything I wanted to ask. Thank you — this was genuinely helpful."
    """Said after the last question."""
    messages: Messages = Field(default_factory=Messages)
    """Fixed texts for declines, screen-outs and stops."""
    questions: list[Question] = Field(min_length=1)
    """Asked in order; ``show_if`` skips, a screener's ``disqualify_if`` ends the interview."""

    @model_validator(mode="after")
    def _languages(self) -> Self:
        for at, code in [(("language",), self.language)] + [
            (("languages", i), c) for i, c in enumerate(self.languages)
        ]:
            if not i18n.supported(code):
                raise LocatedError(
                    f"language {code!r} has no interview wording yet; use one of "
                    f"{', '.join(i18n.SUPPORTED)}",
                    *at,
                )
        return self

    @property
    def allowed_languages(self) -> tuple[str, ...]:
        """The catalogue codes respondents may answer in, the study's own language first."""
        codes = [i18n.base_code(self.language)] + [i18n.base_code(c) for c in self.languages]
        return tuple(dict.fromkeys(codes))

    @model_validator(mode="after")
    def _references(self) -> Self:
        # A backstop for studies built in code: studyfile checks the same on the raw YAML and
        # reports every problem at its line, not just the first.
        index: dict[str, int] = {}
        for i, question in enumerate(self.questions):
            if question.id in index:
                raise LocatedError(f"duplicate question id {question.id!r}", "questions", i, "id")
            index[question.id] = i
        ids = [h.id for h in self.hypotheses]
        for i, hypothesis_id in enumerate(ids):
            if hypothesis_id in ids[:i]:
                raise LocatedError(
                    f"duplicate hypothesis id {hypothesis_id!r}", "hypotheses", i, "id"
                )
        for i, question in enumerate(self.questions):
            ref = question.show_if
            if ref is None:
                continue
            at = ("questions", i, "show_if", "question")
            if index.get(ref.question, i) >= i:
                raise LocatedError(
                    f"show_if of {question.id!r} refers to {ref.question!r}, which is not an "
                    "earlier question; point it at a question asked before this one",
                    *at,
                )
            problem = ref.mismatch(self.questions[index[ref.question]])
            if problem:
                raise LocatedError(problem, "questions", i, "show_if", ref.operator_key)
        return self

    # -- helpers used across the package -------------------------------------------------

    @property
    def decision_recorded(self) -> bool:
        """``False`` for an imported study nobody gave a decision: phrase no action on it."""
        return self.decision != NO_DECISION

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(f"study {self.id!r} has no question {question_id!r}")

    def index_of(self, question_id: str) -> int:
        return [q.id for q in self.questions].index(question_id)

    def canonical_json(self) -> str:
        return json.dumps(self.model_dump(mode="json", by_alias=True), sort_keys=True)

    @property
    def content_hash(self) -> str:
        """Stable hash of the study's content: sessions record which version they ran."""
        return hashlib.sha256(self.canonical_json().encode()).hexdigest()[:16]
