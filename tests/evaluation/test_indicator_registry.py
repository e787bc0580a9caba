"""The indicator registry: one decorated function adds an indicator to the whole report."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.evaluation.harvest import harvest_course
from kit.evaluation.indicator_registry import (
    AIMS,
    aim_indicators,
    count,
    get,
    indicator,
    markdown_list,
    outcome,
    output,
    public,
    registered,
    unregister,
)
from kit.evaluation.publication import csv_values, is_hidden
from kit.evaluation.report import publish_tables

KEY = b"sleutel-voor-de-tests-0123456789"
NEW = ("test_buddygesprekken", "test_buddy_themas")


@pytest.fixture
def new_indicators():
    """Two indicators registered here, in the test module: a count of persons (3 in the first
    cohort, 12 in the second) and a number of themes with the same values, not about persons."""

    @indicator(NEW[0], theme="leeruitkomsten", name="Studenten met een buddygesprek",
               unit="aantal", per="cohort", evidences=("onderwijs",), disclosure=count())
    def _conversations(cohort):
        n = 3 if cohort.label == "2023-2024" else 12
        return n, n

    @indicator(NEW[1], theme="leeruitkomsten", name="Thema's van buddygesprekken",
               unit="aantal", per="cohort", evidences=("onderwijs",), disclosure=public())
    def _themes(cohort):
        return 3 if cohort.label == "2023-2024" else 12

    yield
    for indicator_id in NEW:
        unregister(indicator_id)


@pytest.fixture(scope="module")
def cohorts(synthetic_pair):
    return {label: harvest_course(path, key=KEY) for label, path in synthetic_pair.items()}


def test_a_registered_indicator_reaches_the_report_with_disclosure_control(new_indicators,
                                                                           cohorts):
    published, _notes, _stories = publish_tables(cohorts, None, k=10)
    tables = csv_values(published.tables)
    rows = {(r["indicator_id"], r["period"]): r for r in tables["indicators"].to_dict("records")}
    # the count of persons: 3 is hidden with its basis, 12 is shown
    small = rows[(NEW[0], "2023-2024")]
    assert is_hidden(small["value"], 10) and is_hidden(small["basis"], 10), small
    assert rows[(NEW[0], "2024-2025")]["value"] == "12"
    # the same numbers, not about persons: published as they are
    assert rows[(NEW[1], "2023-2024")]["value"] == "3"
    assert rows[(NEW[1], "2023-2024")]["basis"] == ""
    # the trend holds the same protected values; its direction cannot be known
    trend = tables["trend"].set_index("indicator_id")
    assert is_hidden(trend.at[NEW[0], "first_value"], 10)
    assert trend.at[NEW[0], "last_value"] == "12"
    assert trend.at[NEW[0], "direction"] == "niet te bepalen"
    assert trend.at[NEW[1], "direction"] == "hoger"
    # and the schema declares the new count
    assert any(q.startswith(f"{NEW[0]}|") for q in published.schema["quantities"])


def test_the_decorator_refuses_what_the_report_cannot_read(new_indicators):
    with pytest.raises(ValueError, match="bestaat al"):
        indicator(NEW[0], theme="t", name="n", unit="aantal", per="cohort",
                  evidences=("onderwijs",))
    with pytest.raises(ValueError, match="eisen"):
        indicator("test_zonder_eis", theme="t", name="n", unit="aantal", per="cohort",
                  evidences=("geld",))
    with pytest.raises(ValueError, match="per"):
        indicator("test_per_week", theme="t", name="n", unit="aantal", per="week",
                  evidences=("onderwijs",))
    with pytest.raises(ValueError, match="doel 'kenis'"):
        indicator("test_doel", theme="t", name="n", unit="aantal", per="cohort",
                  evidences=("onderwijs",), aim=outcome("kenis"))
    with pytest.raises(ValueError, match="bereik is een aantal personen"):
        indicator("test_bereik", theme="t", name="n", unit="aantal", per="cohort",
                  evidences=("onderwijs",), aim=output("kennis", reach=("x", "de x")))
    assert get("test_zonder_eis") is None and get("test_per_week") is None
    assert get("test_doel") is None and get("test_bereik") is None


def test_the_builtin_indicators_are_registered_once_with_a_rule():
    import kit.evaluation.indicators  # noqa: F401  (registers the built-in indicators)

    ids = [i.id for i in registered()]
    assert len(ids) == len(set(ids)) == 33
    persons = {i.id for i in registered() if i.persons}
    assert persons == {"samenwerking_deelnemers", "samenwerking_community_deelnemers",
                       "activiteiten_opkomst", "doorwerking_studenten", "narratieven_aantal",
                       "dialoog_afspraken", "handreiking_aanbevelingen"}
    # every share of persons names its numerator and denominator
    for i in registered():
        if i.disclosure.kind == "share":
            assert i.disclosure.numerator and i.disclosure.denominator, i.id


def test_the_format_doc_lists_the_registered_indicators():
    import kit.evaluation.indicators  # noqa: F401

    doc = (Path(__file__).parents[2] / "docs" / "formats" / "evaluation.md").read_text(
        encoding="utf-8")
    assert markdown_list() in doc, (
        "docs/formats/evaluation.md: de lijst van indicatoren wijkt af van de registry; plak "
        "de uitvoer van kit.evaluation.indicator_registry.markdown_list() onder 'Indicatoren'")


# --- aims and indicator modules: one file and its test add an indicator ----------------------

def test_each_aim_lists_the_indicators_that_declare_it_in_their_rank():
    import kit.evaluation.indicators  # noqa: F401

    placed = {(aim, kind): aim_indicators(aim, kind) for aim, _t in AIMS
              for kind in ("prestatie", "resultaat")}
    # the report's pages per aim (as they were when sections.py listed them by id)
    assert placed == {
        ("oplossingen", "prestatie"): ["praktijkvragen_deelprojecten", "producten_ontwikkeling",
                                       "producten_ondersteuning"],
        ("oplossingen", "resultaat"): ["praktijkvragen_community_eigenaar", "agenda_afgerond",
                                       "dialoog_opgevolgd_aandeel"],
        ("uitsluiting", "prestatie"): ["dialoog_afspraken", "handreiking_aanbevelingen"],
        ("uitsluiting", "resultaat"): ["msc_geselecteerd", "samenwerking_community_aandeel",
                                       "samenwerking_opkomst_community_aandeel"],
        ("kennis", "prestatie"): ["activiteiten_aantal", "producten_onderzoek", "msc_verhalen"],
        ("kennis", "resultaat"): ["activiteiten_opkomst", "samenwerking_partijtypen",
                                  "agenda_nieuwe_themas"],
        ("onderwijs", "prestatie"): ["producten_onderwijs", "doorwerking_onderwijsmodules",
                                     "doorwerking_studenten"],
        ("onderwijs", "resultaat"): ["doorwerking_producten_onderwijs", "leeruitkomst_gemiddeld",
                                     "narratieven_aantal"],
    }


def test_an_unranked_indicator_follows_the_ranked_ones_of_its_aim():
    @indicator("test_kennis_extra", theme="t", name="n", unit="aantal", per="cohort",
               evidences=("onderwijs",), aim=output("kennis"))
    def _extra(cohort):
        return 1

    try:
        assert aim_indicators("kennis", "prestatie")[-1] == "test_kennis_extra"
        assert "test_kennis_extra" not in aim_indicators("kennis", "resultaat")
    finally:
        unregister("test_kennis_extra")


_MODULE = """
from kit.evaluation.indicator_registry import count, indicator, outcome


@indicator("test_buddygesprekken_module", theme="leeruitkomsten",
           name="Studenten met een buddygesprek", unit="aantal", per="cohort",
           evidences=("onderwijs",), disclosure=count(),
           aim=outcome("onderwijs", reach=("buddy's", "de studenten met een buddy")))
def _buddygesprekken(cohort):
    return 14, 14
"""


@pytest.fixture
def module_folder(tmp_path, monkeypatch):
    """A folder that counts as part of kit.evaluation.indicator_modules for this test."""
    import sys

    from kit.evaluation import indicator_modules

    monkeypatch.setattr(indicator_modules, "__path__", [*indicator_modules.__path__,
                                                        str(tmp_path)])
    yield tmp_path
    for name in [n for n in sys.modules if n.startswith("kit.evaluation.indicator_modules.")]:
        del sys.modules[name]
    unregister("test_buddygesprekken_module")


def test_a_new_indicator_module_is_found_without_an_import_line(module_folder):
    import pandas as pd

    from kit.evaluation.indicators import load_indicator_modules
    from kit.evaluation.publication import PUBLISHED_COLUMNS
    from kit.evaluation.sections import build_sections

    (module_folder / "zz_buddygesprekken.py").write_text(_MODULE, encoding="utf-8")
    assert "zz_buddygesprekken" in load_indicator_modules()
    new = get("test_buddygesprekken_module")
    assert new is not None and registered()[-1] is new
    assert aim_indicators("onderwijs", "resultaat")[-1] == new.id
    # and the report's page of that aim shows it, among the outcomes
    trend = [{"indicator_id": new.id, "theme": new.theme, "name": new.name,
              "first_period": "2023-2024", "first_value": "12", "last_period": "2024-2025",
              "last_value": "14", "direction": "hoger"}]
    tables = {name: pd.DataFrame(trend if name == "trend" else [], columns=columns, dtype=object)
              for name, columns in PUBLISHED_COLUMNS.items()}
    page = next(s for s in build_sections(tables, {}, theory={})["sections"]
                if s["title"].startswith("Doel: Doorwerking"))
    shown = {t["caption"]: [row[0] for row in t["rows"]] for t in page["tables"]}
    assert shown["Resultaten (wat het opleverde)"] == [new.name]
    assert shown["Prestaties (wat er gedaan en gemaakt is)"] == []
    # its value is the aim's reach in a target group: both periods, and a sentence saying so
    reach = next(t for t in page["tables"] if t["caption"] == "Bereik per doelgroep")["rows"]
    assert reach == [["2023-2024", "buddy's (cohort)", "buddy's", "12"],
                     ["2024-2025", "buddy's (cohort)", "buddy's", "14"]]
    assert "Bereik: de studenten met een buddy per cohort." in page["paragraphs"]


def test_an_indicator_module_that_does_not_import_stops_loudly(module_folder):
    from kit.evaluation.indicators import load_indicator_modules

    (module_folder / "zz_kapot.py").write_text("from kit.evaluation.bestaat_niet import x\n",
                                               encoding="utf-8")
    with pytest.raises(ModuleNotFoundError, match="bestaat_niet"):
        load_indicator_modules()
