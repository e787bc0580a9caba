"""The story wall's synthetic work folder (kit.synthetic.wall): stories, consent, map and record,
all marked synthetic; made once."""

from __future__ import annotations

from kit.io import read_csv
from kit.privacy.consent import ConsentRegister
from kit.synthetic.wall import prepare_demo


def test_demo_folder_holds_synthetic_stories_with_consent_and_the_worked_record(tmp_path):
    folder = prepare_demo(tmp_path / "demo", n=30, seed=1)
    assert folder == tmp_path / "demo" / "mijn-werk"
    stories = read_csv(folder / "narratieven.csv")
    assert len(stories) == 30 and set(stories["synthetic"].astype(str).str.lower()) == {"true"}
    register = ConsentRegister(tmp_path / "demo" / "kluis")
    tellers = list(dict.fromkeys(stories["participant"]))
    assert all(register.has_consent(code, "onderwijs") for code in tellers)
    published = [code for code in tellers if register.has_consent(code, "publicatie")]
    assert 0 < len(published) < len(tellers)
    for name in ("stakeholders.csv", "relaties.csv", "deelnameplan.yaml", "verslag.yaml"):
        assert (folder / "dialoog" / name).is_file(), name


def test_an_existing_demo_is_left_as_it_is(tmp_path):
    folder = prepare_demo(tmp_path / "demo", n=20, seed=1)
    before = (folder / "narratieven.csv").read_bytes()
    assert prepare_demo(tmp_path / "demo", n=50, seed=9) == folder
    assert (folder / "narratieven.csv").read_bytes() == before
