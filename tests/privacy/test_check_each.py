"""The gate over many files at once (a harvest's artefacts) finds what it finds file by file.

``check_each`` reads and writes the verdict cache once and may fork the scan over the
cores; the findings per file must be those of :func:`kit.privacy.gate.check` on that file
alone, in one process or in several, and the clean files are remembered.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kit.privacy import gate, verdicts

pytestmark = pytest.mark.usefixtures("deduce_ready")


def _files(folder, n):
    folder.mkdir()
    texts = ["naam,tekst\nA,In de wijk kent iedereen elkaar van het buurthuis.\n",
             "naam,tekst\nB,Bel me op 06-12345678 of mail jan.jansen@example.nl\n",
             "thema: wonen\nnotitie: Pieter de Vries uit de Kerkstraat 12 in Utrecht belde\n",
             "{\"code\": \"werk\", \"aantal\": 3}\n"]
    paths = []
    for i in range(n):
        path = folder / f"f{i:02d}{'.csv' if i % 4 < 2 else '.yaml' if i % 4 == 2 else '.json'}"
        extra = "" if i % 4 == 3 else f"# {i}\n" * (i % 3)  # files differ (JSON stays valid)
        path.write_text(texts[i % 4] + extra, encoding="utf-8")
        paths.append(path)
    return paths


_REAL_CHUNK = gate._scan_chunk


def _recording_chunk(job):
    """The gate's chunk scan, leaving a file named after the process that ran it."""
    Path(os.environ["IIDS_TEST_PROCESSEN"], str(os.getpid())).touch()
    return _REAL_CHUNK(job)


def _masked(findings):
    return sorted((f.place, f.category, f.masked) for f in findings)


def test_check_each_finds_per_file_what_check_finds(tmp_path, monkeypatch):
    monkeypatch.setenv("IIDS_CACHE", str(tmp_path / "cache"))
    paths = _files(tmp_path / "artefacten", 24)
    one_by_one = {str(p): _masked(gate.check([p], cache=False)) for p in paths}
    assert any(one_by_one.values()) and not all(one_by_one.values())
    scanned_in = tmp_path / "processen"
    scanned_in.mkdir()
    monkeypatch.setenv("IIDS_TEST_PROCESSEN", str(scanned_in))
    monkeypatch.setattr(gate, "_scan_chunk", _recording_chunk)
    for workers in (1, 2):
        monkeypatch.setenv("IIDS_CACHE", str(tmp_path / f"cache-{workers}"))
        each = gate.check_each(paths, workers=workers)
        assert {k: _masked(v) for k, v in each.items()} == {
            k: v for k, v in one_by_one.items() if v}
        # the clean files are remembered, the others are not
        known = verdicts.load()
        context = verdicts.context("", gate.DEFAULT_ALLOW_LIST)
        assert {str(p) for p in paths if verdicts.file_key(p, context) in known} == {
            k for k, v in one_by_one.items() if not v}
        pids = {p.name for p in scanned_in.iterdir()}
        assert pids == {str(os.getpid())} if workers == 1 else str(os.getpid()) not in pids
        for p in scanned_in.iterdir():
            p.unlink()


def test_the_texts_the_workers_pass_are_known_here_after(tmp_path, monkeypatch):
    """Forked workers hand back the texts they passed, also to a process that had no memory
    of passed texts yet (the first scan of a harvest): checking the clean files again here,
    without the file verdicts, then scans no text at all, as after a scan in this process."""
    from kit.privacy import scan

    paths = _files(tmp_path / "artefacten", 24)
    real = scan._findings
    scanned: list[str] = []
    for workers in (1, 2):
        monkeypatch.setenv("IIDS_CACHE", str(tmp_path / f"cache-{workers}"))
        monkeypatch.setattr(verdicts, "_TEXT_VERDICTS", {})  # no memory yet
        found = gate.check_each(paths, workers=workers)
        clean = [p for p in paths if str(p) not in found]
        assert clean
        monkeypatch.setenv("IIDS_CACHE", str(tmp_path / f"leeg-{workers}"))  # no file verdicts
        monkeypatch.setattr(scan, "_findings", lambda text, *a, **k: scanned.append(text)
                            or real(text, *a, **k))
        assert gate.check(clean) == [] and scanned == [], workers
        monkeypatch.setattr(scan, "_findings", real)


def test_a_started_scan_runs_in_the_workers_while_this_process_goes_on(tmp_path, monkeypatch):
    """``check_each_started`` returns at once with the workers scanning; ``result()`` gives
    what ``check_each`` gives; ``cancel()`` stops the workers of a scan no one waits for."""
    import multiprocessing

    paths = _files(tmp_path / "artefacten", 24)
    monkeypatch.setenv("IIDS_CACHE", str(tmp_path / "cache-a"))
    expected = {k: _masked(v) for k, v in gate.check_each(paths, workers=1).items()}
    monkeypatch.setenv("IIDS_CACHE", str(tmp_path / "cache-b"))
    pending = gate.check_each_started(paths, workers=2)
    assert multiprocessing.active_children()  # the workers are at it
    assert {k: _masked(v) for k, v in pending.result().items()} == expected
    assert not multiprocessing.active_children() and pending.result() is pending.result()
    monkeypatch.setenv("IIDS_CACHE", str(tmp_path / "cache-c"))
    stopped = gate.check_each_started(paths, workers=2)
    stopped.cancel()
    assert not multiprocessing.active_children()
    assert verdicts.load() == set()  # nothing recorded for a scan that was not finished
