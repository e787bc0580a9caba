"""kit.grading.engines: nbgrader's gradebook opened cheaply, with the same rows and errors."""

from __future__ import annotations

import jsonschema
import pytest

from kit.grading import engines


def test_one_engine_per_url_and_the_same_rows(tmp_path):
    import nbgrader.api

    engines.reuse_engines()
    url = f"sqlite:///{tmp_path / 'gradebook.db'}"
    with nbgrader.api.Gradebook(url) as gb:
        first = gb.engine
        gb.add_assignment("discoursanalyse")
        gb.add_student("s1", first_name="Synthetisch")
    with nbgrader.api.Gradebook(url) as gb:
        assert [a.name for a in gb.assignments] == ["discoursanalyse"]
        assert gb.find_student("s1").first_name == "Synthetisch"
        assert gb.engine is first
    engines.reuse_engines()  # a second call keeps the one cached factory
    assert getattr(nbgrader.api.create_engine, "_kit_cached", False)


def test_schema_checked_once_raises_what_jsonschema_raises():
    schema = {"type": "object", "properties": {"points": {"type": "number"}},
              "required": ["points"]}
    once = engines._SchemaOnce()
    once.validate({"points": 2}, schema)
    with pytest.raises(jsonschema.ValidationError) as ours:
        once.validate({"points": "twee"}, schema)
    with pytest.raises(jsonschema.ValidationError) as theirs:
        jsonschema.validate({"points": "twee"}, schema)
    assert ours.value.message == theirs.value.message
    assert len(once._validators) == 1
    assert once.ValidationError is jsonschema.ValidationError


def test_scratch_copy_commits_without_sync(tmp_path):
    import nbgrader.api

    engines.reuse_engines()
    url = f"sqlite:///{tmp_path / 'kladblok.db'}"
    engines.scratch_writes(url)
    with nbgrader.api.Gradebook(url) as gb:  # nbgrader's own way of opening it
        engine = gb.engine
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 0
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar().lower() == "memory"
