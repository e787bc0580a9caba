"""nbgrader's gradebook engine, made cheap to open many times in one grading process.

nbgrader opens a new gradebook (a new SQLAlchemy engine) some twenty times per submission and
checks its fixed cell-metadata schema on every cell. :func:`reuse_engines` keeps one engine per
database URL and checks each schema once; :func:`scratch_writes` lets a worker's private
scratch copy of the gradebook commit without syncing to disk. The SQL sent, and so every row
written, is the same as nbgrader's own (tests/grading/test_engines.py).
"""

from __future__ import annotations

import json


def reuse_engines() -> None:
    """One SQLAlchemy engine per database URL in this process.

    nbgrader opens a new :class:`~nbgrader.api.Gradebook` (and so a new engine) some
    twenty times per submission; each new engine compiles every query again, which cost
    more CPU than running a small notebook. Sharing the engine keeps its compiled-query
    cache; ``Gradebook.close()`` still returns its connections (``engine.dispose()``).
    The SQL sent is the same, so the gradebook is row for row the same.
    """
    import functools

    import nbgrader.api

    if getattr(nbgrader.api.create_engine, "_kit_cached", False):
        return
    cached = functools.lru_cache(maxsize=8)(nbgrader.api.create_engine)
    cached._kit_cached = True
    nbgrader.api.create_engine = cached
    _check_schemas_once()


class _SchemaOnce:
    """``jsonschema.validate`` for nbgrader's cell metadata, the schema checked once.

    nbgrader validates every cell's metadata with ``jsonschema.validate``, which first
    checks the (fixed) schema itself: most of the time goes there. This does what
    ``jsonschema.validate`` does (raise the best-matching error) with a validator built
    once per schema.
    """

    def __init__(self) -> None:
        import jsonschema

        self._jsonschema = jsonschema
        self._validators: dict[str, object] = {}
        self.ValidationError = jsonschema.ValidationError

    def validate(self, instance, schema) -> None:
        key = json.dumps(schema, sort_keys=True)
        validator = self._validators.get(key)
        if validator is None:
            cls = self._jsonschema.validators.validator_for(schema)
            cls.check_schema(schema)
            validator = self._validators[key] = cls(schema)
        error = self._jsonschema.exceptions.best_match(validator.iter_errors(instance))
        if error is not None:
            raise error

    def __getattr__(self, name):
        return getattr(self._jsonschema, name)


def _check_schemas_once() -> None:
    import nbgrader.nbgraderformat.common as common

    if not isinstance(common.jsonschema, _SchemaOnce):
        common.jsonschema = _SchemaOnce()


def scratch_writes(url: str) -> None:
    """Commits to a worker's private gradebook copy without waiting for the disk.

    The copy is scratch: it is deleted after the run, and a student's rows reach the real
    gradebook only through :func:`merge_rows`, one durable transaction. So the copy's own
    commits (nbgrader makes some thirty per submission) need not be synced
    (``synchronous=OFF``) nor journalled to a file (``journal_mode=MEMORY``); what is written
    is the same. Needs :func:`reuse_engines` first (one engine per URL).
    """
    import nbgrader.api
    from sqlalchemy import event

    engine = nbgrader.api.create_engine(url, echo=False, future=True)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.execute("PRAGMA journal_mode=MEMORY")
        cursor.close()
