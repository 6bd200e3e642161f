"""The llm engine: a model writes the conversational turns, the policy still decides.

One model call at most per respondent turn: a streamed line for probes, redirects and steers,
or — only when the offline parser could not read a closed answer — one JSON call to map it onto
the valid options. Questions, options and closings are the researcher's words and need no model.
Each call sends the current question's exchange, not the whole transcript, so prompt size stays
flat as an interview grows. Any failure (network, 429/5xx after retries, timeout, malformed or
rule-breaking output) falls back to the offline wording for that turn and the interview goes on.
"""

from __future__ import annotations

import logging
import re
from typing import cast

from pydantic import BaseModel

from interviewer import i18n, prompts
from interviewer.interview import TokenSink, Usage
from interviewer.llm.base import ChatModel, Limits, Message, ModelError, ModelOutputError
from interviewer.llm.tokens import count_messages, count_tokens
from interviewer.moderator.guard import shares_run, violation
from interviewer.moderator.offline import OfflineWriter
from interviewer.moderator.plan import Focus, Plan
from interviewer.moderator.writer import Written
from interviewer.parsing import ClosedQuestion, Parsed, options_hint, parse_answer
from interviewer.parsing.injection import addresses_moderator
from interviewer.questions import kind_of
from interviewer.study import Study

log = logging.getLogger(__name__)

MAX_ANSWER_CHARS = 1500
"""Per respondent message in a prompt: long answers are clipped, never the whole transcript."""
MAX_ANSWERS_IN_PROMPT = 4
TURN_LIMITS = Limits(max_tokens=48, stop=("\n", "Respondent:", "They said:"))
"""A moderator line is one short question (~25 words, ~35 tokens): a small model that runs on
is cut by the server after 48 tokens, not after a 420-character lecture, and one that starts a
new line or writes the respondent's part is stopped at once (with SmolLM2-135M, letting it go
past a line break only let through longer, worse lines). The reader also stops at the first
question mark (see ``write``)."""
PARSE_MAX_TOKENS = 60
"""A mapped closed answer is one short JSON object."""

# What to ask about, as the end of "Ask about: …" — short, so a small model can follow it.
TASKS: dict[Focus, str] = {
    Focus.INSTANCE: "the last time it happened, step by step",
    Focus.WHY: "why that happened, in that situation",
    Focus.WORKAROUND: "what they did about it",
    Focus.COST: "what it cost them, in time or money",
    Focus.FEELINGS: "how it felt at the time",
    Focus.DETAIL: "who else was involved",
    Focus.AUTHORED: "this, in your own words: {suggestion}",
    Focus.HYPOTHETICAL: "what they actually did the last time, not what they would do",
    Focus.GENERIC: "one specific recent time it happened",
    Focus.COMPLIMENT: "their own last experience of the problem, not the idea",
    Focus.OFF_TOPIC: "the question again, kindly: {question}",
    Focus.UNCLEAR: "the question again, in simpler words: {question}",
    Focus.GIBBERISH: "what they meant, kindly asking them to say it another way",
}
KEPT_FROM_MODEL = "offline (not sent to the model: the message addresses the moderator)"
"""The engine of a turn phrased offline because the respondent's text talked to or about the
moderator: honest in the transcript, and not counted as a model failure."""
# Respondent blocks are not instructions: a probe may repeat their words.
_INSTRUCTIONS = re.compile(r"<respondent>.*?</respondent>", re.S)
# A model sometimes labels its line; the label is not part of what the respondent reads.
_LABEL = re.compile(r"^\s*(?:interviewer|moderator|question|you|assistant)\s*:\s*", re.I)


class _ParsedAnswer(BaseModel):
    answer: str | None


class LLMWriter:
    """Phrases conversational plans with a chat model; everything else stays offline."""

    def __init__(self, study: Study, model: ChatModel, fallback: OfflineWriter) -> None:
        self.study = study
        self.model = model
        self.fallback = fallback
        self.name = f"llm:{model.name}"

    # -- phrasing ---------------------------------------------------------------------------

    def write(self, plan: Plan, on_token: TokenSink | None = None) -> Written:
        # Injection attempts never reach the model: nothing to jailbreak if it never sees them.
        # The attention check is asked in the catalogue's own gentle words, never improvised.
        if not plan.conversational or plan.focus in (Focus.INJECTION, Focus.ATTENTION):
            return self.fallback.write(plan, on_token)
        # Nor does anything that talks to or about the moderator, gives it an order or carries
        # markup, recognised as an attack or not: such a turn is phrased offline.
        # ("What do you mean?" is read as a question about the question, and may be sent.)
        clarifying = plan.decision.intent == "clarify_request"
        if any(
            (addresses_moderator(t) and not (clarifying and t == plan.respondent_text))
            or _unreadable_script(t)
            for t in self._respondent_texts(plan)
        ):
            offline = self.fallback.write(plan, on_token)
            return Written(offline.text, KEPT_FROM_MODEL, Usage(), offline.phrasing)
        messages = self.messages(plan)
        prompt_tokens = count_messages(messages)
        text = ""
        try:
            for chunk in self.model.stream(messages, limits=TURN_LIMITS):
                # One question is the whole turn: stop reading at its question mark, so a
                # model that goes on to a second question or a lecture is cut, not rejected.
                end = chunk.find("?")
                if end >= 0:
                    chunk = chunk[: end + 1]
                text += chunk
                problem = violation(text, plan, final=False)
                if problem:
                    raise ModelOutputError(problem)
                if on_token is not None:
                    on_token(chunk)
                if end >= 0:
                    break
            text = " ".join(_LABEL.sub("", text.strip()).split()).strip('"“”').strip()
            problem = violation(text, plan, final=True) or _echoes_prompt(text, messages)
            if problem:
                raise ModelOutputError(problem)
        except ModelError as exc:
            reason = _short(exc)
            log.warning("llm turn fell back to offline wording: %s", reason)
            offline = self.fallback.write(plan)
            usage = Usage(prompt_tokens, count_tokens(text), calls=1)
            return Written(offline.text, f"offline (fallback: {reason})", usage, offline.phrasing)
        usage = Usage(prompt_tokens, count_tokens(text), calls=1)
        return Written(text=text, engine=self.name, usage=usage)

    def _respondent_texts(self, plan: Plan) -> list[str]:
        """What :meth:`messages` would put in the prompt from the respondent."""
        assert plan.question is not None
        record = plan.state.answers.get(plan.question.id)
        return [plan.respondent_text, *(record.texts[-MAX_ANSWERS_IN_PROMPT:] if record else [])]

    def messages(self, plan: Plan) -> list[Message]:
        """A short system prompt, one worked example, then this turn: what they said and the
        plan's task. The question's hidden goal is never sent: a model cannot leak what it
        never saw."""
        assert plan.question is not None and plan.focus is not None
        record = plan.state.answers.get(plan.question.id)
        answers = [t[:MAX_ANSWER_CHARS] for t in (record.texts if record else [])]
        latest = plan.respondent_text[:MAX_ANSWER_CHARS] or (answers[-1] if answers else "")
        earlier = [t for t in answers if t != latest][-(MAX_ANSWERS_IN_PROMPT - 1) :]
        closed = kind_of(plan.question).closed
        task = TASKS[plan.focus].format(
            suggestion=plan.authored_probe or "", question=plan.question.text
        )
        lang = self.fallback.lang(plan)
        system = prompts.render(
            "moderator_system",
            audience=_audience(self.study.audience),
            persona=self.study.moderator.persona,
            language=i18n.NAMES.get(lang) if lang != "en" else None,
        )
        return [
            Message("system", system),
            Message("user", prompts.render("moderator_example_user")),
            Message("assistant", prompts.render("moderator_example_reply")),
            Message(
                "user",
                prompts.render(
                    "moderator_turn",
                    question=plan.question,
                    options=options_hint(cast(ClosedQuestion, plan.question), lang)
                    if closed
                    else None,
                    earlier=earlier,
                    latest=latest,
                    task=task,
                ),
            ),
        ]

    # -- closed answers ---------------------------------------------------------------------

    def parse(self, question: ClosedQuestion, text: str, lang: str = "en") -> tuple[Parsed, Usage]:
        """Offline parser first (in the respondent's ``lang``); the model only reads what the
        parser could not."""
        parsed = parse_answer(question, text, lang)
        if parsed.value is not None or not text.strip() or addresses_moderator(text):
            return parsed, Usage()  # (a message to the moderator is not sent: asked again)
        messages = [
            Message(
                "user",
                prompts.render(
                    "parse_answer",
                    question=question,
                    kind=question.type.replace("_", " "),
                    valid=options_hint(question),
                    text=text[:MAX_ANSWER_CHARS],
                ),
            )
        ]
        usage = Usage(count_messages(messages), 0, calls=1)
        try:
            mapped = self.model.complete_json(messages, _ParsedAnswer, max_tokens=PARSE_MAX_TOKENS)
        except ModelError as exc:
            log.warning("llm answer parsing failed, asking again instead: %s", _short(exc))
            return parsed, usage
        usage = Usage(usage.prompt_tokens, count_tokens(mapped.answer or "null"), calls=1)
        if not mapped.answer:
            return parsed, usage
        # The model's reading is only accepted if the strict parser accepts it too: stored
        # values are always valid for their question, whatever the model says.
        reparsed = parse_answer(question, mapped.answer, lang)
        return (reparsed if reparsed.value is not None else parsed), usage


def _unreadable_script(text: str) -> bool:
    """Mostly letters of a script none of the catalogue languages uses (all are Latin): neither
    the guard nor the offline reader can check what it says, so it is not sent to a model."""
    letters = [c for c in text if c.isalpha()]
    latin = sum(c < "\u0250" for c in letters)
    return bool(letters) and latin < 0.7 * len(letters)


def _echoes_prompt(text: str, messages: list[Message]) -> str | None:
    """A line that repeats six words in a row of the instructions leaks the prompt."""
    for message in messages:
        if message.role != "assistant" and shares_run(
            text, _INSTRUCTIONS.sub(" ", message.content), 6
        ):
            return "repeats its instructions"
    return None


def _audience(audience: str | None) -> str:
    """The study's audience cut to its first clause (a short prompt), or "people"."""
    if not audience:
        return "people"
    first = re.split(r"[.;:(]| who | that ", audience, maxsplit=1)[0].strip()
    return first[:1].lower() + first[1:] if first else "people"


def _short(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:120]
