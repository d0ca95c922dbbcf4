"""Counts SQL statements per database alias: an execute wrapper on every new connection."""

from __future__ import annotations

from .metrics import DB_QUERIES


def _counting(alias: str):
    counter = DB_QUERIES.labels(alias)

    def wrapper(execute, sql, params, many, context):
        counter.inc()
        return execute(sql, params, many, context)

    return wrapper


def count_queries(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver (connected in ``CoreConfig.ready``)."""
    if not getattr(connection, "_ustat_counted", False):
        connection.execute_wrappers.append(_counting(connection.alias))
        connection._ustat_counted = True
