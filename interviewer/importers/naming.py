"""A study id and title for an import, from the folder the files are in.

``interviewer import ../pdpilot_user_study/transcripts/*.txt`` should need no ``--study-id``:
the files' common folder names the study (``pdpilot-user-study``), skipping folders whose name
says only what the files are (``transcripts``, ``exports``, ``Downloads``…). Without a telling
folder, one file's name names it; else a plain fallback (``imported-interviews``).

Titles made here have one shape, ``<Name> (<n> imported <noun>)``, so a later import into the
same study can keep the count current without touching a title someone wrote.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

GENERIC_FOLDERS = frozenset(
    "transcripts transcript interviews interview calls call recordings recording captions "
    "subtitles notes data dataset datasets files file raw input inputs output outputs export "
    "exports import imports csv txt text md vtt srt surveys survey responses answers feedback "
    "downloads download desktop documents tmp temp".split()
)
"""Folder names (case-insensitive, ``_``/``-``/spaces ignored) that name no study."""
MAX_LEVELS = 3
"""How many folders, from the files' own, may name the study."""
MAX_ID = 64
"""The longest id a study may have (``Identifier`` in the study schema)."""
_GENERATED = re.compile(
    r"^(?:(?P<name>.+) \()?\d+ imported (?:interviews?|responses?|sessions?)(?(name)\))$", re.S
)


@dataclass(frozen=True)
class StudyName:
    """What an import calls the study it creates."""

    id: str
    """A valid study id: ``pdpilot-user-study``."""
    name: str | None
    """Words for the title (``Pdpilot user study``), or ``None`` for the plain fallback."""
    source: str
    """Where the id came from, for the user: ``the folder pdpilot_user_study``."""


def study_name(paths: Sequence[Path], *, kind: str) -> StudyName:
    """The study id and title words for importing ``paths``.

    ``kind`` is the noun for what the files hold (``interviews``, ``responses``, ``sessions``);
    it only shapes the fallback id.
    """
    folder = _telling_folder(paths)
    if folder is not None:
        slug = slugify(folder.name)
        if slug:
            return StudyName(slug, words(folder.name), f"the folder {folder.name}")
    if len(paths) == 1:
        slug = slugify(paths[0].stem)
        if slug:
            return StudyName(slug, words(paths[0].stem), f"the file name {paths[0].name}")
    return StudyName(f"imported-{kind}", None, "no telling folder or file name")


def generated_title(name: str | None, count: int, kind: str) -> str:
    """``Pdpilot user study (7 imported interviews)`` (``kind`` is the plural noun)."""
    noun = kind if count != 1 else kind.removesuffix("s")
    counted = f"{count} imported {noun}"
    return f"{name} ({counted})" if name else counted[0].upper() + counted[1:]


def refreshed_title(title: str, count: int, kind: str) -> str | None:
    """``title`` with the count updated when an import made it, else ``None`` (leave it)."""
    match = _GENERATED.fullmatch(title)
    if match is None:
        return None
    return generated_title(match["name"], count, kind)


def slugify(text: str) -> str:
    """``pdpilot_user_study`` → ``pdpilot-user-study``: ASCII letters, digits and hyphens.

    Accents are folded (``Señal`` → ``senal``); an id must start with a letter, so one that
    starts with a digit gets ``study-`` in front; long ones are cut at a hyphen.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if slug and not slug[0].isalpha():
        slug = f"study-{slug}"
    if len(slug) > MAX_ID:
        cut = slug[:MAX_ID]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return slug


def words(text: str) -> str:
    """A folder or file name as words: ``pdpilot_user_study`` → ``Pdpilot user study``.

    Only an all-lowercase first word is capitalised, so ``PDPilot`` or ``iOS`` stay as written.
    """
    spaced = " ".join(re.sub(r"[_\-.]+", " ", text).split())
    if spaced[:1].islower() and spaced.split(" ", 1)[0].islower():
        spaced = spaced[0].upper() + spaced[1:]
    return spaced


def _telling_folder(paths: Sequence[Path]) -> Path | None:
    """The nearest folder holding every path whose name is not generic, if any."""
    try:
        common = Path(os.path.commonpath([str(p.resolve().parent) for p in paths]))
    except ValueError:  # different drives on Windows
        return None
    home = _home()
    # Three levels up at most: further up, folders name projects or people, not this study.
    for folder in (common, *common.parents)[:MAX_LEVELS]:
        if folder == home or folder.parent == folder:
            return None  # a home directory or the root names nobody's study
        if _key(folder.name) not in GENERIC_FOLDERS:
            return folder
    return None


def _home() -> Path | None:
    try:
        return Path.home().resolve()
    except RuntimeError:  # no home directory can be determined
        return None


def _key(name: str) -> str:
    return re.sub(r"[\s_\-.]+", "", name.casefold())
