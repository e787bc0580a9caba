"""The evaluation's links to other areas: the scan reads CSV bytes the harvest read already."""

from __future__ import annotations

import json

import pytest

from kit.evaluation.adapters import _csv_rows_text, scan_paths

FILES = {
    "gewoon.csv": b"id,text,steun.ikzelf\nN1,Bel me op 06-12345678,0.25\nN2,Geen,\n",
    "puntkomma.csv": b'id;text\nN1;"twee\nregels; en meer"\n\nN2;x\n',
    "bom.csv": "\ufeffid,text\nN1,é\r\nN2,true\r\n".encode(),
    "windows.csv": "id;text\nN1;caf\xe9\n".encode("cp1252"),
    "een-kolom.csv": b"text\neerste\n   \ntweede\n",
    "alleen-kop.csv": b"id,text\n",
}


@pytest.mark.parametrize("name", sorted(FILES))
def test_scan_text_from_bytes_is_the_text_read_csv_gives(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(FILES[name])
    assert _csv_rows_text(path, FILES[name]) == _csv_rows_text(path)


def test_scan_uses_the_digests_it_is_given(tmp_path, monkeypatch):
    monkeypatch.setenv("IIDS_CACHE", str(tmp_path / "cache"))
    path = tmp_path / "a.csv"
    path.write_bytes(FILES["gewoon.csv"])
    found = scan_paths([path], contents={path: path.read_bytes()})
    assert found[str(path)][0].startswith("rij 2, kolom 'text': TELEFOON")  # the phone number
    cache_file = next((tmp_path / "cache").rglob("scan-*.json"))
    cache = json.loads(cache_file.read_text())
    cache["een-andere-digest"] = ["rij 9: testcategorie ***"]
    cache_file.write_text(json.dumps(cache))
    # the verdict comes from the cache under the given digest; the file is not hashed again
    again = scan_paths([path], contents={path: path.read_bytes()},
                       digests={path: "een-andere-digest"})
    assert again == {str(path): ["rij 9: testcategorie ***"]}
