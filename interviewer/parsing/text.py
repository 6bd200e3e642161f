"""Respondent text, normalised once so every reader matches it the same way.

Chat answers arrive in every shape: curly apostrophes, emoji, "dont", "I'm", keycap digits,
line breaks, zero-width joiners pasted from other apps. :func:`normalize` folds all of that into
one lower-case form with contractions expanded ("don't" → "do not"), so every phrase table in
``parsing`` and ``intents`` lists a phrase once, in plain words, and still matches each spelling.
:func:`tokenize` splits that form into words and single punctuation marks; :func:`scan` finds
a table's phrases in a token list, longest first.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")
Phrase = tuple[str, ...]

# Emoji that carry an answer are read as words before the rest of the emoji are dropped.
_EMOJI_WORDS = {"👍": " yes ", "👎": " no ", "✅": " yes ", "✔": " yes ", "❌": " no ", "✖": " no "}
_APOSTROPHES = str.maketrans({c: "'" for c in "’‘ʼ`´′"} | {c: '"' for c in "“”„″"})
# Invisible characters: zero-width space/joiners, variation selectors, the keycap combiner (so
# "1️⃣" reads as "1"), the BOM, and emoji tag characters.
_INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff\ufe00-\ufe0f\u20e3\U000e0000-\U000e007f]")
# Spaced dashes and ranges become " - "; a hyphen inside a word ("e-mail") stays a hyphen.
_DASHES = re.compile(r"\s*[\u2012\u2013\u2014\u2015\u2212]\s*")
_WORD_HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-"})

# Contractions are expanded so phrase tables only need the long form. Order matters: the
# irregular negatives come before the generic "n't" rule, pronoun "'s" before possessive "'s".
_CONTRACTIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), repl)
    for pattern, repl in (
        (r"\bcan'?t\b|\bcannot\b", "can not"),
        (r"\bwon't\b|\bwont\b", "will not"),
        (r"\bshan'?t\b", "shall not"),
        (r"\bain'?t\b", "is not"),
        (
            r"\b(do|does|did|is|are|was|were|have|has|had|would|could|should|must|need|might)"
            r"n'?t\b",
            r"\1 not",
        ),
        (r"\bi'?m\b", "i am"),
        (r"\b(you|we|they)'re\b|\b(you|they)re\b", r"\1\2 are"),
        (r"\b(i|you|we|they)'ve\b|\b(i)ve\b", r"\1\2 have"),
        (r"\b(i|you|we|they|he|she|it|that|there)'ll\b", r"\1 will"),
        (r"\b(i|you|we|they|he|she|that|there|it)'d\b", r"\1 would"),
        (r"\b(it|that|what|there|here|who|where|how|he|she)'s\b", r"\1 is"),
        (r"\b(that|what|there|here)s\b", r"\1 is"),
        (r"\blet'?s\b", "let us"),
        (r"'s\b|(?<=s)'(?=\s|$)", ""),  # possessives: "Slack's" → "slack"
        (r"\bgonna\b", "going to"),
        (r"\bwanna\b", "want to"),
        (r"\bgotta\b", "got to"),
        (r"\bidk\b", "i do not know"),
        (r"\bdunno\b", "do not know"),
        (r"\bnvm\b", "never mind"),
        (r"\bp(?:ls|lz)\b", "please"),
        (r"\bthx\b", "thanks"),
        (r"\bu\b", "you"),
        (r"\bur\b", "your"),
    )
)
_AMPERSAND = re.compile(r"\s*&\s*|\s\+\s")
_NEWLINES = re.compile(r"\s*[\r\n]+\s*")
_SPACES = re.compile(r"\s+")
_TOKEN = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*|[^\w\s]")

CLAUSE_BREAKS = frozenset(",.;:!?()[]>-<")
"""Punctuation that ends a clause: negation and phrase matches never cross it."""


def _drop_symbol(char: str) -> str:
    # Emoji, pictographs, dingbats and modifier symbols (skin tones) carry no answer text.
    return " " if unicodedata.category(char) in ("So", "Sk", "Cs", "Co") else char


def normalize(text: str) -> str:
    """Lower-case, emoji-free ``text`` with contractions expanded and single spaces.

    A line break becomes a full stop, so a list typed one item per line reads as separate
    clauses. ``&`` and a spaced ``+`` become "and".
    """
    for emoji, word in _EMOJI_WORDS.items():
        text = text.replace(emoji, word)
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text).translate(_APOSTROPHES).translate(_WORD_HYPHENS)
    text = "".join(_drop_symbol(c) for c in text)
    text = _NEWLINES.sub(" . ", text.strip())
    text = _DASHES.sub(" - ", text).replace("_", " ").casefold()
    for pattern, repl in _CONTRACTIONS:
        text = pattern.sub(repl, text)
    text = _AMPERSAND.sub(" and ", text)
    return _SPACES.sub(" ", text).strip()


def tokenize(normalized: str) -> list[str]:
    """Words (hyphen- and apostrophe-joined: "e-mail", "o'clock") and single punctuation marks."""
    return _TOKEN.findall(normalized)


def is_word(token: str) -> bool:
    return token[:1].isalnum()


def word_set(listing: str) -> frozenset[str]:
    """The whitespace-separated words of ``listing``: compact vocabulary tables."""
    return frozenset(listing.split())


def word_list(listing: str) -> list[str]:
    return listing.split()


# -- numbers -------------------------------------------------------------------------------

_UNITS = word_list(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
)
_TENS = word_list("twenty thirty forty fifty sixty seventy eighty ninety")
NUMBER_WORDS: dict[str, int] = {w: i for i, w in enumerate(_UNITS)} | {
    w: 20 + 10 * i for i, w in enumerate(_TENS)
}
NUMBER_WORDS["hundred"] = 100
for _ten in _TENS:
    for _unit in _UNITS[1:10]:
        NUMBER_WORDS[f"{_ten}-{_unit}"] = NUMBER_WORDS[_ten] + NUMBER_WORDS[_unit]

_ORDINAL_NAMES = word_list(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
)
ORDINALS: dict[str, int] = {w: i + 1 for i, w in enumerate(_ORDINAL_NAMES)}
_NUMERIC_ORDINAL = re.compile(r"^(\d{1,3})(?:st|nd|rd|th)$")


def number_value(token: str) -> int | None:
    """The integer a single token spells: "7", "seven", "twenty-five"; else ``None``."""
    if token.isdigit():
        return int(token)
    return NUMBER_WORDS.get(token)


def ordinal_value(token: str) -> int | None:
    """The position an ordinal token names: "second" → 2, "3rd" → 3; else ``None``."""
    if token in ORDINALS:
        return ORDINALS[token]
    match = _NUMERIC_ORDINAL.match(token)
    return int(match.group(1)) if match else None


# -- phrase tables -------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit(Generic[T]):
    """One phrase found by :func:`scan`."""

    start: int
    """Index of the phrase's first token."""
    end: int
    """Index one past its last token."""
    value: T
    """What the table maps the phrase to."""


def listing(phrases: str) -> list[str]:
    """The comma-separated phrases of ``phrases`` (line breaks and indentation ignored)."""
    return [" ".join(p.split()) for p in phrases.split(",") if p.strip()]


def phrase_set(phrases: str) -> frozenset[Phrase]:
    """Comma-separated phrases as token tuples, normalised like respondent text."""
    return frozenset(tuple(tokenize(normalize(p))) for p in listing(phrases))


def phrase_table(entries: Mapping[str, T]) -> dict[Phrase, T]:
    """A table keyed by token tuples; keys are normalised like respondent text, so "don't"
    in a table matches "dont", "don't" and "do not" alike."""
    return {tuple(tokenize(normalize(phrase))): value for phrase, value in entries.items()}


def scan(tokens: Sequence[str], table: Mapping[Phrase, T]) -> list[Hit[T]]:
    """Non-overlapping occurrences of the table's phrases, left to right, longest first."""
    longest = max((len(p) for p in table), default=0)
    hits: list[Hit[T]] = []
    i = 0
    while i < len(tokens):
        for size in range(min(longest, len(tokens) - i), 0, -1):
            phrase = tuple(tokens[i : i + size])
            if phrase in table:
                hits.append(Hit(i, i + size, table[phrase]))
                i += size
                break
        else:
            i += 1
    return hits


def strip_phrases(tokens: Sequence[str], removable: frozenset[Phrase]) -> list[str]:
    """The words left after removing every occurrence of ``removable`` phrases (longest first)
    and all punctuation: what a message says besides filler."""
    longest = max((len(p) for p in removable), default=0)
    kept: list[str] = []
    i = 0
    while i < len(tokens):
        sizes = range(min(longest, len(tokens) - i), 0, -1)
        size = next((n for n in sizes if tuple(tokens[i : i + n]) in removable), 0)
        if size:
            i += size
            continue
        if is_word(tokens[i]):
            kept.append(tokens[i])
        i += 1
    return kept
