"""Atomic writes and Dutch errors of the shared readers."""

from __future__ import annotations

import pytest

from kit.errors import InputError
from kit.io import atomic_write, atomic_write_text, read_csv, read_yaml


def test_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = atomic_write_text(tmp_path / "n.csv", "oud\n")
    with pytest.raises(RuntimeError):
        with atomic_write(target) as fh:
            fh.write("half")
            raise RuntimeError("stroom valt uit")
    assert target.read_text() == "oud\n"
    assert [p.name for p in tmp_path.iterdir()] == ["n.csv"]


def test_ragged_csv_names_the_row(tmp_path):
    path = tmp_path / "n.csv"
    path.write_text("id,tekst\n1,hoi\n2,hoi,extra\n")
    with pytest.raises(InputError) as info:
        read_csv(path)
    assert "rij 3" in str(info.value) and "n.csv" in str(info.value)


def test_allow_list_refuses_unknown_columns(tmp_path):
    path = tmp_path / "n.csv"
    path.write_text("id,naam\n1,x\n")
    with pytest.raises(InputError, match="kolom 'naam'"):
        read_csv(path, allowed=["id", "tekst"])


def test_duplicate_column_is_refused(tmp_path):
    path = tmp_path / "n.csv"
    path.write_text("id,id\n1,2\n")
    with pytest.raises(InputError, match="twee keer"):
        read_csv(path)


def test_cp1252_excel_export_is_read(tmp_path):
    path = tmp_path / "forms.csv"
    path.write_bytes("id;tekst\n1;Ik woon in Den Haag, caf\xe9 om de hoek\n".encode("cp1252"))
    assert read_csv(path)["tekst"][0].endswith("café om de hoek")


def test_empty_and_missing_files(tmp_path):
    (tmp_path / "leeg.csv").write_text("")
    with pytest.raises(InputError, match="leeg"):
        read_csv(tmp_path / "leeg.csv")
    with pytest.raises(InputError, match="bestaat niet"):
        read_yaml(tmp_path / "weg.yaml")


def test_a_child_forked_inside_a_lock_does_not_keep_it(tmp_path):
    """A process forked (without exec) while the lock is held shares its descriptor: the lock
    must end with the block, not when that child ends."""
    import fcntl
    import os
    import time

    from kit.io import locked

    target = tmp_path / "lijst.json"
    with locked(target):
        child = os.fork()
        if child == 0:  # a pool worker or fork server would live on like this
            time.sleep(5)
            os._exit(0)
    try:
        fd = os.open(tmp_path / ".lijst.json.lock", os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # BlockingIOError while held
        finally:
            os.close(fd)
    finally:
        os.kill(child, 9)
        os.waitpid(child, 0)
