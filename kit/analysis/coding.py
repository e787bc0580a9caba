"""Codings: which passage of which text got which code, from whom, with which memo.

Codings live in an open CSV, ``mijn-werk/coderingen.csv``, with the columns
``document, start, end, code, coder, memo``: ``document`` is a narrative id or the id
of a dominant-discourse text; ``start``/``end`` are character offsets into the
pseudonymised text (``text[start:end]`` is the passage). Every reader checks the
rows against the texts and the codebook and names the row of the first mistake.

Students who prefer a table to a widget use :func:`coding_table` (one row per
sentence, an empty ``code`` column to fill in, in Excel if they like) and
:func:`codings_from_table`.

>>> texts = {"n1": "Ik werk in de kas. De bank zei nee."}
>>> sentences(texts["n1"])
[(0, 18, 'Ik werk in de kas.'), (19, 35, 'De bank zei nee.')]
>>> import pandas as pd
>>> rows = pd.DataFrame([{"document": "n1", "start": 19, "end": 35, "code": "bank",
...                       "coder": "A", "memo": ""}])
>>> validate_codings(rows, texts=texts)["end"].tolist()
[35]
>>> rows.loc[0, "end"] = 99
>>> validate_codings(rows, texts=texts, path="coderingen.csv")
Traceback (most recent call last):
...
kit.errors.InputError: coderingen.csv, rij 2, kolom 'end': de passage loopt voorbij het einde van de tekst ...
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kit.errors import InputError, row_place

__all__ = [
    "CODING_COLUMNS",
    "as_texts",
    "load_texts",
    "sentences",
    "sentence_units",
    "validate_codings",
    "read_codings",
    "write_codings",
    "add_coding",
    "remove_coding",
    "with_passages",
    "combine_codings",
    "coding_table",
    "codings_from_table",
    "empty_codings",
    "CodingMaterial",
    "coding_material",
]

#: Columns of ``coderingen.csv``, in this order.
CODING_COLUMNS = ("document", "start", "end", "code", "coder", "memo")
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"'”’)]*|\n|$)")


def as_texts(texts: Any) -> dict[str, str]:
    """Turn narratives or a dominant corpus into ``{document id: text}``.

    Args:
        texts: a mapping, or a DataFrame with columns ``id`` and ``text``.

    >>> import pandas as pd
    >>> as_texts(pd.DataFrame({"id": ["a"], "text": ["Hoi."]}))
    {'a': 'Hoi.'}
    """
    if texts is None:
        return {}
    if isinstance(texts, Mapping):
        return {str(k): str(v) for k, v in texts.items()}
    if hasattr(texts, "columns"):
        if "id" not in texts.columns or "text" not in texts.columns:
            raise InputError("de teksten hebben de kolommen 'id' en 'text' nodig")
        return dict(zip(texts["id"].astype(str), texts["text"].astype(str), strict=True))
    raise InputError("onbekende vorm van teksten: geef een tabel met 'id' en 'text'")


def load_texts(path: str | os.PathLike):
    """Read texts to code or compare: a narratives store, a dominant corpus, or a CSV with ``id, text``.

    Args:
        path: a work folder or ``narratieven.csv`` (read with the narratives store, so it is
            validated against its framework), a corpus ``.yaml``, or any CSV with ``id`` and ``text``.

    Returns:
        A DataFrame with at least ``id`` and ``text``.

    Raises:
        InputError: an unreadable or empty source.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "teksten.csv"
    >>> _ = p.write_text("id,text\\nt1,Hallo daar.\\n")
    >>> load_texts(p)["text"].tolist()
    ['Hallo daar.']
    """
    from kit.io import read_csv

    p = Path(path)
    if p.is_dir() or p.name == "narratieven.csv":
        from kit.narratives.store import load_narratives

        frame = load_narratives(p)
    elif p.suffix.lower() in (".yaml", ".yml"):
        from kit.analysis.discourse_corpus import load_dominant_corpus

        frame = load_dominant_corpus(p)
    else:
        frame = read_csv(p, required=["id", "text"])
    if len(frame) == 0:
        raise InputError("er staan geen teksten in dit bestand", path=p)
    return frame


def sentences(text: str) -> list[tuple[int, int, str]]:
    """Split a text into sentences with their character offsets (spaces trimmed).

    Returns:
        ``(start, end, sentence)`` triples with ``text[start:end] == sentence``.

    >>> sentences("Hallo! Hoe gaat het?\\nGoed.")
    [(0, 6, 'Hallo!'), (7, 20, 'Hoe gaat het?'), (21, 26, 'Goed.')]
    """
    out = []
    for match in _SENTENCE.finditer(text):
        raw = match.group(0)
        stripped = raw.strip()
        if not stripped:
            continue
        start = match.start() + (len(raw) - len(raw.lstrip()))
        out.append((start, start + len(stripped), stripped))
    return out


def sentence_units(texts: Any):
    """One row per sentence of every text: the units used for coding and agreement.

    Returns:
        A DataFrame with ``document, start, end, passage``.

    >>> sentence_units({"a": "Een. Twee."})["passage"].tolist()
    ['Een.', 'Twee.']
    """
    import pandas as pd

    rows = [{"document": doc, "start": s, "end": e, "passage": p}
            for doc, text in as_texts(texts).items() for s, e, p in sentences(text)]
    return pd.DataFrame(rows, columns=["document", "start", "end", "passage"])


def empty_codings():
    """An empty codings table with the right columns.

    >>> list(empty_codings().columns)
    ['document', 'start', 'end', 'code', 'coder', 'memo']
    """
    import pandas as pd

    frame = pd.DataFrame({c: pd.Series(dtype="int64" if c in ("start", "end") else "str")
                          for c in CODING_COLUMNS})
    return frame


def validate_codings(frame, *, texts: Any = None, codebook=None,
                     path: str | os.PathLike | None = None, row_offset: int = 0):
    """Check a codings table and return it cleaned (offsets as integers, memo filled).

    Args:
        frame: a DataFrame with the columns of :data:`CODING_COLUMNS` (``memo`` optional).
        texts: ``{id: text}`` or a narratives/corpus table; when given, documents must
            exist and segments must lie inside their text.
        codebook: a :class:`kit.analysis.codebook.Codebook`; when given, every code must be in it.
        path: the file, for error messages.
        row_offset: added to row numbers in messages (when ``frame`` is part of a file).

    Returns:
        A new DataFrame with exactly the columns of :data:`CODING_COLUMNS`.

    Raises:
        InputError: naming the row and column of the first mistake.
    """
    import pandas as pd

    where = None if path is None else os.fspath(path)
    for column in CODING_COLUMNS:
        if column not in frame.columns and column != "memo":
            raise InputError("deze kolom ontbreekt", path=where, place=f"kolom '{column}'")
    out = frame.reset_index(drop=True).copy()
    if "memo" not in out.columns:
        out["memo"] = ""
    out = out[list(CODING_COLUMNS)]
    for column in ("document", "code", "coder", "memo"):
        out[column] = out[column].fillna("").astype(str).str.strip()
    for column in ("start", "end"):
        numbers = pd.to_numeric(out[column].astype(str).str.strip(), errors="coerce")
        bad = numbers.isna() | (numbers != numbers.round())
        if bad.any():
            i = int(bad.to_numpy().nonzero()[0][0])
            raise InputError(f"'{out[column].iloc[i]}' is geen heel getal (een positie in de tekst)",
                             path=where, place=row_place(i + row_offset, column))
        out[column] = numbers.astype("int64")
    for column, message in (("document", "het document ontbreekt"), ("code", "de code ontbreekt"),
                            ("coder", "de codeur ontbreekt (schrijf je codeursnaam of -letter)")):
        empty = out[column] == ""
        if empty.any():
            i = int(empty.to_numpy().nonzero()[0][0])
            raise InputError(message, path=where, place=row_place(i + row_offset, column))
    negative = out["start"] < 0
    if negative.any():
        i = int(negative.to_numpy().nonzero()[0][0])
        raise InputError("het begin kan niet negatief zijn", path=where, place=row_place(i + row_offset, "start"))
    backwards = out["end"] <= out["start"]
    if backwards.any():
        i = int(backwards.to_numpy().nonzero()[0][0])
        raise InputError(f"het eind ({out['end'].iloc[i]}) ligt niet na het begin ({out['start'].iloc[i]})",
                         path=where, place=row_place(i + row_offset, "end"))
    text_map = as_texts(texts) if texts is not None else None
    if text_map is not None:
        lengths = out["document"].map({k: len(v) for k, v in text_map.items()})
        unknown = lengths.isna()
        if unknown.any():
            i = int(unknown.to_numpy().nonzero()[0][0])
            raise InputError(f"het document '{out['document'].iloc[i]}' staat niet tussen de teksten",
                             path=where, place=row_place(i + row_offset, "document"))
        outside = out["end"] > lengths.astype("int64")
        if outside.any():
            i = int(outside.to_numpy().nonzero()[0][0])
            raise InputError("de passage loopt voorbij het einde van de tekst (die heeft "
                             f"{int(lengths.iloc[i])} tekens)", path=where,
                             place=row_place(i + row_offset, "end"))
    if codebook is not None:
        known = out["code"].isin(codebook.ids())
        if not known.all():
            i = int((~known).to_numpy().nonzero()[0][0])
            raise InputError(f"de code '{out['code'].iloc[i]}' staat niet in het codeboek "
                             f"'{codebook.id}'", path=where, place=row_place(i + row_offset, "code"))
    dup = out.duplicated(subset=["document", "start", "end", "code", "coder"])
    if dup.any():
        i = int(dup.to_numpy().nonzero()[0][0])
        raise InputError("deze codering staat er twee keer in (zelfde passage, code en codeur)",
                         path=where, place=row_place(i + row_offset))
    return out


def read_codings(path: str | os.PathLike, *, texts: Any = None, codebook=None):
    """Read ``coderingen.csv`` and check it (see :func:`validate_codings`).

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "coderingen.csv"
    >>> _ = p.write_text("document,start,end,code,coder,memo\\nn1,0,5,werk,A,\\n")
    >>> read_codings(p, texts={"n1": "Werk is fijn."}).loc[0, "code"]
    'werk'
    """
    from kit.io import read_csv

    frame = read_csv(path, required=[c for c in CODING_COLUMNS if c != "memo"],
                     allowed=CODING_COLUMNS)
    return validate_codings(frame, texts=texts, codebook=codebook, path=path)


def write_codings(frame, path: str | os.PathLike, *, texts: Any = None, codebook=None) -> Path:
    """Check codings and write them atomically, sorted by document, start and coder.

    >>> import tempfile, pathlib, pandas as pd
    >>> rows = pd.DataFrame([{"document": "n1", "start": 0, "end": 4, "code": "werk", "coder": "A"}])
    >>> p = write_codings(rows, pathlib.Path(tempfile.mkdtemp()) / "coderingen.csv")
    >>> p.read_text().splitlines()[1]
    'n1,0,4,werk,A,'
    """
    from kit.io import write_csv

    clean = validate_codings(frame, texts=texts, codebook=codebook, path=path)
    clean = clean.sort_values(["document", "start", "end", "coder", "code"], kind="stable")
    return write_csv(clean, path, columns=CODING_COLUMNS)


def add_coding(path: str | os.PathLike, *, document: str, start: int, end: int, code: str,
               coder: str, memo: str = "", texts: Any = None, codebook=None):
    """Add one coding to ``coderingen.csv`` (created when missing) and return all codings.

    The new row is checked first; the file is rewritten atomically.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "coderingen.csv"
    >>> len(add_coding(p, document="n1", start=0, end=4, code="werk", coder="A",
    ...                texts={"n1": "Werk is fijn."}))
    1
    """
    import pandas as pd

    p = Path(path)
    existing = read_codings(p) if p.exists() else empty_codings()
    new = pd.DataFrame([{"document": str(document), "start": int(start), "end": int(end),
                         "code": str(code), "coder": str(coder), "memo": str(memo or "")}])
    validate_codings(new, texts=texts, codebook=codebook, path=p, row_offset=len(existing))
    combined = pd.concat([existing, new], ignore_index=True) if len(existing) else new
    write_codings(combined, p, texts=texts, codebook=codebook)
    return read_codings(p)


def remove_coding(path: str | os.PathLike, *, document: str, start: int, end: int, code: str,
                  coder: str):
    """Remove one coding from ``coderingen.csv`` and return what is left.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "coderingen.csv"
    >>> _ = add_coding(p, document="n1", start=0, end=4, code="werk", coder="A")
    >>> len(remove_coding(p, document="n1", start=0, end=4, code="werk", coder="A"))
    0
    """
    codings = read_codings(path)
    keep = ~((codings["document"] == str(document)) & (codings["start"] == int(start))
             & (codings["end"] == int(end)) & (codings["code"] == str(code))
             & (codings["coder"] == str(coder)))
    if keep.all():
        raise InputError("deze codering staat niet in het bestand", path=path)
    write_codings(codings[keep], path)
    return read_codings(path)


def combine_codings(*paths: str | os.PathLike, texts: Any = None, codebook=None):
    """Put the ``coderingen.csv`` files of two (or more) coders together, e.g. yours and your partner's.

    Every file is checked first; a coder name that appears in two files is refused
    (two students both called ``A``), so nobody's work silently merges with another's.

    Returns:
        One codings table.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.csv").write_text("document,start,end,code,coder,memo\\nn1,0,4,werk,A,\\n")
    >>> _ = (folder / "b.csv").write_text("document,start,end,code,coder,memo\\nn1,0,4,werk,B,\\n")
    >>> sorted(combine_codings(folder / "a.csv", folder / "b.csv")["coder"])
    ['A', 'B']
    """
    import pandas as pd

    if not paths:
        raise InputError("geef minstens één bestand met coderingen")
    frames = []
    owner: dict[str, Path] = {}
    for path in paths:
        frame = read_codings(path, texts=texts, codebook=codebook)
        for coder in sorted(set(frame["coder"])):
            if coder in owner:
                raise InputError(f"de codeur '{coder}' staat ook in {owner[coder]}; geef elke codeur een "
                                 "eigen naam of letter", path=path, place="kolom 'coder'")
            owner[coder] = Path(path)
        frames.append(frame)
    return validate_codings(pd.concat(frames, ignore_index=True), texts=texts, codebook=codebook)


def with_passages(codings, texts: Any):
    """Add a column ``passage`` with the coded text (handy to read codings back).

    >>> import pandas as pd
    >>> c = pd.DataFrame([{"document": "a", "start": 3, "end": 7, "code": "x", "coder": "A", "memo": ""}])
    >>> with_passages(c, {"a": "Ik werk graag."})["passage"].tolist()
    ['werk']
    """
    text_map = as_texts(texts)
    out = codings.copy()
    out["passage"] = [text_map.get(d, "")[s:e] for d, s, e in
                      zip(out["document"], out["start"], out["end"], strict=True)]
    return out


def coding_table(texts: Any, coder: str = ""):
    """A table to code without widgets: one row per sentence, ``code`` still empty.

    Save it (``write_csv``), fill in the column ``code`` (several codes: separate with
    ``;``), then turn it into codings with :func:`codings_from_table`.

    >>> t = coding_table({"n1": "Ik werk. Ik lach."}, coder="B")
    >>> t[["passage", "code", "coder"]].values.tolist()
    [['Ik werk.', '', 'B'], ['Ik lach.', '', 'B']]
    """
    units = sentence_units(texts)
    units["code"] = ""
    units["coder"] = coder
    units["memo"] = ""
    return units[["document", "start", "end", "passage", "code", "coder", "memo"]]


def codings_from_table(table, *, texts: Any = None, codebook=None,
                       path: str | os.PathLike | None = None):
    """Turn a filled-in :func:`coding_table` into codings (rows without a code are skipped).

    >>> t = coding_table({"n1": "Ik werk. Ik lach."}, coder="B")
    >>> t.loc[1, "code"] = "humor; werk"
    >>> codings_from_table(t)[["start", "code"]].values.tolist()
    [[9, 'humor'], [9, 'werk']]
    """
    import pandas as pd

    rows = []
    for i, record in enumerate(table.to_dict("records")):
        raw = str(record.get("code", "") or "").strip()
        if raw in ("", "nan"):
            continue
        for code in [c.strip() for c in raw.split(";") if c.strip()]:
            rows.append({"document": record.get("document", ""), "start": record.get("start", ""),
                         "end": record.get("end", ""), "code": code,
                         "coder": record.get("coder", ""), "memo": record.get("memo", "") or "",
                         "_row": i})
    if not rows:
        return empty_codings()
    frame = pd.DataFrame(rows)
    try:
        return validate_codings(frame.drop(columns="_row"), texts=texts, codebook=codebook, path=path)
    except InputError as exc:
        # Point at the row of the table the student filled in, not the expanded list.
        match = re.match(r"rij (\d+)", exc.place or "")
        if match:
            table_row = int(frame["_row"].iloc[int(match.group(1)) - 2])
            column = exc.place.split("kolom ")[-1].strip("'") if "kolom" in exc.place else None
            raise InputError(exc.message, path=path, place=row_place(table_row, column)) from None
        raise


@dataclass(frozen=True)
class CodingMaterial:
    """What module 07 codes, and where the codings go (see :func:`coding_material`).

    Attributes:
        texts: the stories to code (``id``, ``text`` and more).
        folder: where ``coderingen.csv``, ``codeertabel.csv`` and ``codeboek.yaml`` go.
        own: the student's own stories (in the workspace), or the practice stories.
        note: one Dutch line that says which, and where the codings go.
    """

    texts: Any
    folder: Path
    own: bool
    note: str

    def _repr_markdown_(self) -> str:  # shown as one line in a notebook
        return ("**Jouw eigen verhalen.** " if self.own else "**Oefenen.** ") + self.note

    @property
    def sheet_texts(self):
        """The stories of the coding table: all your own stories, or the first three practice stories."""
        return self.texts if self.own else self.texts.head(3)

    def codebook(self, default: str):
        """The codebook in :attr:`folder` (``codeboek.yaml``) when there is one, else the kit's ``default``."""
        from kit.analysis.codebook import load_codebook

        own = self.folder / "codeboek.yaml"
        return load_codebook(own if own.is_file() else default)

    def keep_codebook(self, codebook) -> Path:
        """Save ``codebook`` as ``codeboek.yaml`` in :attr:`folder`, unless one is there already
        (a codebook you changed is never overwritten); returns its path."""
        from kit.analysis.codebook import save_codebook

        path = self.folder / "codeboek.yaml"
        if not path.is_file():
            save_codebook(codebook, path)
        return path


def coding_material(work: str | os.PathLike, practice: Any, *, practice_name: str = "07-coderen"
                    ) -> CodingMaterial:
    """Your own stories when the workspace has them, else the practice stories in a practice folder.

    Module 07 codes what a student will hand in only when it is the student's own: the
    pseudonymised stories in ``narratieven.csv`` of the workspace (module 05's entry form, or
    an upload). Then the codings go to the workspace. Without own stories the student
    practises on ``practice`` and everything goes to a practice folder
    (:func:`kit.workspace.practice_folder`, emptied on each run), never into the workspace,
    so practice data never enters hand-in data and a rerun changes nothing there.

    Args:
        work: the workspace.
        practice: the practice stories (a table with ``id`` and ``text``).
        practice_name: the name of the practice folder.

    >>> import os, tempfile, pandas as pd
    >>> os.environ["IIDS_WERKMAP"] = os.path.join(tempfile.mkdtemp(), "mijn-werk")
    >>> from kit.workspace import workspace
    >>> oefen = pd.DataFrame({"id": ["o1"], "text": ["Een oefenverhaal."]})
    >>> found = coding_material(workspace(), oefen)
    >>> found.own, found.folder.parent.name, found.note.startswith("Nog geen eigen verhalen")
    (False, 'mijn-werk-oefenen', True)
    >>> del os.environ["IIDS_WERKMAP"]
    """
    from kit.workspace import practice_folder, where_line

    folder = Path(work)
    if (folder / "narratieven.csv").is_file():
        from kit.narratives.store import load_narratives

        own = load_narratives(folder)
        if len(own):
            noun = "verhaal" if len(own) == 1 else "verhalen"
            return CodingMaterial(own, folder, True,
                                  f"Je codeert je eigen {noun} ({len(own)}) uit narratieven.csv in je "
                                  "werkmap. " + where_line(folder / "coderingen.csv"))
    target = practice_folder(practice_name)
    return CodingMaterial(practice, target, False,
                          "Nog geen eigen verhalen in je werkmap (narratieven.csv, module 05): je "
                          f"oefent op {len(practice)} synthetische verhalen. "
                          + where_line(target / "coderingen.csv"))
