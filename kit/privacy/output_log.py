"""The output-checking log beside every published table (``controlelog.csv``).

Trusted research environments let an output checker review each table before it leaves:
which rule was applied, which cells were hidden or rows left out, and why (the review
log that ``acro``, the SACRO output-checking library, writes). The kit writes the same
record, in Dutch, beside every folder of published tables: the weegmoment report
(``iids evaluate``) and the analysis exports (``iids analysis agreement/keyness -o``).
The log never holds a hidden value, a left-out word or a passage: only the place, the rule
and the action, so it can be published with the tables it describes.

One row per event, columns :data:`LOG_COLUMNS`:

- ``bestand``: the CSV file; ``rij`` and ``kolom``: the cell as a spreadsheet shows it (the
  header is row 1; empty for an event about the whole file);
- ``regel``: one of :data:`RULES` (``drempel``, ``dominantie``, ``nul in kleine groep``,
  ``hele groep``, ``bescherming``, ``afgeleid``, ``samengevoegd``, ``weggelaten``,
  ``geweigerd``, ``werkbestand``, ``instelling``, ``gecontroleerd``);
- ``actie``: what was done (``verborgen (<10)``, ``rij weggelaten``, ...);
- ``toelichting``: why, in one Dutch sentence.

>>> log = CheckLog(k=10)
>>> log.cell("deelname.csv", 3, "deelnemers", "drempel", "<10")
>>> log.table("deelname.csv", "gecontroleerd", "1 cel verborgen")
>>> log.frame()[["bestand", "rij", "regel", "actie"]].values.tolist()
[['deelname.csv', '', 'instelling', 'toegepast'], ['deelname.csv', '5', 'drempel', 'verborgen (<10)'], ['deelname.csv', '', 'gecontroleerd', 'gepubliceerd']]
>>> log.hidden_cells("deelname.csv")
{(3, 'deelnemers')}
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from kit.errors import InputError

__all__ = ["LOG_FILE", "LOG_COLUMNS", "RULES", "CheckLog", "read_log", "check_log"]

#: The log's file name, beside the tables it describes.
LOG_FILE = "controlelog.csv"
LOG_COLUMNS = ["bestand", "rij", "kolom", "regel", "actie", "toelichting"]

#: Every rule the kit applies, with the sentence the log gives for it (``{k}``: threshold).
RULES: dict[str, str] = {
    "instelling": "de instellingen van de controle",
    "drempel": "een aantal van 1 tot en met {km1} personen (of teksten) wordt niet getoond",
    "dominantie": "alle personen in deze cel komen van één organisatie",
    "nul in kleine groep": "een 0 in een groep van minder dan {k} personen zegt iets over "
                           "ieder lid van die groep (niemand ...)",
    "hele groep": "iedereen in een groep valt in één categorie of heeft dezelfde waarde "
                  "(iedereen ... / niemand ...): dat zegt iets over elk lid van de groep",
    "bescherming": "verborgen zodat een andere verborgen cel niet uit totalen, marges of "
                   "andere tabellen terug te rekenen is",
    "afgeleid": "een aandeel, gemiddelde, trend of maat die rust op een verborgen aantal",
    "samengevoegd": "kleine categorieën zijn samengevoegd tot 'overig'",
    "weggelaten": "rijen die op minder dan {k} personen (of teksten) rusten, zijn weggelaten",
    "geweigerd": "de tabel zou grotendeels verborgen zijn en wordt niet gepubliceerd",
    "werkbestand": "een werkbestand met tekst, geen tabel om te publiceren",
    "gecontroleerd": "de tabel is gecontroleerd",
}

_ACTIONS_HIDE = ("verborgen", )


@dataclass
class CheckLog:
    """The events of one output check, in the order they happened."""

    k: int
    protection: int | None = None
    entries: list[dict[str, str]] = field(default_factory=list)

    @property
    def files(self) -> list[str]:
        """The files this log is about, in order."""
        return list(dict.fromkeys(e["bestand"] for e in self.entries))

    @property
    def refused(self) -> list[str]:
        """Files that are not published (refused)."""
        return [e["bestand"] for e in self.entries if e["regel"] == "geweigerd"]

    def _ensure(self, file: str) -> None:
        if file in self.files:
            return
        setting = f"drempel k={self.k}"
        if self.protection is not None:
            setting += (f"; een verborgen klein aantal houdt minstens {self.protection} mogelijke "
                        "waarden, wat je ook uit alle gepubliceerde bestanden samen afleidt")
        self.entries.append({"bestand": file, "rij": "", "kolom": "", "regel": "instelling",
                             "actie": "toegepast", "toelichting": setting})

    def _sentence(self, rule: str) -> str:
        if rule not in RULES:
            raise ValueError(f"unknown rule {rule!r}")
        return RULES[rule].format(k=self.k, km1=self.k - 1)

    def cell(self, file: str, row: int, column: str, rule: str, marker: str,
             note: str | None = None) -> None:
        """A hidden cell: ``row`` is the 0-based data row."""
        self._ensure(file)
        self.entries.append({"bestand": file, "rij": str(int(row) + 2), "kolom": column,
                             "regel": rule, "actie": f"verborgen ({marker})",
                             "toelichting": note or self._sentence(rule)})

    def table(self, file: str, rule: str, note: str = "") -> None:
        """An event about a whole file (checked, refused, rows left out, working file)."""
        action = {"gecontroleerd": "gepubliceerd", "geweigerd": "niet gepubliceerd",
                  "weggelaten": "rijen weggelaten", "samengevoegd": "samengevoegd",
                  "werkbestand": "niet publiceren", "hele groep": "gemarkeerd",
                  "nul in kleine groep": "gemarkeerd"}.get(rule, "toegepast")
        sentence = self._sentence(rule)
        self._ensure(file)
        self.entries.append({"bestand": file, "rij": "", "kolom": "", "regel": rule,
                             "actie": action,
                             "toelichting": f"{sentence}: {note}" if note else sentence})

    def hidden_cells(self, file: str) -> set[tuple[int, str]]:
        """``(0-based row, column)`` of every cell the log says was hidden in ``file``."""
        return {(int(e["rij"]) - 2, e["kolom"]) for e in self.entries
                if e["bestand"] == file and e["actie"].startswith(_ACTIONS_HIDE) and e["rij"]}

    def frame(self):
        """The log as a DataFrame with :data:`LOG_COLUMNS`."""
        import pandas as pd

        return pd.DataFrame(self.entries, columns=LOG_COLUMNS)

    def write(self, folder: str | os.PathLike) -> Path:
        """Write ``controlelog.csv`` into ``folder`` (atomically). Rows of an earlier log in
        that folder about other files are kept; rows about this log's files are replaced.

        >>> import tempfile
        >>> folder = tempfile.mkdtemp()
        >>> first, second = CheckLog(k=10), CheckLog(k=10)
        >>> first.table("a.csv", "gecontroleerd"); second.table("b.csv", "gecontroleerd")
        >>> _ = first.write(folder); _ = second.write(folder); _ = first.write(folder)
        >>> sorted(set(read_log(folder)["bestand"]))
        ['a.csv', 'b.csv']
        """
        import pandas as pd

        from kit.io import write_csv

        frame = self.frame()
        path = Path(folder) / LOG_FILE
        if path.is_file():
            earlier = read_log(folder)
            earlier = earlier[~earlier["bestand"].isin(self.files)]
            frame = pd.concat([earlier, frame], ignore_index=True)
        return write_csv(frame, path)


def read_log(folder: str | os.PathLike):
    """Read ``controlelog.csv`` from a folder of published tables.

    Raises:
        InputError: the log is missing or does not have :data:`LOG_COLUMNS`.
    """
    import pandas as pd

    path = Path(folder) / LOG_FILE
    if not path.is_file():
        raise InputError(f"{LOG_FILE} ontbreekt: zonder controlelog is niet na te gaan wat er "
                         "verborgen is en waarom", path=Path(folder))
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise InputError(f"niet te lezen als CSV ({exc.__class__.__name__})", path=path) from None
    if list(frame.columns) != LOG_COLUMNS:
        raise InputError(f"de kolommen moeten {', '.join(LOG_COLUMNS)} zijn", path=path,
                         place="rij 1")
    return frame


def check_log(log, tables: dict, hidden_texts) -> list[tuple[str, int | None, str | None, str]]:
    """Compare a log with the published tables: every hidden cell must be in the log with
    a rule, and every cell the log calls hidden must be hidden; every table is checked.

    Args:
        log: the log as read by :func:`read_log`.
        tables: ``{file name: DataFrame of text cells}``.
        hidden_texts: the texts that show a hidden cell (markers, ``niet te bepalen``).

    Returns:
        ``(file, 0-based row or None, column or None, Dutch message)`` per problem.

    >>> import pandas as pd
    >>> log = CheckLog(k=10); log.table("t.csv", "gecontroleerd")
    >>> check_log(log.frame(), {"t.csv": pd.DataFrame({"n": ["<10"]})}, {"<10"})
    [('t.csv', 0, 'n', 'deze cel is verborgen (<10), maar het controlelog noemt haar niet')]
    """
    problems = []
    for file, frame in tables.items():
        mine = log[log["bestand"] == file]
        if mine.empty or not mine["regel"].isin(["gecontroleerd", "geweigerd"]).any():
            problems.append((file, None, None, "dit bestand staat niet als gecontroleerd in het "
                                               "controlelog"))
            continue
        logged = {(int(r) - 2, c) for r, c, a in zip(mine["rij"], mine["kolom"], mine["actie"],
                                                     strict=True)
                  if r and a.startswith(_ACTIONS_HIDE)}
        shown = set()
        for column in frame.columns:
            for i, text in enumerate(frame[column].astype(str)):
                if text in hidden_texts:
                    shown.add((i, column))
                    if (i, column) not in logged:
                        problems.append((file, i, column, f"deze cel is verborgen ({text}), maar "
                                                          "het controlelog noemt haar niet"))
        for i, column in sorted(logged - shown):
            problems.append((file, i, column, "het controlelog noemt deze cel verborgen, maar ze "
                                              "staat zichtbaar in het bestand"))
    return problems
