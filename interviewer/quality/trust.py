"""The trust guard over the store: check sessions, save verdicts beside the depth score.

``scoring.py``'s twin. A conversation checks its session when it ends (after the reply and the
depth score are stored); ``interviewer check STUDY_ID`` re-checks a whole study (a session
flagged as a duplicate of a *later* one needs the later one to exist). Verdicts are one row per
session in ``trust_verdicts``; a researcher's override survives re-checks.
"""

from __future__ import annotations

from dataclasses import dataclass

from interviewer.quality.assessment import Assessment, SessionMaterial, StudyIndex, assess
from interviewer.quality.materials import material_of
from interviewer.store import LoadedSession, Store
from interviewer.store.trust_store import client_facts, save_verdict


@dataclass(frozen=True)
class StudyMaterials:
    """Materials of a study's sessions (study data only) and the index over them."""

    materials: dict[str, SessionMaterial]
    index: StudyIndex


def study_materials(
    store: Store, study_id: str, views: list[LoadedSession] | None = None
) -> StudyMaterials:
    """Every study-data session of ``study_id`` as the guard reads it."""
    facts = client_facts(store, study_id)
    views = views if views is not None else store.load_sessions(study_id)
    materials = {
        v.session.id: material_of(v, facts.get(v.session.id))
        for v in views
        if v.session.is_study_data
    }
    return StudyMaterials(materials, StudyIndex.of(list(materials.values())))


def check_stored_session(store: Store, session_id: str) -> Assessment:
    """Check one session against its study and store the verdict."""
    view = store.load_session(session_id)
    found = study_materials(store, view.session.study_id)
    material = found.materials.get(session_id) or material_of(view)
    result = assess(material, found.index)
    _save(store, result)
    return result


def check_study(store: Store, study_id: str) -> list[Assessment]:
    """Check (and store) every study-data session of a study, oldest first."""
    found = study_materials(store, study_id)
    ordered = sorted(found.materials.values(), key=lambda m: (m.started_at, m.session_id))
    results = [assess(m, found.index) for m in ordered]
    for result in results:
        _save(store, result)
    return results


def _save(store: Store, result: Assessment) -> None:
    save_verdict(
        store,
        result.session_id,
        result.verdict,
        [s.as_json() for s in result.signals],
        result.checker,
    )
