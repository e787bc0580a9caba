"""Disclosure control over the whole weegmoment report, checked by playing the attacker.

The first tests reproduce what an evaluator found with a registry of their own (one party
type of 3 members): ``indicators.csv`` showed the value behind a hidden basis, and
bedrijfsleven could be recomputed from ``participation.csv`` and ``indicators.csv``. The
property tests draw random registries and cohorts (groups of 1, 2, 3 or 9 members) and check
that no hidden cell can be pinned, with an attacker's linear programme of the test's own.
"""

from __future__ import annotations

import datetime as dt
import json
import random

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kit.cli import main
from kit.evaluation.audit import audit_tables
from kit.evaluation.harvest import Harvest
from kit.evaluation.indicators import COMMUNITY
from kit.evaluation.publication import CSV_COLUMNS, PUBLISHED_COLUMNS, read_published
from kit.evaluation.registry import PARTY_TYPES, Registry
from kit.evaluation.report import build_report, publish_tables, write_report
from kit.evaluation.workbook import write_registry
from kit.privacy.attacker import Problem, possible_values, protection
from kit.synthetic.registry import synthetic_registry

START = dt.date(2023, 1, 9)
PERSON_COLUMNS = {"participation": ["participants"], "roles": ["participants"],
                  "attendance": ["attendance"], "narrative_themes": ["narratives"],
                  "learning_outcomes": ["students"], "signifiers": ["narratives"],
                  "dialogue_agreements": ["agreements"],
                  "recommendations": ["recommendations", "co_developed"]}
PERSON_INDICATORS = {"samenwerking_deelnemers", "samenwerking_community_deelnemers",
                     "activiteiten_opkomst", "doorwerking_studenten", "narratieven_aantal",
                     "dialoog_afspraken", "handreiking_aanbevelingen"}


def _day(offset: int) -> str:
    return (START + dt.timedelta(days=offset)).isoformat()


def _registry(year1: dict[str, int], year2: dict[str, int], *, seed: int = 21,
              organisation: dict[str, str] | None = None, attendance=None) -> Registry:
    """The synthetic registry with participants replaced: ``year1[party]`` people active in
    the first project year only, ``year2[party]`` in the second only."""
    tables = synthetic_registry(seed=seed)
    rng = random.Random(seed)
    rows = []
    for offset, counts in ((10, year1), (380, year2)):
        for party, n in counts.items():
            for _ in range(n):
                rows.append({"code": f"D{len(rows) + 1:03d}", "partij_type": party,
                             "organisatie": (organisation or {}).get(party, ""),
                             "vorm": rng.choice(["Nieuwsbrief", "Expertgroep", "Werkveldgroep"]),
                             "van": _day(offset), "tot": _day(offset + 300), "bron": "synthetisch"})
    tables["Deelnemers"] = pd.DataFrame(rows, columns=list(tables["Deelnemers"].columns))
    projects = tables["Deelprojecten"].copy()
    projects["partners"] = ""
    tables["Deelprojecten"] = projects
    if attendance is not None:
        tables["Activiteiten"] = attendance(tables["Activiteiten"].copy())
    stories = tables["MSC-verhalen"].copy()
    stories["geselecteerd"] = "nee"  # no story scan needed here
    tables["MSC-verhalen"] = stories
    return Registry(tables, source="eigen-register.xlsx", checksum="0" * 64, synthetic=True,
                    window=(_day(0), _day(4 * 365 + 1)))


def _cohort(label: str, students: int, *, themes: dict[str, int] | None = None,
            recommendations: dict[str, int] | None = None,
            agreements: dict[str, int] | None = None, seed: int = 1,
            assignments: int = 1) -> Harvest:
    """A harvested cohort built as tables (what ``iids harvest`` writes), no course needed."""
    rng = random.Random(seed)
    grades, narratives, submissions = [], [], []
    for s in range(students):
        for a in range(assignments):
            submissions.append({"assignment": f"opdracht{a}", "student": f"S-{s:010x}",
                                "status": "geoogst"})
            for grade_id in ("plan", "verslag"):
                grades.append({"assignment": f"opdracht{a}", "notebook": f"opdracht{a}",
                               "student": f"S-{s:010x}", "grade_id": f"{grade_id}{a}",
                               "cell_type": "markdown", "score": float(rng.randint(0, 4)),
                               "max_score": 4.0, "needs_manual_grade": False})
    for theme, n in (themes or {}).items():
        for _ in range(n):
            narratives.append({"id": f"N-{len(narratives)}", "theme": theme,
                               "welkom": rng.random()})
    tables = {"grades": pd.DataFrame(grades),
              "submissions": pd.DataFrame(submissions, columns=["assignment", "student", "status"]),
              "narratives": pd.DataFrame(narratives, columns=["id", "theme", "welkom"])}
    recs = [{"id": f"R{i}", "audience": audience, "co_developed": "ja" if i % 2 else "nee"}
            for audience, n in (recommendations or {}).items() for i in range(n)]
    if recs:
        tables["dialogue_aanbevelingen"] = pd.DataFrame(recs)
    deals = [{"id": f"A{i}", "follow_up": text} for state, n in (agreements or {}).items()
             for i, text in enumerate([state] * n)]
    if deals:
        tables["dialogue_afspraken"] = pd.DataFrame(deals)
    return Harvest(tables=tables, problems=[],
                   manifest={"cohort": label, "pseudonymised": True, "input_checksum": "",
                             "kit_version": "test"})


#: The evaluator's registry: bedrijfsleven 3 of 67 in year 1, the community 3 in year 2.
YEAR1 = {"gemeente": 13, "onderwijs en onderzoek": 16, "zorg en welzijn": 12,
         "burgers/vrijwilligers/cliënten": 13, "de community zelf": 10, "bedrijfsleven": 3}
YEAR2 = {"gemeente": 25, "onderwijs en onderzoek": 21, "zorg en welzijn": 18,
         "burgers/vrijwilligers/cliënten": 14, "de community zelf": 3, "bedrijfsleven": 12}


@pytest.fixture(scope="module")
def evaluator():
    published, notes, _stories = publish_tables({}, _registry(YEAR1, YEAR2))
    return published


def _row(table, **where):
    mask = pd.Series(True, index=table.index)
    for column, value in where.items():
        mask &= table[column] == value
    assert mask.sum() == 1, where
    return table[mask].iloc[0]


def test_indicators_hide_the_value_not_only_its_basis(evaluator):
    ind = evaluator.tables["indicators"]
    row = _row(ind, indicator_id="samenwerking_community_deelnemers", period="jaar 2")
    assert (row["value"], row["basis"]) == ("<10", "<10")
    share = _row(ind, indicator_id="samenwerking_community_aandeel", period="jaar 2")
    assert share["value"] == "x"  # 3 / 93 would give the 3 back
    trend = _row(evaluator.tables["trend"], indicator_id="samenwerking_community_deelnemers")
    assert trend["last_value"] == "<10" and trend["direction"] == "niet te bepalen"
    published = "\n".join(t.to_csv(index=False) for t in evaluator.tables.values())
    assert "0.0323" not in published and "3%" not in published


def test_bedrijfsleven_cannot_be_recomputed_from_participation_and_indicators(evaluator):
    part = evaluator.tables["participation"]
    ind = evaluator.tables["indicators"]
    year = part[part["period"] == "jaar 1"].set_index("party_type")["participants"]
    total = _row(ind, indicator_id="samenwerking_deelnemers", period="jaar 1")["value"]
    assert year["bedrijfsleven"] == "<10"
    # the evaluator's arithmetic: total minus every shown party type
    shown = pd.to_numeric(year, errors="coerce")
    assert not (total.isdigit() and shown.isna().sum() == 1)
    # the attacker's linear programme, written here without the kit's schema
    hidden = {party: (1.0, 9.0) if mark == "<10" else (10.0, None)
              for party, mark in year.items() if pd.isna(shown[party])}
    known = {party: float(v) for party, v in shown.items() if v == v}
    if total.isdigit():
        known["totaal"] = float(total)
    community = _row(ind, indicator_id="samenwerking_community_deelnemers", period="jaar 1")["value"]
    if community.isdigit():
        known["community"] = float(community)
    constraints = [("eq", {"totaal": 1.0, **{p: -1.0 for p in year.index}}, 0.0),
                   ("eq", {"community": 1.0, COMMUNITY: -1.0}, 0.0)]
    bounds = dict(hidden)
    for name in ("totaal", "community"):
        if name not in known:
            bounds[name] = (0.0, None)
    low, high = Problem(known=known, bounds=bounds, constraints=constraints).intervals(
        ["bedrijfsleven"])["bedrijfsleven"]
    assert possible_values((low, high)) >= protection(10)


def test_markers_tell_the_truth(evaluator):
    """'<10' only on counts under 10, 'x' only on counts of 10 or more."""
    truth = {**{("jaar 1", p): n for p, n in YEAR1.items()}, **{("jaar 2", p): n for p, n in YEAR2.items()}}
    part = evaluator.tables["participation"]
    marks = {(r["period"], r["party_type"]): r["participants"] for r in part.to_dict("records")}
    assert marks[("jaar 1", "bedrijfsleven")] == "<10"
    for key, mark in marks.items():
        if mark == "<10":
            assert 0 < truth[key] < 10, key
        elif mark == "x":
            assert truth[key] >= 10, key
        else:
            assert int(mark) == truth[key]


def test_decision_and_contribution_on_hidden_values_are_not_determinable():
    tables = synthetic_registry(seed=21)
    criteria = tables["Criteria"].copy()
    criteria.loc[0, ["indicator", "drempel", "richting"]] = ["samenwerking_community_deelnemers", 2.0,
                                                              "minimaal"]
    registry = _registry(YEAR1, YEAR2)
    registry.tables["Criteria"] = criteria
    published, _notes, _stories = publish_tables({}, registry)
    decision = published.tables["decision"].iloc[0]
    assert decision["latest_value"] == "<10"
    assert decision["trend"] == "niet te bepalen" and decision["comparison"] == "niet te bepalen"
    evidence = " ".join(published.tables["contribution"]["evidence"])
    assert "Deelnemers uit de community zelf: x -> <10 (niet te bepalen)" in evidence or \
        "Deelnemers uit de community zelf: 10 -> <10 (niet te bepalen)" in evidence


def test_attendance_names_merged_types_and_keeps_activities():
    def small_symposia(acts):
        symposium = acts["soort"] == "symposium"
        for column in [c for c in acts.columns if c.startswith("opkomst_")]:
            acts.loc[symposium, column] = 0
        acts.loc[symposium, "opkomst_gemeente"] = 2
        return acts

    registry = _registry(YEAR1, YEAR2, attendance=small_symposia)
    published, notes, _stories = publish_tables({}, registry)
    attendance = published.tables["attendance"]
    assert list(attendance.columns) == PUBLISHED_COLUMNS["attendance"]
    assert "symposium" not in set(attendance["activity_type"])
    assert pd.to_numeric(attendance["activities"]).gt(0).all()
    assert any("symposium" in n and "samengevoegd tot 'overig'" in n for n in notes)


def test_recommendations_of_one_are_never_shown():
    cohorts = {"2025-2026": _cohort("2025-2026", 14, themes={"werk": 30, "wonen": 12},
                                    recommendations={"politici": 1, "huisartsen": 14,
                                                     "gemeente": 12})}
    published, notes, _stories = publish_tables(cohorts, None)
    recs = published.tables["recommendations"]
    numbers = pd.to_numeric(recs[["recommendations", "co_developed"]].stack(), errors="coerce")
    assert not ((numbers > 0) & (numbers < 10)).any()
    assert (recs.empty and any("recommendations" in n for n in notes)) or \
        "<10" in set(recs["recommendations"])


def test_submissions_and_theme_counts_cannot_pin_a_small_cohort():
    """9 students x 3 assignments = 27 submissions says 'at least 9 students'; 9 themes say
    'at least 9 narratives': both would pin a count marked <10."""
    themes = {f"thema {i}": 1 for i in range(9)}
    cohorts = {"2025-2026": _cohort("2025-2026", 9, themes=themes, assignments=3)}
    published, _notes, _stories = publish_tables(cohorts, None)
    ind = published.tables["indicators"].set_index("indicator_id")["value"]
    assert ind["doorwerking_studenten"] == "<10" and ind["narratieven_aantal"] == "<10"
    # 27 submissions of 3 assignments would give 9 students away: one of the two is hidden
    assert ind["doorwerking_opdrachten"] == "<10" or ind["doorwerking_inzendingen"] == "x"
    assert ind["narratieven_themas"] == "<10"  # 9 themes: honest marker, not 'x'
    result = audit_tables(published.tables, published.schema)
    assert result.ok and result.checked >= 2


def test_a_mostly_hidden_table_is_refused():
    small = {p: 4 for p in PARTY_TYPES}
    published, notes, _stories = publish_tables({}, _registry(small, small))
    assert published.tables["participation"].empty
    assert list(published.tables["participation"].columns) == PUBLISHED_COLUMNS["participation"]
    assert any("'participation' is niet gepubliceerd" in n for n in notes)
    assert audit_tables(published.tables, published.schema).ok


def test_one_organisation_is_hidden_as_dominance():
    registry = _registry({**YEAR1, "bedrijfsleven": 14}, YEAR2,
                         organisation={"bedrijfsleven": "Bakkerij Voorbeeld BV"})
    published, _notes, _stories = publish_tables({}, registry)
    part = published.tables["participation"]
    assert _row(part, period="jaar 1", party_type="bedrijfsleven")["participants"] == "1 org."
    assert audit_tables(published.tables, published.schema).ok


@pytest.fixture(scope="module")
def report_folder(tmp_path_factory, evaluator):
    out = tmp_path_factory.mktemp("rapport")
    report = build_report({"2025-2026": _cohort("2025-2026", 12, themes={"werk": 40})},
                          _registry(YEAR1, YEAR2))
    write_report(report, out)
    return out


def test_every_csv_keeps_its_documented_schema(report_folder):
    from pathlib import Path

    schema = json.loads((report_folder / "schema.json").read_text(encoding="utf-8"))
    doc = (Path(__file__).parents[2] / "docs" / "formats" / "evaluation.md").read_text(encoding="utf-8")
    for name, columns in PUBLISHED_COLUMNS.items():
        header = (report_folder / f"{name}.csv").read_text(encoding="utf-8-sig").splitlines()[0]
        assert header.split(";") == CSV_COLUMNS[name], name
        assert [c["name"] for c in schema["tables"][name]["columns"]] == columns
        assert [c["csv"] for c in schema["tables"][name]["columns"]] == CSV_COLUMNS[name]
        assert f"| `{name}.csv` | `{', '.join(CSV_COLUMNS[name])}`" in doc, name
    assert "schema.json" in doc and "`<10`" in doc and "`x`" in doc


def test_figures_hatch_hidden_cells_and_never_draw_them_as_zero(report_folder):
    svg = (report_folder / "figuren" / "deelname.svg").read_text(encoding="utf-8")
    html = (report_folder / "index.html").read_text(encoding="utf-8")
    from kit.evaluation.plots import HIDDEN_HATCH, plot_participation

    part = read_published(report_folder, "participation")
    ax = plot_participation(part)
    hatched = [p for p in ax.patches if p.get_hatch() == HIDDEN_HATCH]
    assert len(hatched) == (part["participants"].isin(["<10", "x", "1 org."])).sum() > 0
    assert all(p.get_height() > 0 for p in hatched)
    assert {t.get_text() for t in ax.texts} >= {"<10"}
    assert "<svg" in svg and "1 tot en met 9 personen" in html and "&#34;x&#34;" in html


def test_audit_command_on_a_report_folder(report_folder, tmp_path, capsys):
    import shutil

    assert main(["evaluate", "audit", str(report_folder)]) == 0
    assert "geslaagd" in capsys.readouterr().out
    leaky = tmp_path / "lek"
    shutil.copytree(report_folder, leaky)
    part = pd.read_csv(leaky / "participation.csv", sep=";", dtype=str, keep_default_na=False,
                       encoding="utf-8-sig")
    protecting = part.index[part["deelnemers"] == "x"][0]
    truth = {**{("jaar 1", p): n for p, n in YEAR1.items()}, **{("jaar 2", p): n for p, n in YEAR2.items()}}
    part.loc[protecting, "deelnemers"] = str(truth[(part.at[protecting, "periode"],
                                                    part.at[protecting, "partij_type"])])
    part.to_csv(leaky / "participation.csv", sep=";", index=False, lineterminator="\n",
                encoding="utf-8-sig")
    assert main(["evaluate", "audit", str(leaky)]) == 1
    err = capsys.readouterr().err
    assert "participation.csv" in err and "terug te rekenen" in err and "Traceback" not in err
    assert "kolom 'deelnemers'" in err  # the column as the file names it
    (leaky / "schema.json").unlink()
    assert main(["evaluate", "audit", str(leaky)]) == 2
    assert "schema.json ontbreekt" in capsys.readouterr().err


def test_evaluate_writes_nothing_when_the_audit_fails(tmp_path, monkeypatch, capsys):
    """A pass that forgets secondary suppression is caught by the audit: no report."""
    import kit.evaluation.publication as publication
    from kit.privacy.disclosure_pass import PROTECTING

    real = publication.protect

    def forgetful(model, **kwargs):
        result = real(model, **kwargs)
        result.hidden = {q: r for q, r in result.hidden.items() if r != PROTECTING}
        return result

    monkeypatch.setattr(publication, "protect", forgetful)
    tables = _registry(YEAR1, YEAR2).tables
    registry_file = write_registry(tables, tmp_path / "register.xlsx")
    out = tmp_path / "uit"
    assert main(["evaluate", "--registry", str(registry_file), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "controle op terugrekenen faalt" in err and ".csv" in err
    assert not out.exists() or not any(out.iterdir())


# ---- property tests: random registries and cohorts --------------------------------------

GROUP = st.sampled_from([0, 1, 2, 3, 9, 10, 12, 25])


@st.composite
def inputs(draw):
    year1 = {p: draw(GROUP) for p in PARTY_TYPES}
    year2 = {p: draw(GROUP) for p in PARTY_TYPES}
    seed = draw(st.integers(0, 10_000))
    cohorts = {}
    for label in draw(st.sampled_from([[], ["2025-2026"], ["2025-2026", "2026-2027"]])):
        cohorts[label] = _cohort(label, draw(st.sampled_from([1, 2, 3, 9, 12, 30])),
                                 themes={t: draw(GROUP) for t in ("werk", "wonen", "zorg")},
                                 recommendations={a: draw(GROUP) for a in ("politici", "gemeente")},
                                 agreements={s: draw(GROUP) for s in ("", "Bellen (gedaan, 2026-02-01)")},
                                 seed=seed)
    k = draw(st.sampled_from([5, 10]))
    return _registry(year1, year2, seed=seed % 50), cohorts, k, (year1, year2)


@settings(max_examples=8, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(inputs())
def test_no_hidden_cell_can_be_pinned_and_no_small_count_is_shown(case):
    registry, cohorts, k, (year1, year2) = case
    published, _notes, _stories = publish_tables(cohorts, registry, k=k)
    tables, schema = published.tables, published.schema
    result = audit_tables(tables, schema)
    assert result.ok, [f.line() for f in result.findings]
    for name, columns in PERSON_COLUMNS.items():
        for column in columns:
            numbers = pd.to_numeric(tables[name][column], errors="coerce").dropna()
            assert not ((numbers > 0) & (numbers < k)).any(), (name, column)
        # a table that would be mostly hidden is refused: header only, and said so
        cells = tables[name][columns].stack()
        hidden = cells.isin([f"<{k}", "x", "1 org."])
        nonzero = hidden | (pd.to_numeric(cells, errors="coerce") > 0)
        assert hidden.sum() <= 0.5 * nonzero.sum(), name
        if name in schema["refused"]:
            assert tables[name].empty, name
    ind = tables["indicators"]
    persons = ind[ind["indicator_id"].isin(PERSON_INDICATORS)]
    numbers = pd.to_numeric(persons["value"], errors="coerce").dropna()
    assert not ((numbers > 0) & (numbers < k)).any()
    # the test's own attacker: every party type against the year's total
    part, need = tables["participation"], protection(k)
    for period, truth in (("jaar 1", year1), ("jaar 2", year2)):
        cells = part[part["period"] == period].set_index("party_type")["participants"]
        total = ind[(ind["indicator_id"] == "samenwerking_deelnemers") & (ind["period"] == period)]
        known, bounds = {}, {}
        for party, n in truth.items():
            mark = cells[party] if party in cells.index else "0" if n == 0 else None
            if mark is None:  # the year's rows are refused: nothing published about the party
                assert not (part["period"] == period).any(), (period, party)
                bounds[party] = (0.0, None)
            elif mark.isdigit():
                assert int(mark) == n
                known[party] = float(mark)
            else:
                assert (0 < n < k) if mark == f"<{k}" else n >= k, (party, mark, n)
                bounds[party] = (1.0, k - 1.0) if mark == f"<{k}" else (float(k), None)
        value = total["value"].iloc[0] if len(total) else ""
        if value.isdigit():
            known["totaal"] = float(value)
        else:
            bounds["totaal"] = (0.0, None)
        problem = Problem(known=known, bounds=bounds,
                          constraints=[("eq", {"totaal": 1.0, **{p: -1.0 for p in truth}}, 0.0)])
        small = [p for p in bounds if p != "totaal" and bounds[p] == (1.0, k - 1.0)]
        for party, (low, high) in problem.intervals(small).items():
            assert possible_values((low, high)) >= need, (period, party, low, high)


def test_a_count_that_cannot_be_protected_stops_with_a_dutch_message():
    from kit.errors import CheckFailed
    from kit.privacy.disclosure_pass import Model, protect

    model = Model()
    model.quantity("klein", 3)
    model.cell("klein", "participation", 1, "participants")
    model.quantity("totaal", 3, sensitive=False)
    model.cell("totaal", "indicators", 0, "value")
    model.fixed.add("totaal")
    model.relate("totaal", ["klein"])
    with pytest.raises(CheckFailed, match=r"participation.csv, rij 3, kolom 'participants': deze "
                                          r"kleine telling is niet te beschermen"):
        protect(model, k=10)


# ---- the output-checking log, whole groups (issue 17, second round) ---------------------

def test_every_hidden_cell_of_the_report_is_in_the_review_log(report_folder):
    log = pd.read_csv(report_folder / "controlelog.csv", dtype=str, keep_default_na=False)
    assert list(log.columns) == ["bestand", "rij", "kolom", "regel", "actie", "toelichting"]
    hidden_texts = {"<10", "x", "1 org.", "niet te bepalen"}
    for name in PUBLISHED_COLUMNS:
        file = f"{name}.csv"
        table = pd.read_csv(report_folder / file, sep=";", dtype=str, keep_default_na=False,
                            encoding="utf-8-sig")  # the Dutch column names the log uses too
        mine = log[log["bestand"] == file]
        assert mine["regel"].isin(["gecontroleerd", "geweigerd"]).any(), file
        shown = {(str(i + 2), c) for c in table.columns for i, v in enumerate(table[c]) if v in hidden_texts}
        logged = {(r, c) for r, c, a in zip(mine["rij"], mine["kolom"], mine["actie"], strict=True)
                  if a.startswith("verborgen")}
        assert shown == logged, file
    part = log[log["bestand"] == "participation.csv"]
    assert {"drempel", "bescherming"} <= set(part["regel"])
    # the log publishes no value: a hidden count's true value is nowhere in it
    assert not log["toelichting"].str.contains(r"\b3 personen\b").any()


def test_the_audit_fails_when_the_log_misses_a_hidden_cell(report_folder, tmp_path, capsys):
    import shutil

    copy = tmp_path / "zonder-log-regel"
    shutil.copytree(report_folder, copy)
    log = pd.read_csv(copy / "controlelog.csv", dtype=str, keep_default_na=False)
    first = log.index[log["actie"].str.startswith("verborgen")][0]
    log.drop(index=first).to_csv(copy / "controlelog.csv", index=False, lineterminator="\n")
    assert main(["evaluate", "audit", str(copy)]) == 1
    assert "het controlelog noemt haar niet" in capsys.readouterr().err
    (copy / "controlelog.csv").unlink()
    assert main(["evaluate", "audit", str(copy)]) == 2
    assert "controlelog.csv ontbreekt" in capsys.readouterr().err


def test_a_mean_that_every_student_shares_is_hidden():
    """12 students with the same score: the mean (0%, 100% or any shared value) tells each
    student their own score (acro: all-values-are-same)."""
    cohort = _cohort("2025-2026", 12, themes={"werk": 40})
    grades = cohort.tables["grades"]
    grades.loc[grades["grade_id"] == "plan0", "score"] = 4.0  # everyone full marks on 'plan'
    published, _notes, _stories = publish_tables({"2025-2026": cohort}, None)
    outcomes = published.tables["learning_outcomes"].set_index("criterion")
    assert outcomes.loc["plan0", "mean_fraction"] == "x"
    assert outcomes.loc["verslag0", "mean_fraction"] not in {"x", "<10"}
    rules = published.log.frame()
    row = rules[(rules["bestand"] == "learning_outcomes.csv") & (rules["kolom"] == "gemiddeld_deel")]
    assert row["regel"].tolist() == ["hele groep"]
    assert audit_tables(published.tables, published.schema).ok


def test_a_whole_group_in_one_category_is_named_in_notes_and_log():
    registry = _registry({"gemeente": 14}, YEAR2)
    published, notes, _stories = publish_tables({}, registry)
    part = published.tables["participation"]
    assert _row(part, period="jaar 1", party_type="gemeente")["participants"] == "14"
    assert any("participation.csv" in n and "hele groep van 14" in n for n in notes)
    rules = published.log.frame()
    assert ((rules["bestand"] == "participation.csv") & (rules["regel"] == "hele groep")).any()


# ---- differencing across publications: two weegmomenten, more cohorts ---------------------

def _together(*publications):
    """Tables and schema of several publications as one attacker sees them: a count with the
    same id is the same count (same registry, same cohort)."""
    from kit.evaluation.audit import merge_publications

    return merge_publications([(f"rapport{i + 1}", p.tables, p.schema)
                               for i, p in enumerate(publications)])


def _two_weegmomenten(seed: int):
    """A registry and two cohorts drawn from ``seed``: the first report has one cohort, the
    second both (the same registry), as an evaluator would publish them two years apart."""
    rng = random.Random(seed)
    groups = [0, 1, 2, 3, 9, 10, 12, 25]

    def g():
        return rng.choice(groups)

    registry = _registry({p: g() for p in PARTY_TYPES}, {p: g() for p in PARTY_TYPES}, seed=seed % 50)
    sizes = [1, 2, 3, 9, 12, 25, 30]
    first = _cohort("2025-2026", rng.choice(sizes), themes={"werk": g(), "wonen": g(), "zorg": g()},
                    recommendations={"politici": g(), "gemeente": g()},
                    agreements={"": g(), "Bellen (gedaan, 2026-02-01)": g()}, seed=seed)
    second = _cohort("2026-2027", rng.choice(sizes), themes={"werk": g(), "zorg": g()},
                     recommendations={"politici": g(), "huisartsen": g()},
                     agreements={"": g()}, seed=seed + 1)
    k = rng.choice([5, 10])
    one = publish_tables({"2025-2026": first}, registry, k=k)[0]
    two = publish_tables({"2025-2026": first, "2026-2027": second}, registry, k=k)[0]
    return one, two


@pytest.mark.parametrize("seed", [0, 10])
def test_two_weegmomenten_together_give_no_hidden_cell_away(seed):
    """Found by a fuzz run: a table refused as a whole in the second report (its new cohort
    mostly small) let a total of the first cohort be shown there, while the first report hid
    it to protect an agreement count of 1. Rows are now refused per cohort (or project year),
    so adding a cohort never changes what is published about another."""
    one, two = _two_weegmomenten(seed)
    result = audit_tables(*_together(one, two))
    assert result.ok, [f.line() for f in result.findings]


def test_a_count_shown_in_one_report_and_hidden_in_another_is_found(evaluator):
    """The audit over several reports finds the same count visible in one and hidden in the
    other (the classic differencing of two releases)."""
    import copy

    other = copy.deepcopy(evaluator)
    part = other.tables["participation"]
    row = part.index[(part["period"] == "jaar 1") & (part["party_type"] == "bedrijfsleven")][0]
    part.loc[row, "participants"] = "3"
    other.schema["quantities"]["deelnemers|jaar 1|bedrijfsleven"]["sensitive"] = False
    tables, schema = _together(evaluator, other)
    lines = [f.line() for f in audit_tables(tables, schema).findings]
    assert any("rapport1/participation.csv" in line and "zichtbaar in rapport2/participation.csv"
               in line for line in lines), lines
