"""The benchmark runs on its own synthetic data and reports every figure beside a floor."""

from __future__ import annotations

from kit.bench.dialogue import large_record, run


def test_quick_run_gives_three_figures_with_floors(tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    figures = run(quick=True)
    assert list(tmp_path.iterdir()) == []  # its scratch folders are gone
    assert len(figures) == 3
    for figure in figures:
        assert figure.kit > 0 and figure.peer is not None and figure.peer > 0
        assert figure.unit == "s" and figure.peer_name


def test_large_record_is_valid():
    from kit.dialogue.record import validate_record

    rec = validate_record(large_record(50).to_dict())
    assert len(rec.statements) == 50 and len(rec.follow_up) == 50
