"""PII redaction applied to transcripts before any text reaches a model or a report.

Redaction runs once, on every turn, when the corpus is loaded: the model only ever sees
redacted text, quotes are verified against the redacted turns, and the report shows those same
turns. So a quote stays a verbatim substring of the transcript the report displays.

What is replaced: email addresses, phone numbers, URLs that carry credentials or tokens
(``?token=…``, ``user:pass@``, long random path segments), and names the researcher lists.
Each kind becomes a bracketed placeholder such as ``[email]``. The patterns favour recall on
the formats people actually type; they are not a guarantee, so reports say what was redacted.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

EMAIL = re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b")
# International or national numbers with 7+ digits, allowing spaces, dots, dashes and
# parentheses between groups ("+44 20 7946 0958", "(415) 555-0132", "555.013.2222").
PHONE = re.compile(
    r"(?<![\w/])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]\d{2,4}){1,4}(?![\w/])"
)
URL = re.compile(r"\bhttps?://[^\s<>\"')\]]+|\bwww\.[^\s<>\"')\]]+", re.IGNORECASE)
_SECRET_QUERY = re.compile(
    r"[?&#](?:token|access_token|auth|key|api_key|apikey|sig|signature|code|session|sid|"
    r"password|pwd|secret|invite|magic)=",
    re.IGNORECASE,
)
_RANDOM_SEGMENT = re.compile(r"[A-Za-z0-9_-]{20,}")
_MIN_PHONE_DIGITS = 7

PLACEHOLDERS = {"email": "[email]", "phone": "[phone]", "url": "[url]", "name": "[name]"}


@dataclass
class Redactor:
    """Replaces PII in text; counts what it replaced (for the report's methodology)."""

    names: tuple[str, ...] = ()
    """Names to remove, matched as whole words, case-insensitively (e.g. ``("Dana", "Acme")``)."""
    patterns: bool = True
    """Redact emails, phone numbers and URLs with tokens."""
    counts: Counter[str] = field(default_factory=Counter)
    """How many of each kind were replaced so far."""

    def __post_init__(self) -> None:
        cleaned = sorted({n.strip() for n in self.names if n.strip()}, key=len, reverse=True)
        self.names = tuple(cleaned)
        # Longest names first so "Dana Smith" wins over "Dana".
        self._names = (
            re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in cleaned) + r")(?!\w)", re.I)
            if cleaned
            else None
        )

    @property
    def active(self) -> bool:
        return self.patterns or self._names is not None

    def describe(self) -> list[str]:
        """What this redactor removes, for the report's methodology."""
        kinds = ["email addresses", "phone numbers", "URLs with tokens"] if self.patterns else []
        if self.names:
            kinds.append(f"{len(self.names)} listed name{'s' if len(self.names) != 1 else ''}")
        return kinds

    def redact(self, text: str) -> str:
        if not text:
            return text
        if self.patterns:
            # URLs first: "https://user:pass@host" is a credential, not an email address.
            text = URL.sub(self._url, text)
            text = EMAIL.sub(self._counted("email"), text)
            text = PHONE.sub(self._phone, text)
        if self._names is not None:
            text = self._names.sub(self._counted("name"), text)
        return text

    def redact_all(self, texts: Iterable[str]) -> list[str]:
        return [self.redact(t) for t in texts]

    def _counted(self, kind: str) -> Callable[[re.Match[str]], str]:
        def replace(_: re.Match[str]) -> str:
            self.counts[kind] += 1
            return PLACEHOLDERS[kind]

        return replace

    def _url(self, match: re.Match[str]) -> str:
        url = match.group(0)
        address = re.sub(r"^(?:https?://)?", "", url, flags=re.IGNORECASE)
        host, _, rest = address.partition("/")
        path = rest.split("?", 1)[0].split("#", 1)[0]
        if "@" in host or _SECRET_QUERY.search(url) or _RANDOM_SEGMENT.search(path):
            self.counts["url"] += 1
            return PLACEHOLDERS["url"]
        return url

    def _phone(self, match: re.Match[str]) -> str:
        digits = sum(c.isdigit() for c in match.group(0))
        if digits < _MIN_PHONE_DIGITS or _looks_like_date_or_amount(match.group(0)):
            return match.group(0)
        self.counts["phone"] += 1
        return PLACEHOLDERS["phone"]


_DATE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}")
_AMOUNT = re.compile(r"\d{1,3}(?:[.,]\d{3})+")


def _looks_like_date_or_amount(text: str) -> bool:
    """Dates ("2024-03-01") and amounts ("1.500.000") are not phone numbers; "555.013.2222" is."""
    stripped = text.strip()
    return bool(_DATE.fullmatch(stripped) or _AMOUNT.fullmatch(stripped))


def redactor_for(*, redact: bool, names: Iterable[str] = ()) -> Redactor | None:
    """The redactor a report asked for; listing names switches redaction on as a whole."""
    listed = tuple(n for n in names if n.strip())
    if not redact and not listed:
        return None
    return Redactor(names=listed)
