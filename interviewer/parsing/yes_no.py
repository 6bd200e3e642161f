"""Reading yes or no: "yep", "nope", "definitely not", "of course", "not really", "I think so".

Markers come in tiers. *Explicit* ones ("yes", "nope", "of course not", "I think so") decide
the answer; *statements* ("we do", "I don't", "it isn't") decide only when there is no explicit
marker, because a longer answer often hangs a statement off an explicit one ("yes, though I
don't like it" is a yes). The first decisive marker wins when every marker of its tier agrees;
two that disagree ("yes… actually no") are asked again. *Hedges* ("maybe", "sometimes", "it
depends", "not sure") before the first decisive marker make the answer unclear: "maybe" is not
recorded as either. "probably" counts as yes and "probably not" as no: the respondent leans,
and a yes/no question asks for the lean.
"""

from __future__ import annotations

from enum import Enum
from functools import cache

from interviewer.i18n import say
from interviewer.parsing.languages import YES_NO
from interviewer.parsing.result import Parsed, invalid
from interviewer.parsing.text import (
    is_word,
    listing,
    normalize,
    phrase_table,
    scan,
    tokenize,
    word_set,
)


class _Tier(Enum):
    EXPLICIT = "explicit"
    STATEMENT = "statement"
    HEDGE = "hedge"
    NEUTRAL = "neutral"
    """Phrases that contain a marker word but are not one ("no one", "make sure")."""


_EXPLICIT_YES = """yes, yeah, yea, yep, yup, ya, yah, yes please, yes indeed, sure, sure thing,
of course, absolutely, definitely, certainly, indeed, totally, for sure, i think so, i guess so,
i believe so, i suppose so, i would say so, i would say yes, probably, probably yes, most likely,
that is right, that is correct, that is true, affirmative, you bet, very much so, pretty much,
always, uh huh, mhm, no doubt, without a doubt, yes definitely, of course yes, big yes"""
_EXPLICIT_NO = """no, nope, nah, naw, no way, not really, not at all, definitely not, absolutely
not, certainly not, of course not, probably not, i do not think so, i guess not, i suppose not,
i think not, not that i know of, not that i am aware of, never, not yet, not anymore, not any
more, no longer, none, negative, i would say no, hell no, not exactly, not quite, yeah no,
not particularly, nope never, no not really, not in the slightest, by no means"""
_STATEMENT_YES = """i do, we do, i did, we did, i have, we have, i am, we are, it is, it does,
they do, i would, we would, i will, we will, i can, we can, it was, they are, there is,
there are, it has, i use it, we use it"""
_STATEMENT_NO = """i do not, we do not, i did not, we did not, i have not, we have not, i am not,
we are not, it is not, it does not, they do not, i would not, we would not, i will not,
we will not, i can not, we can not, it was not, they are not, there is not, there are not,
do not, does not, did not, not, nothing"""
_HEDGES = """maybe, perhaps, possibly, not sure, i am not sure, i am not really sure, unsure,
i do not know, do not know, i do not really know, no idea, not really sure, it depends,
depends, sometimes, kind of, sort of, kinda, sorta, yes and no, yes or no, hard to say,
difficult to say, can not say, i can not say, i can not remember, i do not remember,
i do not recall, who knows, 50/50, fifty fifty, half and half, partly, partially, somewhat,
a bit, a little, occasionally, it varies, could be, might be, not certain, i am not certain,
not always, not often, not much, maybe not, maybe yes, yes maybe, i guess, not sure yet"""
_NEUTRAL = "no one, nobody, make sure, not only, no matter, not just, i know, you know"
# Too common inside sentences to count anywhere, but a whole answer on their own.
_WHOLE_ONLY = {
    "y": True, "correct": True, "right": True, "true": True, "ok": True, "okay": True,
    "agreed": True, "i agree": True, "n": False, "false": False, "wrong": False,
    "incorrect": False, "i disagree": False,
}  # fmt: skip
_FILLERS = word_set("um uh umm hmm hm well so oh honestly lol haha ah er")


_TABLE = phrase_table(
    {p: (_Tier.EXPLICIT, True) for p in listing(_EXPLICIT_YES)}
    | {p: (_Tier.EXPLICIT, False) for p in listing(_EXPLICIT_NO)}
    | {p: (_Tier.STATEMENT, True) for p in listing(_STATEMENT_YES)}
    | {p: (_Tier.STATEMENT, False) for p in listing(_STATEMENT_NO)}
    | {p: (_Tier.HEDGE, None) for p in listing(_HEDGES)}
    | {p: (_Tier.NEUTRAL, None) for p in listing(_NEUTRAL)}
)
_WHOLE_TABLE = phrase_table(_WHOLE_ONLY)


def parse_yes_no(text: str, lang: str = "en") -> Parsed:
    """Read a yes or no in ``lang``; the language's own words first, English as a fallback
    (people answer "ok" or "yes" in any language)."""
    tokens = tokenize(normalize(text))
    whole = tuple(t for t in tokens if is_word(t) and t not in _FILLERS)
    if lang in YES_NO:
        table, whole_table = _tables(lang)
        if whole in whole_table:
            return Parsed(value=whole_table[whole])
        markers = [h.value for h in scan(tokens, table) if h.value[0] is not _Tier.NEUTRAL]
        if markers:
            return _decide(markers, lang)
    if whole in _WHOLE_TABLE:
        return Parsed(value=_WHOLE_TABLE[whole])
    markers = [h.value for h in scan(tokens, _TABLE) if h.value[0] is not _Tier.NEUTRAL]
    return _decide(markers, lang)


def _decide(markers: list[tuple[_Tier, bool | None]], lang: str) -> Parsed:
    tiers = {tier for tier, _ in markers}
    tier = _Tier.EXPLICIT if _Tier.EXPLICIT in tiers else _Tier.STATEMENT
    decisive = [i for i, (t, _) in enumerate(markers) if t is tier]
    if not decisive:
        if _Tier.HEDGE in tiers:
            return invalid(say(lang, "problem.yes_no_lean"))
        return invalid(say(lang, "problem.yes_no_please"))
    if any(t is _Tier.HEDGE for t, _ in markers[: decisive[0]]):
        return invalid(say(lang, "problem.yes_no_lean"))
    polarities = {markers[i][1] for i in decisive}
    if len(polarities) > 1:
        return invalid(say(lang, "problem.yes_no_both"))
    value = polarities.pop()
    assert value is not None  # explicit and statement markers always carry a polarity
    return Parsed(value=value)


@cache
def _tables(
    lang: str,
) -> tuple[dict[tuple[str, ...], tuple[_Tier, bool | None]], dict[tuple[str, ...], bool]]:
    words = YES_NO[lang]
    entries: dict[str, tuple[_Tier, bool | None]] = {}
    for tier, value, phrases in (
        (_Tier.EXPLICIT, True, words.yes),
        (_Tier.EXPLICIT, False, words.no),
        (_Tier.STATEMENT, True, words.statement_yes),
        (_Tier.STATEMENT, False, words.statement_no),
        (_Tier.HEDGE, None, words.hedges),
        (_Tier.NEUTRAL, None, words.neutral),
    ):
        entries.update(dict.fromkeys(listing(phrases), (tier, value)))
    table = phrase_table(entries)
    whole = phrase_table(
        dict.fromkeys(listing(words.whole_yes), True)
        | dict.fromkeys(listing(words.whole_no), False)
    )
    return table, whole
