"""``iids harvest C1 C2 ... -o MAP`` (kit.evaluation.harvest_many): several cohorts at once give
what one harvest per folder gives, and a bad list writes nothing."""

from __future__ import annotations

import shutil

import pytest

from kit.cli import main
from kit.errors import InputError
from kit.evaluation.harvest import harvest_course, write_harvest
from kit.evaluation.harvest_many import harvest_courses
from kit.privacy.lineage import entries

KEY = b"sleutel-voor-de-toets-0123456789"
LABELS = ("2023-2024", "2024-2025", "2025-2026")


@pytest.fixture(scope="module")
def cohorts(tmp_path_factory):
    from kit.synthetic.cohorts import build_synthetic_course

    base = tmp_path_factory.mktemp("cohorten")
    return [build_synthetic_course(base / label, label, students=6, seed=7,
                                   narratives_per_student=3) for label in LABELS]


def _files(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def test_several_at_once_give_the_bytes_and_lineage_of_one_harvest_each(cohorts, tmp_path):
    at_once = harvest_courses(cohorts, tmp_path / "samen", key=KEY, workers=2)
    assert [r.label for r in at_once] == list(LABELS) and all(r.written for r in at_once)
    index = entries(None)
    for course in cohorts:
        alone = tmp_path / "los" / course.name
        write_harvest(harvest_course(course, key=KEY, cohort=course.name), alone)
        together = tmp_path / "samen" / course.name
        files = _files(together)
        assert {"grades.csv", "narratives.csv", "oogst.yaml"} <= {str(p) for p in files}
        assert files == _files(alone), course.name
        # a withdrawal finds the cohort's harvest folder, with the codes it carries
        assert index[together.resolve()]["codes"] == entries(None)[alone.resolve()]["codes"]
        assert index[together.resolve()]["codes"]


def test_the_command_harvests_each_cohort_into_its_own_folder(cohorts, tmp_path, capsys):
    out = tmp_path / "oogst"
    assert main(["harvest", *map(str, cohorts), "-o", str(out), "--sleutel",
                 str(tmp_path / "k.key")]) == 0
    said = capsys.readouterr().out.splitlines()
    firsts = [line for line in said if line.startswith("Geoogst")]
    assert [line.split(")")[0] for line in firsts] == [f"Geoogst ({label}" for label in LABELS]
    assert all(f"-> {out / label}" in line for line, label in zip(firsts, LABELS, strict=True))
    assert sorted(p.name for p in out.iterdir()) == list(LABELS)


def test_a_folder_that_is_no_course_stops_all_before_anything_is_written(cohorts, tmp_path,
                                                                         capsys):
    from kit.config import vault_dir

    key = vault_dir() / "oogst-sleutel.key"
    made_before = key.exists()
    out = tmp_path / "oogst"
    assert main(["harvest", str(cohorts[0]), str(tmp_path), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("iids: fout: ") and str(tmp_path) in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert not out.exists()
    assert key.exists() == made_before  # no key made for a list that cannot be harvested


@pytest.mark.parametrize("extra, message", [
    (["--cohort", "x"], "--cohort geldt voor één cursusmap"),
    ([], "twee cursusmappen heten"),
])
def test_a_cohort_name_or_a_double_folder_name_is_refused(cohorts, tmp_path, capsys, extra,
                                                          message):
    other = tmp_path / "elders" / cohorts[0].name
    shutil.copytree(cohorts[0], other)
    second = other if not extra else cohorts[1]
    out = tmp_path / "oogst"
    assert main(["harvest", str(cohorts[0]), str(second), "-o", str(out), *extra,
                 "--sleutel", str(tmp_path / "k.key")]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_strict_writes_no_cohort_when_one_has_an_error(cohorts, tmp_path, capsys):
    copies = [shutil.copytree(c, tmp_path / "kopie" / c.name) for c in cohorts[:2]]
    broken = sorted(copies[1].glob("autograded/*/*/*.ipynb"))[0]
    broken.write_text("geen notebook", encoding="utf-8")
    out = tmp_path / "streng"
    assert main(["harvest", *map(str, copies), "-o", str(out), "--streng",
                 "--sleutel", str(tmp_path / "k.key")]) == 2
    err = capsys.readouterr().err
    assert f"{copies[1].name}/autograded/" in err and "geen geldige JSON" in err
    assert not out.exists()
    # without --streng the good cohort is written and the error is reported (exit 1)
    assert main(["harvest", *map(str, copies), "-o", str(out),
                 "--sleutel", str(tmp_path / "k.key")]) == 1
    assert (out / copies[0].name / "oogst.yaml").is_file()
    assert "geen geldige JSON" in (out / copies[1].name / "problems.csv").read_text("utf-8")


def test_an_error_raised_in_a_worker_reaches_the_command_line_whole(cohorts, tmp_path,
                                                                     monkeypatch, capsys):
    """A refusal of the gate in a worker process comes back as the same error, with its
    findings (pickled whole), and the command line says it in one line (exit 1)."""
    import os

    import kit.evaluation.harvest as harvest
    from kit.privacy.gate import GateRefused
    from kit.privacy.scan import Finding

    parent = os.getpid()
    real = harvest.write_harvest

    def refusing(h, out):
        assert os.getpid() != parent  # written in a worker, where the patch was forked along
        if h.manifest["cohort"] == LABELS[1]:
            raise GateRefused("de oogst bevat mogelijk persoonsgegevens en gaat niet naar buiten",
                              [Finding("narratives.csv", "rij 2", "TELEFOON", "06-****5678")])
        return real(h, out)

    monkeypatch.setattr(harvest, "write_harvest", refusing)
    with pytest.raises(GateRefused) as info:
        harvest_courses(cohorts, tmp_path / "uit", key=KEY, workers=2)
    assert info.value.findings == [Finding("narratives.csv", "rij 2", "TELEFOON", "06-****5678")]
    assert main(["harvest", *map(str, cohorts), "-o", str(tmp_path / "cli"),
                 "--sleutel", str(tmp_path / "k.key")]) == 1
    err = capsys.readouterr().err
    assert "persoonsgegevens" in err and "Traceback" not in err
    with pytest.raises(InputError, match="bestaat niet"):
        harvest_courses([cohorts[0], tmp_path / "weg"], tmp_path / "uit2", key=KEY)


_HARVESTED_IN: list[int] = []


def _recording(job):
    """The harvest of one cohort, noting the process it ran in (a worker's note stays there)."""
    import os

    _HARVESTED_IN.append(os.getpid())
    return _recording.real(job)


def test_a_first_harvest_stays_in_this_process_and_a_rerun_uses_the_cores(cohorts, tmp_path,
                                                                           monkeypatch):
    """New artefacts: the scan just passed their texts in this process, which then harvests
    the cohorts itself; known artefacts: the cohorts go to forked workers."""
    import os

    import kit.evaluation.harvest_many as many

    monkeypatch.setenv("IIDS_CACHE", str(tmp_path / "cache"))
    pids = _HARVESTED_IN
    pids.clear()
    monkeypatch.setattr(_recording, "real", many._harvest_one, raising=False)
    monkeypatch.setattr(many, "_harvest_one", _recording)
    harvest_courses(cohorts, tmp_path / "eerste", key=KEY, workers=2)
    assert pids == [os.getpid()] * len(cohorts)  # in this process, one cohort after the other
    pids.clear()
    again = harvest_courses(cohorts, tmp_path / "opnieuw", key=KEY, workers=2)
    assert pids == [] and all(r.written for r in again)  # in the workers (their own memory)
    for course in cohorts:
        assert _files(tmp_path / "eerste" / course.name) == _files(tmp_path / "opnieuw" / course.name)


def test_a_report_straight_from_course_folders_gets_the_tables_of_one_harvest_each(cohorts,
                                                                                    tmp_path):
    """``iids evaluate --cohort CURSUSMAP ...`` harvests the course folders at once (twice: the
    first time in this process after the scan, then in the workers), each as alone."""
    from kit.evaluation.report import load_cohorts

    for _ in range(2):
        loaded = load_cohorts(cohorts, key=KEY)
        assert list(loaded) == list(LABELS)
        for course in cohorts:
            alone = harvest_course(course, key=KEY)
            got = loaded[course.name]
            assert got.manifest == alone.manifest
            assert sorted(got.tables) == sorted(alone.tables)
            for name, table in alone.tables.items():
                assert got.tables[name].equals(table), (course.name, name)


def test_a_first_harvest_harvests_each_cohort_while_the_next_is_scanned(cohorts, tmp_path,
                                                                        monkeypatch):
    """The scan's workers take the next cohort while this process harvests one; a cohort's
    scan is over before its harvest starts, and before the scan of the cohort after it."""
    import kit.evaluation.harvest_many as many

    monkeypatch.setenv("IIDS_CACHE", str(tmp_path / "cache"))
    events: list[tuple[str, str]] = []
    start, harvest_one = many._Artefacts.start, many._harvest_one

    def started(scan):
        label = next(c.name for c in cohorts if c in scan.paths[0].parents)
        events.append(("scan", label))
        pending = start(scan)
        return pending.then(lambda found: events.append(("gescand", label)) or found)

    monkeypatch.setattr(many._Artefacts, "start", started)
    monkeypatch.setattr(many, "_harvest_one",
                        lambda job: events.append(("oogst", job.label)) or harvest_one(job))
    harvest_courses(cohorts, tmp_path / "oogst", key=KEY, workers=2)
    a, b, c = LABELS
    assert events == [("scan", a), ("gescand", a), ("scan", b), ("oogst", a),
                      ("gescand", b), ("scan", c), ("oogst", b), ("gescand", c), ("oogst", c)]


def test_an_error_in_a_harvest_stops_the_scan_of_the_next_cohort(cohorts, tmp_path, monkeypatch):
    import multiprocessing

    import kit.evaluation.harvest_many as many

    monkeypatch.setenv("IIDS_CACHE", str(tmp_path / "cache"))

    def failing(job):
        assert multiprocessing.active_children()  # the next cohort is being scanned
        raise InputError("kapotte cursusmap", path=job.course)

    monkeypatch.setattr(many, "_harvest_one", failing)
    with pytest.raises(InputError, match="kapotte cursusmap"):
        harvest_courses(cohorts, tmp_path / "oogst", key=KEY, workers=2)
    assert not multiprocessing.active_children() and not (tmp_path / "oogst").exists()
