"""The store: consent, pseudonymisation, scan, atomic writes, add/edit/remove, load_narratives."""

from __future__ import annotations

import pytest

from kit.errors import ConsentError, InputError
from kit.narratives.schema import example_row
from kit.narratives.store import NarrativeStore, load_narratives, write_store


def record(framework, **changes):
    return example_row(framework, id="", synthetic="false", **changes)


def test_add_pseudonymises_and_checks_consent(tmp_path, vault, framework):
    store = NarrativeStore(tmp_path / "mijn-werk", vault=vault, use_deduce=False)
    nid = store.add(record(framework, text="Joanna Nowak belde me op 06-12345678 over de bank."))
    saved = (tmp_path / "mijn-werk" / "narratieven.csv").read_text()
    assert "Joanna" not in saved and "12345678" not in saved
    assert "[PERSOON-" in saved and "[TELEFOON-" in saved
    assert (tmp_path / "mijn-werk" / "kader.yaml").is_file()
    assert load_narratives(tmp_path / "mijn-werk").loc[0, "id"] == nid
    from kit.privacy.manifest import work_folders

    assert (tmp_path / "mijn-werk").resolve() in work_folders(vault)


def test_no_consent_for_education_is_refused_and_nothing_written(tmp_path, vault, framework):
    store = NarrativeStore(tmp_path / "w", vault=vault, use_deduce=False)
    with pytest.raises(ConsentError) as info:
        store.add(record(framework, participant="P-0002"))
    assert "onderwijs" in info.value.message
    with pytest.raises(ConsentError):
        store.add(record(framework, participant="P-9999"))
    assert not (tmp_path / "w").exists()


def test_bad_record_names_the_field_and_writes_nothing(tmp_path, vault, framework):
    store = NarrativeStore(tmp_path / "w", vault=vault, use_deduce=False)
    store.add(record(framework))
    before = (tmp_path / "w" / "narratieven.csv").read_bytes()
    with pytest.raises(InputError) as info:
        store.add(record(framework, welkom="2"))
    assert info.value.place == "veld 'welkom'"
    with pytest.raises(InputError) as info:
        store.add_many([record(framework), record(framework, **{"steun.ikzelf": "0.1"})])
    assert info.value.place.startswith("verhaal 2")
    assert (tmp_path / "w" / "narratieven.csv").read_bytes() == before
    assert len(NarrativeStore(tmp_path / "w", vault=vault)) == 1


def test_edit_and_remove(tmp_path, vault, framework):
    store = NarrativeStore(tmp_path / "w", vault=vault, use_deduce=False)
    report = store.add_many([record(framework, title=f"Verhaal {i}") for i in range(3)])
    assert len(report.saved) == 3 and len(set(report.saved)) == 3
    second = report.saved[1]
    store.edit(second, welkom=0.9, notes="Bel 0612345678")
    reread = NarrativeStore(tmp_path / "w", vault=vault)
    assert reread.ids == report.saved
    assert reread.get(second)["welkom"] == 0.9
    assert "0612345678" not in reread.get(second)["notes"]
    with pytest.raises(InputError):
        store.edit(second, id="anders")
    store.remove(report.saved[0])
    assert NarrativeStore(tmp_path / "w", vault=vault).ids == report.saved[1:]
    with pytest.raises(InputError):
        store.remove("N-bestaat-niet")


def test_skip_refused_reports_each_record(tmp_path, vault, framework):
    store = NarrativeStore(tmp_path / "w", vault=vault, use_deduce=False)
    report = store.add_many([record(framework), record(framework, participant="P-0002")],
                            skip_refused=True)
    assert len(report.saved) == 1 and report.refused[0][0] == 1
    assert "verhaal 2" in report.to_text()


def test_other_framework_in_the_folder_is_refused(tmp_path, vault, framework):
    from dataclasses import replace

    NarrativeStore(tmp_path / "w", vault=vault, use_deduce=False).add(record(framework))
    with pytest.raises(InputError) as info:
        NarrativeStore(tmp_path / "w", replace(framework, version=2), vault=vault)
    assert "gebruikt al kader" in info.value.message


def test_load_narratives_errors(tmp_path, framework, corpus):
    with pytest.raises(InputError) as info:
        load_narratives(tmp_path)
    assert "kader.yaml" in str(info.value)
    write_store(corpus, tmp_path, framework)
    assert len(load_narratives(tmp_path / "narratieven.csv")) == len(corpus)
    csv = tmp_path / "narratieven.csv"
    lines = csv.read_text().splitlines()
    lines[5] = lines[5].replace(",gesprek,", ",kletspraat,", 1) if ",gesprek," in lines[5] else lines[5] + ",x"
    csv.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError) as info:
        load_narratives(tmp_path)
    assert info.value.path.endswith("narratieven.csv") and "rij 6" in info.value.place


def test_cp1252_semicolon_store_is_read(tmp_path, framework):
    import pandas as pd

    row = example_row(framework, text="Café in Transvaal, synthetisch.", welkom="0,5")
    pd.DataFrame([row]).to_csv(tmp_path / "narratieven.csv", sep=";", index=False, encoding="cp1252")
    write = __import__("kit.io", fromlist=["write_yaml"]).write_yaml
    from kit.narratives.framework import framework_to_dict

    write(framework_to_dict(framework), tmp_path / "kader.yaml")
    loaded = load_narratives(tmp_path)
    assert loaded.loc[0, "text"].startswith("Café") and loaded.loc[0, "welkom"] == 0.5


@pytest.mark.slow
def test_real_deduce_pipeline(tmp_path, vault, framework):
    store = NarrativeStore(tmp_path / "w", vault=vault)
    nid = store.add(record(framework, text="Gisteren sprak ik met Pieter de Vries uit Moerwijk. "
                                           "Hij belde me op 06-98765432."))
    text = store.get(nid)["text"]
    assert "Pieter" not in text and "98765432" not in text
