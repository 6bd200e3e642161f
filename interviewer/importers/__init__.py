"""Importers: interviews, transcripts and survey answers gathered elsewhere, stored as sessions.

``files.py`` is the one way in (``interviewer import``); ``transcripts.py`` reads speaker-labelled
text and captions, ``surveys.py`` reads CSV answers.
"""
