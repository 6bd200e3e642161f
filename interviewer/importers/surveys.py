"""Reading open-ended survey answers and support tickets from CSV: one row per respondent.

Each column is one question; each non-empty cell becomes that respondent's answer, kept
exactly as the cell holds it. A column named like an id (``id``, ``respondent``, ``ticket_id``…)
labels the respondents instead of being a question; obvious metadata columns (timestamps,
dates) are left out and listed, so nothing is dropped silently. Comma, semicolon and tab
separated files are recognised.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

ID_COLUMNS = frozenset(
    "id respondent respondent_id respondent id participant participant_id participant id "
    "user user_id ticket ticket_id ticket id response_id response id".split()
)
METADATA_COLUMNS = frozenset(
    "timestamp time date created created_at submitted submitted_at updated_at start end "
    "start_date end_date ip ip_address".split()
)


@dataclass(frozen=True)
class SurveyRow:
    """One respondent's answers."""

    respondent: str
    """The id column's value, else ``<file stem>#<row number>``."""
    line: int
    """1-based line of the file where the row starts."""
    cells: tuple[tuple[str, str], ...]
    """(column header, cell text) for each question column with an answer, in column order."""


@dataclass(frozen=True)
class Survey:
    name: str
    questions: tuple[str, ...]
    """Headers of the question columns, in order."""
    rows: tuple[SurveyRow, ...]
    skipped_columns: tuple[str, ...]
    """Metadata columns left out."""
    respondent_column: str | None


MAX_CELL_CHARS = 1_000_000
"""The longest cell read (the csv module's default stops at 131,072 characters)."""


def parse_survey(text: str, name: str, *, respondent_column: str | None = None) -> Survey:
    """Parse CSV text. Raises ``ValueError`` saying how to fix a file that cannot be read."""
    text = text.lstrip("\ufeff")
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
            text[:4096], delimiters=",;\t"
        )
    except csv.Error:
        dialect = csv.excel
    csv.field_size_limit(max(csv.field_size_limit(), MAX_CELL_CHARS))
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        headers = [h.strip() for h in next(reader)]
    except StopIteration:
        raise ValueError(
            f"{name}: the file is empty; it needs a header row, then one row per respondent"
        ) from None
    except csv.Error as exc:
        raise ValueError(f"{name}:{reader.line_num}: cannot read the header row ({exc})") from None
    seen: dict[str, int] = {}
    for column, header in enumerate(headers, start=1):
        if header and header in seen:
            raise ValueError(
                f"{name}: columns {seen[header]} and {column} are both called {header!r}; "
                "each column becomes one question, so rename one of them"
            )
        seen.setdefault(header, column)
    if respondent_column is not None and respondent_column not in headers:
        raise ValueError(
            f"{name}: no column {respondent_column!r}; the columns are {', '.join(headers)}"
        )
    id_column = respondent_column or next((h for h in headers if _key(h) in ID_COLUMNS), None)
    skipped = tuple(h for h in headers if h != id_column and _key(h) in METADATA_COLUMNS)
    questions = tuple(h for h in headers if h and h != id_column and h not in skipped)
    if not questions:
        raise ValueError(f"{name}: no question columns (columns: {', '.join(headers)})")
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    rows: list[SurveyRow] = []
    for number, cells in enumerate(_rows(reader, name), start=1):
        line = reader.line_num - sum(c.count("\n") for c in cells)
        if not any(c.strip() for c in cells):
            continue
        by_header = dict(zip(headers, cells, strict=False))
        label = (by_header.get(id_column or "") or "").strip() or f"{stem}#{number}"
        answers = tuple((h, by_header[h]) for h in questions if by_header.get(h, "").strip())
        rows.append(SurveyRow(label, line, answers))
    return Survey(name, questions, tuple(rows), skipped, id_column)


def _rows(reader: Any, name: str) -> Iterator[list[str]]:
    """The reader's rows; a row the csv module cannot read is a located error, not a crash."""
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            detail = (
                f"a cell is longer than {MAX_CELL_CHARS:,} characters; shorten or split it"
                if "field larger" in str(exc)
                else str(exc)
            )
            raise ValueError(f"{name}:{reader.line_num}: cannot read this row: {detail}") from None


def _key(header: str) -> str:
    return " ".join(header.casefold().replace("-", "_").split())
