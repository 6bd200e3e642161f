"""Aggregates of closed answers, and themes cross-tabulated by them.

For every closed question of the study: the distribution of answers; mean, median and spread
for scales; the Net Promoter Score for a 0–10 scale marked ``nps``; mean rank and Borda points
for rankings. Single-valued answers (a choice, yes/no, an NPS category) also define
*segments*, and :func:`crosstabs` shows how often each theme comes up in each segment (e.g.
among detractors versus promoters).
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence

from interviewer.report.model import (
    CrossTab,
    CrossTabRow,
    NetPromoter,
    OptionCount,
    QuestionAggregate,
    RankingItem,
    ScaleStats,
    SegmentShare,
)
from interviewer.study import MultipleChoice, Question, Ranking, Scale, SingleChoice, Study, YesNo
from interviewer.synthesis.corpus import Corpus, Interview

MAX_SCALE_POINTS = 11
"""Scales with more points are shown in ten equal-width bands."""
NOTABLE_DIFFERENCE = 0.2
"""A segment's theme share this far (20 points) from the theme's overall share is notable."""
MIN_SEGMENT = 3
"""Segments smaller than this are shown in cross-tabs but never called notable."""
MAX_SEGMENTS = 8
"""Questions with more distinct answers than this make unreadable cross-tabs and are left out."""


def aggregate(corpus: Corpus) -> list[QuestionAggregate]:
    """One aggregate per closed question of the study, in the study's order."""
    aggregates: list[QuestionAggregate] = []
    for question in corpus.study.questions:
        if question.type == "open_ended":
            continue
        records = [i.answers[question.id] for i in corpus.interviews if question.id in i.answers]
        values = [r.value for r in records if r.value is not None]
        skipped = sum(1 for r in records if r.value is None and (r.skipped or r.declined))
        aggregate = QuestionAggregate(
            question_id=question.id,
            question_type=question.type,
            text=question.text,
            answered=len(values),
            skipped=skipped,
            options=_options(question, values),
            stats=_scale_stats(values) if isinstance(question, Scale) else None,
            nps=_nps(values) if isinstance(question, Scale) and question.nps else None,
            ranking=_ranking(question, values) if isinstance(question, Ranking) else [],
            other_texts=[r.other_text for r in records if r.other_text],
        )
        aggregates.append(aggregate)
    return aggregates


def segment_of(question: Question, interview: Interview) -> str | None:
    """The segment an interview falls in for ``question``, or None (unanswered, or a question
    whose answers are not single-valued)."""
    record = interview.answers.get(question.id)
    value = None if record is None else record.value
    if value is None:
        return None
    if isinstance(question, YesNo) and isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(question, SingleChoice) and isinstance(value, str):
        return value
    if isinstance(question, Scale) and question.nps and type(value) is int:
        return nps_category(value)
    return None


def nps_category(value: int) -> str:
    return "promoter" if value >= 9 else "passive" if value >= 7 else "detractor"


def segment_questions(study: Study) -> list[Question]:
    """Questions whose answers can split respondents into segments."""
    return [
        q
        for q in study.questions
        if isinstance(q, YesNo | SingleChoice) or (isinstance(q, Scale) and q.nps)
    ]


def crosstabs(corpus: Corpus, themes: Sequence[tuple[str, str, set[str]]]) -> list[CrossTab]:
    """Theme × segment tables; ``themes`` are (id, name, session ids raising it)."""
    tables: list[CrossTab] = []
    if not themes:
        return tables
    for question in segment_questions(corpus.study):
        members: dict[str, set[str]] = defaultdict(set)
        for interview in corpus.interviews:
            segment = segment_of(question, interview)
            if segment is not None:
                members[segment].add(interview.session_id)
        labels = _segment_order(question, members)
        if not 2 <= len(labels) <= MAX_SEGMENTS:
            continue  # one answer for everyone (a screener) shows no contrast
        sizes = [len(members[label]) for label in labels]
        rows = []
        for theme_id, name, sessions in themes:
            counts = [len(members[label] & sessions) for label in labels]
            shares = [c / n if n else 0.0 for c, n in zip(counts, sizes, strict=True)]
            rows.append(
                CrossTabRow(theme_id=theme_id, theme_name=name, counts=counts, shares=shares)
            )
        tables.append(
            CrossTab(
                question_id=question.id,
                question_text=question.text,
                segments=labels,
                segment_sizes=sizes,
                rows=rows,
            )
        )
    return tables


def notable_segments(
    tables: Sequence[CrossTab], theme_id: str, overall_share: float
) -> list[SegmentShare]:
    """Segments where the theme is notably more or less common than overall."""
    notable: list[SegmentShare] = []
    for table in tables:
        for row in table.rows:
            if row.theme_id != theme_id:
                continue
            for label, size, count, share in zip(
                table.segments, table.segment_sizes, row.counts, row.shares, strict=True
            ):
                if size >= MIN_SEGMENT and abs(share - overall_share) >= NOTABLE_DIFFERENCE:
                    notable.append(
                        SegmentShare(
                            question_id=table.question_id,
                            segment=label,
                            respondents=count,
                            total=size,
                            share=share,
                        )
                    )
    notable.sort(key=lambda s: -abs(s.share - overall_share))
    return notable


def yes_share(corpus: Corpus, question: YesNo) -> tuple[int, int]:
    """(yes answers, yes-or-no answers) to a yes/no question."""
    values = [i.answers[question.id].value for i in corpus.interviews if question.id in i.answers]
    answered = [v for v in values if isinstance(v, bool)]
    return sum(1 for v in answered if v), len(answered)


# -- per question type -------------------------------------------------------------------------


def _options(question: Question, values: Sequence[object]) -> list[OptionCount]:
    answered = len(values)

    def count(label: str, n: int) -> OptionCount:
        return OptionCount(label=label, count=n, share=n / answered if answered else 0.0)

    if isinstance(question, Scale):
        return _scale_options(question, [v for v in values if type(v) is int], count)
    if isinstance(question, YesNo):
        return [
            count("yes", sum(1 for v in values if v is True)),
            count("no", sum(1 for v in values if v is False)),
        ]
    tally: Counter[str] = Counter()
    for value in values:
        tally.update(value if isinstance(value, list) else [str(value)])
    if isinstance(question, SingleChoice | MultipleChoice):
        labels = list(question.options)
    elif isinstance(question, Ranking):
        labels = list(question.items)
    else:  # pragma: no cover - open questions have no options
        labels = []
    labels += sorted(label for label in tally if label not in labels)
    return [count(label, tally[label]) for label in labels]


def _scale_options(
    question: Scale, values: list[int], make: Callable[[str, int], OptionCount]
) -> list[OptionCount]:
    points = range(question.min, question.max + 1)
    tally = Counter(values)
    if len(points) <= MAX_SCALE_POINTS:
        return [make(str(p), tally[p]) for p in points]
    width = -(-len(points) // 10)  # ceiling division: ten bands at most
    bands = [points[i : i + width] for i in range(0, len(points), width)]
    return [make(f"{b[0]}–{b[-1]}", sum(tally[p] for p in b)) for b in bands]


def _scale_stats(values: Sequence[object]) -> ScaleStats | None:
    numbers = [v for v in values if type(v) is int]
    if not numbers:
        return None
    return ScaleStats(
        mean=round(statistics.fmean(numbers), 2),
        median=float(statistics.median(numbers)),
        stdev=round(statistics.stdev(numbers), 2) if len(numbers) > 1 else 0.0,
        minimum=min(numbers),
        maximum=max(numbers),
    )


def _nps(values: Sequence[object]) -> NetPromoter | None:
    numbers = [v for v in values if type(v) is int]
    if not numbers:
        return None
    categories = Counter(nps_category(v) for v in numbers)
    score = 100 * (categories["promoter"] - categories["detractor"]) / len(numbers)
    return NetPromoter(
        score=round(score, 1),
        promoters=categories["promoter"],
        passives=categories["passive"],
        detractors=categories["detractor"],
    )


def _ranking(question: Ranking, values: Sequence[object]) -> list[RankingItem]:
    k = question.rank_count
    positions: dict[str, list[int]] = {item: [] for item in question.items}
    for value in values:
        if not isinstance(value, list):
            continue
        for position, item in enumerate(value[:k], start=1):
            positions.setdefault(item, []).append(position)
    items = [
        RankingItem(
            item=item,
            mean_rank=round(statistics.fmean(ranks), 2) if ranks else None,
            borda=sum(k - r + 1 for r in ranks),
            first_place=sum(1 for r in ranks if r == 1),
            times_ranked=len(ranks),
        )
        for item, ranks in positions.items()
    ]
    return sorted(items, key=lambda i: (-i.borda, i.mean_rank or float("inf")))


def _segment_order(question: Question, members: Mapping[str, set[str]]) -> list[str]:
    if isinstance(question, YesNo):
        order = ["yes", "no"]
    elif isinstance(question, Scale):
        order = ["detractor", "passive", "promoter"]
    elif isinstance(question, SingleChoice):
        order = [*question.options, *sorted(set(members) - set(question.options))]
    else:  # pragma: no cover - segment_questions() filters the rest
        order = sorted(members)
    return [label for label in order if members.get(label)]
