"""Many rows into one table with one prepared statement: the fast path of imports.

SQLAlchemy's ``conn.execute(insert(table), rows)`` builds and type-processes a parameter
dictionary per row through its compiled-statement machinery; for an import of 20,000 survey
rows (a quarter of a million table rows) that bookkeeping cost more than the database itself.
Here the statement is compiled once per table and dialect, each column's bind processor (the
same one SQLAlchemy would apply: timestamps made naive UTC on SQLite, JSON serialised…) is
looked up once, and the driver's ``executemany`` gets plain tuples or dictionaries. What is
stored is exactly what the ORM path stores (``tests/test_import_batches.py`` compares them).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from functools import lru_cache
from operator import itemgetter
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Dialect

_Processor = Callable[[Any], Any] | None


def insert_many(conn: Connection, table: sa.Table, rows: Sequence[dict[str, Any]]) -> None:
    """INSERT ``rows`` (dictionaries with the same keys) into ``table`` in one executemany."""
    if not rows:
        return
    keys = tuple(rows[0])
    sql, names, processors, defaults = _prepared(table, keys, conn.dialect)
    if defaults:  # a column left out that has a constant default, as SQLAlchemy would fill in
        rows = [{**defaults, **row} for row in rows]
    # Column by column, with map and itemgetter: the per-value work stays in C except for the
    # columns that need converting.
    values = (
        list(map(itemgetter(*names), rows)) if len(names) > 1 else [(r[names[0]],) for r in rows]
    )
    if any(p is not None for p in processors):
        columns: list[Any] = list(zip(*values, strict=True))
        for n, processor in enumerate(processors):
            if processor is not None:
                columns[n] = list(map(processor, columns[n]))
        values = list(zip(*columns, strict=True))
    params: list[Any] = (
        values if conn.dialect.positional else [dict(zip(names, v, strict=True)) for v in values]
    )
    conn.exec_driver_sql(sql, params)


@lru_cache(maxsize=64)
def _prepared(
    table: sa.Table, keys: tuple[str, ...], dialect: Dialect
) -> tuple[str, tuple[str, ...], tuple[_Processor, ...], dict[str, Any]]:
    """The INSERT's SQL for ``dialect``, its parameter names in order, their processors, and
    the constant defaults of the columns the rows leave out."""
    compiled = sa.insert(table).values({k: sa.bindparam(k) for k in keys}).compile(dialect=dialect)
    names = tuple(compiled.positiontup or ()) if dialect.positional else tuple(compiled.binds)
    defaults: dict[str, Any] = {}
    for name in set(names) - set(keys):
        default = table.c[name].default
        if not isinstance(default, sa.ColumnDefault) or not default.is_scalar:
            raise ValueError(f"rows for {table.name} miss {name!r}, which has no constant default")
        defaults[name] = default.arg
    processors = tuple(
        _memoised(table.c[name].type.dialect_impl(dialect).bind_processor(dialect))
        for name in names
    )
    return compiled.string, names, processors, defaults


_HASHABLE = (type(None), str, int, float, bool, datetime)


def _memoised(processor: _Processor) -> _Processor:
    """``processor`` remembering what it made of plain values: an import stamps every row
    with the same time and mostly the same null decision, and converting those a quarter of a
    million times was a third of the write. Dictionaries and lists are converted each time."""
    if processor is None:
        return None
    seen: dict[tuple[type, Any], Any] = {}

    def process(value: Any) -> Any:
        kind = type(value)
        if kind not in _HASHABLE:
            return processor(value)
        key = (kind, value)  # 1 and True are equal: the type keeps them apart
        if key not in seen:
            if len(seen) > 4096:
                seen.clear()
            seen[key] = processor(value)
        return seen[key]

    return process


def fill_replies(conn: Connection, turns: sa.Table, session_ids: Sequence[str]) -> None:
    """Point each moderator turn of ``session_ids`` at the respondent turn just before it.

    Imports write every turn in one statement, so the ids a reply refers to are only known
    once they are stored; one UPDATE links them all, on SQLite and PostgreSQL alike.
    """
    if not session_ids:
        return
    asked = turns.alias("asked")
    previous = (
        sa.select(asked.c.id)
        .where(
            asked.c.session_id == turns.c.session_id,
            asked.c.seq == turns.c.seq - 1,
            asked.c.role == "respondent",
        )
        .scalar_subquery()
    )
    conn.execute(
        sa.update(turns)
        .where(turns.c.session_id.in_(session_ids), turns.c.role == "moderator")
        .values(reply_to=previous)
    )
