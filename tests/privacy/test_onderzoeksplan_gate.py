"""The onderzoeksplan submission, filled as the demo fills it, passes the privacy gate.

The invented field notes of part 5 are typed into a form whose raw text goes to the
vault only; the notebook and its work folder carry only the pseudonymised notes and the
number of replacements.
"""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path

import nbformat

from kit.privacy import gate
from kit.privacy.fieldnotes import COUNT, PSEUDONYMISED, example_notes, read_result
from kit.privacy.pseudonymise import find_spans
from kit.synthetic.grading import fill_notebook, fill_work_folder

SOURCE = (Path(__file__).resolve().parents[2] / "assignments" / "source" / "onderzoeksplan"
          / "onderzoeksplan.ipynb")


def test_filled_submission_passes_the_gate(tmp_path, deduce_ready):
    from nbgrader.preprocessors import ClearSolutions

    source = nbformat.read(str(SOURCE), as_version=4)
    release_nb, _ = ClearSolutions().preprocess(copy.deepcopy(source), {})  # nbgrader's own step
    assert "BEGIN SOLUTION" not in json.dumps(release_nb)
    released = tmp_path / "release"
    released.mkdir()
    nbformat.write(release_nb, str(released / SOURCE.name))
    folder = tmp_path / "submitted" / "s1" / "onderzoeksplan"
    folder.mkdir(parents=True)
    nb = fill_notebook(release_nb, source, 1.0, random.Random(3))
    nbformat.write(nb, str(folder / SOURCE.name))
    written = fill_work_folder("onderzoeksplan", folder, 1.0, tmp_path / "kluis")
    assert [p.name for p in written] == [PSEUDONYMISED, COUNT]

    findings = gate.check([folder], released=gate.Released.from_paths([released]),
                          ignore_names=gate.NBGRADER_IGNORE)
    assert findings == [], gate.format_findings(findings)
    # the raw example notes are nowhere in what nbgrader collects
    collected = "\n".join(p.read_text(encoding="utf-8") for p in folder.rglob("*") if p.is_file())
    raw_values = [span.text for note in example_notes() for span in find_spans(note)
                  if span.category in {"PERSOON", "ADRES", "TELEFOON"}]
    assert len(raw_values) >= 3
    for value in raw_values:
        assert value not in collected
    notes, count = read_result(folder / "mijn-werk")
    assert len(notes) == 3 and count >= 3
    assert all(len(n.split()) >= 15 for n in notes)
    assert json.loads((folder / "mijn-werk" / COUNT).read_text())["vervangingen"] == count


def test_form_keeps_the_raw_notes_in_the_vault_only(tmp_path):
    from kit.privacy.fieldnotes import raw_path, split_notes
    from kit.widgets.fieldnotes import notes_form

    text = "\n\n".join(example_notes())
    form = notes_form(tmp_path / "mijn-werk", vault=tmp_path / "kluis", display=False)
    form.children[0].value = text
    form.save()
    kept = raw_path(tmp_path / "mijn-werk", tmp_path / "kluis")
    assert split_notes(kept.read_text(encoding="utf-8")) == example_notes()
    assert kept.stat().st_mode & 0o077 == 0
    state = json.dumps([child.get_state() for child in form.children], default=str)
    names = [s.text for s in find_spans(text) if s.category == "PERSOON"]
    assert names and not any(n in state for n in names)  # saved widget state holds no notes
    assert "3 notitie(s) bewaard" in form.children[2].value
