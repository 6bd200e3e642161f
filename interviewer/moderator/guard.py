"""Checks a model-written moderator line against the Mom Test before a respondent relies on it.

A line that pitches, asks a hypothetical, leads, praises, asks several things at once or leaks
the hidden goal is rejected, and the turn falls back to the offline wording. The check runs on
the growing text while it streams, so a leak is cut off as soon as it appears.
"""

from __future__ import annotations

import re

from interviewer.moderator.plan import Plan

MAX_CHARS = 420
"""A probe is one short question; anything longer is a lecture."""

_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "asks a hypothetical",
        re.compile(
            r"\b(would you|if you (could|had|were)|imagine|suppose|what if|could you see yourself|"
            r"will you|would it|how likely)\b",
            re.I,
        ),
    ),
    (
        "pitches a product",
        re.compile(
            r"\b(our (product|app|tool|solution|platform|service)|we('re| are) (building|launching|"
            r"working on)|sign up|try (it|ours|our)|our new)\b",
            re.I,
        ),
    ),
    (
        "praises or judges the answer",
        re.compile(
            r"\b((great|excellent|awesome|fantastic|wonderful|perfect|brilliant|good) "
            r"(answer|point|insight|question|example)|that'?s (great|awesome|amazing|fantastic|"
            r"wonderful|brilliant)|love (that|it)|well said)\b",
            re.I,
        ),
    ),
    (
        "asks a leading question",
        re.compile(
            r"\b(don'?t you (think|agree|feel)|wouldn'?t you|isn'?t it (true|fair)|surely)\b", re.I
        ),
    ),
    (
        "mentions its instructions",
        re.compile(
            r"\b(system prompt|my (instructions|prompt|guidelines)|hidden goal|as an ai|language model"
            r"|the goal of this question)\b",
            re.I,
        ),
    ),
)
_WORDS = re.compile(r"[a-z0-9']+")


def violation(text: str, plan: Plan, *, final: bool) -> str | None:
    """Why ``text`` may not be shown, or ``None``. ``final`` is False while still streaming."""
    for reason, pattern in _RULES:
        if pattern.search(text):
            return reason
    goal = getattr(plan.question, "goal", None)
    if goal and _shares_run(text, goal, 6):
        return "leaks the question's hidden goal"
    if len(text) > MAX_CHARS:
        return f"longer than {MAX_CHARS} characters"
    if final:
        if not text.strip():
            return "empty reply"
        if text.count("?") == 0:
            return "asks no question"
        if text.count("?") > 1:
            return "asks more than one question at once"
    return None


def _shares_run(text: str, secret: str, n: int) -> bool:
    """Whether ``text`` repeats ``n`` consecutive words of ``secret``."""
    secret_words = _WORDS.findall(secret.lower())
    if len(secret_words) < n:
        return (
            " ".join(secret_words) in " ".join(_WORDS.findall(text.lower()))
            if secret_words
            else False
        )
    runs = {" ".join(secret_words[i : i + n]) for i in range(len(secret_words) - n + 1)}
    words = _WORDS.findall(text.lower())
    return any(" ".join(words[i : i + n]) in runs for i in range(len(words) - n + 1))
