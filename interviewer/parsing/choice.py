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

from interviewer.parsing.mentions import COMMON, Reading, read
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


def parse_single(question: SingleChoice, text: str) -> Parsed:
    options = question.options
    reading = read(options, text)
    pick = "Please pick one of the options."
    chosen, unclear = _chosen(reading)
    if unclear:
        return invalid(f"Which one do you mean: {_either(options, unclear)}?")
    if len(chosen) > 1:
        return invalid(f"Please pick just one: {_either(options, chosen)}?")
    if chosen:
        return Parsed(value=options[chosen[0]])
    if reading.missing:
        return invalid(f"There's no option {reading.missing[0]}. {pick}")
    if question.allow_other:
        if _OTHER_ONLY.match(text):
            return invalid("Which other one? Please tell me its name.")
        if _says_something(reading.tokens, reading):
            stripped = _OTHER_LABEL.sub("", text.strip(), count=1).strip() or text.strip()
            return Parsed(value=OTHER, other_text=stripped)
        pick = "Please pick one of the options, or tell me what it is instead."
    return invalid(pick)


def parse_multiple(question: MultipleChoice, text: str) -> Parsed:
    options = question.options
    reading = read(options, text)
    chosen, unclear = _chosen(reading)
    if unclear:
        return invalid(f"Which one do you mean: {_either(options, unclear)}?")
    if reading.missing:
        return invalid(f"There's no option {reading.missing[0]}. Please pick from the options.")
    selected = set(chosen)
    if reading.everything:
        selected = set(range(len(options))) - reading.negated_options
    other_text = _other_parts(options, text) if question.allow_other else None
    values = [options[i] for i in sorted(selected)] + ([OTHER] if other_text else [])
    low, high = question.min_selections, question.max_selections
    if not values:
        all_negated = reading.negated_options == set(range(len(options)))
        if not (reading.nothing or all_negated):
            return invalid(f"Please pick {_rule(question)} of the options.")
        if low == 0:
            return Parsed(value=[])
        return invalid(f"Please pick at least {_amount(low)} of the options.")
    if len(values) < low:
        return invalid(f"Please pick at least {_amount(low)} — you picked {_listing(values)}.")
    if high is not None and len(values) > high:
        return invalid(f"Please pick at most {_amount(high)} — you picked {_listing(values)}.")
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


def _either(options: Sequence[str], indexes: Sequence[int]) -> str:
    names = [options[i] for i in indexes]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _listing(values: Sequence[str]) -> str:
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + " and " + values[-1]


def _rule(question: MultipleChoice) -> str:
    low, high = question.min_selections, question.max_selections
    if high is None:
        return "one or more" if low <= 1 else f"at least {low}"
    if low == high:
        return f"exactly {_amount(low)}"
    return f"up to {_amount(high)}" if low <= 1 else f"{low} to {high}"


def _amount(n: int) -> str:
    return "one" if n == 1 else str(n)
