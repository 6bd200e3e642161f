"""The moderator's decisions: probe or move on, parse, skip, stop, steer — deterministic.

``Policy.decide(state, message)`` reads the respondent's message against the explicit interview
state and returns a :class:`Plan`. It never phrases anything and never touches the network
(a closed-answer parser may be injected, which is how the llm engine adds its fuzzy parsing).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from interviewer.depth import DepthScore, score_answer
from interviewer.i18n import say
from interviewer.i18n.detect import detect_language
from interviewer.interview import AnswerRecord, Decision, InterviewState, Status, TurnKind
from interviewer.moderator.plan import Focus, Plan, Preface
from interviewer.moderator.reading import AnswerKind, answer_kind, probe_intent, tells_instance
from interviewer.moderator.selection import check_selection
from interviewer.parsing import OTHER, ClosedQuestion, Parsed, parse_answer
from interviewer.parsing.intents import Intent, classify, read_consent
from interviewer.questions import kind_of
from interviewer.study import AnswerValue, OpenEnded, Question, Study

ClosedParser = Callable[[ClosedQuestion, str, str], Parsed]
"""Reads a closed answer: (question, the respondent's text, its language code)."""

MAX_CLARIFICATIONS = 2
"""Re-asks of a closed question before we record it as unanswered and move on (no nagging)."""
MAX_STEERS = 2
"""Off-topic / injection steers on one question before moving on."""

MAX_INSTANCE_PROBES = 2
"""Asks for "a specific time" per interview: after that, a respondent who has no story to tell
is not asked for one on every question."""

# Probe foci, in the order a Mom Test interviewer digs once a concrete instance exists.
_DIG_ORDER = (Focus.WHY, Focus.WORKAROUND, Focus.COST)
# The depth scorer's reason for an answer that told a concrete past instance.
_STORY_REASON = "concrete past instance"


class Policy:
    """Decides each moderator turn for one study."""

    def __init__(self, study: Study, parse: ClosedParser = parse_answer) -> None:
        self.study = study
        self.parse = parse
        self._home = study.allowed_languages[0]
        """The study's own language (catalogue code)."""

    # -- public ----------------------------------------------------------------------------

    def new_state(self) -> InterviewState:
        return InterviewState(study_id=self.study.id)

    def opening(self, state: InterviewState) -> Plan:
        """The first moderator turn: ask for consent."""
        return Plan(
            kind=TurnKind.CONSENT,
            state=state,
            decision=Decision(action="consent", intent="start"),
        )

    def decide(
        self,
        state: InterviewState,
        message: str,
        selection: AnswerValue | None = None,
        other_text: str | None = None,
        *,
        attention_check: str | None = None,
    ) -> Plan:
        """Decide the next turn. ``selection`` is a value picked with a UI control (then
        ``message`` is just how it reads in the transcript); typed text is parsed instead."""
        if state.status.finished:
            raise ValueError(
                f"this interview has already ended ({state.status.value}); start a new session"
            )
        state = state.model_copy(deep=True)
        state.turn_count += 1
        # The respondent's language, message by message among the study's (typed text only).
        if selection is None:
            state.language = detect_language(
                message, self.study.allowed_languages, state.language or self._home
            )
        lang = state.language or self._home
        if state.awaiting == "consent":
            return self._consent(state, message)
        question = self.study.questions[state.question_index]
        # A control selection is an answer by construction; only typed text has intents.
        previous = state.last_message
        state.last_message = message[-300:] if selection is None else ""
        intent = Intent.ANSWER if selection is not None else classify(message, lang, previous)
        if intent is Intent.INJECTION:
            record = state.answers.get(question.id)
            if (
                previous
                and record is not None
                and record.texts
                and record.texts[-1].endswith(previous)
            ):
                # The first half of an order split across two messages was taken as an answer;
                # with the second half it is not one.
                record.texts.pop()
            return self._steer(state, question, message, Focus.INJECTION, intent)
        if intent is Intent.STOP:
            return self._close(state, Status.STOPPED, self.study.messages.stopped, intent)
        if state.awaiting == "why":
            return self._why_answer(state, question, message, intent)
        if intent is Intent.SKIP:
            if question.allow_skip:
                record = self._record(state, question.id)
                record.skipped = True
                return self._advance(state, intent, Preface.SKIPPED, (question.id,), "skip")
            return self._steer(state, question, message, Focus.UNCLEAR, intent)
        if intent in (Intent.DONT_KNOW, Intent.REFUSE):
            record = self._record(state, question.id)
            record.texts.append(message)
            if not record.texts[:-1]:
                record.declined = True
            return self._advance(state, intent, Preface.DONT_KNOW, (question.id,), intent.value)
        if intent is Intent.CLARIFY_REQUEST:
            return self._steer(state, question, message, Focus.UNCLEAR, intent)
        if not kind_of(question).closed:
            assert isinstance(question, OpenEnded)  # the one free-text type, for mypy
            return self._open_answer(state, question, message, attention_check)
        closed = cast(ClosedQuestion, question)  # every type but open_ended is closed
        if selection is not None:
            parsed = check_selection(closed, selection, other_text, lang)
        else:
            parsed = self._parse_typed(state, closed, message, lang)
        return self._closed_answer(state, closed, message, parsed)

    def _parse_typed(
        self, state: InterviewState, question: ClosedQuestion, message: str, lang: str
    ) -> Parsed:
        """Parse in the interview's language, then in the study's other languages, and only
        then with the injected parser (the llm engine's fuzzy reading).

        Short replies ("vier", "oui", "sim") are too short for the detector, so the interview
        may still be in the study's home language; a reply that reads cleanly in exactly one
        other allowed language is an answer in that language, and the interview follows it.
        A model is never asked to guess what a strict parser can read.
        """
        parsed = parse_answer(question, message, lang)
        if parsed.problem is None:
            return parsed
        readings = [
            (code, attempt)
            for code in self.study.allowed_languages
            if code != lang
            for attempt in [parse_answer(question, message, code)]
            if attempt.problem is None
        ]
        if len(readings) == 1:
            code, attempt = readings[0]
            state.language = code
            return attempt
        if self.parse is parse_answer:
            return parsed  # none, or ambiguous between languages: ask again in this one
        return self.parse(question, message, lang)

    # -- consent ---------------------------------------------------------------------------

    def _consent(self, state: InterviewState, message: str) -> Plan:
        agreed = read_consent(message, self.study.allowed_languages)
        if agreed is None and classify(message, state.language or self._home) is Intent.STOP:
            agreed = False
        if agreed is None:
            return Plan(
                kind=TurnKind.CONSENT,
                state=state,
                decision=Decision(action="clarify_consent", intent="unclear"),
                problem="unclear consent",
            )
        if not agreed:
            return self._close(state, Status.DECLINED, self.study.messages.declined, "decline")
        state.status = Status.ACTIVE
        preface = Preface.INTRO if self.study.intro else Preface.NONE
        return self._advance(state, "consent", preface, (), "start")

    # -- open questions --------------------------------------------------------------------

    def _open_answer(
        self,
        state: InterviewState,
        question: OpenEnded,
        message: str,
        attention_check: str | None = None,
    ) -> Plan:
        record = self._record(state, question.id)
        latest = score_answer(message, question.text, state.language or self._home)
        budget = self._follow_up_budget(question)
        # "Nothing.", "No one really." and "Talk to Priya" are answers, never off-topic.
        reading = answer_kind(message, question.text)
        unusable = reading is AnswerKind.ANSWER and (
            latest.signals.gibberish or (latest.score == 1 and latest.signals.relevance < 0.05)
        )
        if unusable and state.steers < MAX_STEERS:
            steer = Focus.GIBBERISH if latest.signals.gibberish else Focus.OFF_TOPIC
            return self._steer(state, question, message, steer, Intent.ANSWER, latest)
        record.texts.append(message)
        # The first answer is its own combined text: no need to score it twice per turn.
        combined = (
            latest
            if len(record.texts) == 1
            else score_answer("\n".join(record.texts), question.text, state.language or self._home)
        )
        record.depth, record.depth_reasons = combined.score, list(combined.reasons)
        updated = (question.id,)
        # Not after a concrete past instance: asking "what happened the last time" of someone
        # who just told us would be the moderator not listening (the session's trust check
        # still weighs how the answer arrived).
        concrete = combined.signals.concrete_instance or combined.score >= 4
        if (
            attention_check
            and not state.attention_checked
            and reading is AnswerKind.ANSWER
            and not concrete
        ):
            # Once per interview, never an accusation: the wording only asks for their own
            # words about a real time; the why stays in the stored decision for researchers.
            state.attention_checked = True
            return Plan(
                kind=TurnKind.PROBE,
                state=state,
                question=question,
                focus=Focus.ATTENTION,
                respondent_text=message,
                updated_answers=updated,
                decision=Decision(
                    action=TurnKind.PROBE.value,
                    intent=Intent.ANSWER.value,
                    depth=combined.score,
                    reasons=(f"attention check: {attention_check}",),
                    follow_ups_left=budget - state.follow_ups,
                    focus=Focus.ATTENTION.value,
                ),
            )
        if reading is not AnswerKind.ANSWER:
            return self._advance(
                state,
                Intent.ANSWER,
                Preface.ACK,
                updated,
                "move_on",
                depth=combined,
                note=f"complete answer ({reading.value})",
                respondent_text=message,
            )
        left = budget - state.follow_ups
        # The offline scorer reads en/es/de/fr/pt; probing on a score it cannot give would just
        # pester a respondent writing in another language, so we take such an answer as it is.
        unscorable = not latest.signals.language_supported
        if combined.score >= self.study.moderator.target_depth or left <= 0 or unscorable:
            if unscorable:
                why = "language not supported by the offline scorer"
            else:
                why = "deep enough" if left > 0 else "follow-up budget spent"
            decision_note = (
                f"depth {combined.score} vs target {self.study.moderator.target_depth}: {why}"
            )
            return self._advance(
                state,
                Intent.ANSWER,
                Preface.ACK,
                updated,
                "move_on",
                depth=combined,
                note=decision_note,
                respondent_text=message,
            )
        used = self._used_intents(state, question)
        fluff = self._fluff(latest) if self.study.moderator.mom_test else None
        if fluff is not None and fluff.value in used:
            fluff = None  # one redirect per kind per question; then we dig or move on
        authored: str | None = None
        focus: Focus | None = fluff
        if fluff is None:
            focus, authored = self._probe_focus(state, question, latest, combined, used)
        if focus is None:
            return self._advance(
                state,
                Intent.ANSWER,
                Preface.ACK,
                updated,
                "move_on",
                depth=combined,
                note="nothing left to dig into that was not asked",
                respondent_text=message,
            )
        state.follow_ups += 1
        key = f"{question.id}:{focus.value}" + (f":{authored}" if authored else "")
        state.used_phrasings.append(key)
        kind = TurnKind.REDIRECT if fluff else TurnKind.PROBE
        return Plan(
            kind=kind,
            state=state,
            question=question,
            focus=focus,
            respondent_text=message,
            authored_probe=authored,
            updated_answers=updated,
            decision=Decision(
                action=kind.value,
                intent=Intent.ANSWER.value,
                depth=combined.score,
                reasons=(*combined.reasons, f"target depth {self.study.moderator.target_depth}"),
                follow_ups_left=budget - state.follow_ups,
                focus=focus.value,
            ),
        )

    @staticmethod
    def _fluff(latest: DepthScore) -> Focus | None:
        """Mom Test: opinions about the future, compliments and generic habits are not data."""
        if latest.score > 2 or latest.signals.concrete_instance:
            return None
        if latest.signals.hypothetical:
            return Focus.HYPOTHETICAL
        if latest.signals.compliment:
            return Focus.COMPLIMENT
        if latest.signals.generic:
            return Focus.GENERIC
        return None

    def _probe_focus(
        self,
        state: InterviewState,
        question: OpenEnded,
        latest: DepthScore,
        combined: DepthScore,
        used: set[str],
    ) -> tuple[Focus | None, str | None]:
        """The next probe that fits what the answer already holds, or ``(None, None)``.

        The researcher's own probes come first; a concrete instance is never asked for again
        once one was told (in this answer or an earlier one); no intent is asked twice on one
        question, and the question's own intent ("Why …?") counts as asked.
        """
        asked = set(used)
        own = probe_intent(question.text)
        if own is not None and own is not Focus.INSTANCE:
            asked.add(own.value)
        story = tells_instance(latest) or tells_instance(combined) or self._story_told(state)
        for probe in self._unused_authored(state, question):
            intent = probe_intent(probe)
            if intent is not None and intent.value in asked:
                continue
            if intent is Focus.INSTANCE and story:
                continue
            return Focus.AUTHORED, probe
        if (
            not story
            and Focus.INSTANCE.value not in asked
            and self._instance_probes(state) < MAX_INSTANCE_PROBES
        ):
            return Focus.INSTANCE, None
        signals = combined.signals
        missing = {
            Focus.WHY: not signals.causal,
            Focus.WORKAROUND: not signals.workaround,
            Focus.COST: not signals.cost,
        }
        for focus in _DIG_ORDER:
            if missing[focus] and focus.value not in asked:
                return focus, None
        return None, None

    @staticmethod
    def _used_intents(state: InterviewState, question: OpenEnded) -> set[str]:
        """Probe intents already used on this question (authored probes by their wording)."""
        used: set[str] = set()
        for key in state.used_phrasings:
            parts = key.split(":", 2)
            if parts[0] != question.id or len(parts) < 2:
                continue
            used.add(parts[1])
            if parts[1] == Focus.AUTHORED.value and len(parts) == 3:
                intent = probe_intent(parts[2])
                if intent is not None:
                    used.add(intent.value)
        return used

    @staticmethod
    def _instance_probes(state: InterviewState) -> int:
        count = 0
        for key in state.used_phrasings:
            parts = key.split(":", 2)
            if parts[0] == "tpl" or len(parts) < 2:
                continue
            if parts[1] == Focus.INSTANCE.value or (
                len(parts) == 3 and probe_intent(parts[2]) is Focus.INSTANCE
            ):
                count += 1
        return count

    @staticmethod
    def _story_told(state: InterviewState) -> bool:
        """Whether an earlier answer already told a concrete past instance."""
        return any(_STORY_REASON in record.depth_reasons for record in state.answers.values())

    @staticmethod
    def _unused_authored(state: InterviewState, question: OpenEnded) -> list[str]:
        used = {
            k.split(":", 2)[2]
            for k in state.used_phrasings
            if k.startswith(f"{question.id}:{Focus.AUTHORED.value}:")
        }
        return [p for p in question.probes if p not in used]

    def _follow_up_budget(self, question: OpenEnded) -> int:
        if question.max_follow_ups is not None:
            return question.max_follow_ups
        return self.study.moderator.max_follow_ups

    # -- closed questions ------------------------------------------------------------------

    def _closed_answer(
        self, state: InterviewState, question: ClosedQuestion, message: str, parsed: Parsed
    ) -> Plan:
        record = self._record(state, question.id)
        if parsed.value is None:
            state.clarifications += 1
            if state.clarifications > MAX_CLARIFICATIONS:
                record.texts.append(message)
                record.skipped = True
                return self._advance(
                    state,
                    Intent.ANSWER,
                    Preface.GAVE_UP,
                    (question.id,),
                    "give_up",
                    note=f"no valid answer after {MAX_CLARIFICATIONS} clarifications",
                )
            return Plan(
                kind=TurnKind.CLARIFY,
                state=state,
                question=question,
                respondent_text=message,
                problem=parsed.problem,
                decision=Decision(
                    action="clarify",
                    intent=Intent.ANSWER.value,
                    reasons=(parsed.problem or "answer not understood",),
                ),
            )
        record.texts.append(message)
        record.value, record.other_text = parsed.value, parsed.other_text
        record.skipped = False
        echo = _echo(parsed, state.language or self._home)
        screener = question.disqualify_if
        if screener is not None and screener.holds(parsed.value):
            return self._close(
                state,
                Status.SCREENED_OUT,
                self.study.messages.screened_out,
                Intent.ANSWER,
                updated=(question.id,),
                note=f"screener {question.id} disqualified",
            )
        if question.why:
            state.awaiting = "why"
            return Plan(
                kind=TurnKind.WHY,
                state=state,
                question=question,
                respondent_text=message,
                echo=echo,
                updated_answers=(question.id,),
                decision=Decision(action="why", intent=Intent.ANSWER.value),
            )
        return self._advance(
            state,
            Intent.ANSWER,
            Preface.ACK,
            (question.id,),
            "move_on",
            echo=echo,
            respondent_text=message,
        )

    def _why_answer(
        self, state: InterviewState, question: Question, message: str, intent: Intent
    ) -> Plan:
        record = self._record(state, question.id)
        if intent is Intent.ANSWER:
            record.texts.append(message)
            depth = score_answer(message, question.text, state.language or self._home)
            record.depth, record.depth_reasons = depth.score, list(depth.reasons)
        preface = Preface.ACK if intent is Intent.ANSWER else Preface.SKIPPED
        return self._advance(
            state, intent, preface, (question.id,), "move_on", respondent_text=message
        )

    # -- shared transitions ----------------------------------------------------------------

    def _steer(
        self,
        state: InterviewState,
        question: Question,
        message: str,
        focus: Focus,
        intent: Intent,
        depth: DepthScore | None = None,
    ) -> Plan:
        state.steers += 1
        if state.steers > MAX_STEERS and focus is not Focus.INJECTION:
            record = self._record(state, question.id)
            record.skipped = True
            return self._advance(
                state,
                intent,
                Preface.SKIPPED,
                (question.id,),
                "move_on",
                note="kept going off-topic; moved on",
            )
        return Plan(
            kind=TurnKind.STEER,
            state=state,
            question=question,
            focus=focus,
            respondent_text=message,
            decision=Decision(
                action="steer",
                intent=intent.value if focus is not Focus.OFF_TOPIC else "off_topic",
                depth=depth.score if depth else None,
                reasons=depth.reasons if depth else (focus.value,),
                focus=focus.value,
            ),
        )

    def _advance(
        self,
        state: InterviewState,
        intent: Intent | str,
        preface: Preface,
        updated: tuple[str, ...],
        action: str,
        *,
        depth: DepthScore | None = None,
        note: str | None = None,
        echo: str | None = None,
        respondent_text: str = "",
    ) -> Plan:
        """Move to the next question whose ``show_if`` holds, or close the interview."""
        state.follow_ups = state.clarifications = state.steers = 0
        state.awaiting = "answer"
        values = state.values()
        for index in range(state.question_index + 1, len(self.study.questions)):
            candidate = self.study.questions[index]
            if candidate.show_if is None or candidate.show_if.holds(
                values.get(candidate.show_if.question)
            ):
                state.question_index = index
                state.asked.append(candidate.id)
                reasons = tuple(
                    r for r in ((note,) if note else ()) + (depth.reasons if depth else ())
                )
                return Plan(
                    kind=TurnKind.ASK,
                    state=state,
                    question=candidate,
                    preface=preface,
                    echo=echo,
                    respondent_text=respondent_text,
                    updated_answers=updated,
                    decision=Decision(
                        action=action,
                        intent=str(intent),
                        depth=depth.score if depth else None,
                        reasons=reasons,
                    ),
                )
        return self._close(
            state,
            Status.COMPLETED,
            self.study.outro,
            intent,
            updated=updated,
            note=note,
            preface=preface,
            echo=echo,
            respondent_text=respondent_text,
        )

    def _close(
        self,
        state: InterviewState,
        status: Status,
        message: str,
        intent: Intent | str,
        *,
        updated: tuple[str, ...] = (),
        note: str | None = None,
        preface: Preface = Preface.NONE,
        echo: str | None = None,
        respondent_text: str = "",
    ) -> Plan:
        state.status = status
        state.awaiting = "done"
        return Plan(
            kind=TurnKind.CLOSE,
            state=state,
            closing=message,
            preface=preface,
            echo=echo,
            respondent_text=respondent_text,
            updated_answers=updated,
            decision=Decision(action="close", intent=str(intent), reasons=(note,) if note else ()),
        )

    @staticmethod
    def _record(state: InterviewState, question_id: str) -> AnswerRecord:
        return state.answers.setdefault(question_id, AnswerRecord(question_id=question_id))


def _echo(parsed: Parsed, lang: str = "en") -> str:
    """The value as we understood it, so the respondent can correct a misparse — in their
    language ("sí", "ninguna", "Otra").

    Options are quoted as written (“A spreadsheet”), so they read right mid-sentence.
    """
    value = parsed.value

    def named(option: str) -> str:
        return say(
            lang, "words.quote", text=say(lang, "words.other") if option == OTHER else option
        )

    if isinstance(value, bool):
        text = say(lang, "words.yes") if value else say(lang, "words.no")
    elif isinstance(value, list):
        text = ", ".join(named(v) for v in value) if value else say(lang, "words.none")
    elif isinstance(value, str):
        text = named(value)
    else:
        text = str(value)
    if parsed.other_text:
        text = f"{text} ({parsed.other_text})"
    return text
