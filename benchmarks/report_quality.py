"""Report-level quality figures of a finished :class:`Report` (used by synthesis_quality.py).

What a reader of the report sees, measured without judgement calls:

- **labels**: share of theme and sub-theme names with a filler token (``um``, ``yeah``, ``cool``…,
  anywhere) or a stopword at the edge of a phrase (first or last word of the name or of a part
  joined by "·"; scikit-learn's ``ENGLISH_STOP_WORDS``, a maintained list). A stopword inside a
  noun phrase ("Consent *for* quoting participants") is normal English and is only counted in the
  literal ``stopword_anywhere_share``;
- **quotes**: share of displayed quotes that are whole sentences — every fragment starts where a
  sentence of its turn starts and ends where one ends, sentences by BlingFire when installed
  (:func:`splitter_bounds`), and by a documented rule as a cross-check (:func:`sentence_bounds`) — and share
  verbatim (each fragment is the turn's text at its offsets, the quote text is its fragments
  joined by " … ");
- **prevalence**: how many distinct respondent counts the top-level themes have;
- **insights**: statements that repeat one template once theme-specific content is masked
  (see :func:`skeleton`): exact repeats, and near repeats (token similarity >= ``NEAR``).
"""

from __future__ import annotations

import re
from collections import Counter
from difflib import SequenceMatcher
from typing import Any

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from interviewer.report.model import Quote, Report, Theme

try:
    import blingfire
except ImportError:  # the documented rule below stands in
    blingfire = None

SPLITTER = "blingfire" if blingfire is not None else "rule (report_quality.sentence_bounds)"

FILLERS = frozenset("um uh oh yeah like okay so well cool good unintelligible vocalsound".split())
"""Tokens that make a theme label meaningless (issue 9's list)."""
NEAR = 0.8
"""Skeletons this similar (difflib ratio over tokens) count as one template with small variants."""
_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?")
_SENTENCE_END = re.compile(r"(?:[.!?…]+[\"'”’)\]]*)(?=\s|$)")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|‘[^’]*’")
_NUMBER = re.compile(r"\d[\d,.]*%?")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def label_figures(report: Report) -> dict[str, Any]:
    names = [t.name for t in _all_themes(report.themes)]
    filler = [n for n in names if FILLERS & set(_tokens(n))]
    edge = [n for n in names if _stopword_at_edge(n)]
    bad = sorted(set(filler) | set(edge))
    anywhere = [n for n in names if set(_tokens(n)) & ENGLISH_STOP_WORDS]
    return {
        "labels": len(names),
        "filler_or_stopword_share": _share(len(bad), len(names)),
        "filler_share": _share(len(filler), len(names)),
        "stopword_edge_share": _share(len(edge), len(names)),
        "stopword_anywhere_share": _share(len(anywhere), len(names)),
        "dot_joined_share": _share(sum("·" in n for n in names), len(names)),
        "bad_labels": bad[:12],
        "top_labels": [t.name for t in report.themes[:5]],
    }


def quote_figures(report: Report) -> dict[str, Any]:
    turns = {t.id: t.text for tr in report.transcripts for t in tr.turns}
    quotes = list({q.id: q for q in report.all_quotes()}.values())
    whole, by_rule, verbatim, missing = 0, 0, 0, 0
    not_whole: list[str] = []
    for quote in quotes:
        text = turns.get(quote.turn_id)
        if text is None:
            missing += 1
            continue
        verbatim += _is_verbatim(quote, text)
        by_rule += is_whole_sentences(quote, sentence_bounds(text))
        if is_whole_sentences(quote, splitter_bounds(text)):
            whole += 1
        elif len(not_whole) < 5:
            not_whole.append(quote.text[:160])
    return {
        "quotes": len(quotes),
        "whole_sentence_share": _share(whole, len(quotes)),
        "sentence_splitter": SPLITTER,
        "whole_sentence_share_by_rule": _share(by_rule, len(quotes)),
        "verbatim_share": _share(verbatim, len(quotes)),
        "quotes_without_transcript": missing,
        "examples_not_whole": not_whole,
    }


def prevalence_figures(report: Report) -> dict[str, Any]:
    counts = [t.prevalence.respondents for t in report.themes]
    total = report.methodology.sessions_included
    return {
        "themes": len(counts),
        "distinct_respondent_counts": len(set(counts)),
        "respondent_counts": counts,
        "themes_raised_by_everyone": sum(c == total for c in counts),
        "respondents": total,
    }


def insight_figures(report: Report) -> dict[str, Any]:
    themes = {t.id: t for t in _all_themes(report.themes)}
    skeletons = [
        skeleton(i.statement, _theme_words(themes.get(i.theme_id))) for i in report.insights
    ]
    counts = Counter(skeletons)
    repeated = sum(n for n in counts.values() if n > 1)
    near = sum(
        any(
            j != i and SequenceMatcher(None, a.split(), b.split()).ratio() >= NEAR
            for j, b in enumerate(skeletons)
        )
        for i, a in enumerate(skeletons)
    )
    common = counts.most_common(1)
    return {
        "insights": len(skeletons),
        "distinct_skeletons": len(counts),
        "template_repeat_share": _share(repeated, len(skeletons)),
        "near_template_share": _share(near, len(skeletons)),
        "most_common_skeleton": common[0][0][:300] if common and common[0][1] > 1 else None,
        "statements": [i.statement for i in report.insights[:2]],
    }


def report_figures(report: Report) -> dict[str, Any]:
    return {
        "labels": label_figures(report),
        "quotes": quote_figures(report),
        "prevalence": prevalence_figures(report),
        "insights": insight_figures(report),
    }


# -- sentences -----------------------------------------------------------------------------------


def sentence_bounds(text: str) -> tuple[set[int], set[int]]:
    """Offsets where sentences of ``text`` start and end.

    The rule (documented, no model): a sentence ends after a run of ``. ! ? …`` (with any closing
    quote or bracket) that is followed by whitespace or the end of the text, at a line break, and
    at the end of the text; the next sentence starts at the next non-space character. An end
    offset is accepted both after and before the closing punctuation, so a quote that drops its
    final full stop still counts as whole. Abbreviations ("e.g. ") make the rule lenient, never
    strict.
    """
    starts: set[int] = set()
    ends: set[int] = set()
    stripped_end = len(text.rstrip())
    first = len(text) - len(text.lstrip())
    if first < stripped_end:
        starts.add(first)
        ends.add(stripped_end)
    for match in _SENTENCE_END.finditer(text):
        ends.update((match.start(), match.end()))
        _next_start(text, match.end(), starts)
    for match in re.finditer(r"\n", text):
        ends.add(len(text[: match.start()].rstrip()))
        _next_start(text, match.end(), starts)
    # the content end before a final mark of the whole text
    tail = re.search(r"[.!?…]+[\"'”’)\]]*\s*$", text)
    if tail:
        ends.add(tail.start())
    return starts, ends


def splitter_bounds(text: str) -> tuple[set[int], set[int]]:
    """Sentence starts and ends from BlingFire, the maintained sentence breaker the engine
    installs (ends also accepted before the closing punctuation, as in :func:`sentence_bounds`);
    the documented rule when it is not installed."""
    if blingfire is None:
        return sentence_bounds(text)
    _, offsets = blingfire.text_to_sentences_and_offsets(text)
    starts = {start for start, _ in offsets}
    ends = {end for _, end in offsets}
    for _, end in offsets:
        tail = re.search(r"[.!?…]+[\"'”’)\]]*$", text[:end])
        if tail:
            ends.add(tail.start())
    return starts, ends


def is_whole_sentences(quote: Quote, bounds: tuple[set[int], set[int]]) -> bool:
    starts, ends = bounds
    return all(f.start in starts and f.end in ends for f in quote.fragments)


def _next_start(text: str, position: int, starts: set[int]) -> None:
    while position < len(text) and text[position].isspace():
        position += 1
    if position < len(text):
        starts.add(position)


# -- helpers -------------------------------------------------------------------------------------


def skeleton(statement: str, theme_words: set[str]) -> str:
    """The statement with theme-specific content masked: quoted text → Q, numbers → N, words
    of the theme's name → W (a run of W is one W, so names of any length mask alike). What is
    left is the template plus whatever the statement says in its own words."""
    text = _QUOTED.sub(" Q ", statement)
    text = _NUMBER.sub(" N ", text)
    text = _WORD.sub(
        lambda m: "W" if m.group(0).lower() in theme_words else m.group(0).lower(), text
    )
    text = re.sub(r"\bW(?:\W+W\b)+", "W", text)
    return " ".join(text.split())


def _theme_words(theme: Theme | None) -> set[str]:
    """Content words of the theme's name ("and" in "Plots and ICE" is template, not theme)."""
    if theme is None:
        return set()
    return {w.lower() for w in _WORD.findall(theme.name)} - ENGLISH_STOP_WORDS


def _is_verbatim(quote: Quote, text: str) -> bool:
    return all(text[f.start : f.end] == f.text for f in quote.fragments) and quote.text == (
        " … ".join(f.text for f in quote.fragments)
    )


def _stopword_at_edge(name: str) -> bool:
    for part in name.split("·"):
        tokens = _tokens(part)
        if not tokens:
            continue
        if tokens[0] in ENGLISH_STOP_WORDS or tokens[-1] in ENGLISH_STOP_WORDS:
            return True
    return False


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower().replace("’", "'"))


def _all_themes(themes: list[Theme]) -> list[Theme]:
    return [x for t in themes for x in (t, *_all_themes(t.sub_themes))]


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None
