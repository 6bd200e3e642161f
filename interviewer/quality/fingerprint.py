"""A respondent's device, as a salted hash: enough to notice the same one twice, never who.

The web server hashes the client's IP address and user agent with HMAC-SHA-256 under a
server-side salt (``$INTERVIEWER_FINGERPRINT_SALT`` / ``WebSettings.fingerprint_salt``) and
stores only the first 16 bytes of the digest. Without the salt the hash cannot be reversed by
trying every IPv4 address; the IP and user agent themselves are never stored or logged.
Without a configured salt no fingerprint is stored at all, and repeat respondents are
recognised only by invite links.
"""

from __future__ import annotations

import hashlib
import hmac

REPEAT_WINDOW_SECONDS = 24 * 3600.0
"""Two sessions of a study from one device within a day are likely one person twice; later,
a shared computer (a family, a library) is the likelier story."""


def client_hash(ip: str | None, user_agent: str | None, salt: str | None) -> str | None:
    """The salted hash of a client, or ``None`` when there is no salt or no address."""
    if not salt or not ip:
        return None
    message = f"{ip.strip()}\n{(user_agent or '').strip()}".encode()
    return hmac.new(salt.encode(), message, hashlib.sha256).hexdigest()[:32]
