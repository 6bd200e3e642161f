"""The offline engine: phrases every plan deterministically, with no model and no network.

Probes are tied to what the respondent said (a short quoted fragment of their answer), draw on
the question's authored probes first, and rotate through several wordings so that no probe is
repeated verbatim in one interview. Every wording follows the Mom Test: ask about the past,
one question at a time, no pitching, no hypotheticals, no praise or judgement.
"""

from __future__ import annotations

import re
import zlib

from interviewer.interview import InterviewState, TokenSink, TurnKind
from interviewer.moderator.plan import Focus, Plan, Preface
from interviewer.moderator.writer import Written
from interviewer.parsing import ClosedQuestion, options_hint, selection_rule
from interviewer.study import MultipleChoice, OpenEnded, Question, Ranking, Study

# Each focus has several wordings; ``{q}`` is a quoted fragment of the respondent's answer.
# Wordings with a fragment are preferred when one can be extracted.
PROBES: dict[Focus, tuple[str, ...]] = {
    Focus.INSTANCE: (
        # Works for events ("it got stuck") and states ("I run AP") alike.
        "You mentioned {q}. Can you walk me through a specific recent time — what happened?",
        "Can you think of the most recent time you dealt with this? What happened, step by step?",
        "Take me back to a specific time — the last one you remember. What happened first?",
    ),
    Focus.WHY: (
        "You said {q}. Why was that hard?",
        "What made that difficult, in that moment?",
        "What was it about that situation that got in the way?",
    ),
    Focus.WORKAROUND: (
        "What did you do about {q}?",
        "How did you end up handling it?",
        "Have you tried anything to fix that? What happened when you did?",
    ),
    Focus.COST: (
        "What did {q} cost you — in time, money or anything else?",
        "Roughly how much time did that take, that last time?",
        "What happened as a result of that?",
    ),
    Focus.FEELINGS: (
        "How did you feel when {q}?",
        "How did that land with you at the time?",
        "How did the people around you react?",
    ),
    Focus.DETAIL: (
        "Who else was involved when {q}?",
        "What were you using at that point — which tools or people?",
        "What happened next?",
    ),
}
REDIRECTS: dict[Focus, tuple[str, ...]] = {
    Focus.HYPOTHETICAL: (
        "Rather than what you'd do — what did you actually do the last time this came up?",
        "Let's stay with what has already happened: when did this last come up, and what did you do?",
        "Setting the future aside for a moment — can you tell me about a recent time you faced this?",
    ),
    Focus.GENERIC: (
        "You said {q}. Can you think of the most recent time? What happened?",
        "That's the usual pattern — can you take me through one specific time it happened?",
        "When did that last happen? Walk me through that one time.",
    ),
    Focus.COMPLIMENT: (
        "That's kind of you — I'm not here to pitch anything, just to learn about your own "
        "experience. When did you last deal with this, and what happened?",
        "Thanks! What I'd really value is your own experience: can you tell me about the last "
        "time this came up for you?",
    ),
}
STEERS: dict[Focus, tuple[str, ...]] = {
    Focus.OFF_TOPIC: (
        "Let's bring it back to this one: {question}",
        "I'd like to stay on our topic for now. {question}",
    ),
    Focus.INJECTION: (
        "I'm here to learn about your experience, so I'll stick to the interview. {question}",
        "I'll keep to our interview questions. {question}",
    ),
    Focus.UNCLEAR: (
        "Sure — let me put it another way. {question}",
        "Of course. In other words: {question}",
    ),
    Focus.GIBBERISH: (
        "Sorry, I didn't quite catch that. {question}",
        "I'm not sure I followed — could you say that another way? {question}",
    ),
}
ACKS = ("Got it.", "Thanks.", "Okay, noted.", "Understood.", "Thank you.")
PREFACES = {
    Preface.SKIPPED: "No problem, let's skip that one.",
    Preface.DONT_KNOW: "That's fine — let's move on.",
    Preface.GAVE_UP: "No worries, let's move on.",
}
CONSENT_QUESTION = "Do you agree to take part? (yes / no)"
CONSENT_CLARIFY = "Sorry, I need a clear yes or no before we start: are you happy to take part?"

# Words too common to carry what the respondent meant (for picking a fragment to quote).
_STOPWORDS = frozenset(
    (
        "a an the and or but so because i im i'm we our us you your it its it's is was were be "
        "been to of in on at for with that this those these there then than just really very also "
        "about my me mine they them their he she his her have has had do did does not no yes can "
        "could would should will as by from up out when what which who how all any some more most "
        "much like well um uh yeah ok okay "
    ).split()
)
_CLAUSE_SPLIT = re.compile(r"[.!?;:\n]+|,\s*(?:and|but|so|because)\s+|\s+(?:but|because|so)\s+")
_WORD = re.compile(r"[\w'’-]+", re.UNICODE)


class OfflineWriter:
    """Phrases plans with templates. Deterministic: the same state gives the same words."""

    name = "offline"

    def __init__(self, study: Study) -> None:
        self.study = study

    def write(self, plan: Plan, on_token: TokenSink | None = None) -> Written:
        if plan.conversational:
            text, phrasing = self.conversational(plan)
        else:
            text, phrasing = self.text(plan), None
        if on_token is not None:
            on_token(text)
        return Written(text=text, engine=self.name, phrasing=phrasing)

    def text(self, plan: Plan) -> str:
        """Every non-conversational act: consent, questions, clarifications, closing."""
        kind = plan.kind
        if kind is TurnKind.CONSENT:
            if plan.problem:
                return CONSENT_CLARIFY
            return f"{self.study.title}\n\n{self.study.consent.strip()}\n\n{CONSENT_QUESTION}"
        if kind is TurnKind.ASK:
            assert plan.question is not None
            return _join(self._preface(plan), ask_text(plan.question))
        if kind is TurnKind.CLARIFY:
            assert isinstance(plan.question, ClosedQuestion)
            problem = plan.problem or "Sorry, I didn't quite get that."
            if plan.state.clarifications > 1:  # never the same re-ask twice in a row
                problem = f"Sorry, I still couldn't match that to an answer. {problem}"
            return f"{problem} {options_hint(plan.question)}".strip()
        if kind is TurnKind.WHY:
            assert isinstance(plan.question, ClosedQuestion) and plan.question.why
            why = plan.question.why.replace("{answer}", plan.echo or "that")
            return _join(f"Got it — {plan.echo}." if plan.echo else "Got it.", why)
        if kind is TurnKind.CLOSE:
            return _join(self._preface(plan), plan.closing or self.study.outro)
        return self.conversational(plan)[0]

    def conversational(self, plan: Plan) -> tuple[str, str | None]:
        """Probes, redirects and steers: wording varied and tied to the respondent's words.

        Returns the text and the key of the wording used, which the moderator records in the
        state so the same wording is not used twice in one interview.
        """
        assert plan.focus is not None and plan.question is not None
        if plan.focus is Focus.AUTHORED and plan.authored_probe:
            return plan.authored_probe, None
        bank = {**PROBES, **REDIRECTS, **STEERS}.get(plan.focus, PROBES[Focus.DETAIL])
        fragment = salient_fragment(plan.respondent_text)
        question_text = plan.question.text
        if isinstance(plan.question, ClosedQuestion):
            question_text = ask_text(plan.question)
        usable = [i for i, t in enumerate(bank) if fragment or "{q}" not in t]
        start = _rotation(plan.state, plan.focus)
        order = [usable[(start + k) % len(usable)] for k in range(len(usable))]
        used = set(plan.state.used_phrasings)
        index = next((i for i in order if f"tpl:{plan.focus.value}:{i}" not in used), order[0])
        text = bank[index].format(q=f"“{fragment}”" if fragment else "", question=question_text)
        return text, f"tpl:{plan.focus.value}:{index}"

    def _preface(self, plan: Plan) -> str:
        if plan.preface is Preface.INTRO:
            return (self.study.intro or "").strip()
        if plan.preface is Preface.ACK:
            if plan.echo:
                return f"Got it — {plan.echo}."
            return ACKS[plan.state.turn_count % len(ACKS)]
        return PREFACES.get(plan.preface, "")


def ask_text(question: Question) -> str:
    """A study question as asked: the researcher's words verbatim, plus how to answer."""
    if isinstance(question, OpenEnded):
        return question.text
    hint = options_hint(question)
    if isinstance(question, MultipleChoice):
        rule = selection_rule(question)
        hint = f"{hint}\n{rule[0].upper()}{rule[1:]}."
    if isinstance(question, Ranking):
        k = question.rank_count
        order = "all of them" if k == len(question.items) else f"your top {k}"
        hint = f"{hint}\nRank {order}, best first — e.g. “{question.items[1]}, then {question.items[0]}”."
    return f"{question.text}\n{hint}"


def salient_fragment(text: str, max_words: int = 7) -> str | None:
    """A short piece of the respondent's own words to hang a probe on.

    Picks the clause with the most content words and trims it to a window around them; returns
    ``None`` when nothing substantive was said (then templates without a quote are used).
    """
    best: list[str] = []
    best_score = 0
    for clause in _CLAUSE_SPLIT.split(text):
        words = _WORD.findall(clause)
        content = [w for w in words if w.lower().strip("'’") not in _STOPWORDS and len(w) > 2]
        if len(content) > best_score:
            best, best_score = words, len(content)
    if best_score < 2:
        return None
    first = next(i for i, w in enumerate(best) if w.lower() not in _STOPWORDS)
    window = best[first : first + max_words]
    while window and window[-1].lower() in _STOPWORDS:
        window.pop()
    # The respondent's own casing is kept: the fragment is quoted back to them verbatim.
    return " ".join(window)


def _rotation(state: InterviewState, focus: Focus) -> int:
    """Deterministic but varied starting wording per question and focus."""
    key = f"{state.current_id}:{focus.value}:{state.follow_ups}:{state.steers}"
    return zlib.crc32(key.encode())


def _join(*parts: str) -> str:
    return "\n\n".join(p for p in parts if p)
