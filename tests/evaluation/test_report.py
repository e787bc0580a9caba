"""The weegmoment report: every table published and suppressed, reproducible to the byte."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from kit.cli import main
from kit.errors import InputError
from kit.evaluation.harvest import harvest_course, write_harvest
from kit.evaluation.publication import read_published
from kit.evaluation.registry import read_registry
from kit.evaluation.report import PUBLISHED_TABLES, build_report, evaluate, load_cohorts
from kit.evaluation.workbook import write_registry
from kit.synthetic.registry import synthetic_registry

KEY = b"sleutel-voor-de-tests-0123456789"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def registry_file(tmp_path_factory):
    return write_registry(synthetic_registry(seed=21),
                          tmp_path_factory.mktemp("register") / "register.xlsx")


@pytest.fixture(scope="module")
def report_dir(synthetic_pair, registry_file, tmp_path_factory):
    out = tmp_path_factory.mktemp("rapport")
    evaluate(list(synthetic_pair.values()), out, registry=registry_file, key=KEY)
    return out


def test_every_table_is_written_and_the_page_is_dutch(report_dir):
    for name in PUBLISHED_TABLES:
        assert (report_dir / f"{name}.csv").is_file(), name
    html = (report_dir / "index.html").read_text(encoding="utf-8")
    assert '<html lang="nl">' in html and "Voortzetten of bijsturen" in html
    assert "De kit rekent, mensen beslissen" in html
    assert html.count("<svg") >= 4  # figures inline, readable without Jupyter
    assert (report_dir / "figuren" / "leeruitkomsten.svg").is_file()
    assert "Oefenrapport" in html  # the synthetic registry is marked


def test_report_is_byte_identical_for_the_same_inputs(synthetic_pair, registry_file, report_dir,
                                                      tmp_path):
    again = tmp_path / "nogmaals"
    evaluate(list(synthetic_pair.values()), again, registry=registry_file, key=KEY)
    files = sorted(p.relative_to(report_dir) for p in report_dir.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    for name in files:
        assert (report_dir / name).read_bytes() == (again / name).read_bytes(), name


def test_inputs_checksums_and_kit_version(report_dir, registry_file):
    import kit

    inputs = read_published(report_dir, "inputs")
    assert list(inputs["input"][:2]) == ["2023-2024", "2024-2025"]
    assert inputs["sha256"][:3].str.fullmatch(r"[0-9a-f]{64}").all()
    assert read_registry(registry_file).checksum in set(inputs["sha256"])
    assert kit.__version__ in set(inputs["kit_version"])
    assert kit.__version__ in (report_dir / "index.html").read_text(encoding="utf-8")


def test_no_student_id_and_no_small_count_is_published(report_dir):
    published = "".join(p.read_text(encoding="utf-8") for p in report_dir.glob("*.csv"))
    assert not re.search(r"s202[56]-\d\d", published)
    for name in ("participation", "roles", "attendance", "narrative_themes"):
        table = read_published(report_dir, name)
        counts = table.iloc[:, -1] if name != "attendance" else table["attendance"]
        numbers = pd.to_numeric(counts, errors="coerce").dropna()
        assert ((numbers == 0) | (numbers >= 10)).all(), name
    outcomes = read_published(report_dir, "learning_outcomes")
    small = outcomes["students"] == "<10"
    assert (outcomes.loc[small, "mean_fraction"] == "<10").all()


def test_learning_outcomes_follow_the_gradebook(synthetic_pair, report_dir):
    harvest = harvest_course(synthetic_pair["2023-2024"], key=KEY)
    grades = harvest.tables["grades"]
    cell = grades[(grades["grade_id"] == "narratieven_tegenverhaal") & ~grades["needs_manual_grade"]]
    expected = (cell["score"] / cell["max_score"]).mean()
    outcomes = read_published(report_dir, "learning_outcomes")
    row = outcomes[(outcomes["cohort"] == "2023-2024") & (outcomes["criterion"] == "narratieven_tegenverhaal")]
    per_student = cell.groupby("student")["score"].sum() / cell.groupby("student")["max_score"].sum()
    if per_student.round(9).nunique() == 1:  # every student the same: the mean tells each one
        assert row["mean_fraction"].iloc[0] == "x"
    else:
        shown = float(row["mean_fraction"].iloc[0].replace(",", "."))  # a Dutch decimal comma
        assert shown == pytest.approx(expected, abs=1e-4)


def test_decision_page_sets_criteria_beside_the_evidence(report_dir, registry_file):
    decision = read_published(report_dir, "decision")
    criteria = read_registry(registry_file)["Criteria"]
    assert list(decision["criterion_id"]) == list(criteria["id"])
    assert set(decision["comparison"]) <= {"voldoet", "voldoet niet", "beschrijvend",
                                           "geen gegevens", "verborgen (minder dan 10 personen)"}
    contribution = read_published(report_dir, "contribution")
    assert list(contribution["link_id"]) == [f"L{i}" for i in range(1, 8)]
    assert contribution["evidence"].str.len().gt(0).all()
    trend = read_published(report_dir, "trend")
    row = trend[trend["indicator_id"] == "doorwerking_studenten"].iloc[0]
    assert (row["first_period"], row["last_period"]) == ("2023-2024", "2024-2025")


def test_harvest_folders_and_course_folders_give_the_same_report(synthetic_pair, registry_file,
                                                                 report_dir, tmp_path):
    folders = []
    for label, course in synthetic_pair.items():
        folders.append(tmp_path / label)
        write_harvest(harvest_course(course, key=KEY), folders[-1])
    out = tmp_path / "uit-oogst"
    evaluate(folders, out, registry=registry_file, key=KEY)
    for name in ("indicators", "learning_outcomes", "signifiers", "decision"):
        assert (out / f"{name}.csv").read_bytes() == (report_dir / f"{name}.csv").read_bytes(), name


def test_story_with_personal_data_is_held_back(synthetic_pair, tmp_path):
    tables = synthetic_registry(seed=21)
    stories = tables["MSC-verhalen"].copy()
    chosen = stories.index[stories["geselecteerd"] == "ja"][0]
    stories.loc[chosen, "verhaal"] = "Bel haar op 06-12345678 voor meer."
    tables["MSC-verhalen"] = stories
    registry = read_registry(write_registry(tables, tmp_path / "r.xlsx"))
    report = build_report(load_cohorts(list(synthetic_pair.values()), key=KEY), registry)
    assert stories.loc[chosen, "id"] not in set(report.tables["msc_stories"]["id"])
    assert any("niet opgenomen" in note for note in report.notes)
    assert "06-12345678" not in report.html


def test_without_registry_and_bad_cohort(synthetic_pair, tmp_path, capsys):
    out = tmp_path / "zonder"
    assert main(["evaluate", "--cohort", str(synthetic_pair["2023-2024"]), "-o", str(out)]) == 0
    assert "geen Werkplaats-register" in (out / "index.html").read_text(encoding="utf-8")
    assert main(["evaluate", "--cohort", str(tmp_path), "-o", str(tmp_path / "x")]) == 2
    assert "geen nbgrader-cursusmap" in capsys.readouterr().err
    with pytest.raises(InputError, match="twee cohorten"):
        load_cohorts([synthetic_pair["2023-2024"], synthetic_pair["2023-2024"]], key=KEY)


def test_cohorts_out_of_order_are_refused(synthetic_pair, tmp_path, capsys):
    first, second = synthetic_pair.values()
    with pytest.raises(InputError, match="niet op volgorde: 2023-2024 komt na 2024-2025"):
        load_cohorts([second, first], key=KEY)
    code = main(["evaluate", "--cohort", str(second), "--cohort", str(first), "--sleutel",
                 str(tmp_path / "k.key"), "-o", str(tmp_path / "r")])
    assert code == 2 and "oud naar nieuw" in capsys.readouterr().err
    assert not (tmp_path / "r").exists()


def test_a_project_year_without_data_is_named(synthetic_pair, tmp_path):
    tables = synthetic_registry(seed=21)
    acts = tables["Activiteiten"]
    tables["Activiteiten"] = acts[acts["datum"] < "2024-01-01"].reset_index(drop=True)
    registry = read_registry(write_registry(tables, tmp_path / "register"))
    first = registry.window[0]
    report = build_report({}, registry)
    assert first.startswith("2023-01")
    assert any(re.match(r"Jaar 2 \(2024-01-\d\d tot en met 2025-01-\d\d\): geen activiteiten", n)
               for n in report.notes), report.notes
    assert not any(n.startswith("Jaar 1") for n in report.notes)


EVALUATOR_SECTIONS = ["Samenvatting en voorstel", "Eis van het ministerie: Gelijkwaardige samenwerking",
                      "Eis van het ministerie: Actuele praktijkvragen",
                      "Eis van het ministerie: Dynamische agenda",
                      "Eis van het ministerie: Doorwerking in het onderwijs",
                      "Doel: Uitsluiting tegengaan en de positie van de groep verbeteren",
                      "Bereik per doelgroep", "Gepland en gerealiseerd, uren en budget",
                      "Reflectie van de community en de partners", "Wat er te leren valt",
                      "Aanbevelingen voor het project", "Na de subsidie", "Beperkingen"]


def _page_text(report_dir) -> str:
    import html

    page = (report_dir / "index.html").read_text(encoding="utf-8")
    page = re.sub(r"<svg.*?</svg>|<style>.*?</style>", "", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_the_evaluators_sections_are_in_the_page_and_in_word(report_dir):
    from docx import Document

    text = _page_text(report_dir)
    for title in EVALUATOR_SECTIONS:
        assert title in text, title
    assert "Voorstel volgens de criteria:" in text and re.search(r"\b(voortzetten|bijsturen)\b", text)
    assert "Gelijkwaardige samenwerking" in text and "Vraag hun oordeel" not in text  # quotes there
    assert "We zaten voor het eerst aan tafel" in text  # consent given
    assert "kwamen soms te laat terug" not in text  # no consent: left out
    assert "€ 142.000,00" in text  # budget in Dutch notation
    doc = Document(report_dir / "weegmoment.docx")
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    for title in EVALUATOR_SECTIONS:
        assert title in headings, title
    assert len(doc.inline_shapes) >= 3  # the figures
    assert any("We zaten voor het eerst aan tafel" in p.text for p in doc.paragraphs)


def test_the_page_reads_as_dutch_text_not_as_data(report_dir):
    from kit import __version__
    from kit.evaluation.indicators import registered

    text = _page_text(report_dir).replace(__version__, "")
    assert not re.search(r"\b0\.\d+|\d\.\d{4,}", text), "raw decimals like 0.6917"
    ids = [i.id for i in registered() if re.search(rf"\b{i.id}\b", text)]
    assert ids == []  # no internal ids (the CSV files keep them)
    assert not re.search(r"\b\w+\.\w+\.(x|y)\b", text)  # signifier ids such as plekken.buurt.x
    assert not re.search(r"\b1 criteria\b|\b1 voldoen\b|\b1 zijn\b", text)
    page = (report_dir / "index.html").read_text(encoding="utf-8")
    for header_row in re.findall(r"<thead><tr>(.*?)</tr></thead>", page, flags=re.S):
        headers = re.findall(r"<th>(.*?)</th>", header_row)
        assert len(headers) == len(set(headers)), headers


def test_more_than_half_is_strict():
    from kit.evaluation.contribution import judge_value
    from kit.evaluation.sections import decision_proposal

    assert judge_value(0.5, 0.5, "meer dan") == "voldoet niet"
    assert judge_value(0.51, 0.5, "meer dan") == "voldoet"
    assert decision_proposal(["voldoet niet", "voldoet"])["text"] == (
        "Volgens de criteria: bijsturen. 1 criterium voldoet niet, 1 criterium voldoet.")


#: The English column names the published CSV files had before (none may come back).
_ENGLISH = {"input", "kind", "kit_version", "indicator_id", "theme", "name", "period", "value",
            "unit", "basis", "first_period", "first_value", "last_period", "last_value",
            "direction", "party_type", "way", "participants", "activity_type", "activities",
            "attendance", "project_id", "title", "question_origin", "community_role", "end",
            "change", "product_type", "products", "used_in_education", "assignment",
            "criterion", "mean_fraction", "students", "narratives", "mean",
            "follow_up", "agreements", "audience", "recommendations", "co_developed", "link_id",
            "cause", "effect", "assumption", "risk", "evidence", "indicators_found",
            "indicators_named", "evidence_status", "domain", "story", "level", "reason",
            "criterion_id", "threshold", "latest_period", "latest_value",
            "earlier_value", "comparison", "note"}


def test_published_csvs_open_in_dutch_excel_with_dutch_columns(report_dir, capsys):
    """Every CSV: UTF-8 with BOM, ';' between columns, decimal comma, the documented Dutch
    column names; shares as percentages; the audit reads the files back as they are."""
    import codecs
    import io
    from pathlib import Path

    doc = (Path(__file__).parents[2] / "docs" / "formats" / "evaluation.md").read_text(
        encoding="utf-8")
    for name in PUBLISHED_TABLES:
        raw = (report_dir / f"{name}.csv").read_bytes()
        assert raw.startswith(codecs.BOM_UTF8), name
        text = raw.decode("utf-8-sig")
        header = text.split("\n", 1)[0].split(";")
        assert not set(header) & _ENGLISH, (name, set(header) & _ENGLISH)
        assert len(header) == len(set(header)) > 1, name
        assert f"| `{name}.csv` | `{', '.join(header)}`" in doc, name
        table = pd.read_csv(io.StringIO(text), sep=";", dtype=str, keep_default_na=False)
        cells = table.stack()
        assert not cells.str.fullmatch(r"-?\d+\.\d+%?").any(), (name, cells[
            cells.str.fullmatch(r"-?\d+\.\d+%?")].head(3).tolist())
    indicators = pd.read_csv(report_dir / "indicators.csv", sep=";", dtype=str,
                             keep_default_na=False, encoding="utf-8-sig")
    shares = indicators.loc[indicators["eenheid"] == "aandeel", "waarde"]
    assert len(shares) and shares.str.fullmatch(r"\d{1,3},\d\d%|x|<10|").all(), shares.tolist()
    outcomes = pd.read_csv(report_dir / "learning_outcomes.csv", sep=";", dtype=str,
                           keep_default_na=False, encoding="utf-8-sig")
    assert outcomes["gemiddeld_deel"].str.fullmatch(r"[01](,\d+)?|x|<10").all()
    assert main(["evaluate", "audit", str(report_dir)]) == 0, capsys.readouterr().err


def test_written_lessons_reach_per_aim_and_declared_evidence_in_page_and_word(report_dir):
    from docx import Document

    text = _page_text(report_dir)
    assert "Kenniscafés op een doordeweekse avond" in text  # written down (sheet Lessen)
    assert "door de kit gemaakt, geen lessen van mensen" in text  # prompts labelled as such
    assert text.count("Bereik per doelgroep") >= 5  # one per aim, and the whole
    assert "studenten (cohort)" in text and "via de indicatoren" in text
    doc = Document(report_dir / "weegmoment.docx")
    cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    assert any(c.startswith("Kenniscafés op een doordeweekse avond") for c in cells)
