"""The moderator: ``reply = moderator.respond(state, message)``.

The policy (policy.py) decides what happens next from the explicit interview state; a writer
phrases it — offline.py with templates, or llm.py with any chat model (falling back to offline
per turn). The terminal app, the web server and the plain CLI all call only this class.
"""

from __future__ import annotations

import logging

from interviewer.i18n.detect import warm_up
from interviewer.interview import InterviewState, Reply, TokenSink, Usage
from interviewer.llm.base import ChatModel
from interviewer.moderator.llm import LLMWriter
from interviewer.moderator.offline import OfflineWriter
from interviewer.moderator.plan import Plan
from interviewer.moderator.policy import Policy
from interviewer.parsing import ClosedQuestion, Parsed, parse_answer
from interviewer.study import AnswerValue, Study

__all__ = ["Moderator"]

log = logging.getLogger(__name__)


def _display_only(on_token: TokenSink | None) -> TokenSink | None:
    """``on_token`` whose failures cannot cost the turn.

    Streaming is display only: a screen that closed mid-reply (the respondent left, the socket
    dropped) must not stop the reply from being written and stored with the answer before it.
    After the first failure the sink is dropped for the rest of the turn.
    """
    if on_token is None:
        return None
    sink: list[TokenSink] = [on_token]

    def guarded(chunk: str) -> None:
        if not sink:
            return
        try:
            sink[0](chunk)
        except Exception:
            log.warning(
                "the reply could not be shown as it streamed; it is still stored", exc_info=True
            )
            sink.clear()

    return guarded


class Moderator:
    """Runs one study's interviews. Stateless between calls: all state is in ``InterviewState``."""

    def __init__(self, study: Study, model: ChatModel | None = None) -> None:
        self.study = study
        self._offline = OfflineWriter(study)
        self._llm = LLMWriter(study, model, self._offline) if model is not None else None
        warm_up(study.allowed_languages)  # load the language detector now, not mid-turn

    @property
    def engine(self) -> str:
        """``offline`` or ``llm:<model name>`` — shown at the start of every chat."""
        return self._llm.name if self._llm else self._offline.name

    def engine_description(self, base_url: str | None = None) -> str:
        """Which engine and model run, as every chat shows at its start."""
        if self._llm is None:
            return "offline (no model configured)"
        return self.engine + (f" at {base_url}" if base_url else "")

    def start(self, on_token: TokenSink | None = None) -> Reply:
        """The opening turn (consent) of a new interview."""
        policy = Policy(self.study)
        return self._reply(policy.opening(policy.new_state()), Usage(), on_token)

    def respond(
        self,
        state: InterviewState,
        message: str,
        on_token: TokenSink | None = None,
        *,
        selection: AnswerValue | None = None,
        other_text: str | None = None,
        attention_check: str | None = None,
    ) -> Reply:
        """The next moderator turn after the respondent said ``message``.

        ``attention_check`` is why the answer looked pasted or machine-written (the
        conversation's live guard, ``quality/live.py``): the moderator then asks once, gently,
        for it in the respondent's own words instead of probing as usual.

        ``on_token`` receives the reply as it streams; those chunks are provisional — if the
        model fails mid-way the turn falls back to offline wording, and ``Reply.text`` is final.
        ``selection`` is a value picked with a control (buttons, checkboxes, a ranked list): it is
        validated and stored as is, with ``message`` as its transcript text.
        """
        spent: list[Usage] = []

        def parse(question: ClosedQuestion, text: str, lang: str = "en") -> Parsed:
            if self._llm is None:
                return parse_answer(question, text, lang)
            parsed, usage = self._llm.parse(question, text, lang)
            spent.append(usage)
            return parsed

        plan = Policy(self.study, parse).decide(
            state, message, selection, other_text, attention_check=attention_check
        )
        return self._reply(plan, spent[0] if spent else Usage(), on_token)

    def _reply(self, plan: Plan, parse_usage: Usage, on_token: TokenSink | None) -> Reply:
        writer = self._llm or self._offline
        written = writer.write(plan, _display_only(on_token))
        state = plan.state
        if written.phrasing:
            state.used_phrasings.append(written.phrasing)
        usage = Usage(
            written.usage.prompt_tokens + parse_usage.prompt_tokens,
            written.usage.completion_tokens + parse_usage.completion_tokens,
            written.usage.calls + parse_usage.calls,
        )
        return Reply(
            text=written.text,
            kind=plan.kind,
            state=state,
            decision=plan.decision,
            question_id=plan.question.id if plan.question else state.current_id,
            engine=written.engine,
            usage=usage,
            updated_answers=plan.updated_answers,
        )
