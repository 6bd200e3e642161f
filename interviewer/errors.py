"""The root of every error interviewer raises on purpose.

Each area raises its own typed subclass, defined next to the code that raises it (the store's in
``store/errors.py``, the model seam's in ``llm/base.py``…), so ``except InterviewerError`` catches
everything that is ours and nothing that is a bug in a dependency. Some subclasses also keep the
builtin base callers have long caught — ``ValueError`` for bad input (pydantic turns a validator's
``ValueError`` into a located validation error), ``KeyError`` for unknown ids, ``AssertionError``
for broken invariants that are never a user's fault — so the root changes no existing handler.

Every message says what went wrong and what to do about it, in one line a user can act on, and
never carries a secret (see ``cli/common.py: without_secrets``).
"""

from __future__ import annotations


class InterviewerError(Exception):
    """Something interviewer reports on purpose; the message says what to do next."""
