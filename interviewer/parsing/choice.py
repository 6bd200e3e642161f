"""Reading single- and multiple-choice answers into the options' exact strings.

Single choice: exactly one option may be named ("we mostly use Slack for that" → "Slack");
naming two asks for one, and a word two options share ("google" for Sheets and Docs) asks
which. An answer naming no option becomes ``Other`` — with the respondent's words as
``other_text`` — only when the question allows it and the answer says something besides
filler; otherwise it is asked again, never guessed ("I don't use any of those tools" is not an
option).

Multiple choice: every option named, minus the negated ones ("not Slack, just Jira" →
["Jira"]); "all of them" / "everything except email"; "none" only where ``min_selections`` is 0.
Parts of a list that name no option ("Slack, Jira and a homegrown wiki") are the ``Other`` text
when allowed. Values come back in option order with ``Other`` last, and the selection limits
are checked after reading.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from interviewer.i18n import say
from interviewer.parsing.mentions import COMMON, EXACT, Reading, read
from interviewer.parsing.numeric import numeric_pick
from interviewer.parsing.result import OTHER, Parsed, invalid
from interviewer.parsing.text import is_word, normalize, tokenize, word_set
from interviewer.study import MultipleChoice, SingleChoice

# Separators between the parts of a list, in the respondent's original text.
_SEPARATORS = re.compile(
    r"\s*(?:[,;\n/&+]|\.(?=\s|$)|\b(?:and|or|plus|as well as|along with|also|then)\b)\s*",
    re.IGNORECASE,
)
_OTHER_LABEL = re.compile(
    r"^\s*(?:other|something else|another one|another|else)\b\s*[:\-–—,.)]*\s*", re.IGNORECASE
)
_OTHER_ONLY = re.compile(r"^\s*(?:an?\s+)?(?:other|something else|another one|else)\W*$", re.I)
# A list part that starts like this explains an answer rather than naming another one.
_EXPLANATION_START = word_set(
    "because since as so which who that but though although for it this they"
)
_NEGATIVE_WORDS = word_set("not no never none nothing neither nor except without")


def parse_single(question: SingleChoice, text: str, lang: str = "en") -> Parsed:
    options = question.options
    reading = read(options, text)
    pick = say(lang, "problem.pick_one")
    chosen, unclear = _chosen(reading)
    # Options that are quantities ("100–500") take a stated quantity ("around 300"), unless an
    # option was named by its label ("200+") or a bare in-range number gives its position ("2").
    by_position = (
        reading.refs_only and not reading.missing and any(t.isdigit() for t in reading.tokens)
    )
    if not by_position and not _named_by_label(reading, options):
        numeric = numeric_pick(options, text, lang)
        if numeric is not None:
            chosen, unclear = (
                ([numeric.options[0]], ()) if len(numeric.options) == 1 else ([], numeric.options)
            )
    if unclear:
        return invalid(say(lang, "problem.which_one", options=_either(options, unclear, lang)))
    if len(chosen) > 1:
        return invalid(say(lang, "problem.just_one", options=_either(options, chosen, lang)))
    if chosen:
        return Parsed(value=options[chosen[0]])
    if reading.missing:
        return invalid(say(lang, "problem.no_option", n=reading.missing[0], pick=pick))
    if question.allow_other:
        if _OTHER_ONLY.match(text):
            return invalid(say(lang, "problem.which_other"))
        if _says_something(reading.tokens, reading):
            stripped = _OTHER_LABEL.sub("", text.strip(), count=1).strip() or text.strip()
            return Parsed(value=OTHER, other_text=stripped)
        pick = say(lang, "problem.pick_or_other")
    return invalid(pick)


def _named_by_label(reading: Reading, options: Sequence[str]) -> bool:
    """An option was named by its whole label ("under 100", "200+"), not by a number."""
    return any(
        m.strength >= EXACT
        and reading.tokens[m.start : m.end] == tuple(tokenize(normalize(options[m.option])))
        for m in reading.positive
    )


def parse_multiple(question: MultipleChoice, text: str, lang: str = "en") -> Parsed:
    options = question.options
    reading = read(options, text)
    chosen, unclear = _chosen(reading)
    if unclear:
        return invalid(say(lang, "problem.which_one", options=_either(options, unclear, lang)))
    if reading.missing:
        return invalid(
            say(
                lang, "problem.no_option", n=reading.missing[0], pick=say(lang, "problem.pick_from")
            )
        )
    selected = set(chosen)
    if reading.everything:
        selected = set(range(len(options))) - reading.negated_options
    other_text = _other_parts(options, text) if question.allow_other else None
    values = [options[i] for i in sorted(selected)] + ([OTHER] if other_text else [])
    low, high = question.min_selections, question.max_selections
    if not values:
        all_negated = reading.negated_options == set(range(len(options)))
        if not (reading.nothing or all_negated):
            return invalid(say(lang, "problem.pick_rule", rule=_rule(question, lang)))
        if low == 0:
            return Parsed(value=[])
        return invalid(say(lang, "problem.pick_at_least_of", n=_amount(low, lang)))
    if len(values) < low:
        picked = _listing(values, lang)
        return invalid(say(lang, "problem.pick_at_least", n=_amount(low, lang), picked=picked))
    if high is not None and len(values) > high:
        picked = _listing(values, lang)
        return invalid(say(lang, "problem.pick_at_most", n=_amount(high, lang), picked=picked))
    return Parsed(value=values, other_text=other_text)


def _chosen(reading: Reading) -> tuple[list[int], tuple[int, ...]]:
    """The options positively named, and — if a shared word leaves it open — the candidates."""
    positive = reading.positive
    named = {m.option for m in positive if not m.shared}
    for mention in positive:
        if not mention.shared:
            continue
        resolved = [o for o in mention.shared if o in named]
        if not resolved:
            return [], mention.shared
    return sorted(named), ()


def _says_something(tokens: Sequence[str], reading: Reading) -> bool:
    """Whether unclaimed words name something: not filler, not "none of those"."""
    return any(
        is_word(t) and not reading.claimed(i) and t not in COMMON and t not in _NEGATIVE_WORDS
        for i, t in enumerate(tokens)
    )


def _other_parts(options: Sequence[str], text: str) -> str | None:
    """The list parts that name no option and say something: "a homegrown wiki"."""
    parts: list[str] = []
    for part in _SEPARATORS.split(text):
        part = part.strip(" \t.!?-–—:")
        tokens = tokenize(normalize(part))
        if not tokens or tokens[0] in _EXPLANATION_START:
            continue
        reading = read(options, part)
        if reading.mentions or reading.everything or reading.nothing:
            continue
        if any(t in _NEGATIVE_WORDS for t in tokens):
            continue
        if _says_something(tokens, reading):
            parts.append(_OTHER_LABEL.sub("", part, count=1).strip() or part)
    return ", ".join(parts) or None


def _either(options: Sequence[str], indexes: Sequence[int], lang: str = "en") -> str:
    names = [options[i] for i in indexes]
    joiner = f" {say(lang, 'words.or')} "
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + joiner + names[-1]


def _listing(values: Sequence[str], lang: str = "en") -> str:
    joiner = f" {say(lang, 'words.and')} "
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + joiner + values[-1]


def _rule(question: MultipleChoice, lang: str = "en") -> str:
    low, high = question.min_selections, question.max_selections
    if high is None:
        if low <= 1:
            return say(lang, "problem.rule_one_or_more")
        return say(lang, "problem.rule_at_least", n=low)
    if low == high:
        return say(lang, "problem.rule_exactly", n=_amount(low, lang))
    if low <= 1:
        return say(lang, "problem.rule_up_to", n=_amount(high, lang))
    return say(lang, "problem.rule_range", low=low, high=high)


def _amount(n: int, lang: str = "en") -> str:
    return say(lang, "words.one") if n == 1 else str(n)
