"""A stored interview: the moderator wired to the store, turn by turn.

The one place that orders the two: the respondent's message is committed *before* the reply is
generated, and the reply, its answers and the new state are committed together. Killing the
process at any moment therefore loses no answered turn, and :meth:`Conversation.resume` picks up
exactly where it stopped — including a message that was stored but never answered.
The terminal app, the web server and the plain CLI all go through this class.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from interviewer.interview import InterviewState, Reply, TokenSink
from interviewer.moderator import Moderator
from interviewer.store import Source, Store


@dataclass
class Conversation:
    """One session in progress."""

    store: Store
    moderator: Moderator
    session_id: str
    state: InterviewState
    last_reply: Reply | None = field(default=None)
    last_text: str = ""
    """The last thing the moderator said (what a resumed chat shows first)."""

    @classmethod
    def begin(
        cls,
        store: Store,
        moderator: Moderator,
        *,
        model: str | None = None,
        source: Source = "chat",
        on_token: TokenSink | None = None,
    ) -> Conversation:
        """Create a session and say the opening (consent) line."""
        store.save_study(moderator.study)
        opening = moderator.start(on_token)
        session_id = store.create_session(
            moderator.study,
            engine=moderator.engine,
            model=model,
            source=source,
            state=opening.state,
        )
        store.record_reply(session_id, opening)
        return cls(store, moderator, session_id, opening.state, opening, opening.text)

    @classmethod
    def resume(
        cls, store: Store, moderator: Moderator, session_id: str, on_token: TokenSink | None = None
    ) -> Conversation:
        """Continue a stored session; answers any message that was stored but not replied to."""
        view = store.load_session(session_id)
        conversation = cls(store, moderator, session_id, view.state)
        for turn in store.pending_respondent_turns(session_id):
            conversation._answer(turn.text, turn.id, on_token)
        if conversation.last_reply is None:
            moderator_turns = [t for t in view.turns if t.role == "moderator"]
            conversation.last_text = moderator_turns[-1].text if moderator_turns else ""
        return conversation

    @property
    def finished(self) -> bool:
        return self.state.status.finished

    def send(
        self,
        message: str,
        *,
        idempotency_key: str | None = None,
        on_token: TokenSink | None = None,
    ) -> Reply:
        """Store the respondent's message, then generate, store and return the reply."""
        if self.finished:
            raise ValueError(
                f"session {self.session_id} has ended ({self.state.status.value}); "
                "start a new one with `interviewer chat STUDY.yaml`"
            )
        turn = self.store.add_respondent_turn(
            self.session_id,
            message,
            question_id=self.state.current_id,
            idempotency_key=idempotency_key,
        )
        return self._answer(message, turn.id, on_token)

    def _answer(self, message: str, turn_id: int | None, on_token: TokenSink | None) -> Reply:
        reply = self.moderator.respond(self.state, message, on_token)
        self.store.record_reply(self.session_id, reply, answered_turn_id=turn_id)
        self.state, self.last_reply, self.last_text = reply.state, reply, reply.text
        return reply
