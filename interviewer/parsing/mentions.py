"""Where an answer refers to a question's options — by name, number, letter, "all" or "none" —
and which of those references are negated ("not Slack", "everything except email").

Single choice, multiple choice and ranking share this reading ("options" covers a ranking's
items). Matching goes strongest first, and a stronger match claims its words before a weaker
one looks at them:

1. EXACT: the option's words in order ("google sheets"), or an explicit reference ("option 2",
   "#2", "the second one", "b)", "(b)").
2. FULL: every word of the option within a few words, typos allowed ("slak", "sheet google").
3. PARTIAL: one distinctive word of a longer option ("google" for "Google Sheets") — unless the
   next word makes it something else ("google docs"). A word several options share ("google"
   for Sheets and Docs) marks them all as ``shared`` so the caller can ask which one.

Bare numbers, letters and ordinals ("2", "b", "second", "1 and 3") are references only when the
answer is nothing but references: in "we have 2 teams on Slack" the 2 is not option 2.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from rapidfuzz.distance import OSA

from interviewer.parsing import languages
from interviewer.parsing.text import (
    CLAUSE_BREAKS,
    Phrase,
    is_word,
    listing,
    normalize,
    number_value,
    ordinal_value,
    phrase_set,
    phrase_table,
    scan,
    tokenize,
    word_set,
)

EXACT, FULL, PARTIAL = 3, 2, 1


STOPWORDS = word_set(
    "a an the and or of for to in on at by with from my our your their its is are be i we "
    "you it this that these those vs via per as"
)
"""Words that never identify an option on their own."""
_GENERIC = word_set(
    """tool tools app apps software other option options thing things stuff service
    spreadsheet spreadsheets file files ticket tickets board boards channel channels message
    messages thread threads account accounts template templates page pages"""
)
"""Words too general to identify an option alone ("Other tools"), or to make "excel
spreadsheets" name something other than Excel."""
COMMON = STOPWORDS | word_set(
    """use uses used using also mostly mainly usually often always sometimes just only really
    very much more most less lot lots all every some any both either neither each everything
    anything nothing none because when while since but so then too though although however
    like love hate prefer prefers think guess say said would will could should can do does did
    done have has had get got go goes went was were been being am them they he she us me him
    her what which who how why where there here not no never yes yeah ok okay well um uh hmm
    probably definitely maybe perhaps actually honestly basically pretty quite rather kind sort
    day daily week weekly time times work job people everyone stuff things thing tool tools app
    apps option options one ones else something someone see main mainly primarily mostly
    sure know mean idea etc if than other others another thanks please lol haha remember
    recall depends hard tell answer question questions good great fine nice bad terrible
    awesome amazing easy fast slow cheap expensive simple useful helpful best worst better
    worse favourite favorite whatever"""
)
"""Everyday words: neither a product name nor an answer of their own. Used to tell "google
for that" (Google Sheets) from "google docs" (something else), and real "Other" text from
filler."""

_REF_NOUNS = word_set("option choice number item answer letter")
_REF_FILLERS = (
    _REF_NOUNS
    | word_set(
        """the one ones options choices numbers items answers and or also plus then please i pick
    choose select take go going with would say think guess probably definitely maybe like is it
    that this my for me am both all everything of them those these above just only be will let
    us um uh hmm well ok okay so yeah sure prefer most after followed by not except but apart
    from other than none neither nor sorry mean meant to are mine top favourite favorite best
    vote rather hmm"""
    )
    | languages.LIST_WORDS
)
_FIRST_WORDS = word_set("zuerst erst d'abord abord")  # "first" as an adverb, not an ordinal
_ONE_AFTER = word_set("the that this which last first second third fourth fifth middle")
_ORDINAL_NOUNS = word_set("one option choice item answer")

_BREAKERS = word_set(
    "but just only though although however yet so because since then mostly mainly primarily "
    "instead to now currently nowadays whereas while also"
)
_SKIPPABLE = word_set(
    "the a an any really even ever use uses using used do does did we i they you actually much "
    "need want have has had of for with and or nor is are was were be been am it that this "
    "those these them our my their your either at all personally tool tools app apps "
    # articles and "use" in es / de / fr / pt
    "el la los las lo un una de del uso usamos der die das den dem ein eine nutze nutzen le "
    "les l' du des utilise utilisons o os as um uma do da dos uso usamos"
)


_NEGATORS = phrase_set(
    """not, no, never, without, except, except for, excluding, exclude, neither, nor, minus,
    instead of, rather than, no longer, not even, stopped using, stopped, quit, quit using,
    dropped, ditched, got rid of, switched from, switched away from, moved from,
    moved away from, migrated from, moved off, away from, anything but, everything but,
    all but, save for, but not, not using,
    nicht, kein, keine, keinen, außer, ausser, ohne, nicht mehr, pas, sans, sauf, plus de,
    sin, excepto, salvo, menos, ya no, ni, no uso, não, nao, nem, sem, exceto, menos, não uso,
    nao uso"""
)
# Phrases that contain a cue but select rather than exclude: "none except Slack" is Slack.
_NOT_NEGATORS = phrase_set(
    """none except, nothing except, none but, nothing but, none other than, not only,
    not just, no one but, nobody but"""
)
# "Apart from Slack, we use Jira" adds; "everything apart from Slack" subtracts.
_NEGATORS_AFTER_ALL = phrase_set("other than, apart from, aside from, besides")
_EVERYTHING = phrase_table(
    dict.fromkeys(
        listing(
            """all of them, all of those, all of these, all of the above, all the above,
            all of the options, all the options, all options, all of it, every one of them,
            each of them, every single one, the whole lot, them all, all of em, all the tools,
            all of the tools, all those, all these, every option, every one of those"""
        ),
        True,
    )
    | dict.fromkeys(
        listing(
            """todas ellas, todos ellos, todas las opciones, todas las anteriores, alle davon,
            alle optionen, toutes les options, tous les trois, toutes celles-ci, todas elas,
            todos eles, todas as opções, todas as opcoes"""
        ),
        True,
    )
    | dict.fromkeys(listing("all, everything, every one, each one, the lot"), False)
    | dict.fromkeys(languages.ALL, False)
)
_NONE_WORDS = word_set("none nothing nobody neither") | languages.NONE
_PREPOSITIONS = word_set("for in at with of by on to from after above about like than")
_EXCEPT_WORDS = (
    word_set("except but apart other excluding minus save bar aside besides") | languages.EXCEPT
)
_NOTHING = phrase_table(
    dict.fromkeys(
        listing(
            """none, none of them, none of those, none of these, none of the above, nothing,
            neither, neither of them, neither one, not any, not any of them, not one,
            no one of them, ninguno, ninguna, ninguna de ellas, ninguno de ellos, nada, keine,
            keiner, keines, nichts, keine davon, aucun, aucune, rien, aucune d'entre elles,
            aucun d'entre eux, nenhum, nenhuma, nenhuma delas, nenhum deles"""
        ),
        True,
    )
    | dict.fromkeys(listing("nothing but, none other than"), False)
)
_NOTHING_WHOLE = {("no",), ("nope",), ("nah",), ("no", "thanks")}
_NOT_ANY = re.compile(r"\b(?:do not|did not|does not|never|not|no longer)\b(?: \w+){0,3}? any\b")


@dataclass(frozen=True)
class Mention:
    """One reference to an option in the answer."""

    option: int
    """Index of the option in the question's list."""
    start: int
    """Index of the reference's first token."""
    end: int
    """Index one past its last token."""
    strength: int
    """``EXACT`` (3), ``FULL`` (2) or ``PARTIAL`` (1); see the module docstring."""
    negated: bool = False
    """Said in a negative context: "not Slack", "everything except email"."""
    shared: tuple[int, ...] = ()
    """For a partial match on a word several options share: all of those options."""


@dataclass(frozen=True)
class Reading:
    """Everything the answer says about the options."""

    tokens: tuple[str, ...]
    """The normalised answer, tokenised; mention spans index into it."""
    mentions: tuple[Mention, ...]
    """In text order."""
    everything: bool
    """"all of them", "everything except email", or a bare "all"."""
    nothing: bool
    """"none", "neither", "I don't use any of those"; callers check there is no positive
    mention before believing it."""
    missing: tuple[str, ...]
    """References to options that do not exist: "7" with three options, "option e"."""
    refs_only: bool
    """The answer was nothing but numbers, letters and ordinals ("2, 1, 3")."""
    claimed_tokens: frozenset[int] = frozenset()
    """Indexes of the tokens some mention covers."""

    @property
    def positive(self) -> list[Mention]:
        return [m for m in self.mentions if not m.negated]

    @property
    def negated_options(self) -> set[int]:
        return {m.option for m in self.mentions if m.negated}

    def claimed(self, index: int) -> bool:
        return index in self.claimed_tokens


def read(options: Sequence[str], text: str, numbers_are_positions: bool = False) -> Reading:
    """How ``text`` refers to ``options``.

    With ``numbers_are_positions`` (rankings), "#1" and "number 2" next to named items are
    positions in the ranking, not references to items 1 and 2.
    """
    tokens = tokenize(normalize(text))
    names = [tokenize(normalize(option)) for option in options]
    content = [_content_words(name) for name in names]
    claimed = [False] * len(tokens)
    mentions: list[Mention] = []
    missing: list[str] = []

    def claim(mention: Mention) -> None:
        mentions.append(mention)
        for i in range(mention.start, mention.end):
            claimed[i] = True

    for index in sorted(range(len(options)), key=lambda i: -len(names[i])):
        for start in _exact_positions(tokens, names[index], claimed):
            claim(Mention(index, start, start + len(names[index]), EXACT))
    refs_only = not mentions and _only_references(tokens, len(options))
    references = (
        _bare_references(tokens, len(options))
        if refs_only
        else _explicit_references(tokens, len(options), numbers_are_positions)
    )
    for start, end, value, said in references:
        if any(claimed[start:end]):
            continue
        if 1 <= value <= len(options):
            claim(Mention(value - 1, start, end, EXACT))
        else:
            missing.append(said)
    for index, words in enumerate(content):
        for start, end in _full_positions(tokens, words, claimed):
            claim(Mention(index, start, end, FULL))
    for mention in _partial_mentions(tokens, content, claimed):
        mentions.append(mention)
    for mention in mentions:
        claimed[mention.start] = True  # partial mentions claim too, for the cue checks below
    everything = _says_everything(tokens, claimed, len(options), refs_only)
    cues = _Cues(
        negators=_ends(tokens, _NEGATORS | (_NEGATORS_AFTER_ALL if everything else frozenset())),
        selectors=_ends(tokens, _NOT_NEGATORS),
    )
    negated = [replace(m, negated=_negated(tokens, m.start, claimed, cues)) for m in mentions]
    return Reading(
        tokens=tuple(tokens),
        mentions=tuple(sorted(negated, key=lambda m: (m.start, m.option))),
        everything=everything,
        nothing=_says_nothing(tokens, claimed),
        missing=tuple(missing),
        refs_only=refs_only,
        claimed_tokens=frozenset(i for m in mentions for i in range(m.start, m.end)),
    )


# -- names -----------------------------------------------------------------------------------


def _content_words(name: Sequence[str]) -> list[str]:
    words = [t for t in name if is_word(t)]
    content = [w for w in words if w not in STOPWORDS]
    return content or words


def same_word(said: str, option_word: str) -> bool:
    """Equal up to case, hyphens and a plural "s"/"es" ("e-mails" ~ "Email")."""
    a, b = said.replace("-", ""), option_word.replace("-", "")
    return a == b or a in (b + "s", b + "es") or b in (a + "s", a + "es")


def typo_of(said: str, option_word: str) -> bool:
    """A plausible misspelling: one dropped, doubled or swapped letter ("slak", "jria"); one
    wrong letter only in words of six letters or more ("notoin"); two edits from eight.

    The first letter must match, and a wrong letter in a short word is not a typo: "stack" is
    not "slack" and "lack" is not "slack" — inventing a match is worse than asking again.
    """
    a, b = said.replace("-", ""), option_word.replace("-", "")
    if len(b) < 4 or not a.isalpha() or a[:1] != b[:1] or a in COMMON:
        return False
    distance = OSA.distance(a, b, score_cutoff=2)
    if len(b) >= 8:
        return distance <= 2
    if distance != 1:
        return False
    substitution = len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1
    return len(b) >= 6 or not substitution


def _matches(said: str, option_word: str) -> bool:
    return same_word(said, option_word) or typo_of(said, option_word)


def _exact_positions(tokens: Sequence[str], name: Sequence[str], claimed: list[bool]) -> list[int]:
    size = len(name)
    found: list[int] = []
    start = 0
    while size and start + size <= len(tokens):
        window = range(start, start + size)
        if not any(claimed[i] for i in window) and all(
            same_word(tokens[i], name[i - start]) for i in window
        ):
            found.append(start)
            start += size
        else:
            start += 1
    return found


def _full_positions(
    tokens: Sequence[str], words: Sequence[str], claimed: list[bool]
) -> list[tuple[int, int]]:
    """Spans where every option word appears (typos allowed) within a few tokens, in one clause."""
    if not words:
        return []
    spans: list[tuple[int, int]] = []
    taken: set[int] = set()
    reach = len(words) + 2
    for anchor, token in enumerate(tokens):
        if claimed[anchor] or anchor in taken or not _matches(token, words[0]):
            continue
        used = [anchor]
        for word in words[1:]:
            near = [
                i
                for i in range(max(0, anchor - reach), min(len(tokens), anchor + reach + 1))
                if i not in used and not claimed[i] and i not in taken and _matches(tokens[i], word)
            ]
            if not near:
                break
            used.append(min(near, key=lambda i: abs(i - anchor)))
        else:
            lo, hi = min(used), max(used) + 1
            if not any(t in CLAUSE_BREAKS for t in tokens[lo:hi]):
                spans.append((lo, hi))
                taken.update(range(lo, hi))
    return spans


def _partial_mentions(
    tokens: Sequence[str], content: Sequence[Sequence[str]], claimed: list[bool]
) -> list[Mention]:
    found: list[Mention] = []
    for position, token in enumerate(tokens):
        if claimed[position] or not is_word(token) or token in COMMON:
            continue
        owners = tuple(
            index
            for index, words in enumerate(content)
            if len(words) > 1 and any(_distinctive(w) and _matches(token, w) for w in words)
        )
        if not owners or _names_something_else(tokens, position, claimed):
            continue
        shared = owners if len(owners) > 1 else ()
        found.extend(Mention(i, position, position + 1, PARTIAL, shared=shared) for i in owners)
    return found


def _distinctive(word: str) -> bool:
    return len(word) >= 3 and not word.isdigit() and word not in _GENERIC


def _names_something_else(tokens: Sequence[str], position: int, claimed: list[bool]) -> bool:
    """Whether the next word makes this another product: "google docs" (not Google Sheets)."""
    if position + 1 >= len(tokens) or claimed[position + 1]:
        return False
    after = tokens[position + 1]
    return is_word(after) and not after.isdigit() and after not in COMMON | _GENERIC


# -- references by number, letter and position ------------------------------------------------

Reference = tuple[int, int, int, str]
"""(start token, end token, 1-based option number, what the respondent said)."""


def _value(tokens: Sequence[str], i: int, count: int, letters: bool) -> int | None:
    token = tokens[i]
    number = number_value(token)
    if number is not None:
        return number
    ordinal = _ordinal(token)
    if ordinal is not None:
        return ordinal
    if token == "last":
        return count
    if token == "middle" and count % 2:
        return count // 2 + 1
    if letters and len(token) == 1 and token.isalpha() and token.isascii():
        return ord(token) - ord("a") + 1
    return None


def _explicit_references(
    tokens: Sequence[str], count: int, numbers_are_positions: bool
) -> list[Reference]:
    refs: list[Reference] = []
    for i, token in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        if numbers_are_positions and token in ("#", "number", "no"):
            continue
        if token in _REF_NOUNS or token == "#":
            skip = 1 if nxt in (".", ":") else 0  # "no. 2", "option: b"
            j = i + 1 + skip
            if j < len(tokens):
                value = _value(tokens, j, count, letters=token not in ("number", "#"))
                if value is not None:
                    refs.append((i, j + 1, value, tokens[j]))
            continue
        is_position = _ordinal(token) is not None or token in ("last", "middle")
        if is_position and (
            nxt in _ORDINAL_NOUNS
            or (i > 0 and tokens[i - 1] == "the" and (not nxt or nxt in CLAUSE_BREAKS))
        ):
            value = _value(tokens, i, count, letters=False)
            end = i + 2 if nxt in _ORDINAL_NOUNS else i + 1
            if value is not None:
                refs.append((i, end, value, str(value)))
            continue
        single_letter = len(token) == 1 and token.isalpha() and token.isascii()
        before = tokens[i - 1] if i else ""
        if single_letter and nxt in (")", "]") and (not before or not is_word(before)):
            refs.append((i, i + 1, ord(token) - ord("a") + 1, token))
    kept: list[Reference] = []
    for ref in refs:  # in start order; drop one that starts inside the previous ("option b)")
        if not kept or ref[0] >= kept[-1][1]:
            kept.append(ref)
    return kept


def _only_references(tokens: Sequence[str], count: int) -> bool:
    refs = _bare_references(tokens, count)
    starts = {ref[0] for ref in refs}
    return bool(refs) and all(
        not is_word(t) or i in starts or t in _REF_FILLERS or _sequence_word(tokens, i)
        for i, t in enumerate(tokens)
    )


def _sequence_word(tokens: Sequence[str], i: int) -> bool:
    """An ordinal right before a number orders the list, it names no option: "first 1, then
    4", "zuerst 1, dann 4", "primeiro 1, depois 4"."""
    nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
    return nxt.isdigit() and (_ordinal(tokens[i]) is not None or tokens[i] in _FIRST_WORDS)


def _bare_references(tokens: Sequence[str], count: int) -> list[Reference]:
    refs: list[Reference] = []
    for i, token in enumerate(tokens):
        if not is_word(token) or token == "i":
            continue
        before = tokens[i - 1] if i else ""
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        if token == "one" and (before in _ONE_AFTER or _ordinal(before) is not None):
            continue  # "the second one"
        if token == "a" and nxt and (number_value(nxt) is not None or nxt == "one"):
            continue  # the article in "a 2"
        if _sequence_word(tokens, i):
            continue
        if token in _REF_FILLERS and token not in ("one", "last", "middle"):
            continue
        value = _value(tokens, i, count, letters=True)
        if value is not None:
            said = token if len(token) == 1 or token.isdigit() else str(value)  # "e", "7", "5"
            refs.append((i, i + 1, value, said))
    return refs


# -- cues: everything, nothing, negation --------------------------------------------------------


def _says_everything(
    tokens: Sequence[str], claimed: list[bool], count: int, refs_only: bool
) -> bool:
    only_filler = all(
        not is_word(t) or t in _REF_FILLERS or claimed[i] for i, t in enumerate(tokens)
    )
    for hit in scan(tokens, _EVERYTHING):
        if any(claimed[hit.start : hit.end]):
            continue
        nxt = tokens[hit.end] if hit.end < len(tokens) else ""
        before = tokens[hit.start - 1] if hit.start else ""
        if hit.value or nxt in _EXCEPT_WORDS or refs_only or only_filler:
            return True
        # A bare "all"/"everything" ends its clause as an answer ("everything, and Notion");
        # inside one it is just a word ("we do everything in Slack", "for all of us").
        if (not nxt or nxt in CLAUSE_BREAKS) and before not in _PREPOSITIONS:
            return True
        if nxt and number_value(nxt) == count:  # "all three"
            return True
    return count == 2 and "both" in tokens and only_filler


def _says_nothing(tokens: Sequence[str], claimed: list[bool]) -> bool:
    words = tuple(t for t in tokens if is_word(t))
    if words in _NOTHING_WHOLE:
        return True
    if any(h.value and not any(claimed[h.start : h.end]) for h in scan(tokens, _NOTHING)):
        return True
    return bool(_NOT_ANY.search(" ".join(tokens)))


@dataclass(frozen=True)
class _Cues:
    """Token indexes where a negation cue ends ("not", "except for") and where a phrase ends
    that looks like one but selects ("none except", "not only")."""

    negators: frozenset[int]
    selectors: frozenset[int]


def _ends(tokens: Sequence[str], phrases: frozenset[Phrase]) -> frozenset[int]:
    longest = max((len(p) for p in phrases), default=0)
    return frozenset(
        j
        for j in range(len(tokens))
        for size in range(1, longest + 1)
        if j >= size - 1 and tuple(tokens[j - size + 1 : j + 1]) in phrases
    )


def _negated(tokens: Sequence[str], start: int, claimed: list[bool], cues: _Cues) -> bool:
    """Whether a negation cue governs the mention starting at ``start``: walking back through
    filler and other mentions ("not Slack or Jira") to the clause start."""
    steps = 0
    j = start - 1
    while j >= max(0, start - 24) and steps < 6:
        if j in cues.selectors:
            return False
        if j in cues.negators:
            # "none of those except Slack" selects Slack, like "none except Slack".
            selects = tokens[j] in _EXCEPT_WORDS and _NONE_WORDS.intersection(
                tokens[max(0, j - 4) : j]
            )
            return not selects
        token = tokens[j]
        if token in CLAUSE_BREAKS or token in _BREAKERS:
            return False
        if not claimed[j]:
            if token not in _SKIPPABLE:
                return False
            steps += 1
        j -= 1
    return False


def _ordinal(token: str) -> int | None:
    """ "second", "2nd", and the ordinals of the other supported languages ("segundo")."""
    value = ordinal_value(token)
    return value if value is not None else languages.ORDINALS.get(token)
