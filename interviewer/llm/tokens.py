"""Token counts for budgeting prompts (synthesis packing, transcript trimming).

Counts use OpenAI's ``cl100k_base`` vocabulary with the official ``tiktoken`` library. The
vocabulary file ships inside this package (``interviewer/data/cl100k_base.tiktoken.gz``, with
its licence beside it) and is handed to ``tiktoken.Encoding`` directly: ``tiktoken.get_encoding``
would download it on first use, and interviewer must run offline, so tiktoken's download and
cache code is never reached. For non-OpenAI models the count is an approximation either way;
budgets leave headroom.

Without ``tiktoken`` (or with the file missing or damaged) the counts fall back to an estimate
of four characters per token.
"""

from __future__ import annotations

import base64
import functools
import gzip
import hashlib
import logging
import math
from collections.abc import Sequence
from importlib import resources
from typing import TYPE_CHECKING

from interviewer.llm.base import Message

if TYPE_CHECKING:
    import tiktoken

log = logging.getLogger(__name__)

ENCODING = "cl100k_base"
"""The vocabulary counted in; its ranks ship in ``interviewer/data``."""
VOCABULARY_FILE = "data/cl100k_base.tiktoken.gz"
"""The shipped vocabulary, gzipped (0.8 MB instead of 1.7 MB), relative to the package."""
VOCABULARY_SHA256 = "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7"
"""SHA-256 of the uncompressed file, as tiktoken itself pins it for OpenAI's published copy."""
ESTIMATE = "estimate (4 characters per token)"
"""What :func:`encoding_name` reports when the encoding is unavailable."""
CHARS_PER_TOKEN = 4
"""English prose averages about four characters per cl100k token."""

# cl100k_base's split pattern and special tokens, as tiktoken_ext/openai_public.py defines them.
_PATTERN = (
    r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+"""
    r"""|\s++$|\s*[\r\n]|\s+(?!\S)|\s"""
)
_SPECIAL_TOKENS = {
    "<|endoftext|>": 100257,
    "<|fim_prefix|>": 100258,
    "<|fim_middle|>": 100259,
    "<|fim_suffix|>": 100260,
    "<|endofprompt|>": 100276,
}

# OpenAI's published accounting for chat prompts: every message is wrapped in
# <|start|>{role}\n{content}<|end|> (≈3 tokens plus the role), and every reply is primed
# with <|start|>assistant<|message|> (3 tokens).
TOKENS_PER_MESSAGE = 3
REPLY_PRIMING_TOKENS = 3


def _mergeable_ranks() -> dict[bytes, int]:
    """The shipped vocabulary; raises ``OSError``/``ValueError`` if it is missing or damaged."""
    packed = resources.files("interviewer").joinpath(VOCABULARY_FILE).read_bytes()
    contents = gzip.decompress(packed)
    if hashlib.sha256(contents).hexdigest() != VOCABULARY_SHA256:
        raise ValueError(f"{VOCABULARY_FILE} does not match cl100k_base (checksum differs)")
    ranks: dict[bytes, int] = {}
    for line in contents.splitlines():
        if line:
            token, rank = line.split()
            ranks[base64.b64decode(token)] = int(rank)
    return ranks


def _load_encoding() -> tiktoken.Encoding:
    """Build the encoding from the shipped file. Raises if ``tiktoken`` is not installed."""
    import tiktoken

    return tiktoken.Encoding(
        name=ENCODING,
        pat_str=_PATTERN,
        mergeable_ranks=_mergeable_ranks(),
        special_tokens=_SPECIAL_TOKENS,
    )


@functools.cache
def _encoding() -> tiktoken.Encoding | None:
    """The encoding, loaded once; ``None`` (and one warning) when it cannot be loaded."""
    try:
        return _load_encoding()
    except (ImportError, ValueError, OSError) as exc:
        log.warning(
            "Token counts are estimated (%d characters per token) because the %s encoding is "
            "unavailable (%s). `pip install tiktoken` gives exact counts.",
            CHARS_PER_TOKEN,
            ENCODING,
            exc,
        )
        return None


def encoding_name() -> str:
    """``"cl100k_base"``, or :data:`ESTIMATE` when falling back."""
    return ENCODING if _encoding() is not None else ESTIMATE


def count_tokens(text: str) -> int:
    """Tokens in ``text``; special-token markers in user text count as plain text."""
    if not text:
        return 0
    encoding = _encoding()
    if encoding is None:
        return math.ceil(len(text) / CHARS_PER_TOKEN)
    # disallowed_special=() stops tiktoken raising when a transcript happens to contain
    # a literal "<|endoftext|>"; it is then counted as ordinary characters.
    return len(encoding.encode(text, disallowed_special=()))


def count_messages(messages: Sequence[Message]) -> int:
    """Prompt tokens for a chat request, including the per-message and reply overhead."""
    if not messages:
        return 0
    body = sum(
        TOKENS_PER_MESSAGE + count_tokens(message.role) + count_tokens(message.content)
        for message in messages
    )
    return body + REPLY_PRIMING_TOKENS
