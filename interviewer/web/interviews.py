"""Interviews over HTTP: starting, showing and continuing a respondent's session.

The service the respondent routes call; it knows nothing of HTTP beyond the errors it raises.
Every call loads what it needs from the store — no session lives in memory — so any worker
process can serve any request. Messages go through :class:`Conversation` like in the terminal:
the message is committed before the reply is generated; :meth:`WebStore.claim_turn` adds the
web's own rules on top (one message answered at a time per session, rate limits, retries).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from interviewer import i18n
from interviewer.conversation import Conversation
from interviewer.interview import InterviewState, TokenSink
from interviewer.moderator import Moderator
from interviewer.quality.fingerprint import client_hash
from interviewer.quality.telemetry import AnswerTelemetry
from interviewer.store import LoadedSession, Store
from interviewer.store.models import utcnow
from interviewer.store.web_store import (
    ClaimOutcome,
    InviteError,
    InviteProblem,
    TurnClaim,
    TurnLimits,
    WebStore,
)
from interviewer.study import AnswerValue, Study
from interviewer.web.controls import control_for, display_text, progress_of, selection_text
from interviewer.web.errors import (
    Conflict,
    Forbidden,
    Gone,
    NotFound,
    TooManyRequests,
    Unauthorized,
    Unprocessable,
)
from interviewer.web.schemas import (
    ChatMessage,
    MessageRequest,
    SessionSnapshot,
    Started,
    StartRequest,
    StudyInfo,
    TurnResponse,
)
from interviewer.web.settings import ModelFactory, WebSettings
from interviewer.web.timing import MODEL_CLOCK, TimedModel


class ModelPool:
    """One moderator model per served study version, created on first use and then shared."""

    def __init__(self, factory: ModelFactory) -> None:
        self._factory = factory
        self._models: dict[tuple[str, str], TimedModel | None] = {}
        self._lock = threading.Lock()

    def moderator(self, study: Study) -> Moderator:
        return Moderator(study, self.model(study))

    def model(self, study: Study) -> TimedModel | None:
        key = (study.id, study.content_hash)
        with self._lock:
            if key not in self._models:
                inner = self._factory(study)
                self._models[key] = TimedModel(inner) if inner is not None else None
            return self._models[key]


@dataclass(frozen=True)
class PendingTurn:
    """A respondent message that was accepted and still needs its reply."""

    session_id: str
    study: Study
    """The study version the session runs."""
    state: InterviewState
    """The state to answer from, read when the message was accepted."""
    text: str
    key: str
    selection: AnswerValue | None
    other_text: str | None
    turn_id: int
    retried: bool
    """The message was stored by an earlier request that never stored a reply."""
    telemetry: AnswerTelemetry | None = None
    """What the widget measured while the message was written (the live guard reads it)."""


class InterviewService:
    """Respondent-facing operations; see the module docstring."""

    def __init__(self, store: Store, settings: WebSettings, model_factory: ModelFactory) -> None:
        self.store = store
        self.web = WebStore(store)
        self.settings = settings
        self.models = ModelPool(model_factory)
        self._studies: dict[tuple[str, str], Study] = {}
        limits = settings.limits
        self.turn_limits = TurnLimits(
            max_turns=limits.session_messages,
            window_seconds=limits.session_window_seconds,
            stale_after=settings.stale_after_seconds,
        )

    # -- studies and sessions ----------------------------------------------------------------

    def served_study(self, study_id: str) -> Study:
        study = self.settings.study(study_id)
        if study is None:
            raise NotFound(
                f"this server does not run a study {study_id!r}; check the widget's data-study "
                "attribute against the studies `interviewer serve` was started with"
            )
        return study

    def study_info(self, study_id: str) -> StudyInfo:
        study = self.served_study(study_id)
        return StudyInfo(
            id=study.id,
            title=study.title,
            language=study.language,
            invite_only=self.settings.invite_only,
        )

    def start(
        self,
        study_id: str,
        request: StartRequest,
        client: tuple[str | None, str | None] = (None, None),
    ) -> Started:
        """Start a session (spending the invite, if any) and return its token and opening.

        ``client`` is the request's IP address and user agent: only their salted hash is kept
        (``quality/fingerprint.py``), to notice one device taking the study twice."""
        study = self.served_study(study_id)
        invite = None
        if request.invite:
            try:
                invite = self.web.spend_invite(request.invite, study_id)
            except InviteError as error:
                if error.problem is InviteProblem.UNKNOWN:
                    raise NotFound(str(error)) from error
                raise Gone(str(error)) from error
        elif self.settings.invite_only:
            raise Forbidden(
                "this study takes part by invitation only; open the invite link you were sent"
            )
        model = self.models.model(study)
        try:
            conversation = Conversation.begin(
                self.store,
                Moderator(study, model),
                model=model.name if model else None,
                source="web",
            )
            token = self.web.register_web_session(
                conversation.session_id,
                respondent=request.respondent,
                invite=invite,
                client_hash=client_hash(*client, self.settings.fingerprint_salt),
            )
        except BaseException:
            if invite is not None:
                self.web.return_invite(invite.id)
            raise
        opening = ChatMessage(role="moderator", text=conversation.last_text, kind="consent")
        snapshot = self._snapshot(conversation.session_id, study, conversation.state)
        snapshot.messages = [opening]
        return Started(session_id=conversation.session_id, token=token, session=snapshot)

    def authorize(self, study_id: str, session_id: str, token: str | None) -> None:
        """Raise unless ``token`` opens ``session_id`` (401 without one, 403 with a wrong one)."""
        if not token:
            raise Unauthorized(
                "missing respondent token: send the token returned when the session started "
                "as 'Authorization: Bearer TOKEN'"
            )
        if not self.web.token_matches(session_id, token):
            raise Forbidden("this token does not open that session; start a new session instead")
        self.served_study(study_id)
        # Checked before anything is stored: a message posted under another study's path is
        # refused whole (it used to be stored, then fail, and block the session).
        if self.web.session_study(session_id) != study_id:
            raise NotFound(
                f"session {session_id!r} does not belong to study {study_id!r}; "
                "use the study id the session was started under"
            )

    def snapshot(self, study_id: str, session_id: str) -> SessionSnapshot:
        """The whole conversation and how to answer now (call :meth:`authorize` first)."""
        view = self._view(study_id, session_id)
        pending = view.pending
        if pending and self._stale(view):
            # The worker answering it died: answer it now, as ``interviewer chat --resume`` would.
            Conversation.resume(self.store, self.models.moderator(view.study), session_id)
            view, pending = self._view(study_id, session_id), []
        snapshot = self._snapshot(session_id, view.study, view.state, busy=bool(pending))
        snapshot.messages = [
            ChatMessage(
                role=turn.role,
                text=display_text(view.study, turn.text, turn.kind, turn.question_id),
                kind=str(turn.kind),
            )
            for turn in view.turns
        ]
        return snapshot

    # -- messages ----------------------------------------------------------------------------

    def accept(
        self, study_id: str, session_id: str, request: MessageRequest
    ) -> TurnResponse | PendingTurn:
        """Store the message (or find it stored, for a retry); call :meth:`answer` next.

        Returns the stored reply at once when the message is a retry whose reply exists.
        """
        text = self._message_text(request)
        telemetry = request.telemetry.model_dump() if request.telemetry is not None else None
        claim = self.web.claim_turn(
            session_id,
            text,
            key=request.idempotency_key,
            limits=self.turn_limits,
            telemetry=telemetry,
        )
        if claim.outcome is ClaimOutcome.STALE:
            view = self._view(study_id, session_id)
            Conversation.resume(self.store, self.models.moderator(view.study), session_id)
            claim = self.web.claim_turn(
                session_id,
                text,
                key=request.idempotency_key,
                limits=self.turn_limits,
                telemetry=telemetry,
            )
        self._refuse(claim)
        assert claim.turn is not None
        if claim.reply is not None:
            view = self._view(study_id, session_id)
            stored = claim.reply
            text = display_text(view.study, stored.text, stored.kind, stored.question_id)
            return TurnResponse(
                reply=ChatMessage(role="moderator", text=text, kind=str(stored.kind)),
                session=self._snapshot(session_id, view.study, view.state),
                replayed=True,
            )
        assert claim.state is not None and claim.study_hash is not None
        return PendingTurn(
            session_id=session_id,
            study=self._study(study_id, claim.study_hash),
            state=claim.state,
            text=claim.turn.text,
            key=request.idempotency_key,
            selection=request.selection,
            other_text=request.other_text,
            turn_id=claim.turn.id,
            retried=claim.outcome is ClaimOutcome.RETRY,
            telemetry=request.telemetry if request.selection is None else None,
        )

    def answer(
        self, study_id: str, pending: PendingTurn, on_token: TokenSink | None = None
    ) -> tuple[TurnResponse, float]:
        """Generate, store and return the reply; also the seconds spent waiting for the model.

        Runs on one worker thread from start to end (the model stopwatch is per thread).
        """
        MODEL_CLOCK.reset()
        study = pending.study
        conversation = Conversation(
            self.store, self.models.moderator(study), pending.session_id, pending.state
        )
        # The claim already stored the message: answer it without a second write.
        reply = conversation.answer_stored(
            pending.turn_id,
            pending.text,
            on_token=on_token,
            selection=pending.selection,
            other_text=pending.other_text,
            telemetry=pending.telemetry,
        )
        text = reply.text
        if pending.retried:
            # Another request may have answered the same message meanwhile; the store keeps
            # the first reply, so show that one.
            stored = self.store.reply_for(pending.session_id, pending.turn_id)
            text = stored.text if stored is not None else text
        text = display_text(study, text, reply.kind, reply.question_id)
        response = TurnResponse(
            reply=ChatMessage(role="moderator", text=text, kind=str(reply.kind)),
            session=self._snapshot(pending.session_id, study, conversation.state),
        )
        return response, MODEL_CLOCK.seconds

    # -- helpers -----------------------------------------------------------------------------

    def _message_text(self, request: MessageRequest) -> str:
        limit = self.settings.limits.max_message_chars
        for name, value in (("text", request.text), ("other_text", request.other_text or "")):
            if len(value) > limit:
                raise Unprocessable(
                    f"{name} is {len(value)} characters long; the limit is {limit}. "
                    "Please shorten the message or split it in two."
                )
        if request.selection is not None:
            return selection_text(request.selection, request.other_text)
        if not request.text.strip():
            raise Unprocessable("the message is empty; send some text or a selection")
        return request.text

    def _refuse(self, claim: TurnClaim) -> None:
        outcome = claim.outcome
        if outcome in (ClaimOutcome.BUSY, ClaimOutcome.STALE):
            raise Conflict(
                "the previous message is still being answered; retry the same request in a moment",
                retry_after=claim.retry_after or 1.0,
            )
        if outcome is ClaimOutcome.RATE_LIMITED:
            raise TooManyRequests(
                f"too many messages in this session (at most {self.turn_limits.max_turns} per "
                f"{self.turn_limits.window_seconds:g} s); wait a moment and send again",
                retry_after=claim.retry_after,
            )
        if outcome is ClaimOutcome.CLOSED:
            raise Conflict(
                f"this interview has ended ({claim.status}) and takes no more messages; "
                "start a new session to take part again"
            )

    def _view(self, study_id: str, session_id: str) -> LoadedSession:
        try:
            view = self.store.load_session(session_id)
        except KeyError as error:
            raise NotFound(f"no session {session_id!r}") from error
        if view.session.study_id != study_id:
            raise NotFound(f"session {session_id!r} does not belong to study {study_id!r}")
        return view

    def _study(self, study_id: str, content_hash: str) -> Study:
        """A study version; versions never change, so each is read once per process."""
        key = (study_id, content_hash)
        study = self._studies.get(key)
        if study is None:
            study = self._studies[key] = self.store.get_study(study_id, content_hash)
        return study

    def _stale(self, view: LoadedSession) -> bool:
        pending = view.pending
        if not pending:
            return False
        age = (utcnow() - pending[-1].created_at).total_seconds()
        return age >= self.settings.stale_after_seconds

    def _snapshot(
        self, session_id: str, study: Study, state: InterviewState, *, busy: bool = False
    ) -> SessionSnapshot:
        return SessionSnapshot(
            session_id=session_id,
            study_id=study.id,
            title=study.title,
            status=state.status.value,
            finished=state.status.finished,
            busy=busy,
            control=None if busy else control_for(study, state),
            progress=progress_of(study, state),
            labels=i18n.table(state.language or study.language, "widget"),
        )
