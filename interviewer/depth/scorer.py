"""Response depth 1–5: a fast offline scorer per answer, and its aggregate per session.

The rubric is :data:`RUBRIC` (researcher-facing version with examples: ``docs/depth-rubric.md``).
The offline scorer reads surface signals — no model, no network, about a tenth of a
millisecond per answer — so the moderator can call it on every message to decide whether to
probe. It first rules out non-answers (empty, gibberish, evasive, off-topic: level 1), then
looks for a concrete past instance (levels 4–5) and for what makes one quotable (reasons,
workarounds, costs or consequences, emotion), and otherwise for specifics (level 3). Mom Test
fluff — generic habits, hypotheticals, compliments — with nothing specific behind it never
scores above 2. Every score carries the signals that produced it and short reasons a
researcher can read. The optional LLM judge (``judge.py``) applies the same rubric after a
session ends. The word lists live in ``depth/lexicon.py``.

Languages: English, Spanish, German, French and Portuguese are read with their own markers
(``depth/markers.py``; what is language-specific is listed there and in
``docs/depth-rubric.md``). Text in any other language gets a neutral score and says so rather
than a confident wrong one.
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from interviewer.depth import lexicon as lex
from interviewer.depth.markers import ENGLISH, Markers, guess_language, markers_for
from interviewer.interview import AnswerRecord
from interviewer.study import AnswerValue, Question

SCORER = "features-v1"
"""Stored with every offline score; bump it when scoring changes meaningfully."""
MIN_DEPTH = 2
"""Sessions scoring below this (depth 1: no signal at all) are low-signal; synthesis leaves
them out by default (``interviewer report --min-depth`` changes it)."""
MAX_READ_CHARS = 4000
"""Only this many leading characters are read for signals (every word is still counted)."""
_STORY_WORDS = 55
"""Words at which an instance with a stated cost reads as a story with stakes."""
_INFORMATIVE_WORDS = 15
"""Distinct content words at which an opinion carries specifics of its own (level 3)."""
_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")
_NON_LATIN_LETTER = re.compile(r"[^\W\d_a-zA-Z\u00c0-\u024f]")


@dataclass(frozen=True)
class RubricLevel:
    """One level of the depth rubric, shared by the offline scorer, the judge and the docs."""

    level: int
    """1..5."""
    name: str
    """A one- or two-word handle, e.g. "concrete"."""
    description: str
    """What an answer at this level contains, as researchers read it."""


RUBRIC: tuple[RubricLevel, ...] = (
    RubricLevel(1, "no signal", "Empty, evasive, off-topic or gibberish."),
    RubricLevel(
        2,
        "generic",
        'Generic or opinion only: habits ("I usually…"), verdicts ("it\'s fine"), '
        'hypotheticals or future promises ("I would…"), compliments; no instance.',
    ),
    RubricLevel(
        3,
        "specific",
        "Some specifics (tools, numbers, people, steps) but no concrete past instance, "
        "or a reason without an example.",
    ),
    RubricLevel(
        4,
        "concrete",
        "A concrete past instance with details (when, who, what happened, tools, numbers), "
        "or a clear causal reason grounded in experience.",
    ),
    RubricLevel(
        5,
        "quotable",
        "A concrete instance and its reasons, consequences, workarounds or costs, with "
        "emotion or stakes — the kind of answer a researcher quotes.",
    ),
)


@dataclass(frozen=True)
class Signals:
    """What the offline scorer saw in one answer."""

    words: int
    """Word tokens (numbers count; emoji and punctuation don't)."""
    language_supported: bool
    """False when the text is in a language the scorer has no markers for."""
    gibberish: bool
    """Keyboard mashing or letter soup rather than words."""
    concrete_instance: bool
    """A specific past event ("last Tuesday", "when we migrated…", "in March")."""
    past_tense: bool
    """At least two past-tense verbs."""
    time_refs: int
    """Time expressions: dates, weekdays, "two weeks ago", durations, clock times."""
    numbers: int
    """Numbers and amounts: digits, money, percentages, number words."""
    named_entities: int
    """Tools, products, companies, people and places (capitalised names, a product lexicon,
    and roles such as "my manager" or "our CTO")."""
    causal: bool
    """Causal markers: because, so, which meant, due to, turned out…"""
    emotion: bool
    """Feelings or stakes in the respondent's words: frustrated, panicked, cried, 😭…"""
    workaround: bool
    """What they did about it: ended up, by hand, switched to, now we…"""
    cost: bool
    """A cost or consequence: money or time lost, fees, refunds, missed deadlines, churn."""
    generic: bool
    """Generic habits or verdicts: "I usually", "always", "it's fine"."""
    hypothetical: bool
    """Hypotheticals and future promises: "I would", "if I had", "I'd definitely"."""
    compliment: bool
    """Compliments: "great idea", "love it", "sounds awesome"."""
    relevance: float
    """0..1 lexical overlap with the question's content words (1.0 when no question given)."""


@dataclass(frozen=True)
class DepthScore:
    """A 1–5 depth score, why, and the signals behind it."""

    score: int
    """1..5 on :data:`RUBRIC`."""
    reasons: tuple[str, ...]
    """Short human-readable reasons, e.g. "concrete past instance", "hypothetical language"."""
    signals: Signals
    scorer: str = SCORER


@dataclass(frozen=True)
class _Reading:
    """Signals plus what the grader needs that the moderator doesn't."""

    signals: Signals
    empty: bool
    evasive: bool
    off_topic: bool
    first_person: bool
    specifics: int
    """Numbers, names and time references, each capped so one kind can't dominate."""
    content_words: int
    """Distinct content words: how much ground the answer covers (informativeness)."""
    characters: int
    """Length of the whole answer; stands in for words in scripts written without spaces."""


def score_answer(answer: str, question: str | None = None, lang: str | None = None) -> DepthScore:
    """Score one answer on the 1–5 rubric, offline. ``question`` sharpens off-topic detection;
    ``lang`` is the answer's language when the caller knows it (the moderator detects it),
    otherwise English or one of the other supported languages is recognised from the text."""
    reading = _read(answer, question, lang)
    score, reasons = _grade(reading)
    return DepthScore(score=score, reasons=tuple(reasons), signals=reading.signals)


def _markers(text: str, tokens: list[str], lang: str | None) -> Markers | None:
    """The markers to read ``text`` with, or ``None`` for a language we have none for."""
    given = markers_for(lang) if lang else None
    if given is not None and given is not ENGLISH:
        return given  # the moderator detected it among the study's languages
    if _looks_english(text, tokens):
        return ENGLISH
    if _NON_LATIN_LETTER.search(text) and not text.isascii():
        letters = len(_LETTER.findall(text))
        if len(_NON_LATIN_LETTER.findall(text)) > 0.4 * letters:
            return None
    return markers_for(guess_language(tokens))


def _read(answer: str, question: str | None, lang: str | None = None) -> _Reading:
    full = answer.replace("’", "'").strip()
    # Depth shows early; reading a bounded prefix keeps a 10k-character answer cheap.
    text = full[:MAX_READ_CHARS]
    lower = text.lower()  # the lexicon's patterns are lowercase: faster than IGNORECASE
    tokens = lex.WORD.findall(lower)
    words = len(tokens) + len(full[MAX_READ_CHARS:].split())
    alpha = [t for t in tokens if t.isalpha()]
    found = _markers(text, tokens, lang)
    mk = found or ENGLISH  # unsupported text is graded neutrally; the signals are not used
    past_verbs = mk.past_verbs(tokens, lower)
    # Both patterns need a digit: most answers have none, and skipping them is a tenth of
    # the scorer's time on a large import.
    numbers = len(lex.NUMBER.findall(lex.LIST_MARKER.sub(" ", lower))) if _has_digit(lower) else 0
    numbers += sum(1 for t in tokens if t in mk.number_words)
    time_refs = len(mk.time.findall(lower))
    named = _count_named(text, tokens, mk)
    first_person = any(t in mk.first_person for t in tokens)
    specifics = min(numbers, 3) + min(named, 3) + min(time_refs, 2)
    # Replying only with questions ("who won the game yesterday?") tells nothing of their own.
    asks_back = words <= 25 and _only_questions(text)
    # A past event: a past time anchor with a detail, or a first-person past narrative dense
    # enough in past verbs, with a number or time in it (capitalised names alone mislead).
    anchored = past_verbs >= 1 and specifics >= 1 and mk.past_anchor.search(lower) is not None
    narrated = (
        first_person
        and past_verbs >= max(3, len(tokens) / 15)
        and numbers + time_refs >= 1
        and specifics >= 3
    )
    concrete = (anchored or narrated) and not asks_back
    relevance = _relevance(tokens, question, mk)
    signals = Signals(
        words=words,
        language_supported=found is not None,
        # Mashing is judged by the language's letters and words: not in a language we can't read.
        gibberish=found is not None
        and bool(alpha)
        and (_looks_like_mashing(alpha, mk) or _repetitive(tokens)),
        concrete_instance=concrete,
        past_tense=past_verbs >= 2,
        time_refs=time_refs,
        numbers=numbers,
        named_entities=named,
        causal=mk.causal.search(lower) is not None,
        emotion=mk.emotion.search(lower) is not None,
        workaround=mk.workaround.search(lower) is not None,
        cost=mk.cost.search(lower) is not None,
        generic=mk.generic.search(lower) is not None,
        hypothetical=mk.hypothetical.search(lower) is not None,
        compliment=mk.compliment.search(lower) is not None,
        relevance=relevance,
    )
    # Evasive: a short reply with nothing left once decline phrases and filler are removed.
    evasive = 0 < words <= 12 and all(
        t in mk.evasive or (t.isdigit() and words <= 4)
        for t in lex.WORD.findall(mk.evasive_phrases.sub(" ", lower))
    )
    off_topic = (
        not concrete
        and specifics < 3
        and (lex.OFF_TOPIC.search(lower) is not None or (asks_back and relevance < 0.5))
    )
    content_words = len({t for t in alpha if len(t) >= 4 and t not in mk.question_stop})
    return _Reading(
        signals, words == 0, evasive, off_topic, first_person, specifics, content_words, len(full)
    )


def _has_digit(text: str) -> bool:
    return _DIGIT.search(text) is not None


def _only_questions(text: str) -> bool:
    sentences = [s for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]
    return bool(sentences) and all(s.rstrip().endswith("?") for s in sentences)


def _looks_english(text: str, tokens: list[str]) -> bool:
    if not text.isascii():
        letters = len(_LETTER.findall(text))
        if len(_NON_LATIN_LETTER.findall(text)) > 0.4 * letters:
            return False  # another script: Cyrillic, CJK, Arabic, Devanagari…
    if len(tokens) < 3:
        return True
    english = sum(1 for t in tokens if t in lex.ENGLISH)
    foreign = sum(1 for t in tokens if t in lex.FOREIGN)
    return not (foreign >= 2 and foreign > 2 * english)


def _looks_like_mashing(alpha: list[str], mk: Markers = ENGLISH) -> bool:
    if any(t in mk.function or t in mk.evasive for t in alpha):
        return False

    def mashed(token: str) -> bool:
        if len(token) < 4:
            return False
        if any(token[i : i + 4] in row for row in lex.KEYBOARD_ROWS for i in range(len(token) - 3)):
            return True
        run = longest = 0
        for char in token:
            run = 0 if char in lex.VOWELS else run + 1
            longest = max(longest, run)
        return longest >= 4 or not any(c in lex.VOWELS for c in token)

    return sum(1 for t in alpha if mashed(t)) * 2 >= len(alpha)


def _repetitive(tokens: list[str]) -> bool:
    """The same few words over and over: pasted filler, not an answer."""
    return len(tokens) >= 20 and len(set(tokens)) * 10 <= len(tokens)


def _count_named(text: str, tokens: list[str], mk: Markers = ENGLISH) -> int:
    found = {t for t in tokens if t in lex.TOOLS}
    found |= {
        t for i, t in enumerate(tokens[1:], 1) if t in mk.roles and tokens[i - 1] in mk.determiners
    }
    upper = sum(map(text.count, string.ascii_uppercase))  # counted in C, not listed
    lower = sum(map(text.count, string.ascii_lowercase))
    # In ALL-CAPS text capitals say nothing, and German capitalises every noun: there only the
    # lexicon counts.
    if upper <= 1.5 * lower and mk.capitals_are_names:
        for word in lex.MID_SENTENCE_CAPITAL.findall(text):
            word = word.lower().rstrip(".")
            if mk is ENGLISH:
                calendar = word.removesuffix("s") in lex.DAYS or word in lex.MONTHS
            else:
                calendar = word.removesuffix("s") in mk.calendar or word in mk.calendar
            if word not in mk.function and not calendar:  # a day or month is time, not a name
                found.add(word)
    return len(found)


@lru_cache(maxsize=1 << 16)
def _stem(token: str, suffixes: tuple[str, ...] = ENGLISH.stem_suffixes) -> str:
    # Cached: words repeat across answers (Zipf), and an import stems a few hundred thousand.
    for suffix in suffixes:
        if token.endswith(suffix) and len(token) - len(suffix) >= 4:
            token = token[: -len(suffix)]
            break
    return token[:5]


def _relevance(tokens: list[str], question: str | None, mk: Markers = ENGLISH) -> float:
    if not question:
        return 1.0
    wanted = _wanted(question, mk.code)
    if not wanted:
        return 1.0
    suffixes, function = mk.stem_suffixes, mk.function
    said = {_stem(t, suffixes) for t in set(tokens) if t not in function}
    return min(1.0, len(wanted & said) / min(len(wanted), 3))


@lru_cache(maxsize=1024)
def _wanted(question: str, code: str) -> frozenset[str]:
    """The stems of a question's content words; every answer to it is compared with them."""
    mk = markers_for(code) or ENGLISH
    return frozenset(
        _stem(t, mk.stem_suffixes)
        for t in lex.WORD.findall(question.lower())
        if t not in mk.question_stop
    )


def _grade(reading: _Reading) -> tuple[int, list[str]]:
    s = reading.signals
    if reading.empty:
        return 1, ["empty answer"]
    if not s.language_supported:
        # Length is the one signal that carries across languages; stay near the middle.
        short = s.words < 4 and reading.characters < 12  # scripts without spaces: count chars
        return (2 if short else 3), [
            "language not supported by the offline scorer",
            "neutral estimate from length only; the LLM judge can score this language",
        ]
    if s.gibberish:
        return 1, ["gibberish or repeated filler"]
    if reading.evasive:
        return 1, ["evasive or non-answer"]
    if reading.off_topic:
        return 1, ["off-topic"]

    fluff = _fluff_reasons(s)
    details = _detail_reason(s)
    if s.concrete_instance:
        reasons = ["concrete past instance", *details]
        elaboration = [
            label
            for present, label in (
                (s.causal, "reasons given"),
                (s.workaround, "workaround described"),
                (s.cost, "cost or consequence stated"),
            )
            if present
        ]
        # Stakes without feeling words: a cost or consequence told at story length.
        stakes = s.emotion or (s.cost and s.words >= _STORY_WORDS)
        quotable = stakes and (
            len(elaboration) >= 2 or (len(elaboration) == 1 and s.words >= _STORY_WORDS)
        )
        if quotable:
            return 5, [*reasons, *elaboration, "emotion" if s.emotion else "stakes"]
        missing = [] if elaboration else ["no reasons, workaround or cost"]
        missing += [] if s.emotion else ["no emotion or stakes"]
        return 4, [*reasons, *elaboration, *missing]

    grounded = s.causal and s.past_tense and reading.first_person and reading.specifics >= 2
    if grounded and not s.hypothetical:
        return 4, ["causal reason grounded in experience", *details, "no single concrete instance"]
    # Mom Test: a price or a name inside "I would…" or "love it" is still a promise or a
    # compliment, not evidence. Only facts (past tense) or reasons lift such an answer.
    promise_only = (s.hypothetical or s.compliment) and not s.past_tense and not s.causal
    specific = reading.specifics >= 2 or (
        s.causal and (reading.specifics >= 1 or (s.words >= 12 and not fluff))
    )
    if specific and not promise_only:
        return 3, ["specifics but no concrete past instance", *details, *_soft(fluff)]
    if reading.content_words >= _INFORMATIVE_WORDS and not fluff:
        return 3, ["covers several specific points", "no concrete past instance"]
    reasons = ["no concrete instance", *(fluff or ["opinion only"])]
    if reading.specifics == 1:
        reasons.append("few specifics")
    return 2, reasons


def _fluff_reasons(s: Signals) -> list[str]:
    return [
        label
        for present, label in (
            (s.hypothetical, "hypothetical language"),
            (s.compliment, "compliment"),
            (s.generic, "generic habit or verdict"),
        )
        if present
    ]


def _soft(fluff: list[str]) -> list[str]:
    return [f"some {label}" for label in fluff]


def _detail_reason(s: Signals) -> list[str]:
    parts = [
        f"{n} {label}"
        for n, label in (
            (s.numbers, "numbers"),
            (s.time_refs, "time references"),
            (s.named_entities, "names"),
        )
        if n
    ]
    return [f"details: {', '.join(parts)}"] if parts else []


# -- sessions --------------------------------------------------------------------------------

OPEN_WEIGHT = 1.0
"""Weight of an open question's answer in the session mean: open answers carry the depth."""
WHY_WEIGHT = 0.5
"""Weight of a closed question's "why" follow-up: shorter by design, so it counts half."""
DECLINED_WEIGHT = 0.5
"""A declined open question counts as depth 1 at this weight (declining is a right; skipping
everything is not a session)."""
STRAIGHT_LINE_MIN = 4
"""Identical answers to at least this many scale questions count as straight-lining."""
MIN_SECONDS_PER_ANSWER = 8.0
"""Less time than this per answered question marks a session as too fast."""
MAX_WORDS_PER_SECOND = 4.0
"""More respondent words per second than this (240 a minute, beyond fast typing) is too fast."""
PENALTY = 1.0
"""Subtracted from the weighted mean per problem: straight-lining, speeding, mostly skipped."""


@dataclass(frozen=True)
class AnswerForScoring:
    """One asked question of a session, as the session scorer (and the LLM judge) sees it."""

    question: str
    """The question text as asked."""
    question_type: str = "open_ended"
    """The study's question type: ``open_ended``, ``scale``, ``single_choice``,
    ``multiple_choice``, ``ranking`` or ``yes_no``."""
    texts: tuple[str, ...] = ()
    """What the respondent wrote, in order: the answer and probe replies for an open question;
    the reply to the "why" follow-up for a closed one."""
    value: AnswerValue | None = None
    """Typed value of a closed answer; compared across scale questions to spot straight-lining."""
    skipped: bool = False
    declined: bool = False
    """The respondent said they don't know or would rather not answer."""
    question_id: str | None = None
    """The study's question id, carried through to reports and the judge."""

    @property
    def is_open(self) -> bool:
        return self.question_type == "open_ended"

    @property
    def text(self) -> str:
        return "\n".join(t for t in self.texts if t.strip())


def answer_for_scoring(question: Question, record: AnswerRecord | None) -> AnswerForScoring:
    """Build the scorer's view of one asked question; ``None`` means it was never answered.

    A closed question's record starts with the message that gave its value ("7", "finance");
    only what follows — the reply to "why" — is text to score.
    """
    if record is None:
        return AnswerForScoring(question.text, question.type, skipped=True, question_id=question.id)
    texts = record.texts if question.is_open or record.value is None else record.texts[1:]
    return AnswerForScoring(
        question=question.text,
        question_type=question.type,
        texts=tuple(texts),
        value=record.value,
        skipped=record.skipped,
        declined=record.declined,
        question_id=question.id,
    )


@dataclass(frozen=True)
class SessionScore:
    """A session's 1–5 depth, why, and the per-answer scores behind it."""

    score: int
    reasons: tuple[str, ...]
    answers: tuple[DepthScore | None, ...]
    """One per input item, same order; ``None`` where there was no text to score (a skip, or a
    closed answer without a "why")."""
    mean: float
    """Weighted mean depth before penalties (0.0 when nothing could be scored)."""
    scorer: str = SCORER

    @property
    def low_signal(self) -> bool:
        """Synthesis leaves low-signal sessions out unless a researcher asks for them."""
        return self.score < MIN_DEPTH


def score_session(
    items: Sequence[AnswerForScoring], *, duration_seconds: float | None = None
) -> SessionScore:
    """Aggregate a session: a weighted mean of answer depths, minus penalties.

    Open answers weigh :data:`OPEN_WEIGHT`, "why" follow-ups :data:`WHY_WEIGHT`; an open
    question left without text (skipped, or asked as the respondent stopped) counts as depth 1
    at full weight, a declined one at :data:`DECLINED_WEIGHT`; closed answers without a "why"
    carry no depth. One :data:`PENALTY` each for straight-lined scale answers, a too-fast
    session, and more than half the questions skipped. The result is rounded half up and
    clamped to 1..5; with no text at all it is 1. ``docs/depth-rubric.md`` explains the choice.
    """
    scores: list[DepthScore | None] = []
    weighted: list[tuple[float, float]] = []
    for item in items:
        text = item.text
        result = score_answer(text, item.question) if text else None
        scores.append(result)
        if result is not None:
            weighted.append((result.score, OPEN_WEIGHT if item.is_open else WHY_WEIGHT))
        elif item.is_open:  # skipped, declined, or asked when the respondent stopped
            weighted.append((1.0, DECLINED_WEIGHT if item.declined else OPEN_WEIGHT))

    total = sum(w for _, w in weighted)
    mean = sum(s * w for s, w in weighted) / total if total else 0.0
    reasons = _session_summary(items, scores)
    penalties = [p for p in (_straight_lining(items), _speeding(items, duration_seconds)) if p]
    skipped = sum(1 for item in items if item.skipped or item.declined)
    if items and skipped * 2 > len(items):
        penalties.append(f"mostly skipped: {skipped} of {len(items)} questions")
    if not total:
        reasons.insert(0, "no open answers or why follow-ups to score")
    score = _round_half_up(mean - PENALTY * len(penalties)) if total else 1
    score = max(1, min(5, score))
    return SessionScore(score, (*reasons, *penalties), tuple(scores), round(mean, 3))


def _session_summary(
    items: Sequence[AnswerForScoring], scores: list[DepthScore | None]
) -> list[str]:
    reasons: list[str] = []
    pairs = list(zip(items, scores, strict=True))
    for label, chosen in (
        ("open answer{s}", [s.score for i, s in pairs if s and i.is_open]),
        ("why follow-up{s}", [s.score for i, s in pairs if s and not i.is_open]),
    ):
        if chosen:
            mean = sum(chosen) / len(chosen)
            reasons.append(f"{_count(len(chosen), label)}, mean depth {mean:.1f}")
    counts = {
        "concrete past instance{s}": sum(1 for s in scores if s and s.signals.concrete_instance),
        "empty, evasive or off-topic answer{s}": sum(1 for s in scores if s and s.score == 1),
        "answer{s} of only generic talk, hypotheticals or compliments": sum(
            1 for s in scores if s and s.score == 2 and _fluff_reasons(s.signals)
        ),
        "open question{s} skipped, declined or unanswered": sum(
            1 for item in items if item.is_open and not item.text
        ),
    }
    reasons.extend(_count(n, label) for label, n in counts.items() if n)
    return reasons


def _count(n: int, label: str) -> str:
    """``_count(2, "answer{s}")`` → "2 answers"."""
    return f"{n} {label.format(s='' if n == 1 else 's')}"


def _straight_lining(items: Sequence[AnswerForScoring]) -> str | None:
    values = [
        item.value
        for item in items
        if item.question_type == "scale" and isinstance(item.value, int) and not item.skipped
    ]
    if len(values) >= STRAIGHT_LINE_MIN and len(set(values)) == 1:
        return f"straight-lined {len(values)} scale answers (all {values[0]})"
    return None


def _speeding(items: Sequence[AnswerForScoring], duration_seconds: float | None) -> str | None:
    answered = [
        item for item in items if not item.skipped and (item.texts or item.value is not None)
    ]
    if duration_seconds is None or len(answered) < 2:
        return None
    words = sum(len(lex.WORD.findall(item.text)) for item in answered)
    if duration_seconds < MIN_SECONDS_PER_ANSWER * len(answered):
        return f"too fast: {duration_seconds:.0f} s for {len(answered)} answers"
    if words > MAX_WORDS_PER_SECOND * duration_seconds:
        return f"too fast: {words} words typed in {duration_seconds:.0f} s"
    return None


def _round_half_up(value: float) -> int:
    return int(value + 0.5) if value >= 0 else -int(-value + 0.5)


# -- batch scoring (``interviewer score --answers FILE.jsonl``) ----------------------------------


def score_answers_jsonl(lines: Iterable[str]) -> Iterator[str]:
    """Score JSON lines ``{"question": ..., "answer": ...}``; yield each with ``depth`` and
    ``reasons`` added (other keys pass through). Blank lines are skipped; ``question`` may be
    missing or null. A bad line raises :class:`ValueError` naming its line number, after the
    lines before it have been yielded.
    """
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(
                f"line {number}: not valid JSON ({exc.msg} at column {exc.colno}); each line "
                'must be one object like {"question": "...", "answer": "..."}'
            ) from exc
        if not isinstance(obj, dict):
            raise ValueError(
                f"line {number}: expected a JSON object with 'question' and 'answer', "
                f"got {type(obj).__name__}"
            )
        answer, question = obj.get("answer"), obj.get("question")
        if not isinstance(answer, str):
            raise ValueError(
                f"line {number}: 'answer' must be a string (the respondent's text), "
                f"got {'nothing' if answer is None else type(answer).__name__}"
            )
        if question is not None and not isinstance(question, str):
            raise ValueError(
                f"line {number}: 'question' must be a string or null, got {type(question).__name__}"
            )
        result = score_answer(answer, question)
        yield json.dumps(
            {**obj, "depth": result.score, "reasons": list(result.reasons)}, ensure_ascii=False
        )
