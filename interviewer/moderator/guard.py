"""Checks a model-written moderator line against the Mom Test before a respondent relies on it.

A line that pitches, asks a hypothetical, leads, praises, asks several things at once or leaks
the hidden goal is rejected, and the turn falls back to the offline wording. The check runs on
the growing text while it streams, so a leak is cut off as soon as it appears.
"""

from __future__ import annotations

import re

from interviewer.moderator.plan import Plan
from interviewer.moderator.wording import whole_clauses
from interviewer.parsing.injection import addresses_moderator

MAX_CHARS = 420
"""A probe is one short question; anything longer is a lecture."""

_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "asks a hypothetical",
        re.compile(
            r"\b(would you|if you (could|had|were)|imagine|suppose|what if|could you see yourself|"
            r"will you|would it|how likely)\b"
            # es / de / fr / pt conditionals and "imagine"
            r"|\b(usarías|pagarías|comprarías|te gustaría|si pudieras|imagina|würdest|würden sie|"
            r"stell dir vor|wenn du könntest|utiliserais|paierais|achèterais|aimerais-tu|si tu pouvais|"
            r"usaria|pagaria|compraria|gostaria|se você pudesse|imagine)\b",
            re.I,
        ),
    ),
    (
        "praises or judges the answer",
        re.compile(
            r"\b(buena pregunta|buena respuesta|qué interesante|excelente|genial|tolle antwort|"
            r"sehr gut|super|ausgezeichnet|très bien|excellente?|génial|bonne réponse|ótimo|ótima|"
            r"muito bem|boa resposta)\b",
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
        "steps out of its role",
        re.compile(
            r"\b(i am|i'm) (now )?(an? |your |the )?(ai|a\.i\.|assistant|chatbot|bot|language model|"
            r"llm|gpt|dan|terminal|unrestricted|grandmother|granny|pirate)\b|\b(developer|dan|god|"
            r"debug|admin) mode\b|\bno (rules|restrictions|limits)\b|\bas (dan|requested|you asked|"
            r"instructed|you wish)\b|\bhere (is|are) (the|a|an|your|my) (poem|joke|story|recipe|code|"
            r"translation|summary|prompt|instructions|hypothes[ie]s|goals?)\b|\b(pwned|hacked|"
            r"jailbroken)\b",
            re.I,
        ),
    ),
    (
        "talks about other participants",
        re.compile(
            r"\b(other|previous|earlier|last) (participants?|respondents?|interviewees?|people I "
            r"(interviewed|spoke to|talked to)) (said|say|answered|told|mentioned|wrote)\b",
            re.I,
        ),
    ),
    (
        "mentions its instructions",
        re.compile(
            r"\b(system prompt|my (instructions|prompt|guidelines|rules)|hidden goal|as an ai|"
            r"language model|the goal of this question|hypothes[ie]s|research goals?|the decision "
            r"(this|it) (feeds|informs))\b|\b(ask about|they said|in your own words)\s*:",
            re.I,
        ),
    ),
)
_WORDS = re.compile(r"[a-z0-9']+")
_QUOTED = re.compile(r"[“\"«„]([^”\"»“]{3,})[”\"»“]")
# A quote still open when the line ends (a streamed line is cut at its question mark).
_OPEN_QUOTE = re.compile(r"[“\"«„]([^”\"»“]{3,})(?:[”\"»“]|$)")
# A sentence end: . or ! followed by a space (so "e.g." and "3.5" inside a sentence don't count).
_SENTENCE_END = re.compile(r"(?<![A-Z])(?<!\be\.g)(?<!\bi\.e)[.!…](?=\s)")


def violation(text: str, plan: Plan, *, final: bool) -> str | None:
    """Why ``text`` may not be shown, or ``None``. ``final`` is False while still streaming."""
    for reason, pattern in _RULES:
        if pattern.search(text):
            return reason
    goal = getattr(plan.question, "goal", None)
    if goal and shares_run(text, goal, 6):
        return "leaks the question's hidden goal"
    if len(text) > MAX_CHARS:
        return f"longer than {MAX_CHARS} characters"
    if any(addresses_moderator(span) for span in _OPEN_QUOTE.findall(text)):
        return "quotes an order or a question about the interview"
    if _misquotes(text, plan):
        return "quotes the respondent with words they did not say as a whole clause"
    if final:
        if not text.strip():
            return "empty reply"
        if text.count("?") == 0:
            return "asks no question"
        if text.count("?") > 1:
            return "asks more than one question at once"
        if len(_SENTENCE_END.findall(text.split("?", 1)[0])) > 1:
            return "lectures before asking (more than one sentence before the question)"
    return None


def _misquotes(text: str, plan: Plan) -> bool:
    """A quote must be a whole clause the respondent actually said (the offline rule too)."""
    quoted = _QUOTED.findall(text)
    if not quoted:
        return False
    record = plan.state.answers.get(plan.question.id) if plan.question is not None else None
    clauses: set[str] = set()
    for said in [*(record.texts if record else []), plan.respondent_text]:
        clauses |= whole_clauses(said)
    for span in quoted:
        words = " ".join(_WORDS.findall(span.lower().replace("’", "'")))
        if words not in {" ".join(_WORDS.findall(c.replace("’", "'"))) for c in clauses}:
            return True
    return False


def shares_run(text: str, secret: str, n: int) -> bool:
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
