"""Is a respondent's message an attempt to re-task the moderator? The detection layer.

This is the *second* layer against prompt injection. The first is structural and does not depend
on recognising anything: every prompt fences respondent text inside a data block it cannot close
(``interviewer.prompts.fence``), the hidden goal and hypotheses are never in a moderator prompt,
the offline moderator never quotes a clause that addresses it, and model output is checked before
a respondent sees it (``moderator/guard.py``). What this module recognises is answered with a
steer back to the question, offline, and is never stored as an answer.

Disguises are undone before matching: Unicode look-alikes and fullwidth forms (NFKC plus a
confusables map for Cyrillic/Greek letters inside Latin words), invisible characters, spaced
letters and separators ("i g n o r e", "ignore_previous-instructions"), digits for letters,
percent-encoding, and base64 or hex blobs that decode to text.
"""

from __future__ import annotations

import base64
import binascii
import re
from functools import lru_cache
from urllib.parse import unquote

from interviewer.parsing import injection_rules as rules
from interviewer.parsing.text import normalize

_ATTACKS = rules._compile([*rules.ATTACKS_EN, *rules.ATTACKS_OTHER])
_NARRATABLE = rules._compile([*rules.NARRATABLE_EN, *rules.NARRATABLE_OTHER])
_CLAUSE = re.compile(r"[.!?,;:()]|\s-\s")

_SEPARATORS = re.compile(r"[-_.*/|\\~+=]+")
_SPACED_LETTERS = re.compile(r"\b(?:[a-z] ){2,}[a-z]\b")
_LEET = str.maketrans("0134579@$", "oieastgas")
# Cyrillic and Greek letters that look like Latin ones; only swapped inside a word that also has
# Latin letters ("ignоre" with a Cyrillic о), so Russian and Greek text is left alone.
_CONFUSABLES = str.maketrans(
    "аеорсуххіјѕԁɡһкмтвнАЕОРСУХІЈЅКМТВНαοιкνρτυχ",
    "aeopcyxxijsdghkmtbhAEOPCYXIJSKMTBHaoikvptux",
)
_LATIN = re.compile(r"[a-zA-Z]")
_NON_LATIN_LETTER = re.compile(r"[\u0370-\u03ff\u0400-\u04ff\u0250-\u02af]")
_BASE64 = re.compile(r"(?<![\w+/])[A-Za-z0-9+/]{16,}={0,2}(?![\w+/=])")
_HEX = re.compile(r"\b(?:[0-9a-fA-F]{2}){8,}\b")
_PERCENT = re.compile(r"%[0-9a-fA-F]{2}")


def is_injection(text: str, previous: str = "") -> bool:
    """``text`` (or ``previous`` + ``text``, for an order split across two messages) reads as
    an attempt to change the moderator's instructions, role or task, or to extract its prompt,
    the study's goals or other participants' answers."""
    if _matches(text):
        return True
    return bool(previous) and _matches(f"{previous[-300:]} {text}")


@lru_cache(maxsize=512)
def _matches(text: str) -> bool:
    # Cached: one turn asks about the same text several times (the intent, the split-message
    # reading, the writer's and the guard's checks).
    for variant in variants(text):
        if any(rule.search(variant) for rule in _ATTACKS):
            return True
        if rules.AUTHORITY.search(variant) and rules.ORDER.search(variant):
            return True
        for rule in _NARRATABLE:
            for match in rule.finditer(variant):
                before = _CLAUSE.split(variant[: match.start()])[-1].split()[-4:]
                if "you" in before or not rules.NARRATORS.intersection(before):
                    return True
    return False


@lru_cache(maxsize=512)
def variants(text: str) -> frozenset[str]:
    """The message as written and with each disguise undone, normalized (lower case, single
    spaces, contractions expanded) — plus the raw casefolded text, for tags and quotes."""
    decoded = [text, *_decoded(text)]
    found: set[str] = {text.casefold()}
    for candidate in decoded:
        candidate = _unconfuse(candidate)
        normalized = normalize(candidate)
        despaced = _SEPARATORS.sub(" ", normalized)
        joined = _SPACED_LETTERS.sub(lambda m: m.group(0).replace(" ", ""), despaced)
        unleet = normalize(
            " ".join(w.translate(_LEET) if _mixes(w) else w for w in candidate.split())
        )
        found |= {normalized, " ".join(despaced.split()), " ".join(joined.split()), unleet}
    return frozenset(found)


def _decoded(text: str) -> list[str]:
    """Percent-encoded, base64 and hex parts of ``text`` as the text they encode."""
    out: list[str] = []
    if _PERCENT.search(text):
        out.append(unquote(text))
    for blob in _BASE64.findall(text):
        padded = blob + "=" * (-len(blob) % 4)
        try:
            out.append(_printable(base64.b64decode(padded, validate=True)))
        except (binascii.Error, ValueError):
            continue
    for blob in _HEX.findall(text):
        try:
            out.append(_printable(bytes.fromhex(blob)))
        except ValueError:
            continue
    return [o for o in out if o]


def _printable(raw: bytes) -> str:
    """Decoded bytes as text when they are mostly readable text, else ``""``."""
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError:
        return ""
    readable = sum(c.isprintable() or c.isspace() for c in decoded)
    letters = sum(c.isalpha() for c in decoded)
    return decoded if readable >= 0.95 * len(decoded) and letters >= 0.5 * len(decoded) else ""


def _unconfuse(text: str) -> str:
    return " ".join(
        word.translate(_CONFUSABLES)
        if _LATIN.search(word) and _NON_LATIN_LETTER.search(word)
        else word
        for word in text.split(" ")
    )


def _mixes(word: str) -> bool:
    return any(c.isalpha() for c in word) and any(c.isdigit() or c in "@$" for c in word)


# Broader than an attack, and cheap to be wrong about: words about the moderator, the prompt or
# the study, an order addressed to "you", or markup. A message that has any of these is never
# quoted back and never sent to a model to phrase a reply to (the offline wording is used).
_META = re.compile(
    r"\b(?:prompts?|instructions?|chatbot|chat ?gpt|gpt|llm|language model|moderator|"
    r"interviewer|hypothes[ie]s|participants?|respondents?|role ?play|in character|jailbr\w*|"
    r"dan|base64|json|developer mode|admin(?:istrator)?|research(?:ers?)? (?:goal|team)|"
    r"interview guide|your (?:system|rules|job|task|role|purpose|goals?|creator|developer|owner|"
    r"boss|model|programming|training|setup|config\w*)|objecti[fv]\w*|objetivos?|ziele?|"
    r"obiettiv\w*|hypoth\w*|hip[oó]tes\w*|teilnehmer\w*|participantes|anweisungen|"
    r"instrucciones|instruç\w+|consignes|istruzioni|magic word|code word|remember this|new rules?|(?:rules|instructions) "
    r"(?:above|before)|your (?:next|only|last|first|final) (?:message|reply|answer|response)|"
    r"from now on|you are now|(?:break|stay in|out of|drop the) character|what model|"
    r"(?:this|the) (?:interview|study|survey|research|questionnaire)|this question|you (?:were|have been|are) "
    r"(?:told|asked|instructed|programmed|trained|supposed)|were you (?:told|asked|given))\b"
    r"|(?:^|[.!?;:,]\s*|\b(?:and|then|can you|could you|would you|will you|i want you to|i need you to|"
    r"you must|you should|you will|you have to|you need to|you are now)\s+)(?:please\s+)?"
    r"(?:say|tell|show|give|write|print|repeat|reply|respond|answer|ignore|forget|pretend|act|"
    r"translate|list|explain|describe|reveal|summari[sz]e|output|type|stop being|become)\b"
    r"|\byou\b[^.!]*\?"  # a question to the moderator
    r"|\b(?:escríbeme|escribeme|dime|muéstrame|muestrame|dis-moi|montre-moi|écris-moi|zeig mir|"
    r"sag mir|schreib mir|mostre-me|diga-me|escreva-me|mostrami|dimmi|scrivimi)\b"
    r"|[<>{}\[\]`|]"
)


def addresses_moderator(text: str) -> bool:
    """``text`` talks to or about the moderator, its prompt or the study, gives it an order, or
    carries markup — or is an attack (:func:`is_injection`)."""
    return any(_META.search(v) for v in variants(text)) or is_injection(text)
