"""The model's wording of insight statements: one call phrasing every chosen theme.

The model writes only the three parts of "We believe X because Y, so we will Z"; the quotes,
counts and confidence stay the offline rules' (insights.py, confidence.py). Themes whose
phrasing is missing, empty or absurdly long keep the offline wording, and the result says how
many the model wrote and, when it wrote none, why.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from pydantic import BaseModel, field_validator

from interviewer import prompts
from interviewer.llm.base import ChatModel, Message, ModelOutputError
from interviewer.llm.tokens import count_messages
from interviewer.report.model import Theme
from interviewer.study import Study
from interviewer.synthesis.insights import Phrasing
from interviewer.synthesis.llm.chunking import prompt_room, reply_tokens
from interviewer.synthesis.llm.failures import CallLog

MAX_PART_CHARS = 400
"""A statement part longer than this is a model rambling, not a phrase."""
REPLY_SHARE = 0.3
TOKENS_PER_INSIGHT = 200
"""Reply tokens one insight needs (three short parts and the JSON around them)."""
_LEADS = re.compile(r"^\s*(?:we believe(?: that)?|because|so we will|we will)\s+", re.IGNORECASE)


class InsightPhrase(BaseModel):
    theme_id: str
    belief: str
    because: str
    action: str

    @field_validator("theme_id", mode="before")
    @classmethod
    def _theme_id(cls, value: object) -> str:
        """``"T2"``, ``"t2"``, ``" T2 "`` and ``2`` all name theme T2 (small models vary)."""
        text = str(value).strip().upper()
        return f"T{text}" if text.isdigit() else text


class InsightReply(BaseModel):
    """The model's reply to the insight prompt."""

    insights: list[InsightPhrase]


@dataclass
class Phrased:
    """What the model phrased, by theme id, and how its call went."""

    phrasings: dict[str, Phrasing] = field(default_factory=dict)
    log: CallLog = field(default_factory=lambda: CallLog("insight calls"))
    themes_sent: int = 0


def phrase_with_model(
    model: ChatModel, study: Study, themes: Sequence[Theme], total: int
) -> Phrased:
    """One call phrasing every theme's insight; themes the reply misses get no entry.

    Themes are dropped from the end (weakest first) until the prompt and a reply fit the
    model's context window. Model errors other than malformed output propagate.
    """
    result = Phrased()
    window = model.context_window
    chosen = list(themes)
    while chosen:
        max_tokens = min(reply_tokens(window, REPLY_SHARE), TOKENS_PER_INSIGHT * len(chosen) + 64)
        messages = _messages(study, chosen, total)
        if count_messages(messages) <= prompt_room(window, max_tokens):
            break
        chosen.pop()
    if not chosen:
        return result
    result.themes_sent = len(chosen)
    reply = None
    problem: ModelOutputError | None = None
    for _attempt in range(2):
        try:
            reply = model.complete_json(messages, InsightReply, max_tokens=max_tokens)
            break
        except ModelOutputError as exc:
            problem = exc
    if reply is None:
        assert problem is not None
        result.log.failed(problem)
        return result
    result.log.succeeded()
    known = {t.id for t in chosen}
    for item in reply.insights:
        parts = [clean(item.belief), clean(item.because), clean(item.action)]
        if item.theme_id in known and all(0 < len(p) <= MAX_PART_CHARS for p in parts):
            result.phrasings.setdefault(item.theme_id, Phrasing(*parts))
    return result


def _messages(study: Study, themes: Sequence[Theme], total: int) -> list[Message]:
    prompt = prompts.render(
        "synthesis_insights", title=study.title, decision=study.decision, total=total, themes=themes
    )
    return [Message("user", prompt)]


def clean(part: str) -> str:
    """A statement part without the lead words or final full stop the template adds itself."""
    text = " ".join(part.split())
    while True:
        stripped = _LEADS.sub("", text)
        if stripped == text:
            break
        text = stripped
    return text.rstrip(" .,;")
