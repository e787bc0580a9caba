"""The gate's verdicts per text: a text passed once is not scanned again, anything new is.

:class:`kit.privacy.verdicts.TextVerdicts` keeps, in memory, a hash of each text (table cell,
notebook cell, string) the gate found clean; a table row is then scanned for its other cells
only. These tests show that this finds exactly what a scan without it finds, also for names
put into cells of rows whose other cells were all passed before, and that a text from a piece
with a finding is never remembered.
"""

from __future__ import annotations

import csv
import io
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit.privacy import gate, scan, verdicts
from kit.privacy.corpus import COMMUNITY_SENTENCES, NAME_SENTENCES

pytestmark = pytest.mark.usefixtures("deduce_ready")


@pytest.fixture(autouse=True)
def fresh_memory(monkeypatch):
    """Each test starts with the process's gate memory empty: what earlier tests in the same
    process taught it (up to its limit) says nothing about these."""
    monkeypatch.setattr(verdicts, "_TEXT_VERDICTS", {})

_ROWS = [
    ["N-0001", "interview", "buurthuis", "Over werk", "In de wijk kent iedereen elkaar.", "nl"],
    ["N-0002", "interview", "bibliotheek", "Over geld", "Het geld is op voor de maand.", "nl"],
    ["N-0003", "observatie", "buurthuis", "Over humor", "We lachten om de brief van de gemeente.",
     "en"],
    ["N-0004", "interview", "markt", "Over werk", "Mijn diploma telt hier niet.", "ar"],
]
_HEADER = ["id", "setting", "plek", "title", "text", "language"]


def _csv(rows) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([_HEADER, *rows])
    return out.getvalue()


def _masked(findings):
    return sorted((f.path.rsplit("/", 1)[-1], f.place, f.category, f.masked) for f in findings)


def _files(folder):
    """Clean tables, then copies with a name put into one cell of a known row."""
    rng = random.Random(3)
    sentences = [s for s, names in [*COMMUNITY_SENTENCES, *NAME_SENTENCES] if names]
    paths = []
    for i in range(3):
        path = folder / f"schoon-{i}.csv"
        path.write_text(_csv(_ROWS), encoding="utf-8")
        paths.append(path)
    for i in range(12):
        rows = [list(r) for r in _ROWS]
        row, column = rng.randrange(len(rows)), rng.randrange(len(_HEADER))
        sentence = rng.choice(sentences)
        how = i % 3
        rows[row][column] = (sentence if how == 0 else rows[row][column] + " " + sentence
                             if how == 1 else sentence + " " + rows[row][column])
        path = folder / f"met-naam-{i:02d}.csv"
        path.write_text(_csv(rows), encoding="utf-8")
        paths.append(path)
    return paths


def test_the_memo_finds_what_a_full_scan_finds(tmp_path):
    paths = _files(tmp_path)
    full = [_masked(scan.scan_paths([p])) for p in paths]
    memo = verdicts.TextVerdicts()
    remembered = [_masked(scan.scan_paths([p], memo=memo)) for p in paths]
    assert remembered == full
    assert not any(full[:3]) and all(full[3:])  # every copy with a name is refused
    assert len(memo) > 10


def test_a_row_of_known_cells_is_not_scanned_again(tmp_path, count_scans):
    path = tmp_path / "a.csv"
    path.write_text(_csv(_ROWS), encoding="utf-8")
    memo = verdicts.TextVerdicts()
    assert scan.scan_paths([path], memo=memo) == []
    seen = count_scans()
    again = tmp_path / "b.csv"  # the same texts, other rows around them, one new cell
    again.write_text(_csv([[*_ROWS[1][:4], _ROWS[0][4], "pl"], _ROWS[2]]), encoding="utf-8")
    assert scan.scan_paths([again], memo=memo) == []
    assert seen == ["\n|\npl"]  # only the cell never seen before, bordered as in its row


def test_a_text_from_a_piece_with_a_finding_is_never_remembered(tmp_path, count_scans):
    path = tmp_path / "a.csv"
    named = "Gisteren belde Pieter de Vries over de Kerkstraat 12."
    path.write_text(_csv([[*_ROWS[0][:4], named, "nl"]]), encoding="utf-8")
    memo = verdicts.TextVerdicts()
    assert [f.category for f in scan.scan_paths([path], memo=memo)]
    seen = count_scans()
    assert [f.category for f in scan.scan_paths([path], memo=memo)]
    assert [t for t in seen if named in t and "N-0001" in t]  # the whole row, again


#: Words a scan may judge by what borders them: a capitalised word at the very end of a text
#: is read as an ordinary word, the same word before a cell separator as a surname (deduce).
_BORDER_WORDS = ["Banken", "Buren", "Molen", "Visser", "Bakker", "Smit", "Mulder"]


def test_a_text_is_only_known_in_the_same_position_of_a_row(tmp_path):
    rows = []
    for word in _BORDER_WORDS:  # last cell, then first, then a middle cell of its row
        rows += [["N-1", "interview", word], [word, "interview", "N-2"],
                 ["N-3", word, "interview"], ["interview", word, "markt"]]
    paths = []
    for i, row in enumerate(rows):
        path = tmp_path / f"r{i:02d}.csv"
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows([["a", "b", "c"], row])
        path.write_text(out.getvalue(), encoding="utf-8")
        paths.append(path)
    full = [_masked(scan.scan_paths([p])) for p in paths]
    memo = verdicts.TextVerdicts()
    assert [_masked(scan.scan_paths([p], memo=memo)) for p in paths] == full
    # the check means something only when a word is judged by its position: one at least
    by_word = [full[i:i + 4] for i in range(0, len(full), 4)]
    assert any(bool(f[0]) != bool(f[2]) for f in by_word), "no word judged by its position"


def test_the_gate_scans_a_copy_of_a_file_once_and_each_copy_with_a_finding(tmp_path,
                                                                             monkeypatch):
    monkeypatch.setenv("IIDS_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "werk"
    folder.mkdir()
    for i in range(3):
        (folder / f"kader-{i}.csv").write_text(_csv(_ROWS), encoding="utf-8")
        (folder / f"naam-{i}.csv").write_text(
            _csv([[*_ROWS[0][:4], "Bel Pieter de Vries op 06-12345678.", "nl"]]),
            encoding="utf-8")
    found = gate.check_each([folder], workers=1)
    assert sorted(name.rsplit("/", 1)[-1] for name in found) == [
        "naam-0.csv", "naam-1.csv", "naam-2.csv"]


def test_a_different_allow_list_has_its_own_memo():
    a = verdicts.text_verdicts(verdicts.context("", gate.DEFAULT_ALLOW_LIST))
    b = verdicts.text_verdicts(verdicts.context("", ["Pieter"]))
    assert a is not b
    assert verdicts.text_verdicts(verdicts.context("", gate.DEFAULT_ALLOW_LIST)) is a


# --- batched rows (kit.privacy.gate.scan_batched) -------------------------------------------
#: Cue words a context rule reads before a name, put at the end of one cell or row with a name
#: (or a word judged by its position) at the start of the next.
_CUES = ["heet", "Zij heet", "sprak met", "volgens", "mevrouw", "dhr.", "bel"]


def _planted_tables(folder, count: int = 24, rows: int = 30):
    """Tables of the kit's narrative shape, names planted in random cells: whole cells,
    replacing, appended, prepended; cue words at the end of a cell or row with a name or a
    border word at the start of the next cell or row; a phone number's digits split over two
    cells. Synthetic names (:mod:`kit.privacy.corpus`)."""
    rng = random.Random(23)
    sentences = [s for s, names in [*COMMUNITY_SENTENCES, *NAME_SENTENCES] if names]
    names = [n for _s, ns in [*COMMUNITY_SENTENCES, *NAME_SENTENCES] for n in ns]
    clean = [r[1:] for r in _ROWS]
    paths = []
    for f in range(count):
        table = [[f"N-2021-{f * rows + r:05d}", *clean[rng.randrange(len(clean))]]
                 for r in range(rows)]
        for _ in range(f % 4):  # files 0, 4, 8, ... stay clean
            r, c = rng.randrange(rows), rng.randrange(len(_HEADER))
            how = rng.randrange(7)
            if how == 0:
                table[r][c] = rng.choice(names)
            elif how == 1:
                table[r][c] = rng.choice(sentences)
            elif how == 2:
                table[r][c] += " " + rng.choice(names)
            elif how == 3:
                table[r][c] = rng.choice(names) + " " + table[r][c]
            elif how == 4:  # cue at the end of a row, name or border word at the next's start
                nxt = (r + 1) % rows
                table[r][-1] += " " + rng.choice(_CUES)
                table[nxt][0] = rng.choice(names + _BORDER_WORDS)
            elif how == 5:  # cue at the end of a cell, name at the start of the next cell
                c = min(c, len(_HEADER) - 2)
                table[r][c] += " " + rng.choice(_CUES)
                table[r][c + 1] = rng.choice(names + _BORDER_WORDS) + " " + table[r][c + 1]
            else:  # a border word alone, first or last cell
                table[r][rng.choice([0, -1])] = rng.choice(_BORDER_WORDS)
        if f % 6 == 5:  # digits of a phone number over two rows and over two cells
            table[3][-1], table[4][0] = "06-123", "45678"
            table[5][2], table[5][3] = "070 35", "31234"
        path = folder / f"t{f:02d}.csv"
        path.write_text(_csv(table), encoding="utf-8")
        paths.append(path)
    return paths


def test_a_batch_of_rows_finds_what_a_scan_row_by_row_finds(tmp_path):
    paths = _planted_tables(tmp_path)
    allow = gate.DEFAULT_ALLOW_LIST
    full = [_masked(scan.scan_paths([p])) for p in paths]
    by_row = [_masked(scan.scan_paths([p], memo=verdicts.TextVerdicts())) for p in paths]
    batched = [_masked(gate.scan_batched(p, allow, verdicts.TextVerdicts())) for p in paths]
    assert batched == by_row == full
    # and with one memo over all files, as in a harvest
    memo_rows, memo_batch = verdicts.TextVerdicts(), verdicts.TextVerdicts()
    assert [_masked(gate.scan_batched(p, allow, memo_batch)) for p in paths] == \
        [_masked(scan.scan_paths([p], memo=memo_rows)) for p in paths] == full
    # the check means something: the planted names are found, the clean files pass
    assert sum(map(bool, full)) >= len(paths) * 2 // 3 and not any(full[::4])
    assert len({place for found in full for _n, place, _c, _m in found}) > 20


def test_clean_rows_are_scanned_in_batches(tmp_path, count_scans):
    path = tmp_path / "a.csv"
    rows = [[f"N-2021-{r:05d}", *_ROWS[r % 4][1:]] for r in range(2 * gate.BATCH_ROWS)]
    path.write_text(_csv(rows), encoding="utf-8")
    seen = count_scans()
    found = gate.check_each([path], workers=1)
    assert found == {}
    assert len(seen) <= 3  # the header and two batches of rows (was: one scan per row)


def test_a_batch_with_a_finding_is_scanned_again_row_by_row(tmp_path):
    path = tmp_path / "a.csv"
    rows = [[f"N-2021-{r:05d}", *_ROWS[r % 4][1:]] for r in range(10)]
    rows[6][4] = "Bel Pieter de Vries op 06-12345678."
    path.write_text(_csv(rows), encoding="utf-8")
    memo = verdicts.TextVerdicts()
    found = gate.scan_batched(path, gate.DEFAULT_ALLOW_LIST, memo)
    assert {f.place for f in found} == {"rij 8, kolom 'text'"}
    assert _masked(found) == _masked(scan.scan_paths([path]))
    assert not memo.known("|\0Bel Pieter de Vries op 06-12345678.\0|")
    assert memo.known("^\0N-2021-00009\0|")  # the clean rows of that batch are learned


def test_a_first_cell_passed_in_a_batch_is_known_in_the_middle_of_a_row(tmp_path, monkeypatch,
                                                                         count_scans):
    """A narrative's id is an artefact row's first cell and a middle cell of the harvest's
    table: the batch scanned it after a separator, so the harvest's check does not again."""
    monkeypatch.setenv("IIDS_CACHE", str(tmp_path / "cache"))
    artefact = tmp_path / "verhalen.csv"
    rows = [[f"N-2021-{r:05d}", *_ROWS[r % 4][1:]] for r in range(12)]
    artefact.write_text(_csv(rows), encoding="utf-8")
    assert gate.check_each([artefact], workers=1) == {}
    seen = count_scans()
    harvest = tmp_path / "narratives.csv"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(
        [["assignment", "id", "text"], *[["narratieven", r[0], r[4]] for r in rows]])
    harvest.write_text(out.getvalue(), encoding="utf-8")
    assert gate.check([harvest]) == []
    ids = [t for t in seen if "N-2021-000" in t]
    assert len(ids) <= 1 and all(t.count("N-2021") == 1 for t in ids)  # the batch's first row


def test_a_row_of_known_texts_is_not_hashed_for_the_kits_own_texts(tmp_path, monkeypatch):
    """A row whose cells all passed before is skipped before the (costlier) look-up of the
    kit's own texts; a row with a new cell still gets that look-up."""
    path = tmp_path / "a.csv"
    path.write_text(_csv(_ROWS), encoding="utf-8")
    memo = verdicts.TextVerdicts()
    assert gate.scan_batched(path, gate.DEFAULT_ALLOW_LIST, memo) == []
    looked: list[str] = []
    real = scan.is_shipped
    monkeypatch.setattr(scan, "is_shipped", lambda text: looked.append(text) or real(text))
    assert gate.scan_batched(path, gate.DEFAULT_ALLOW_LIST, memo) == []
    assert looked == []
    path.write_text(_csv([*_ROWS, ["N-0005", *_ROWS[0][1:]]]), encoding="utf-8")
    assert gate.scan_batched(path, gate.DEFAULT_ALLOW_LIST, memo) == []
    assert looked and all("N-0005" in text for text in looked)


def _planted_fields(folder, count: int = 18, fields: int = 40):
    """YAML, JSON and notebook files of short fields, names planted as in
    :func:`_planted_tables`: whole fields, appended, prepended, a cue word at the end of one
    field with a name or a border word at the start of the next, a phone number's digits
    split over two fields. Synthetic names (:mod:`kit.privacy.corpus`)."""
    import json

    import yaml

    rng = random.Random(29)
    sentences = [s for s, names in [*COMMUNITY_SENTENCES, *NAME_SENTENCES] if names]
    names = [n for _s, ns in [*COMMUNITY_SENTENCES, *NAME_SENTENCES] for n in ns]
    clean = [cell for row in _ROWS for cell in row[1:]]
    paths = []
    for f in range(count):
        values = [rng.choice(clean) for _ in range(fields)]
        for _ in range(f % 4):  # files 0, 4, 8, ... stay clean
            i = rng.randrange(fields - 1)
            how = rng.randrange(5)
            if how == 0:
                values[i] = rng.choice(names + sentences)
            elif how == 1:
                values[i] += " " + rng.choice(names)
            elif how == 2:
                values[i] = rng.choice(names) + " " + values[i]
            elif how == 3:  # cue at the end of a field, name or border word at the next's start
                values[i] += " " + rng.choice(_CUES)
                values[i + 1] = rng.choice(names + _BORDER_WORDS)
            else:
                values[i] = rng.choice(_BORDER_WORDS)
        if f % 6 == 5:
            values[3], values[4] = "06-123", "45678"
        kind = f % 3
        if kind == 0:
            path = folder / f"v{f:02d}.yaml"
            path.write_text(yaml.safe_dump({"velden": values}, allow_unicode=True), encoding="utf-8")
        elif kind == 1:
            path = folder / f"v{f:02d}.json"
            path.write_text(json.dumps({f"veld{i}": v for i, v in enumerate(values)}),
                            encoding="utf-8")
        else:
            path = folder / f"v{f:02d}.ipynb"
            cells = [{"cell_type": "markdown", "metadata": {}, "source": v} for v in values]
            path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4,
                                        "nbformat_minor": 5}), encoding="utf-8")
        paths.append(path)
    return paths


def test_a_batch_of_fields_finds_what_a_scan_field_by_field_finds(tmp_path, count_scans):
    paths = _planted_fields(tmp_path)
    allow = gate.DEFAULT_ALLOW_LIST
    full = [_masked(scan.scan_paths([p])) for p in paths]
    seen = count_scans()
    memo_batch, memo_fields = verdicts.TextVerdicts(), verdicts.TextVerdicts()
    batched = [_masked(gate.scan_batched(p, allow, memo_batch)) for p in paths]
    batch_scans = len(seen)
    assert batched == [_masked(scan.scan_paths([p], memo=memo_fields)) for p in paths] == full
    assert sum(map(bool, full)) >= len(paths) * 2 // 3 and not any(full[::4])
    # the clean files were scanned a few batches each, not field by field
    assert batch_scans < len(seen) - batch_scans


def _reference_unknown_part(piece, memo):
    """``scan._unknown_part`` as first written: every cell's key built and looked up."""
    from kit.privacy.readers import CELL_SEPARATOR, Piece

    units = scan._units(piece)
    kept = [(i, key, text, where) for i, (key, text, where) in enumerate(units)
            if text.strip() and not scan._only_a_checksum(text) and not memo.known(key)]
    if not kept:
        return None, []
    keys = [key for _i, key, _t, _w in kept]
    if len(kept) == len(units):
        return piece, keys
    head = CELL_SEPARATOR if kept[0][0] > 0 else ""
    tail = CELL_SEPARATOR if kept[-1][0] < len(units) - 1 else ""
    places, offset = [], len(head)
    for _i, _key, text, where in kept:
        places.append((offset, offset + len(text), where))
        offset += len(text) + len(CELL_SEPARATOR)
    text = head + CELL_SEPARATOR.join(text for _i, _k, text, _w in kept) + tail
    return Piece(piece.place, text, piece.marked, tuple(places)), keys


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["", " ", "\t", "Ada", "Den Haag", "N-2021-00251", "ja", "3",
                                 "Bel Ionela", " x ", "S-3107452704", "ab12" * 8]),
                min_size=0, max_size=7),
       st.booleans(), st.sets(st.integers(0, 40), max_size=12), st.booleans())
def test_the_unknown_part_of_a_piece_is_the_reference_s(cells, as_table, learned, marked):
    """Rows of blank, known and unknown cells in any order (and whole texts): the same part,
    places and keys as the plain version, and the hashes of exactly those keys."""
    from kit.privacy.readers import CELL_SEPARATOR, Piece

    places, offset = [], 0
    for index, cell in enumerate(cells):
        places.append((offset, offset + len(cell), f"rij 2, kolom '{index}'"))
        offset += len(cell) + len(CELL_SEPARATOR)
    piece = Piece("rij 2", CELL_SEPARATOR.join(cells), marked, tuple(places) if as_table else ())
    memo = verdicts.TextVerdicts()
    every_key = [key for key, _text, _place in scan._units(piece)]
    every_key += [border + "\0" + cell + "\0" + end for cell in cells
                  for border in "^|" for end in "$|"]  # also keys of other positions
    memo.learn([key for i, key in enumerate(every_key) if i in learned])
    part, keys, hashes = scan._unknown_part(piece, memo)
    assert (part, keys) == _reference_unknown_part(piece, memo)
    assert hashes == memo.hashes(keys)


_CHECKSUM = "4f5fcc3c44fded29b9c2155af982eb679bb498146b213036e7401ac7aeec71c7"


def test_a_cell_that_is_only_a_checksum_is_not_scanned_and_nothing_is_missed(tmp_path,
                                                                             count_scans):
    """Checksums and student codes in cells and fields of their own are not scanned; the
    scan with the memo finds what a full scan finds, also for a checksum with a name or a
    phone number beside it in its cell, a phone number as long as a checksum, and names in
    the cells next to a checksum."""
    rows = [["N-0001", _CHECKSUM, "S-3107452704", "Het geld is op.", "nl", "x"],
            ["N-0002", _CHECKSUM + " Pieter de Vries", "S-3107452704", "Bel me.", "nl", "x"],
            ["N-0003", "0612345678901234", "S-3107452704", "Bel Fatima El Amrani", "nl", "x"],
            ["N-0004", _CHECKSUM, "belde 06-12345678", _CHECKSUM.upper(), "nl", "x"],
            ["N-0005", _CHECKSUM[:20], "S-3107452704 Anna", "0" * 40, "nl", "x"]]
    table = tmp_path / "oogst.csv"
    table.write_text(_csv(rows), encoding="utf-8")
    fields = tmp_path / "oogst.yaml"
    fields.write_text("checksums:\n" + "".join(f"  map/S-3107452704/{i}.csv: {_CHECKSUM[i:] + _CHECKSUM[:i]}\n"
                                               for i in range(8))
                      + "student: S-3107452704\nnotitie: Pieter de Vries belde 0612345678\n",
                      encoding="utf-8")
    for path in (table, fields):
        full = _masked(scan.scan_paths([path]))
        seen = count_scans()
        memo = verdicts.TextVerdicts()
        assert _masked(scan.scan_paths([path], memo=memo)) == full
        assert _masked(gate.scan_batched(path, None, verdicts.TextVerdicts())) == full
        assert full  # the planted names and numbers are found
        checked = "\n".join(seen)
        assert f"\n{_CHECKSUM}\n" not in checked and "\nS-3107452704\n" not in checked
        assert not any(text in (_CHECKSUM, "S-3107452704") for text in seen)
