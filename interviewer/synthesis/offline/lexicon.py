"""Per-language word lists the offline engine reads text with: stopwords and spoken fillers.

Stopwords come from the maintained ``stop-words`` package (one list per language). Fillers and
backchannels — the "um", "yeah", "o sea" of spoken answers — are not in any stopword list, and
they are what made theme labels like "Um · shapley" or "Oh · cool": they are listed here, short
and per language, because no maintained package carries them.
"""

from __future__ import annotations

import re
from functools import cache

from stop_words import StopWordError, get_stop_words

FILLERS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "um umm uh uhh uhm erm er ah ahh oh ooh hmm hm mm mhm mmhm uh-huh huh yeah yeh yep yup "
        "yes no nope okay ok alright right like well so sure cool gotcha wow whoa "
        "basically actually literally honestly totally really just kinda sorta stuff thing things "
        "unintelligible inaudible crosstalk laughter laughs laugh vocalsound disfmarker "
        "gap pause xxx sorry hey guess mean know think lot bit kind sort".split()
    ),
    "es": frozenset(
        "eh em este esto pues bueno vale o sea osea sí si no claro vale ah oh mmm ajá aja "
        "tipo bien ya venga vamos hombre mira oye digamos".split()
    ),
    "de": frozenset(
        "äh ähm ehm hm hmm ja nein naja na also halt eben mal so genau okay ok gut ach oh "
        "quasi sozusagen irgendwie eigentlich".split()
    ),
    "fr": frozenset(
        "euh heu ben bah bon voilà quoi hein ouais oui non ok okay ah oh alors donc genre "
        "enfin bref tiens écoute truc".split()
    ),
    "pt": frozenset(
        "é eh hum hmm ah oh tipo né então bom sim não ok okay pois olha bem assim tá "
        "beleza cara".split()
    ),
}
"""Words that carry no topic in speech. English also lists verbs of hedging ("guess", "mean",
"know", "think") that make up most of "I guess", "I mean", "you know", "I think"."""

_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)


def language_code(language: str | None) -> str:
    """``"es-MX"`` → ``"es"``; unknown or empty → ``"en"``."""
    code = (language or "en").split("-")[0].split("_")[0].lower()
    return code or "en"


@cache
def stopwords(language: str | None) -> frozenset[str]:
    """The language's stopwords (lower case), plus its fillers; English when unknown."""
    code = language_code(language)
    try:
        words = get_stop_words(code)
    except StopWordError:
        words = get_stop_words("en")
    return frozenset(w.lower() for w in words) | fillers(code)


def fillers(language: str | None) -> frozenset[str]:
    return FILLERS.get(language_code(language), FILLERS["en"])


def words(text: str) -> list[str]:
    """The words of ``text`` in order, lower case (no numbers, no punctuation)."""
    return [w.lower().strip("'’-") for w in _WORD.findall(text)]


def content_words(text: str, language: str | None = None) -> list[str]:
    """Words that can carry a topic: not stopwords, not fillers, at least two letters."""
    stop = stopwords(language)
    return [w for w in words(text) if len(w) > 1 and w not in stop]


_MASKED = re.compile(r"^(\w)\1{2,}$")
"""Anonymised words ("XXXX") read as noise in a quote."""
_HESITATIONS = frozenset("um umm uh uhh uhm erm er eh äh ähm euh hmm mm".split())
CLEAN_FILLER_SHARE = 0.12
"""A sentence with more fillers than this ("um, like, you know") reads badly as a quote."""


_TRANSCRIBER_MARKS = re.compile(
    r"\b([Xx])\1{2,}\b|[({\[]\s*(?:unintelligible|inaudible|crosstalk|laughs?|vocalsound|"
    r"disfmarker|gap|pause)\b",
    re.IGNORECASE,
)
_OPENS_CLEANLY = re.compile(r"[\w\"“‘'¿¡(]", re.UNICODE)


def transcribed_cleanly(text: str) -> bool:
    """Nothing masked or marked by the transcriber, and a sentence that starts as one."""
    return not _TRANSCRIBER_MARKS.search(text) and bool(_OPENS_CLEANLY.match(text.lstrip()))


def reads_cleanly(text: str, language: str | None = None) -> bool:
    """Few enough fillers, and not opening with one ("Uh, can you…"), to quote in a sentence;
    nothing masked by the transcriber ("XXX XXXX", "(unintelligible)", "{vocalsound}") and no
    stray punctuation where the sentence should start ("..,mean squared error")."""
    tokens = words(text)
    if not tokens or not transcribed_cleanly(text):
        return False
    spoken = fillers(language)
    if tokens[0] in spoken and tokens[0] not in ("so", "well", "yes", "no", "right"):
        return tokens[0] not in {
            "um",
            "umm",
            "uh",
            "uhh",
            "uhm",
            "erm",
            "er",
            "eh",
            "äh",
            "ähm",
            "euh",
        }
    return sum(1 for t in tokens if t in spoken) / len(tokens) <= CLEAN_FILLER_SHARE
