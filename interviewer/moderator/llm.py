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

from pydantic import BaseModel

from interviewer import prompts
from interviewer.interview import TokenSink, Usage
from interviewer.llm.base import ChatModel, Message, ModelError, ModelOutputError
from interviewer.llm.tokens import count_messages, count_tokens
from interviewer.moderator.guard import violation
from interviewer.moderator.offline import OfflineWriter
from interviewer.moderator.plan import Focus, Plan
from interviewer.moderator.writer import Written
from interviewer.parsing import ClosedQuestion, Parsed, options_hint, parse_answer
from interviewer.study import Study

log = logging.getLogger(__name__)

MAX_ANSWER_CHARS = 1500
"""Per respondent message in a prompt: long answers are clipped, never the whole transcript."""
MAX_ANSWERS_IN_PROMPT = 4

TASKS: dict[Focus, str] = {
    Focus.INSTANCE: "The answer has no specific past instance. Ask about the most recent specific "
    "time it happened.",
    Focus.WHY: "Ask why that was hard or why it mattered, in the situation they described.",
    Focus.WORKAROUND: "Ask what they did about it, or how they handled it.",
    Focus.COST: "Ask what it cost them: time, money, or what happened as a result.",
    Focus.FEELINGS: "Ask how it felt, or how the people involved reacted, at the time.",
    Focus.DETAIL: "Ask who else was involved or what they were using at that point.",
    Focus.AUTHORED: "Follow up with the researcher's suggested question, adapted to what they said.",
    Focus.HYPOTHETICAL: "They described what they would do. Gently redirect to what they actually "
    "did the last time it came up.",
    Focus.GENERIC: "They described a general habit. Ask them to walk you through one specific "
    "recent time.",
    Focus.COMPLIMENT: "They complimented an idea. Without agreeing or pitching anything, redirect "
    "to their own past experience of the problem.",
    Focus.OFF_TOPIC: "Their reply was off-topic. Kindly bring them back to the current question.",
    Focus.UNCLEAR: "They asked what the question means. Rephrase the current question simply, "
    "without suggesting an answer.",
    Focus.GIBBERISH: "Their reply could not be understood. Kindly ask them to say it another way.",
}


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
        if not plan.conversational or plan.focus is Focus.INJECTION:
            return self.fallback.write(plan, on_token)
        messages = self.messages(plan)
        prompt_tokens = count_messages(messages)
        text = ""
        try:
            for chunk in self.model.stream(messages):
                text += chunk
                problem = violation(text, plan, final=False)
                if problem:
                    raise ModelOutputError(problem)
                if on_token is not None:
                    on_token(chunk)
            text = text.strip().strip('"').strip()
            problem = violation(text, plan, final=True)
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

    def messages(self, plan: Plan) -> list[Message]:
        assert plan.question is not None and plan.focus is not None
        record = plan.state.answers.get(plan.question.id)
        answers = [t[:MAX_ANSWER_CHARS] for t in (record.texts if record else [])]
        if plan.respondent_text and plan.respondent_text[:MAX_ANSWER_CHARS] not in answers:
            answers.append(plan.respondent_text[:MAX_ANSWER_CHARS])
        prefix = f"{plan.question.id}:"
        probed = sorted(
            {k.split(":")[1] for k in plan.state.used_phrasings if k.startswith(prefix)}
            - {plan.focus.value}
        )
        return [
            Message("system", prompts.render("moderator_system", study=self.study)),
            Message(
                "user",
                prompts.render(
                    "moderator_turn",
                    question=plan.question,
                    goal=getattr(plan.question, "goal", None),
                    options=options_hint(plan.question)
                    if isinstance(plan.question, ClosedQuestion)
                    else None,
                    answers=answers[-MAX_ANSWERS_IN_PROMPT:],
                    already_probed=probed,
                    task=TASKS[plan.focus],
                    suggestion=plan.authored_probe,
                ),
            ),
        ]

    # -- closed answers ---------------------------------------------------------------------

    def parse(self, question: ClosedQuestion, text: str) -> tuple[Parsed, Usage]:
        """Offline parser first; the model only reads what the parser could not."""
        parsed = parse_answer(question, text)
        if parsed.value is not None or not text.strip():
            return parsed, Usage()
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
            mapped = self.model.complete_json(messages, _ParsedAnswer)
        except ModelError as exc:
            log.warning("llm answer parsing failed, asking again instead: %s", _short(exc))
            return parsed, usage
        usage = Usage(usage.prompt_tokens, count_tokens(mapped.answer or "null"), calls=1)
        if not mapped.answer:
            return parsed, usage
        # The model's reading is only accepted if the strict parser accepts it too: stored
        # values are always valid for their question, whatever the model says.
        reparsed = parse_answer(question, mapped.answer)
        return (reparsed if reparsed.value is not None else parsed), usage


def _short(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:120]
