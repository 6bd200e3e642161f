"""Theme names a reader understands at a glance: the theme's own key phrase, in respondents' words.

Candidates are the phrases respondents actually said — runs of one to four words that start and
end with a topic-bearing word ("feature importance", "ICE plots", "consent for quoting
participants"); fillers never, stopwords only inside. Each candidate is scored as class-based
TF-IDF does (how much more often the theme's sentences use it than all sentences do), favouring
phrases several respondents used and phrases of two or three words, which name a topic better
than one word. Siblings and a parent never share a name, and a second phrase is added with
"and" only when the two co-occur in the theme's sentences — never two unrelated words.

A phrase respondents mostly repeat from the question they were just asked ("Any tasks you were
unable to perform?" → "none I was unable to perform") is the interviewer's word, not theirs:
it names what was asked, not what was said, so it is discounted by the share of its uses that
echo the question.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Collection, Sequence
from itertools import pairwise

from interviewer.synthesis.offline.lexicon import fillers, language_code, stopwords
from interviewer.synthesis.offline.sentiment import opinion_words

MAX_PHRASE_WORDS = 4
_CONNECTORS = frozenset("of for to in on with and or the a an per by from".split())
"""The only small words a name may contain, between topic words ("consent for quoting")."""
_ARTICLES = frozenset("the a an".split())
_DETERMINERS = _ARTICLES | frozenset(
    "this that these those my our your their his her its some any each every another".split()
)
"""In English, a single word is a name only if respondents use it as a noun somewhere — after
one of these ("the table", "a filter", "our clustering") — so "calculate" or "predicting"
never name a theme. Acronyms ("PDP", "MSE") need no such proof."""
_PREPOSITIONS = frozenset("of for to in on with by from per".split())
_PAST_TENSE = re.compile(r"^\w{4,}ed$")
"""English words like "messaged" or "approved" end a clause, not a name."""
_MASKED = re.compile(r"^(\w)\1{2,}$", re.IGNORECASE)
"""Anonymised words ("XXXX") are no topic."""
_TOKEN = re.compile(r"[^\W\d_][\w'’-]*|\d[\d.,]*|[^\w\s]", re.UNICODE)
_LENGTH_BONUS = {1: 1.0, 2: 2.0, 3: 2.2, 4: 1.6}
MIN_WORD_LIFT = 2.0
"""A single word must be at least twice as common in the group as overall to name it: words
every theme uses ("model", "feature") name none."""
"""Two- and three-word phrases name a topic better than one word ("feature importance" vs
"feature"); four words are usually a clause, not a name."""
MIN_SHARE_FOR_PAIR = 0.5
"""Two phrases are joined ("Clusters and highlighting") when at least this share of the
sentences that use the second also use the first: they are talked about together."""


class Labeller:
    """Counts the candidate phrases of every sentence once, then names any group of them."""

    def __init__(
        self,
        texts: Sequence[str],
        language: str | None = None,
        speakers: Sequence[str] | None = None,
        asked: Sequence[str] | None = None,
    ) -> None:
        self._english = language_code(language) == "en"
        self._stop = stopwords(language)
        self._fillers = fillers(language)
        self._evaluative = opinion_words()
        self._spellings: dict[str, Counter[str]] = {}
        self._nouns: set[str] = set()  # English counting keys seen after a determiner
        self._phrases: list[frozenset[str]] = [self._candidates(t) for t in texts]
        self._df: Counter[str] = Counter()
        for phrases in self._phrases:
            self._df.update(phrases)
        # Per sentence, its phrases that the question just asked also contained.
        questions: dict[str, frozenset[str]] = {}
        self._echoes: list[frozenset[str]] = []
        for index, phrases in enumerate(self._phrases):
            question = asked[index] if asked is not None else ""
            if question and question not in questions:
                questions[question] = self._candidates(question, count=False)
            self._echoes.append(phrases & questions[question] if question else frozenset())
        self._n = max(len(texts), 1)
        self._speakers = (
            list(speakers) if speakers is not None else [str(i) for i in range(len(texts))]
        )

    def ranked(self, members: Sequence[int], n: int = 8) -> list[str]:
        """The group's ``n`` best phrase keys, best first, none contained in a better one."""
        counts: Counter[str] = Counter()
        echoed: Counter[str] = Counter()
        who: dict[str, set[str]] = {}
        for index in members:
            counts.update(self._phrases[index])
            echoed.update(self._echoes[index])
            for phrase in self._phrases[index]:
                who.setdefault(phrase, set()).add(self._speakers[index])
        if not counts:
            return []
        size = max(len(members), 1)
        speakers = len({self._speakers[i] for i in members})
        scored = []
        for phrase, count in counts.items():
            if count < 2 and size >= 10:
                continue  # said once: a name must be something the group talks about
            words = phrase.count(" ") + 1
            if words == 1 and self._english and not self._noun(phrase):
                continue  # "calculate", "predicting": said, but not as the name of a thing
            lift = (count / size) / (self._df[phrase] / self._n)
            if lift <= (1.0 if words > 1 else MIN_WORD_LIFT):
                continue  # no more typical of this group than of everything said
            # One person's turn of phrase names less of what several said.
            reach = 0.5 + 0.5 * len(who[phrase]) / speakers
            weight = (count / size) * math.log(lift) * _LENGTH_BONUS.get(words, 1.0) * reach
            weight *= 1.0 - echoed[phrase] / count  # the question's words are not theirs
            if weight <= 0:
                continue
            scored.append((weight, phrase))
        scored.sort(key=lambda item: (-item[0], item[1]))
        chosen: list[str] = []
        for _weight, phrase in scored:
            if any(_contains(c, phrase) or _contains(phrase, c) for c in chosen):
                continue
            chosen.append(phrase)
            if len(chosen) == n:
                break
        return chosen

    def phrases_of(self, index: int) -> frozenset[str]:
        """The candidate phrase keys of one sentence."""
        return self._phrases[index]

    def labels(self, groups: Sequence[Sequence[int]], *, taken: Collection[str] = ()) -> list[str]:
        """One distinct name per group (of sentence indices), in order."""
        used = {t.casefold() for t in taken}
        names: list[str] = []
        for number, members in enumerate(groups, start=1):
            name = self._name(members, used) or f"Theme {number}"
            used.add(name.casefold())
            names.append(name)
        return names

    def definition(self, members: Sequence[int]) -> str:
        """One sentence saying what belongs in the group."""
        phrases = [self.shown(p) for p in self.ranked(members, 4)]
        if not phrases:
            return "Sentences that resemble each other but share no distinctive phrase."
        listed = (
            phrases[0] if len(phrases) == 1 else ", ".join(phrases[:-1]) + " and " + phrases[-1]
        )
        return f"What respondents said about {listed}."

    def shown(self, phrase: str) -> str:
        """The spelling respondents used most (lower case wins a tie; acronyms keep capitals)."""
        spellings = self._spellings.get(phrase)
        if not spellings:
            return phrase
        return max(sorted(spellings), key=lambda s: (spellings[s], s.islower()))

    def _name(self, members: Sequence[int], used: set[str]) -> str:
        ranked = self.ranked(members, 8)
        for lead in ranked:
            name = _capitalise(self.shown(lead))
            partner = self._partner(lead, ranked, members)
            if partner is not None and " " not in lead and " " in partner:
                paired = f"{name} and {self.shown(partner)}"
                if paired.casefold() not in used:
                    return paired
            if name.casefold() not in used:
                return name
        return ""

    def _partner(self, lead: str, ranked: Sequence[str], members: Sequence[int]) -> str | None:
        """A second phrase talked about together with ``lead`` in the group, if any."""
        for other in ranked[1:4]:
            if other == lead or _contains(other, lead) or _contains(lead, other):
                continue
            with_other = [i for i in members if other in self._phrases[i]]
            both = sum(1 for i in with_other if lead in self._phrases[i])
            if with_other and both / len(with_other) >= MIN_SHARE_FOR_PAIR:
                return other
        return None

    def _noun(self, phrase: str) -> bool:
        shown = self.shown(phrase)
        return phrase in self._nouns or (shown.isupper() and len(shown) >= 2)

    def _candidates(self, text: str, count: bool = True) -> frozenset[str]:
        tokens = _TOKEN.findall(text)
        found: set[str] = set()
        if count and self._english:
            for before, token in pairwise(tokens):
                word = self._word(token) if before.lower() in _DETERMINERS else None
                if word is not None:
                    self._nouns.add(word[1])
        for start in range(len(tokens)):
            first = self._word(tokens[start])
            if first is None or first[0] in self._stop or first[0] in self._evaluative:
                continue
            keys: list[str] = []
            shown: list[str] = []
            for token in tokens[start : start + MAX_PHRASE_WORDS]:
                word = self._word(token)
                if word is None or word[0] in self._fillers:
                    break
                if word[0] in self._stop and word[0] not in _CONNECTORS:
                    break  # "Friday was matching" is a clause, not a name
                if word[0] in _ARTICLES and (not keys or keys[-1] not in _PREPOSITIONS):
                    break  # "rest of the clusters" names; "produces the split" is a clause
                keys.append(word[1])
                shown.append(word[2])
                if (
                    word[0] not in self._stop
                    and word[0] not in self._evaluative
                    and not (self._english and _PAST_TENSE.search(word[0]))
                ):
                    # a phrase ends on a topic-bearing word, not on an opinion ("Nice")
                    key = " ".join(keys)
                    found.add(key)
                    if count:
                        self._spellings.setdefault(key, Counter())[" ".join(shown)] += 1
        return frozenset(found)

    def _word(self, token: str) -> tuple[str, str, str] | None:
        """(lower case, counting key, spelling shown) of a word token; None for anything else."""
        if not token[0].isalpha() or _MASKED.match(token):
            return None
        surface = token.replace("’", "'")
        if self._english and surface.lower().endswith("'s"):
            surface = surface[:-2]
        lower = surface.lower()
        if "'" in lower or len(lower) < 2:
            return None  # contractions ("it's", "didn't") name nothing
        shown = surface if surface.isupper() and len(surface) <= 6 else lower
        return lower, _singular(lower) if self._english else lower, shown


def _contains(longer: str, shorter: str) -> bool:
    return f" {shorter} " in f" {longer} "


def _capitalise(phrase: str) -> str:
    return phrase[:1].upper() + phrase[1:]


def _singular(word: str) -> str:
    """A plural's singular by the regular English rules, so "plot" and "plots" count as one."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "shes", "ches", "xes", "zzes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word
