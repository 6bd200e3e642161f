"""Each session's trust verdict as a report reads it: stored, or checked on the fly.

A session stored before the guard existed (or imported) has no verdict row; the report then
checks it in memory against the rest of its study, like it scores an unscored session's depth.
"""

from __future__ import annotations

from dataclasses import dataclass

from interviewer.quality.assessment import assess
from interviewer.quality.signals import Signal, Verdict, flag_names
from interviewer.quality.trust import study_materials
from interviewer.store import LoadedSession, Store
from interviewer.store.trust_store import study_trust


@dataclass(frozen=True)
class SessionTrust:
    verdict: Verdict
    reasons: tuple[str, ...]
    exclusion: str
    """Why the report leaves the session out, grouped by its flags: "untrusted (pasted)"."""


def session_trust(
    store: Store, study_id: str, views: list[LoadedSession]
) -> dict[str, SessionTrust]:
    """The effective verdict of every study-data session of ``study_id``, by session id."""
    stored = study_trust(store, study_id)
    found: dict[str, SessionTrust] = {}
    missing = [v for v in views if v.session.id not in stored and v.session.is_study_data]
    if missing:
        materials = study_materials(store, study_id, views)
        for view in missing:
            material = materials.materials.get(view.session.id)
            if material is None:
                continue
            result = assess(material, materials.index)
            signals = list(result.signals)
            found[view.session.id] = SessionTrust(
                result.verdict, tuple(s.reason for s in signals), _exclusion(signals)
            )
    for session_id, record in stored.items():
        if record.override is not None:
            exclusion = "untrusted (set by a researcher)"
        else:
            exclusion = _exclusion([Signal.from_json(s) for s in record.signals])
        found[session_id] = SessionTrust(record.effective, tuple(record.reasons), exclusion)
    return found


def _exclusion(signals: list[Signal]) -> str:
    severe = [s for s in signals if s.severity == "exclude"]
    names = flag_names(severe) or ["trust guard"]
    return f"untrusted ({', '.join(names)})"
