"""Harvest: real nbgrader courses in, documented tables out; bad input refused in Dutch."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from kit.cli import main
from kit.errors import InputError
from kit.evaluation.harvest import (
    ANSWER_COLUMNS,
    GRADE_COLUMNS,
    check_course,
    harvest_course,
    pseudonym,
    read_harvest,
    write_harvest,
)

KEY = b"sleutel-voor-de-tests-0123456789"
pytestmark = pytest.mark.slow


def test_grades_match_the_real_gradebook(real_course):
    harvest = harvest_course(real_course, pseudonymise=False)
    grades = harvest.tables["grades"]
    assert list(grades.columns) == GRADE_COLUMNS
    # 3 students x 2 graded cells (the manual answer and the autograder test)
    assert len(grades) == 6
    tests = grades[grades["grade_id"] == "ps1_toets"].set_index("student")
    assert tests.loc["jan01", "auto_score"] == 2.0 and tests.loc["fatima02", "score"] == 2.0
    assert tests.loc["piotr03", "score"] == 0.0
    manual = grades[grades["grade_id"] == "ps1_uitleg"]
    assert manual["needs_manual_grade"].all() and manual["max_score"].eq(4.0).all()
    assert manual["manual_score"].isna().all()
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{real_course / 'gradebook.db'}", course_id="iids-test") as gb:
        for row in grades.itertuples():
            grade = gb.find_grade(row.grade_id, row.notebook, row.assignment, row.student)
            assert grade.score == row.score


def test_answers_are_joined_on_grade_id(real_course):
    answers = harvest_course(real_course, pseudonymise=False).tables["answers"]
    text = answers.set_index(["student", "grade_id"])["text"]
    assert text[("fatima02", "ps1_uitleg")] == "Een discours dat andere stemmen wegdrukt."
    assert "return x + x" in text[("fatima02", "ps1_functie")]
    scored = answers.set_index(["student", "grade_id"])
    assert scored.loc[("jan01", "ps1_uitleg"), "max_score"] == 4.0  # joined on grade_id
    assert pd.isna(scored.loc[("jan01", "ps1_functie"), "max_score"])  # not a graded cell
    assert set(answers["source_step"]) == {"autograded"}


def test_artefacts_are_harvested_and_personal_data_refused(real_course):
    harvest = harvest_course(real_course, pseudonymise=False)
    codings = harvest.tables["codings"]
    assert set(codings["student"]) == {"jan01"}  # fatima02's file had a phone number
    assert codings["end"].tolist() == [12, 20]
    assert len(harvest.tables["dialogue_afspraken"]) == 2
    assert harvest.tables["dialogue_aanbevelingen"].loc[0, "audience"] == "politici"
    refused = [p for p in harvest.problems if "privacyscan" in p.message]
    assert len(refused) == 1 and refused[0].student == "fatima02"
    assert refused[0].file.endswith("fatima02/ps1/mijn-werk/coderingen.csv")
    assert "06-12345678" not in refused[0].message  # masked


def test_student_ids_become_stable_codes(real_course, tmp_path):
    first = harvest_course(real_course, key=KEY)
    second = harvest_course(real_course, key=KEY)
    students = set(first.tables["grades"]["student"])
    assert students == {pseudonym(s, KEY) for s in ("jan01", "fatima02", "piotr03")}
    assert students == set(second.tables["grades"]["student"])
    written = write_harvest(first, tmp_path / "oogst")
    everything = "".join(p.read_text(encoding="utf-8") for p in written)
    for raw in ("jan01", "fatima02", "piotr03"):
        assert raw not in everything
    assert KEY.decode() not in everything
    other = harvest_course(real_course, key=b"een-andere-sleutel-0123456789ab")
    assert set(other.tables["grades"]["student"]).isdisjoint(students)


def test_harvest_is_byte_identical_and_reads_back(real_course, tmp_path):
    a = write_harvest(harvest_course(real_course, key=KEY), tmp_path / "a")
    b = write_harvest(harvest_course(real_course, key=KEY), tmp_path / "b")
    assert [p.name for p in a] == [p.name for p in b]
    for x, y in zip(a, b, strict=True):
        assert x.read_bytes() == y.read_bytes(), x.name
    back = read_harvest(tmp_path / "a")
    assert back.tables["grades"]["score"].sum() == 4.0
    assert back.manifest["nbgrader_schema"] == "e43177bfe90b"


def test_not_a_course(tmp_path):
    with pytest.raises(InputError, match="geen nbgrader-cursusmap"):
        check_course(tmp_path)


def test_gradebook_of_another_schema_version(course_copy, capsys):
    with sqlite3.connect(course_copy / "gradebook.db") as con:
        con.execute("UPDATE alembic_version SET version_num = '282d30a0218e'")
    with pytest.raises(InputError) as info:
        check_course(course_copy)
    assert "schemaversie 282d30a0218e" in info.value.message
    assert info.value.place == "tabel 'alembic_version'"
    assert main(["harvest", str(course_copy), "-o", str(course_copy / "uit")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("iids: fout: ") and "gradebook.db" in err
    assert not (course_copy / "uit").exists()


def test_notebook_that_is_not_json_is_reported_and_its_grades_kept(course_copy, tmp_path, capsys):
    broken = course_copy / "autograded" / "piotr03" / "ps1" / "ps1.ipynb"
    broken.write_text('{"cells": [', encoding="utf-8")
    harvest = harvest_course(course_copy, pseudonymise=False)
    skipped = [p for p in harvest.problems if p.student == "piotr03"]
    assert len(skipped) == 1 and "geen geldige JSON" in skipped[0].message
    assert skipped[0].place.startswith("regel 1") and skipped[0].severity == "fout"
    grades = harvest.tables["grades"]
    assert len(grades[grades["student"] == "piotr03"]) == 2  # the gradebook's grades stay
    assert "piotr03" not in set(harvest.tables["answers"]["student"])
    status = harvest.tables["submissions"].set_index("student")["status"]
    assert status["piotr03"] == "onvolledig" and status["jan01"] == "geoogst"
    out = tmp_path / "oogst"
    code = main(["harvest", str(course_copy), "-o", str(out), "--sleutel", str(tmp_path / "k.key")])
    assert code == 1
    err = capsys.readouterr().err
    assert "autograded/" in err and "ps1.ipynb, regel 1" in err
    problems = (out / "problems.csv").read_text(encoding="utf-8")
    assert "geen geldige JSON" in problems and "piotr03" not in problems


def test_strict_harvest_writes_nothing(course_copy, tmp_path):
    (course_copy / "autograded" / "jan01" / "ps1" / "ps1.ipynb").write_text("nee")
    out = tmp_path / "streng"
    assert main(["harvest", str(course_copy), "-o", str(out), "--streng",
                 "--sleutel", str(tmp_path / "k.key")]) == 2
    assert not out.exists()


def test_submission_missing_from_the_gradebook_is_reported(course_copy):
    extra = course_copy / "submitted" / "nieuw04" / "ps1"
    extra.mkdir(parents=True)
    (extra / "ps1.ipynb").write_text(json.dumps({"cells": [], "nbformat": 4}))
    harvest = harvest_course(course_copy, pseudonymise=False)
    assert any(p.student == "nieuw04" and "niet in het gradebook" in p.message
               for p in harvest.problems)


def test_synthetic_cohort_has_every_table(synthetic_pair):
    harvest = harvest_course(synthetic_pair["2023-2024"], key=KEY)
    tables = harvest.tables
    assert tables["grades"]["student"].nunique() == 12
    assert len(tables["narratives"]) > 0 and len(tables["codings"]) > 0
    assert {"dialogue_afspraken", "dialogue_aanbevelingen"} <= set(tables)
    assert harvest.problems == []


def test_rubric_scores_from_the_grading_log(course_copy):
    from kit.grading.gradelog import GradeLog, Score, log_path

    log = GradeLog(log_path(course_copy))
    log.record([Score("ps1", "jan01", "ps1_uitleg", "inhoud", "goed", 3.0, "docent1", "eerste"),
                Score("ps1", "jan01", "ps1_uitleg", "inhoud", "voldoende", 2.0, "docent2", "tweede"),
                Score("ps1", "fatima02", "ps1_uitleg", "inhoud", "zwak", 1.0, "docent1", "eerste"),
                Score("ps1", "fatima02", "ps1_uitleg", "inhoud", "goed", 4.0, "docent3",
                      "moderator")])
    log.record([Score("ps1", "jan01", "ps1_uitleg", "inhoud", "goed", 4.0, "docent1", "eerste")])
    rubric = harvest_course(course_copy, pseudonymise=False).tables["rubric"]
    scores = rubric.set_index("student")
    assert scores.loc["jan01", "score"] == 3.0  # latest of docent1 (4) and docent2 (2), averaged
    assert scores.loc["jan01", "graders"] == 2
    assert scores.loc["fatima02", "score"] == 4.0 and scores.loc["fatima02", "basis"] == "moderator"
    assert scores["max_score"].eq(4.0).all()  # the highest seen, as there is no rubric file
    assert "grader" not in rubric.columns


def test_submitted_notebooks_are_used_when_not_autograded(course_copy):
    import shutil

    shutil.rmtree(course_copy / "autograded" / "jan01")
    harvest = harvest_course(course_copy, pseudonymise=False)
    answers = harvest.tables["answers"].set_index("student")
    assert answers.loc["jan01", "source_step"].unique().tolist() == ["submitted"]
    assert set(harvest.tables["codings"]["student"]) == {"jan01"}  # mijn-werk from submitted/


# --- the fast paths give what the plain pandas / csv paths give ---

def _tricky_frame():
    import numpy as np

    texts = ["gewoon", "met, komma", 'met "aanhalingstekens"', "regel\neinde", "los\rteken",
             "", " spatie ", "é € ß", "a;b", "\r\n"]
    n = len(texts)
    return pd.DataFrame({
        "text": pd.Series(texts, dtype="str"),
        "string": pd.Series(texts[::-1], dtype="string").where([i % 3 != 0 for i in range(n)]),
        "object": pd.Series([None if i == 2 else t for i, t in enumerate(texts)], dtype=object),
        "score": [0.0, -0.0, 1e16, 1e-5, 0.1 + 0.2, np.nan, 5e-324, 2.5, 1.0, float("inf")],
        "count": np.arange(n, dtype=np.int64),
        "start": pd.Series([1, None, 3, 4, None, 6, 7, 8, 9, 10], dtype="Int64"),
        "flag": [i % 2 == 0 for i in range(n)],
    })


def test_csv_text_writes_the_bytes_pandas_writes(tmp_path):
    from kit.evaluation.harvest import Harvest, csv_text

    frame = _tricky_frame()
    expected = frame.to_csv(index=False, lineterminator="\n")
    assert csv_text(frame) == expected
    assert csv_text(frame.iloc[:0]) == frame.iloc[:0].to_csv(index=False, lineterminator="\n")
    odd = frame.assign(when=pd.Timestamp("2026-01-01"))  # dates: left to pandas
    assert csv_text(odd) is None and csv_text(frame[["text"]]) is None
    harvest = Harvest(tables={"grades": frame, "odd": odd}, problems=[], manifest={})
    write_harvest(harvest, tmp_path)
    assert (tmp_path / "grades.csv").read_bytes() == expected.encode("utf-8")
    assert (tmp_path / "odd.csv").read_bytes() == odd.to_csv(
        index=False, lineterminator="\n").encode("utf-8")


def test_sorted_is_pandas_stable_sort():
    import random

    from kit.evaluation.harvest import _sorted

    rng = random.Random(7)
    for missing in (False, True):
        values = ["b", "a", "c", "S-9", "S-10", "é"] + ([None] if missing else [])
        frame = pd.DataFrame({"assignment": [rng.choice(values[:3]) for _ in range(60)],
                              "student": pd.Series([rng.choice(values) for _ in range(60)],
                                                   dtype="str"),
                              "n": range(60)})
        expected = frame.sort_values(["assignment", "student"], kind="stable", ignore_index=True)
        pd.testing.assert_frame_equal(_sorted("codings", frame), expected)
        ordered = _sorted("codings", expected)
        pd.testing.assert_frame_equal(ordered, expected)


def test_artefact_rows_gathered_as_records_would_be():
    from kit.evaluation.harvest import _gathered_frame

    def as_records(parts):
        columns, records = [], []
        for a, s, header, rows in parts:
            columns += [c for c in header if c not in columns]
            records += [{"assignment": a, "student": s, **dict(zip(header, row, strict=True))}
                        for row in rows]
        return pd.DataFrame(records, columns=["assignment", "student"] + columns).fillna("")

    cases = [[("a", "s1", ["x", "y"], [["1", "2"]]), ("a", "s2", ["y", "z"], [["3", "4"], ["5", "6"]])],
             [("a", "s1", ["x"], []), ("b", "s2", ["x", "y"], [["1", "2"]])],
             [("a", "s1", ["x", "student"], [["1", "eigen"]])],
             [("a", "s1", ["x"], [])]]
    for parts in cases:
        pd.testing.assert_frame_equal(_gathered_frame(parts), as_records(parts))


def test_scores_joined_as_a_left_merge():
    from kit.evaluation.harvest import _with_scores

    grades = pd.DataFrame({"assignment": ["a", "a"], "notebook": ["n", "n"], "student": ["s", "s"],
                           "grade_id": ["g1", "g2"], "score": [1.0, 2.0], "max_score": [4.0, 4.0]})
    answers = [{"assignment": "a", "notebook": "n", "student": "s", "grade_id": g,
                "cell_type": "markdown", "source_step": "autograded", "text": "t"}
               for g in ("g2", "g3")]

    def merged(rows, grades):
        frame = pd.DataFrame(rows, columns=[c for c in ANSWER_COLUMNS
                                            if c not in ("score", "max_score")])
        keys = ["assignment", "notebook", "student", "grade_id"]
        return frame.merge(grades[keys + ["score", "max_score"]], on=keys,
                           how="left")[ANSWER_COLUMNS]

    expected = merged(answers, grades)
    pd.testing.assert_frame_equal(_with_scores([dict(a) for a in answers], grades), expected)
    twice = pd.concat([grades, grades], ignore_index=True)  # a duplicate key: pandas' merge
    pd.testing.assert_frame_equal(_with_scores([dict(a) for a in answers], twice),
                                  merged(answers, twice))
    pd.testing.assert_frame_equal(_with_scores([], grades), merged([], grades))


def test_work_files_walk_like_os_walk(tmp_path):
    import os

    from kit.evaluation.harvest import _work_files

    work = tmp_path / "mijn-werk"
    for rel in ("narratieven.csv", "kader.yaml", "notitie.txt", "dialoog/afspraken.csv",
                "dialoog/diep/x.JSON", "b/c.yml"):
        (work / rel).parent.mkdir(parents=True, exist_ok=True)
        (work / rel).write_text("x")
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    (elsewhere / "geheim.csv").write_text("x")
    (work / "link").symlink_to(elsewhere, target_is_directory=True)
    walked = []
    for base, dirs, files in os.walk(work):
        dirs.sort()
        walked += [os.path.join(base, f) for f in files
                   if f.lower().endswith((".csv", ".yaml", ".yml", ".json"))]
    assert _work_files(str(work)) == [Path(p) for p in sorted(walked)]
    assert not any("geheim" in str(p) for p in _work_files(str(work)))


def test_pseudonymised_tables_are_the_raw_tables_coded_and_sorted(synthetic_pair):
    from kit.evaluation.harvest import _SORT_KEYS

    course = synthetic_pair["2023-2024"]
    coded = harvest_course(course, key=KEY).tables
    raw = harvest_course(course, pseudonymise=False).tables
    assert set(coded) == set(raw)
    codes = {s: pseudonym(s, KEY) for s in raw["submissions"]["student"]}
    for name, table in raw.items():
        expected = table.copy()
        for column in ("student", "coder", "collector", "grader"):
            if column in expected.columns:  # other names (a second coder) stay as they are
                expected[column] = expected[column].map(lambda v: codes.get(v, v))
        keys = [k for k in _SORT_KEYS.get(name, ["assignment", "student"]) if k in table.columns]
        if len(expected):
            expected = expected.sort_values(keys, kind="stable", ignore_index=True)
        pd.testing.assert_frame_equal(coded[name], expected, obj=name)


# --- the check cache: narratives checked once per content ---

def _counting_checks(monkeypatch) -> list[int]:
    """Count the calls of the narratives checks (``kit.narratives.schema._find``)."""
    import kit.narratives.schema as schema

    calls = [0]
    real = schema._find

    def counted(data, framework):
        calls[0] += 1
        return real(data, framework)

    monkeypatch.setattr(schema, "_find", counted)
    return calls


def _check_cache_file(cache: Path) -> Path:
    return cache / "evaluatie" / "controle-v1.json"


@pytest.fixture()
def narratives_course(synthetic_pair, tmp_path, monkeypatch) -> Path:
    """A private copy of a synthetic cohort with narrative stores, and an empty kit cache."""
    import shutil

    monkeypatch.setenv("IIDS_CACHE", str(tmp_path / "cache"))
    target = tmp_path / "cohort"
    shutil.copytree(synthetic_pair["2023-2024"], target)
    assert list(target.glob("*/*/*/mijn-werk/narratieven.csv"))
    return target


def test_unchanged_narratives_are_not_checked_again(narratives_course, tmp_path, monkeypatch):
    calls = _counting_checks(monkeypatch)
    first = harvest_course(narratives_course, key=KEY)
    assert calls[0] == 1 and not first.problems
    assert _check_cache_file(tmp_path / "cache").is_file()
    second = harvest_course(narratives_course, key=KEY)
    assert calls[0] == 1  # the verdict came from the cache: only typed
    assert set(first.tables) == set(second.tables)
    for name in first.tables:
        pd.testing.assert_frame_equal(first.tables[name], second.tables[name])


def test_a_changed_store_is_checked_again(narratives_course, monkeypatch):
    calls = _counting_checks(monkeypatch)
    harvest_course(narratives_course, key=KEY)
    store = sorted(narratives_course.glob("*/*/*/mijn-werk/narratieven.csv"))[0]
    store.write_bytes(store.read_bytes().replace(b"synthetisch", b"Synthetisch", 1))
    harvest = harvest_course(narratives_course, key=KEY)
    assert calls[0] == 2 and not harvest.problems
    harvest_course(narratives_course, key=KEY)
    assert calls[0] == 2  # and that verdict is remembered in turn


def test_a_failed_check_is_not_remembered(narratives_course, tmp_path, monkeypatch):
    calls = _counting_checks(monkeypatch)
    store = sorted(narratives_course.glob("*/*/*/mijn-werk/narratieven.csv"))[0]
    frame = pd.read_csv(store, dtype=str, keep_default_na=False)
    frame.loc[0, "month"] = "oktober"
    frame.to_csv(store, index=False, lineterminator="\n")
    for _ in range(2):
        harvest = harvest_course(narratives_course, key=KEY)
        assert any("geen maand" in p.message for p in harvest.problems)
    assert calls[0] >= 2  # checked both times (the group, then the stores one by one)
    cache = _check_cache_file(tmp_path / "cache")
    assert not cache.exists() or json.loads(cache.read_text()) == {}


def test_a_corrupt_check_cache_counts_as_empty(narratives_course, tmp_path, monkeypatch):
    calls = _counting_checks(monkeypatch)
    cache = _check_cache_file(tmp_path / "cache")
    cache.parent.mkdir(parents=True)
    for damage in ("{kapot", "[1, 2]", '{"abc": "niet ok"}'):
        cache.write_text(damage)
        before = calls[0]
        harvest = harvest_course(narratives_course, key=KEY)
        assert calls[0] == before + 1 and "narratives" in harvest.tables
    assert set(json.loads(cache.read_text()).values()) == {"ok"}


def test_the_check_cache_holds_no_narrative_text(narratives_course, tmp_path):
    harvest = harvest_course(narratives_course, key=KEY)
    stored = _check_cache_file(tmp_path / "cache").read_bytes()
    narratives = harvest.tables["narratives"]
    texts = {v for c in ("text", "title", "participant", "id", "notes")
             for v in narratives[c].dropna().tolist() if len(v) >= 4}
    assert len(texts) > 20
    assert not [t for t in texts if t.encode("utf-8") in stored]
    entries = json.loads(stored)
    assert entries and all(len(k) == 64 and set(k) <= set("0123456789abcdef") and v == "ok"
                           for k, v in entries.items())


@pytest.mark.parametrize("names", [
    ["autograded/S-0a1b2c3d4e/narratieven/mijn-werk/narratieven.csv", "gradebook.db"],
    ["autograded/s1/a/a.ipynb", "autograded/s 2/a/a.ipynb"],  # a space: PyYAML may fold
    ["submitted/jürgen/a/a.ipynb"],  # not ASCII
    ["autograded/-x/a/yes", "autograded/x/a/2025-01-01", "autograded/" + "x" * 130],
    ["a/b: c", "a/#b", "a/b'c", 'a/"b"', "a/[b]", "on/off", "1/2"],
    ["autograded/s9/a/cijfers.csv"],  # its digest only digits below: YAML reads an int
    ["gradebook.db", "true", "2025-01-01", "1.5", "null", "x_y", "~"],
])
def test_manifest_is_written_as_write_yaml_writes_it(tmp_path, names):
    import hashlib

    from kit.evaluation.harvest import Harvest
    from kit.io import write_yaml

    checksums = {name: hashlib.sha256(name.encode()).hexdigest() for name in names}
    if "autograded/s9/a/cijfers.csv" in checksums:
        checksums["autograded/s9/a/cijfers.csv"] = "1" * 64
    manifest = {"cohort": "2023-2024", "kit_version": "0.1.0", "pseudonymised": True,
                "students": 3, "assignments": ["a", "b"], "tables": {"grades": 4},
                "input_checksum": "0" * 64}
    write_harvest(Harvest(tables={}, problems=[], manifest=manifest, checksums=checksums),
                  tmp_path / "oogst")
    expected = write_yaml({**manifest, "checksums": dict(sorted(checksums.items()))},
                          tmp_path / "verwacht.yaml")
    assert (tmp_path / "oogst" / "oogst.yaml").read_bytes() == expected.read_bytes()


def test_work_carried_by_several_students_counts_once(course_copy, tmp_path):
    import shutil

    source = course_copy / "autograded" / "jan01" / "ps1" / "mijn-werk"
    shutil.copytree(source, course_copy / "autograded" / "piotr03" / "ps1" / "mijn-werk")
    harvest = harvest_course(course_copy, pseudonymise=False)
    assert len(harvest.tables["dialogue_afspraken"]) == 2  # not 4: one dialogue table
    assert len(harvest.tables["dialogue_aanbevelingen"]) == 1
    assert len(harvest.tables["codings"]) == 2
    assert harvest.manifest["duplicates"] == {"codings": 2, "dialogue_aanbevelingen": 1,
                                              "dialogue_afspraken": 2}
    notes = [p for p in harvest.problems if "telt één keer" in p.message]
    assert {p.file for p in notes} == {"codings.csv", "dialogue_afspraken.csv",
                                       "dialogue_aanbevelingen.csv"}
    assert all(p.severity == "melding" for p in notes)
    write_harvest(harvest, tmp_path / "oogst")
    assert len(read_harvest(tmp_path / "oogst").tables["dialogue_afspraken"]) == 2
