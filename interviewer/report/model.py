"""What a synthesis report holds: the single data model behind HTML, Markdown and JSON.

The JSON format *is* this model (``Report.model_dump_json``), and ``schema.json`` next to this
file is its JSON Schema (``python -m interviewer.report.model`` regenerates it; a test keeps
the two in step). Every quote carries the session, turn and respondent it came from and its
exact text: ``text`` is the concatenation of ``fragments``, and each fragment is
``turn.text[start:end]`` of the (redacted, when redaction is on) turn it cites.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1"
"""Bumped when a field changes meaning or disappears; adding fields keeps the version."""
SCHEMA_PATH = Path(__file__).with_name("schema.json")

Confidence = Literal["high", "medium", "low"]
Sentiment = Literal["positive", "negative", "neutral", "mixed"]
Verdict = Literal["supported", "contradicted", "mixed", "not enough evidence"]
Engine = Literal["offline", "llm"]
ThemeKind = Literal["pain point", "valued", "request", "practice", "mixed views"]
"""What a theme's evidence mostly is: complaints, praise, wishes, accounts of how people work
today, or a split between praise and complaint."""
SMALL_N = 5
"""Groups smaller than this show counts ("2 of 3"), never a percentage: too few to compare."""

ELLIPSIS = " … "
"""Joins the fragments of a quote that skips words ("we chase them … it takes days")."""


class Model(BaseModel):
    """Base of every report object: strict keys, immutable, field docstrings in the schema."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class Fragment(Model):
    """One verbatim span of a turn."""

    start: int
    """Offset of the first character in the cited turn's text."""
    end: int
    """Offset one past the last character."""
    text: str
    """``turn.text[start:end]``: the respondent's exact words."""


class Quote(Model):
    """A verbatim quote, traceable to its turn."""

    id: str
    """Stable within the report, e.g. ``Q12``; HTML anchors use it."""
    session_id: str
    """The session the quote comes from."""
    turn_id: int
    """The turn it comes from (``#turn-<id>`` in the HTML transcript)."""
    respondent: str
    """The respondent's label (the session's label, or ``R01``… in session order)."""
    question_id: str | None
    """The question the turn answered, when known."""
    text: str
    """Exactly what is displayed: the fragments joined by `` … ``."""
    fragments: list[Fragment]
    """The verbatim spans the text is made of, in order (one unless words were skipped)."""
    sentiment: Sentiment = "neutral"
    """Tone of the quote (from the model's coding, or the offline lexicon)."""
    code: str | None = None
    """The code the LLM gave the excerpt; ``None`` for the offline engine."""
    repaired: bool = False
    """The model's wording was a near miss and was replaced by the source text."""


class Prevalence(Model):
    """How many respondents something applies to."""

    respondents: int
    """Respondents (sessions) with at least one piece of evidence."""
    total: int
    """Respondents included in the synthesis."""
    share: float
    """``respondents / total`` (0–1; 0 when ``total`` is 0)."""


class SentimentCounts(Model):
    """Quotes (coded excerpts) of a theme by tone."""

    positive: int = 0
    negative: int = 0
    neutral: int = 0
    mixed: int = 0


class SegmentShare(Model):
    """A theme's prevalence among respondents who gave one closed answer."""

    question_id: str
    """The closed question that defines the segment."""
    segment: str
    """The answer, e.g. ``Finance``, ``yes`` or ``detractor``."""
    respondents: int
    """Respondents in the segment who raised the theme."""
    total: int
    """Respondents in the segment."""
    share: float
    """``respondents / total``."""


class Theme(Model):
    """A theme or sub-theme, with the evidence behind it."""

    id: str
    """``T1``, ``T2``… for themes; ``T1.2`` for the second sub-theme of T1."""
    name: str
    """A short name."""
    definition: str
    """One sentence saying what belongs in the theme."""
    prevalence: Prevalence
    """How many respondents raised it."""
    session_ids: list[str]
    """The sessions behind it."""
    question_ids: list[str]
    """Questions whose answers contain its evidence."""
    sentiment: SentimentCounts
    """Its excerpts by tone."""
    excerpts: int
    """Verified excerpts coded into it (quotes below are a selection)."""
    kind: ThemeKind = "practice"
    """What its evidence mostly is (from tone and wish wording, see docs/reports.md)."""
    quotes: list[Quote]
    """Representative verbatim quotes, at most one per respondent where possible."""
    segments: list[SegmentShare] = []
    """Prevalence by closed answer (see ``Report.crosstabs`` for the full tables)."""
    sub_themes: list[Theme] = []
    """Finer themes inside this one."""


class Insight(Model):
    """ "We believe X because Y, so we will Z", with its evidence and an honest confidence."""

    id: str
    """``I1``, ``I2``…"""
    theme_id: str
    """The theme it is drawn from."""
    belief: str
    """What we believe (X)."""
    because: str
    """The evidence in words (Y)."""
    action: str
    """What we will do about the study's decision (Z)."""
    statement: str
    """The whole sentence: "We believe X because Y, so we will Z."."""
    confidence: Confidence
    """From documented rules (docs/reports.md), never from the model."""
    confidence_reasons: list[str]
    """Which rules raised or lowered the confidence."""
    quotes: list[Quote]
    """Verified quotes behind it (2+ from 2+ respondents, or the confidence is low)."""
    written_by: Literal["llm", "template"]
    """Whether a model phrased the statement or the offline template did."""


class HypothesisVerdict(Model):
    """What the evidence says about one of the study's hypotheses."""

    hypothesis_id: str
    text: str
    """The hypothesis as the study states it."""
    verdict: Verdict
    rationale: str
    """Why, in a sentence or two."""
    supporting: list[Quote]
    """Quotes that bear it out."""
    contradicting: list[Quote]
    """Quotes that go against it."""
    structured_evidence: list[str] = []
    """Closed answers that bear on it, e.g. "7 of 10 answered yes to …"."""


class OptionCount(Model):
    """One option (or scale point) of a closed question."""

    label: str
    count: int
    """Respondents who chose it."""
    share: float
    """``count / answered`` (for multiple choice the shares add up to more than 1)."""


class ScaleStats(Model):
    """Summary of a scale question."""

    mean: float
    median: float
    stdev: float
    """Sample standard deviation (0 with one answer)."""
    minimum: int
    maximum: int


class NetPromoter(Model):
    """Net Promoter Score of a 0–10 scale marked ``nps``."""

    score: float
    """% promoters (9–10) minus % detractors (0–6), −100…100."""
    promoters: int
    passives: int
    detractors: int


class RankingItem(Model):
    """How one item of a ranking question fared."""

    item: str
    mean_rank: float | None
    """Mean position among respondents who ranked it (1 = best); ``None`` if nobody did."""
    borda: int
    """Borda points: ``k - position + 1`` per ranking of the top ``k``, 0 when unranked."""
    first_place: int
    """Respondents who ranked it first."""
    times_ranked: int
    """Respondents who placed it anywhere in their ranking."""


class QuestionAggregate(Model):
    """Distribution of one closed question's answers."""

    question_id: str
    question_type: str
    text: str
    answered: int
    """Respondents with a valid value."""
    skipped: int
    """Respondents who skipped or declined it."""
    options: list[OptionCount]
    """Counts per option / scale point / yes-no, in the study's order."""
    stats: ScaleStats | None = None
    """For scale questions."""
    nps: NetPromoter | None = None
    """For scale questions marked ``nps``."""
    ranking: list[RankingItem] = []
    """For ranking questions, best Borda first."""
    other_texts: list[str] = []
    """Free text given with ``Other`` (redacted when redaction is on)."""


class CrossTabRow(Model):
    theme_id: str
    theme_name: str
    counts: list[int]
    """Respondents per segment who raised the theme."""
    shares: list[float]
    """``counts / segment_sizes``."""


class CrossTab(Model):
    """Theme prevalence broken down by the answers to one closed question."""

    question_id: str
    question_text: str
    segments: list[str]
    """Column labels: the answers."""
    segment_sizes: list[int]
    """Respondents per segment (same order)."""
    rows: list[CrossTabRow]
    """One row per theme."""


class SessionRow(Model):
    """One session of the study and whether it was used."""

    session_id: str
    respondent: str
    status: str
    source: str
    """``chat``, ``web`` or ``import``."""
    started_at: datetime
    depth: float | None
    """Session depth 1–5."""
    depth_source: str
    """The stored score's scorer, or ``computed`` when scored on the fly."""
    included: bool
    excluded_because: str | None = None
    trust: Literal["ok", "review", "exclude"] | None = None
    """The trust guard's verdict (a researcher's override wins); ``None`` when not checked."""
    trust_reasons: list[str] = Field(default_factory=list)
    """Why, one checkable reason per signal."""


class TranscriptTurn(Model):
    id: int
    """The turn's id: quotes point here."""
    seq: int
    role: Literal["respondent", "moderator"]
    question_id: str | None
    text: str
    """The turn's text (redacted when redaction is on), exactly as quotes cite it."""


class Transcript(Model):
    session_id: str
    respondent: str
    turns: list[TranscriptTurn]


class Exclusion(Model):
    """Sessions left out, grouped by reason."""

    reason: str
    count: int


class TokenUsage(Model):
    """What the LLM engine spent (all zero for the offline engine)."""

    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    estimated_cost_usd: float | None = None
    """From the price table in ``synthesis/usage.py``; ``None`` when the model is unknown."""
    by_stage: dict[str, int] = {}
    """Tokens (prompt + completion) per pipeline stage."""


class QuoteAudit(Model):
    """What quote verification did with the quotes the model proposed."""

    proposed: int = 0
    exact: int = 0
    """Found verbatim in the cited turn."""
    neighbour: int = 0
    """Found verbatim in a nearby turn of the same session (the citation is corrected)."""
    repaired: int = 0
    """Near misses replaced by the source text."""
    dropped: int = 0
    drop_reasons: dict[str, int] = {}
    raw_verbatim_rate: float | None = None
    """Share of proposed quotes that were verbatim in their cited turn before any repair."""


class StageAuthor(Model):
    """Who wrote one part of the report: the model, or the offline engine (and why)."""

    stage: Literal["themes", "insights", "hypotheses"]
    written_by: Literal["llm", "offline", "mixed"]
    """``mixed``: the model wrote some items and the offline engine the rest."""
    detail: str = ""
    """What happened, e.g. why the model's part fell back to the offline engine."""


class Methodology(Model):
    engine: Engine
    model: str | None
    generated_at: datetime
    sessions_total: int
    sessions_included: int
    excluded: list[Exclusion]
    min_depth: int
    include_partial: bool
    redaction: list[str]
    """What was redacted before any text left the store (empty: nothing)."""
    usage: TokenUsage
    quotes: QuoteAudit
    embedding: str | None = None
    """The offline engine's text representation (``sentence`` or ``tfidf-svd``)."""
    notes: list[str] = []
    """Anything a reader should know about how the report was made."""
    stages: list[StageAuthor] = []
    """Which parts the model wrote and which the offline engine wrote (LLM engine only)."""
    context_window: int | None = None
    """Tokens per request the LLM engine planned for (prompt and reply together)."""


class StudyInfo(Model):
    id: str
    title: str
    decision: str
    language: str = "en"
    """BCP-47 code of the interviews' language (the HTML's ``lang``)."""
    questions: dict[str, str]
    """Question id → text, for every question cited."""


class Report(Model):
    """One study's synthesis."""

    schema_version: str = SCHEMA_VERSION
    study: StudyInfo
    summary: list[str]
    """The executive summary, a few sentences."""
    not_enough_data: str | None = None
    """Why no themes could be found, when that is the case."""
    verbatims: list[Quote] = []
    """When no themes could be found: the answers themselves, verbatim, to read directly."""
    insights: list[Insight]
    hypotheses: list[HypothesisVerdict]
    themes: list[Theme]
    structured: list[QuestionAggregate]
    crosstabs: list[CrossTab]
    sessions: list[SessionRow]
    transcripts: list[Transcript]
    """Transcripts of the sessions quotes cite (all included sessions in small studies)."""
    methodology: Methodology

    def all_quotes(self) -> list[Quote]:
        """Every quote in the report, wherever it appears."""

        def of_theme(theme: Theme) -> list[Quote]:
            return [*theme.quotes, *(q for sub in theme.sub_themes for q in of_theme(sub))]

        quotes = [q for theme in self.themes for q in of_theme(theme)] + list(self.verbatims)
        quotes += [q for insight in self.insights for q in insight.quotes]
        quotes += [q for h in self.hypotheses for q in (*h.supporting, *h.contradicting)]
        return quotes


def json_schema() -> dict[str, object]:
    """The JSON Schema of :class:`Report` (what ``schema.json`` holds)."""
    schema = Report.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"interviewer-report-v{SCHEMA_VERSION}.json"
    return schema


def write_schema(path: Path = SCHEMA_PATH) -> None:
    path.write_text(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n", "utf-8")


if __name__ == "__main__":
    write_schema()
    print(f"wrote {SCHEMA_PATH}")
