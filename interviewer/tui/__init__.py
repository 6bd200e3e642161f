"""The respondent's terminal app (Textual): ``run_tui`` in :mod:`interviewer.tui.app`."""
