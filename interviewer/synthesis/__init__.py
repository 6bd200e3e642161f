"""Synthesis: from a study's answers to themes, quotes and insights.

``discover_themes`` (theme_discovery.py) is the offline engine: no network, no language model.
"""

from __future__ import annotations

from interviewer.synthesis.offline.theme_discovery import discover_themes
from interviewer.synthesis.offline.themes import Excerpt, FoundTheme, ThemeTree

__all__ = ["Excerpt", "FoundTheme", "ThemeTree", "discover_themes"]
