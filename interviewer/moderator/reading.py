"""What an open answer already contains, so the next probe fits it instead of a fixed ladder.

The policy asks three things before it probes: is this answer *complete as it is* (a
"nothing / no one / none", a referral to someone else), does it already tell a concrete past
instance (then never ask for one again — dig into why, the workaround or the cost instead), and
which probe intents were already used on this question (the question's own intent counts: a
"Why …?" question is never followed by a why-probe).
"""

from __future__ import annotations

import re
from enum import StrEnum

from interviewer.depth import DepthScore
from interviewer.moderator.plan import Focus


class AnswerKind(StrEnum):
    """How an open answer stands on its own."""

    ANSWER = "answer"
    NOTHING = "nothing"
    """'Nothing.', 'No one really.', 'None.': a valid, complete answer, never off-topic."""
    REFERRAL = "referral"
    """'Talk to Priya, the plant controller.': a name to follow up, not a story to probe."""


# English; other languages extend these through the i18n lexicon (H4's catalogues) — kept as
# data here so the rule stays one line.
_NOTHING = re.compile(
    r"^\W*(?:(?:nothing|none|no one|noone|nobody|not really|nope|no|never|not much|nothing much|"
    r"not that i know of|not yet|not anymore|nothing at all|none at all|no one else|nobody else|"
    r"zero|nada|not one|none of them|nothing else|no idea who|"
    # es / de / fr / pt: nothing, no one, none
    r"nada|nadie|ninguno|ninguna|nada más|nichts|niemand|keiner|keine|gar nichts|rien|personne|"
    r"aucun|aucune|rien du tout|ninguém|nenhum|nenhuma|nada mesmo)"
    r"(?:,?\s*(?:really|at all|so far|yet|to be honest|honestly|i think|i guess|la verdad|"
    r"de momento|todavía|ehrlich gesagt|bisher|vraiment|pour l'instant|na verdade|ainda))?"
    r"[\s.!…,]*)+$",
    re.I,
)
_REFERRAL_LEAD = re.compile(
    r"^\W*(?:you should |you could |maybe |probably |i'?d )?(?:talk|speak|reach out|chat)\s+"
    r"(?:to|with)\s+(?P<who>.+)$|^\W*(?:ask|try|contact|email|ping)\s+(?P<who2>[A-Z].+)$"
    # es / de / fr / pt: "habla con Ana", "sprich mit Ana", "parle à Ana", "fale com a Ana"
    r"|^\W*(?:habla|hablá|pregunta|sprich|sprecht|frag|fragen sie|parle|demande|fale|pergunte|"
    r"pergunta)\s+(?:con|al|a|mit|à|avec|au|com a|com o|com)\s+(?P<who3>.+)$",
    re.I,
)
_ASKS_WHO = re.compile(r"\bwho (?:else )?(?:should|could|would|can|might)\b", re.I)
_NAME = re.compile(r"\b[A-Z][a-z]+\b")


def answer_kind(message: str, question_text: str) -> AnswerKind:
    """Whether the answer is complete as it is (nothing / a referral) or an ordinary answer."""
    text = message.strip()
    if _NOTHING.match(text):
        return AnswerKind.NOTHING
    if len(text.split()) <= 20 and (
        _REFERRAL_LEAD.match(text)
        or (_ASKS_WHO.search(question_text) and _NAME.search(text[1:]) is not None)
    ):
        return AnswerKind.REFERRAL
    return AnswerKind.ANSWER


def referral_target(message: str) -> str | None:
    """The person named in a referral, as said ("Priya, the plant controller"), if clean."""
    match = _REFERRAL_LEAD.match(message.strip())
    if match is None:
        return None
    found = match.group("who") or match.group("who2") or match.group("who3") or ""
    who = found.strip().rstrip(".!…")
    return who if 0 < len(who.split()) <= 8 else None


def tells_instance(depth: DepthScore) -> bool:
    """A concrete past instance: a dated story, or times / numbers / names together."""
    s = depth.signals
    return s.concrete_instance or (
        s.past_tense and (s.time_refs + s.numbers + s.named_entities) >= 2
    )


# The intent of a probe's wording (authored probes included), so one intent is never asked twice
# on one question. First match wins; the order puts the narrower intents first.
_INTENT_PATTERNS: tuple[tuple[Focus, re.Pattern[str]], ...] = (
    (Focus.COST, re.compile(r"\b(cost|how long|how much|how many|time did|money|fee)", re.I)),
    (Focus.WHY, re.compile(r"^\s*why\b|\bwhat made\b|\bwhy\b|\bwhat prompted\b", re.I)),
    (
        Focus.WORKAROUND,
        re.compile(
            r"\b(what did you do|what have you .*done|how did you (handle|deal|end up)|tried|"
            r"work ?around|set that up|fix)",
            re.I,
        ),
    ),
    (
        Focus.INSTANCE,
        re.compile(
            r"\b(last time|most recent|specific (time|example)|the moment|walk me through|"
            r"tell me about (a|the) time|take me back)",
            re.I,
        ),
    ),
    (Focus.FEELINGS, re.compile(r"\b(feel|felt|react)", re.I)),
    (Focus.DETAIL, re.compile(r"\b(who|which|what tools?)\b", re.I)),
)


def probe_intent(text: str) -> Focus | None:
    """What a probe (or a question) asks for, or ``None`` when it is none of the probe intents."""
    for focus, pattern in _INTENT_PATTERNS:
        if pattern.search(text):
            return focus
    return None
