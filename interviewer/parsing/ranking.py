"""Reading a ranking: "Jira first, then Slack", "1. Jira 2. Slack 3. Email", "Slack > Jira >
Email", "jira, slack, email", "2, 1, 3" (item numbers).

Order comes from explicit positions when the respondent gives them ("Slack second, Jira
first", "email last", "1. Jira"), and otherwise from the order the items are named; "<"
between items reads worst first and is reversed. The stored list is best first and exactly
``rank_count`` long:

- ranking every item and naming all but one: the last one is inferred (it goes in the one
  slot left — usually last, the middle for "Jira first, email last");
- naming more than ``top_k``: the first ``top_k`` are kept — the respondent's own top k;
- too few, the same item listed twice, or two items in one place: asked again.
"""

from __future__ import annotations

from collections.abc import Sequence

from interviewer.i18n import say
from interviewer.parsing import languages
from interviewer.parsing.mentions import Mention, Reading, read
from interviewer.parsing.result import Parsed, invalid
from interviewer.parsing.text import CLAUSE_BREAKS, is_word, ordinal_value, word_set
from interviewer.study import Ranking

# Words between an item and its position: "Jira is the first", "Slack comes in second".
_BRIDGE = word_set(
    "is comes would be goes go in at as the my place position spot should ranked rank : - "
    # es / de / fr / pt
    "es va en el la lugar puesto posición ist kommt auf platz an der die est vient en le la "
    "place position é fica em o a lugar posição"
)
_BEST = word_set("top best favourite favorite") | languages.BEST
_WORST = word_set("worst bottom least") | languages.WORST
# Words a plain list may contain besides items and positions: a duplicate in a list is a
# mistake, while a repeated name in prose ("Jira first, because Jira…") is just talk.
_LIST_WORDS = (
    word_set(
        "then next finally followed by after before and or is the comes my order i would say put "
        "rank ranking number place it definitely probably"
    )
    | languages.LIST_WORDS
)


def parse_ranking(question: Ranking, text: str, lang: str = "en") -> Parsed:
    items = question.items
    need = question.rank_count
    retry = _rank_rule(question, lang)
    reading = read(items, text, numbers_are_positions=True)
    if reading.missing:
        return invalid(say(lang, "problem.no_item", n=reading.missing[0], retry=retry))
    mentions, problem = _usable_mentions(reading, items, lang)
    if problem:
        return invalid(problem)
    if not mentions:
        return invalid(retry)
    ranks = _explicit_ranks(reading.tokens, mentions, len(items))
    slots: list[int | None] = [None] * len(items)
    for mention, rank in ranks.items():
        taken = slots[rank - 1]
        if taken is not None and taken != mention.option:
            first, second = items[taken], items[mention.option]
            return invalid(say(lang, "problem.same_place", first=first, second=second, rank=rank))
        slots[rank - 1] = mention.option
    unranked = [m.option for m in mentions if m not in ranks]
    if not ranks and "<" in reading.tokens and ">" not in reading.tokens:
        unranked.reverse()  # "Email < Slack < Jira" is worst first
    for option in unranked:
        slots[slots.index(None)] = option
    left = [i for i in range(len(items)) if i not in slots]
    if need == len(items) and len(left) == 1:
        slots[slots.index(None)] = left[0]
    ranked = [items[i] for i in slots[:need] if i is not None]
    if len(ranked) < need:
        named = [items[i] for i in slots if i is not None]
        missing = [items[i] for i in range(len(items)) if i not in slots]
        if need < len(items):
            return invalid(say(lang, "problem.name_top", n=need, named=_listing(named, lang)))
        return invalid(
            say(lang, "problem.rank_missing", n=len(items), missing=_listing(missing, lang))
        )
    return Parsed(value=ranked)


def _usable_mentions(
    reading: Reading, items: Sequence[str], lang: str = "en"
) -> tuple[list[Mention], str | None]:
    """The first positive mention of each item, in text order, or why there is none."""
    positive = reading.positive
    named = {m.option for m in positive if not m.shared}
    seen: dict[int, Mention] = {}
    for mention in positive:
        if mention.shared:
            if not any(o in named for o in mention.shared):
                options = f" {say(lang, 'words.or')} ".join(items[o] for o in mention.shared)
                return [], say(lang, "problem.which_one", options=options)
            continue
        if mention.option in seen:
            if _is_plain_list(reading):
                return [], say(lang, "problem.listed_twice", item=items[mention.option])
            continue
        seen[mention.option] = mention
    if reading.everything:
        return [], say(lang, "problem.put_in_order")
    return list(seen.values()), None


def _is_plain_list(reading: Reading) -> bool:
    return reading.refs_only or all(
        not is_word(t) or reading.claimed(i) or t in _LIST_WORDS or _rank_word(t, 1) is not None
        for i, t in enumerate(reading.tokens)
    )


def _explicit_ranks(
    tokens: Sequence[str], mentions: list[Mention], size: int
) -> dict[Mention, int]:
    """Positions stated next to items. A list that opens with a position ("1. Jira 2. Slack",
    "#1 Jira #2 Slack", "first Jira, then…") puts positions before items; otherwise they follow
    ("Jira first, Slack second", "Jira #1, Slack #2"). Either way, a word is used once."""
    claimed = {i for m in mentions for i in range(m.start, m.end)}

    def after(mention: Mention) -> tuple[int, int] | None:
        return _rank_after(tokens, mention.end, size, claimed)

    def before(mention: Mention) -> tuple[int, int] | None:
        return _rank_before(tokens, mention.start, size)

    leading = before(mentions[0]) is not None
    ranks: dict[Mention, int] = {}
    used: set[int] = set()
    for find in (before, after) if leading else (after, before):
        for mention in mentions:
            found = None if mention in ranks else find(mention)
            if found is not None and found[1] not in used:
                ranks[mention], at = found
                used.add(at)
    return {m: r for m, r in ranks.items() if 1 <= r <= size}


def _rank_word(token: str, size: int) -> int | None:
    ordinal = ordinal_value(token) or languages.ORDINALS.get(token)
    if ordinal is not None:
        return ordinal
    if token in _BEST:
        return 1
    if (token == "last" or token in _WORST or token in languages.LAST) and size:
        return size
    return None


def _rank_after(
    tokens: Sequence[str], end: int, size: int, claimed: set[int]
) -> tuple[int, int] | None:
    j = end
    while j < len(tokens) and j - end < 4 and j not in claimed:
        token = tokens[j]
        rank = _rank_word(token, size)
        if rank is not None:
            return rank, j
        if token in ("#", "number", "no") and j + 1 < len(tokens) and tokens[j + 1].isdigit():
            return int(tokens[j + 1]), j + 1
        if token not in _BRIDGE:
            return None
        j += 1
    return None


def _rank_before(tokens: Sequence[str], start: int, size: int) -> tuple[int, int] | None:
    j = start - 1
    while j >= 0 and start - j <= 3:
        token = tokens[j]
        if token.isdigit():
            marker = tokens[j + 1] if j + 1 < start else ""
            before = tokens[j - 1] if j > 0 else ""
            if marker in (".", ")", ":", "-") or before in ("#", "number", "no"):
                return int(token), j
            return None
        rank = _rank_word(token, size)
        if rank is not None:
            return rank, j
        if token not in (",", ":", "-", ".", ")", "the", "is", "#", "number", "place", "spot"):
            return None
        if token in CLAUSE_BREAKS and j < start - 1:
            return None
        j -= 1
    return None


def _rank_rule(question: Ranking, lang: str = "en") -> str:
    if question.rank_count == len(question.items):
        return say(lang, "problem.retry_rank_all", n=len(question.items))
    if question.rank_count == 1:
        return say(lang, "problem.retry_favourite")
    return say(lang, "problem.retry_top", n=question.rank_count)


def _listing(names: Sequence[str], lang: str = "en") -> str:
    if not names:
        return say(lang, "words.none")
    joiner = f" {say(lang, 'words.and')} "
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + joiner + names[-1]
