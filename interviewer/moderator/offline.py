"""The offline engine: phrases every plan deterministically, with no model and no network.

Probes are tied to what the respondent said (a clean quoted clause of their answer, or no quote
at all), and rotate through several wordings so that no probe is repeated verbatim in one
interview. Acknowledgements reflect what was said when that helps ("Twenty minutes every Friday
— that adds up."); otherwise the next question comes with nothing before it. Every wording follows the Mom Test: ask about the past,
one question at a time, no pitching, no hypotheticals, no praise or judgement.
"""

from __future__ import annotations

import re
import zlib

from interviewer import i18n
from interviewer.interview import InterviewState, TokenSink, TurnKind
from interviewer.moderator import wording
from interviewer.moderator.plan import Focus, Plan, Preface
from interviewer.moderator.reading import referral_target
from interviewer.moderator.writer import Written
from interviewer.parsing import ClosedQuestion, options_hint
from interviewer.questions import kind_of
from interviewer.study import Question, Study

# Wordings live in wording.py, keyed like the i18n catalogues; the focus picks the key.
_KEYS: dict[Focus, str] = {
    Focus.INSTANCE: "probe.instance",
    Focus.WHY: "probe.why",
    Focus.WORKAROUND: "probe.workaround",
    Focus.COST: "probe.cost",
    Focus.FEELINGS: "probe.feelings",
    Focus.DETAIL: "probe.detail",
    Focus.HYPOTHETICAL: "redirect.hypothetical",
    Focus.GENERIC: "redirect.generic",
    Focus.COMPLIMENT: "redirect.compliment",
    Focus.OFF_TOPIC: "steer.off_topic",
    Focus.INJECTION: "steer.injection",
    Focus.UNCLEAR: "steer.unclear",
    Focus.GIBBERISH: "steer.gibberish",
    Focus.ATTENTION: "probe.attention",
}
_PREFACE_KEYS = {
    Preface.SKIPPED: "preface.skipped",
    Preface.DONT_KNOW: "preface.dont_know",
    Preface.GAVE_UP: "preface.gave_up",
}
_NORMAL = re.compile(r"[\W_]+", re.UNICODE)


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
        lang = self.lang(plan)
        if kind is TurnKind.CONSENT:
            if plan.problem:
                return wording.say(lang, "consent.clarify")
            question = wording.say(lang, "consent.question")
            return f"{self.study.title}\n\n{self.study.consent.strip()}\n\n{question}"
        if kind is TurnKind.ASK:
            assert plan.question is not None
            return _join(self._preface(plan), ask_text(plan.question, lang))
        if kind is TurnKind.CLARIFY:
            assert isinstance(plan.question, ClosedQuestion)
            problem = plan.problem or wording.say(lang, "clarify.default")
            if plan.state.clarifications > 1:  # never the same re-ask twice in a row
                problem = wording.say(lang, "clarify.again", problem=problem)
            return f"{problem} {options_hint(plan.question, lang)}".strip()
        if kind is TurnKind.WHY:
            assert isinstance(plan.question, ClosedQuestion) and plan.question.why
            template = plan.question.why
            why = template.replace("{answer}", plan.echo or wording.say(lang, "words.that"))
            # "What made it a 4?" already says what we understood; otherwise echo a reading.
            echo = None if "{answer}" in template else self._echo(plan)
            return _join(echo or "", why)
        if kind is TurnKind.CLOSE:
            return _join(self._preface(plan), plan.closing or self.study.outro)
        return self.conversational(plan)[0]

    def conversational(self, plan: Plan) -> tuple[str, str | None]:
        """Probes, redirects and steers: wording varied and tied to the respondent's words.

        Returns the text and the key of the wording used, which the moderator records in the
        state so the same wording is not used twice in one interview.
        """
        assert plan.focus is not None and plan.question is not None
        lang = self.lang(plan)
        if plan.focus is Focus.AUTHORED and plan.authored_probe:
            reflected = wording.reflection(plan.respondent_text, lang)
            return _lead(reflected, plan.authored_probe), None
        bank = wording.variants(lang, _KEYS.get(plan.focus, "probe.detail"))
        quote = wording.clean_quote(plan.respondent_text)
        question_text = ask_text(plan.question, lang)
        usable = [i for i, t in enumerate(bank) if quote or "{q}" not in t]
        start = _rotation(plan.state, plan.focus)
        order = [usable[(start + k) % len(usable)] for k in range(len(usable))]
        used = set(plan.state.used_phrasings)
        index = next((i for i in order if f"tpl:{plan.focus.value}:{i}" not in used), order[0])
        text = bank[index].format(q=quote or "", question=question_text)
        if plan.kind is TurnKind.PROBE and plan.focus is not Focus.ATTENTION:
            # A recurring cost they named is worth reflecting before digging further.
            text = _lead(wording.reflection(plan.respondent_text, lang), text)
        return text, f"tpl:{plan.focus.value}:{index}"

    def lang(self, plan: Plan) -> str:
        """The respondent's language for this turn: theirs if detected, else the study's."""
        current = getattr(plan.state, "language", None)
        return i18n.resolve(current or self.study.language)

    def _preface(self, plan: Plan) -> str:
        if plan.preface is Preface.INTRO:
            return (self.study.intro or "").strip()
        lang = self.lang(plan)
        if plan.preface is Preface.ACK:
            return self._acknowledge(plan, lang)
        key = _PREFACE_KEYS.get(plan.preface)
        return wording.say(lang, key) if key else ""

    def _acknowledge(self, plan: Plan, lang: str) -> str:
        """What was said, when reflecting it helps; otherwise nothing at all."""
        echo = self._echo(plan)
        if echo:
            return echo
        said = plan.respondent_text
        if not said:
            return ""
        who = referral_target(said)
        if who:
            return wording.say(lang, "ack.referral", who=who)
        return wording.reflection(said, lang) or ""

    def _echo(self, plan: Plan) -> str | None:
        """The closed answer as understood — only when it differs from what was typed."""
        if not plan.echo:
            return None
        if _NORMAL.sub(" ", plan.echo).strip().lower() == (
            _NORMAL.sub(" ", plan.respondent_text).strip().lower()
        ):
            return None
        return wording.say(self.lang(plan), "ack.echo", echo=plan.echo)


def ask_text(question: Question, lang: str = "en") -> str:
    """A study question as asked: the researcher's words verbatim, plus how to answer (each
    question type says how, in interviewer/questions/)."""
    return "\n".join([question.text, *kind_of(question).ask_lines(question, lang)])


def _rotation(state: InterviewState, focus: Focus) -> int:
    """Deterministic but varied starting wording per question and focus."""
    key = f"{state.current_id}:{focus.value}:{state.follow_ups}:{state.steers}"
    return zlib.crc32(key.encode())


def _join(*parts: str) -> str:
    return "\n\n".join(p for p in parts if p)


def _lead(before: str | None, text: str) -> str:
    """``text`` with a short lead-in sentence on the same line, when there is one."""
    return f"{before} {text}" if before else text
