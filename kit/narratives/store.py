"""The narrative store: ``narratieven.csv`` plus ``kader.yaml`` in a student's work folder.

The files are open (CSV and YAML), sit in ``mijn-werk/`` beside the notebook so
nbgrader collects them with the assignment, and are always written atomically
(never half a file). Saving a narrative always

1. checks that the participant consented to ``onderwijs`` (consent register in the vault),
2. pseudonymises every free-text field: community, collector, title, text and notes
   (:mod:`kit.privacy.pseudonymise`), and refuses personal data in code fields (id,
   participant, language),
3. scans the result for personal data that slipped through (:mod:`kit.privacy.scan`),
4. validates the whole table against the framework,

and only then writes. Other areas read a store with :func:`load_narratives`.

>>> import tempfile, pathlib
>>> from kit.narratives.framework import default_framework
>>> from kit.narratives.schema import example_row, to_store_frame, validate_frame
>>> import pandas as pd
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> fw = default_framework()
>>> typed = validate_frame(pd.DataFrame([example_row(fw)]), fw)
>>> _ = write_store(typed, folder, fw)
>>> sorted(p.name for p in folder.iterdir())
['kader.yaml', 'narratieven.csv']
>>> load_narratives(folder).loc[0, "community"]
'arbeidsmigranten'
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from kit.errors import ConsentError, InputError
from kit.narratives.framework import Framework, default_framework, framework_to_dict, load_framework

__all__ = [
    "NARRATIVES_FILE",
    "FRAMEWORK_FILE",
    "PURPOSE",
    "PSEUDONYMISED_FIELDS",
    "CHECKED_CODE_FIELDS",
    "SaveReport",
    "resolve_store_paths",
    "load_narratives",
    "empty_narratives",
    "write_store",
    "NarrativeStore",
]

NARRATIVES_FILE = "narratieven.csv"
FRAMEWORK_FILE = "kader.yaml"
#: The consent purpose a narrative in coursework needs.
PURPOSE = "onderwijs"
#: Free-text fields that are pseudonymised and scanned before saving (every base column a
#: person types freely: the community and the collector too).
PSEUDONYMISED_FIELDS = ("community", "collector", "title", "text", "notes")
#: Code fields: checked by content, never trusted by name; personal data there is refused
#: (a label would break the references to the code).
CHECKED_CODE_FIELDS = ("id", "participant", "language")


def resolve_store_paths(path: str | os.PathLike) -> tuple[Path, Path]:
    """The CSV and framework file of a store given as a folder or as its CSV.

    >>> resolve_store_paths("mijn-werk")
    (PosixPath('mijn-werk/narratieven.csv'), PosixPath('mijn-werk/kader.yaml'))
    >>> resolve_store_paths("oud/verhalen.csv")
    (PosixPath('oud/verhalen.csv'), PosixPath('oud/kader.yaml'))
    """
    p = Path(path)
    if p.suffix.lower() == ".csv":
        return p, p.parent / FRAMEWORK_FILE
    return p / NARRATIVES_FILE, p / FRAMEWORK_FILE


def _framework_for(path: Path, framework: Framework | str | os.PathLike | None,
                   kader: Path) -> Framework:
    if isinstance(framework, Framework):
        return framework
    if framework is not None:
        return load_framework(framework)
    if not kader.is_file():
        raise InputError(f"het kader ontbreekt: naast de verhalen hoort '{FRAMEWORK_FILE}'", path=kader)
    return load_framework(kader)


def load_narratives(path: str | os.PathLike, framework: Framework | str | os.PathLike | None = None):
    """Read and validate a store: every row checked against its framework.

    Args:
        path: a work folder (with ``narratieven.csv`` and ``kader.yaml``) or the CSV itself
            (its framework is the ``kader.yaml`` beside it).
        framework: use this framework instead of the ``kader.yaml`` beside the CSV.

    Returns:
        A typed DataFrame in store column order (see :func:`kit.narratives.schema.validate_frame`).

    Raises:
        InputError: naming the file, row and column of the first problem.
    """
    from kit.io import read_csv
    from kit.narratives.schema import validate_frame

    csv, kader = resolve_store_paths(path)
    fw = _framework_for(Path(path), framework, kader)
    if not csv.is_file():
        raise InputError("er staan nog geen verhalen in deze map" if csv.parent.is_dir()
                         else "deze map bestaat niet", path=csv)
    return validate_frame(read_csv(csv), fw, path=csv)


def empty_narratives(framework: Framework):
    """An empty typed table with the store's columns.

    >>> empty_narratives(default_framework()).shape
    (0, 34)
    """
    import pandas as pd

    from kit.narratives.schema import columns_for, validate_frame

    return validate_frame(pd.DataFrame({c: pd.Series([], dtype="string") for c in columns_for(framework)}),
                          framework)


def write_store(typed, folder: str | os.PathLike, framework: Framework, *, vault=None) -> Path:
    """Validate a typed table and write the store files atomically (framework first when new).

    Use :class:`NarrativeStore` to add stories: it pseudonymises and checks consent.
    This lower-level writer is for tables that already went through that pipeline.

    Args:
        typed: a typed narratives table.
        folder: the work folder.
        framework: its framework; ``kader.yaml`` is written when it is missing.
        vault: when given, the folder is registered in the vault's manifest so a
            withdrawal of consent can find it.

    Returns:
        The path of ``narratieven.csv``.

    Raises:
        InputError: when the table is invalid (nothing is written) or the folder already
            uses another framework.
    """
    from kit.io import write_csv, write_yaml
    from kit.narratives.schema import columns_for, to_store_frame, validate_frame

    csv, kader = resolve_store_paths(folder)
    strings = to_store_frame(typed, framework)
    validate_frame(strings, framework, path=csv)
    if kader.is_file():
        existing = load_framework(kader)
        if existing != framework:
            raise InputError(f"deze map gebruikt al kader '{existing.id}' versie {existing.version}; "
                             "kies een andere map voor een ander kader", path=kader)
    if vault is not None:
        from kit.privacy.manifest import register_work_folder

        register_work_folder(vault, csv.parent)
    if not kader.is_file():
        write_yaml(framework_to_dict(framework), kader)
    return write_csv(strings, csv, columns=columns_for(framework))


@dataclass
class SaveReport:
    """What :meth:`NarrativeStore.add_many` did.

    Attributes:
        saved: ids of the narratives saved.
        refused: ``(position, reason)`` for each record that was not saved.
        warnings: ``(position, warning)`` for indirect identifiers in saved records.
    """

    saved: list[str] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)
    #: ``(position, warning)``: saved, but a description may point at one person
    warnings: list[tuple[int, str]] = field(default_factory=list)

    def to_text(self) -> str:
        """A Dutch summary.

        >>> print(SaveReport(["N1"], [(1, "geen toestemming")]).to_text())
        1 verhaal bewaard, 1 tegengehouden.
          verhaal 2: geen toestemming
        """
        noun = "verhaal" if len(self.saved) == 1 else "verhalen"
        lines = [f"{len(self.saved)} {noun} bewaard, {len(self.refused)} tegengehouden."]
        lines += [f"  verhaal {i + 1}: {reason}" for i, reason in self.refused]
        if self.warnings:
            lines.append(f"Let op, {len(self.warnings)} beschrijving(en) die iemand herkenbaar "
                         "kunnen maken (lees na en pas aan):")
            lines += [f"  verhaal {i + 1}, {warning}" for i, warning in self.warnings]
        return "\n".join(lines)


class _Privacy:
    """The privacy steps of saving, loaded on first use (deduce loads once per process)."""

    def __init__(self, vault, use_deduce: bool = True) -> None:
        from kit.privacy.consent import ConsentRegister
        from kit.privacy.vault import as_vault

        self.vault = as_vault(vault)
        self.use_deduce = use_deduce
        self.register = ConsentRegister(self.vault)
        self._pseudonymiser = None

    def require(self, participant: str) -> None:
        self.register.require(participant, PURPOSE)

    def pseudonymise(self, text: str, warnings: list[str] | None = None) -> str:
        if not text.strip():
            return text
        if self._pseudonymiser is None:
            from kit.privacy.pseudonymise import Pseudonymiser

            self._pseudonymiser = Pseudonymiser(self.vault, use_deduce=self.use_deduce)
        result = self._pseudonymiser.pseudonymise(text)
        if warnings is not None:
            warnings.extend(result.warnings)
        return result.text

    def findings(self, text: str) -> list[str]:
        from kit.privacy.scan import scan_text

        if not text.strip():
            return []
        return [f"{f.category} {f.masked}" for f in scan_text(text, use_deduce=self.use_deduce)]




class NarrativeStore:
    """A student's narratives in a work folder: add, edit and remove, always written atomically.

    Args:
        folder: the work folder (e.g. ``mijn-werk``); created on the first save.
        framework: the framework (object, file or shipped name) for a new store; an existing
            store keeps its own ``kader.yaml`` and refuses a different one.
        vault: the private vault with the consent register and pseudonym key
            (default: :func:`kit.config.vault_dir`).
        use_deduce: pseudonymise with deduce (default); ``False`` uses only the kit's own
            detectors and the names in the consent register (fast, for quick tests).

    Raises:
        InputError: when the existing files are invalid or the framework does not match.
    """

    def __init__(self, folder: str | os.PathLike, framework: Framework | str | os.PathLike | None = None,
                 *, vault=None, use_deduce: bool = True) -> None:
        self.folder = Path(folder)
        self._use_deduce = use_deduce
        self.csv_path, self.framework_path = resolve_store_paths(self.folder)
        given = framework if isinstance(framework, Framework) or framework is None else load_framework(framework)
        if self.framework_path.is_file():
            self.framework = load_framework(self.framework_path)
            if given is not None and given != self.framework:
                raise InputError(f"deze map gebruikt al kader '{self.framework.id}' versie "
                                 f"{self.framework.version}", path=self.framework_path)
        else:
            self.framework = given or default_framework()
        self._vault_arg = vault
        self._privacy: _Privacy | None = None
        #: warnings of the last :meth:`prepare` (descriptions that may point at one person)
        self.warnings: list[str] = []
        if self.csv_path.is_file():
            self._frame = load_narratives(self.csv_path, self.framework)
        else:
            self._frame = empty_narratives(self.framework)

    # -- reading ---------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._frame)

    @property
    def frame(self):
        """A copy of the narratives as a typed DataFrame."""
        return self._frame.copy()

    @property
    def ids(self) -> list[str]:
        """The ids in store order."""
        return [str(i) for i in self._frame["id"]]

    def get(self, narrative_id: str) -> dict[str, Any]:
        """One narrative as a dict of its columns.

        Raises:
            InputError: when there is no narrative with this id.
        """
        return self._frame.iloc[self._position(narrative_id)].to_dict()

    def _position(self, narrative_id: str) -> int:
        matches = (self._frame["id"] == str(narrative_id)).to_numpy().nonzero()[0]
        if not len(matches):
            raise InputError(f"er is geen verhaal met id '{narrative_id}'", path=self.csv_path)
        return int(matches[0])

    def new_id(self, month: str | None = None, taken: Iterable[str] = ()) -> str:
        """A fresh id such as ``N-202510-0007``.

        >>> import tempfile
        >>> NarrativeStore(tempfile.mkdtemp()).new_id("2025-10")
        'N-202510-0001'
        """
        stem = f"N-{(month or date.today().strftime('%Y-%m')).replace('-', '')}-"
        used = set(self.ids) | set(taken)
        k = 1 + sum(1 for i in used if i.startswith(stem))
        while f"{stem}{k:04d}" in used:
            k += 1
        return f"{stem}{k:04d}"

    # -- the pipeline ----------------------------------------------------------------------
    @property
    def privacy(self) -> _Privacy:
        """The consent register and pseudonymiser of the vault (opened on first use)."""
        if self._privacy is None:
            self._privacy = _Privacy(self._vault_arg, self._use_deduce)
        return self._privacy

    def check_consent(self, participant: str) -> None:
        """Raise :class:`kit.errors.ConsentError` unless ``participant`` consented to education."""
        if not str(participant).strip():
            raise ConsentError("vul de deelnemerscode in (nooit een naam)", place="veld 'participant'")
        self.privacy.require(str(participant).strip())

    def prepare(self, record: Mapping[str, Any], *, taken: Iterable[str] = (),
                replacing: str | None = None) -> dict[str, str]:
        """Run the saving pipeline on one record without writing: consent, pseudonymise, scan, validate.

        Args:
            record: store columns, or answers in a natural shape (see
                :func:`kit.narratives.schema.flatten_answers`). ``id``, ``framework_id``,
                ``framework_version`` and ``synthetic`` (false) are filled in when missing.
            taken: ids reserved by other records in the same batch.
            replacing: the id of the narrative this record replaces (when editing).

        Returns:
            The record as it would be stored (strings), with pseudonymised text.

        Raises:
            ConsentError: when the participant has no consent for education.
            InputError: when a value is wrong or personal data remains after pseudonymising.
        """
        import pandas as pd

        from kit.narratives.schema import find_problems, flatten_answers

        taken = list(taken)
        flat = flatten_answers(record, self.framework)
        flat["framework_id"] = flat["framework_id"] or self.framework.id
        flat["framework_version"] = flat["framework_version"] or str(self.framework.version)
        flat["synthetic"] = flat["synthetic"] or "false"
        if not flat["id"]:
            flat["id"] = self.new_id(flat["month"] or None, taken)
        for name in CHECKED_CODE_FIELDS:
            found = self.privacy.findings(flat[name])
            if found:
                raise InputError("hier hoort een code, maar er staat iets dat op een persoonsgegeven "
                                 "lijkt (" + ", ".join(sorted(set(found))) + "); gebruik een code "
                                 "zoals P07, nooit een naam of nummer van een persoon",
                                 place=f"veld '{name}'")
        self.check_consent(flat["participant"])
        self.warnings = []
        for name in PSEUDONYMISED_FIELDS:
            found_here: list[str] = []
            flat[name] = self.privacy.pseudonymise(flat[name], found_here)
            self.warnings.extend(f"veld '{name}': {w}" for w in found_here)
            found = self.privacy.findings(flat[name])
            if found:
                raise InputError("na het pseudonimiseren staan er nog persoonsgegevens in ("
                                 + ", ".join(sorted(set(found))) + "); haal ze weg en probeer opnieuw",
                                 place=f"veld '{name}'")
        problems = find_problems(pd.DataFrame([flat]), self.framework)
        if problems:
            raise InputError(problems[0].message, place=f"veld '{problems[0].column}'")
        if flat["id"] in (set(self.ids) - {replacing}) | set(taken):
            raise InputError(f"de id '{flat['id']}' bestaat al", place="veld 'id'")
        return flat

    def _commit(self, typed) -> None:
        write_store(typed, self.folder, self.framework, vault=self.privacy.vault)
        self._frame = typed.reset_index(drop=True)

    def _typed(self, rows: list[dict[str, str]]):
        import pandas as pd

        from kit.narratives.schema import validate_frame

        return validate_frame(pd.DataFrame(rows), self.framework)

    def add(self, record: Mapping[str, Any]) -> str:
        """Pseudonymise, check and save one narrative; returns its id.

        Raises:
            ConsentError, InputError: nothing is written.
        """
        import pandas as pd

        clean = self.prepare(record)
        self._commit(pd.concat([self._frame, self._typed([clean])], ignore_index=True))
        return clean["id"]

    def add_many(self, records: Iterable[Mapping[str, Any]], *, skip_refused: bool = False) -> SaveReport:
        """Save many narratives with one write (e.g. an import or the demo).

        Args:
            records: the records.
            skip_refused: keep going when a record is refused (no consent, personal data
                left, invalid) and list it in the report; otherwise the first refusal raises
                and nothing is written.

        Returns:
            A :class:`SaveReport`.
        """
        import pandas as pd

        report = SaveReport()
        clean: list[dict[str, str]] = []
        taken: list[str] = []
        for position, record in enumerate(records):
            try:
                row = self.prepare(record, taken=taken)
            except InputError as exc:
                if not skip_refused:
                    raise InputError(exc.message, path=exc.path,
                                     place=f"verhaal {position + 1}" + (f", {exc.place}" if exc.place else "")) from None
                report.refused.append((position, str(exc)))
                continue
            clean.append(row)
            taken.append(row["id"])
            report.saved.append(row["id"])
            report.warnings.extend((position, w) for w in self.warnings)
        if clean:
            self._commit(pd.concat([self._frame, self._typed(clean)], ignore_index=True))
        return report

    def edit(self, narrative_id: str, **changes: Any) -> dict[str, str]:
        """Change fields of a narrative; the result goes through the whole pipeline again.

        Returns:
            The stored record.

        Raises:
            ConsentError, InputError: nothing is written.
        """
        import pandas as pd

        from kit.narratives.schema import to_store_frame

        position = self._position(narrative_id)
        if "id" in changes and changes["id"] != narrative_id:
            raise InputError("de id van een verhaal verander je niet", place="veld 'id'")
        current = to_store_frame(self._frame.iloc[[position]], self.framework).iloc[0].to_dict()
        clean = self.prepare({**current, **changes}, replacing=narrative_id)
        updated = self._typed([clean])
        frame = pd.concat([self._frame.iloc[:position], updated, self._frame.iloc[position + 1:]],
                          ignore_index=True)
        self._commit(frame)
        return clean

    def remove(self, narrative_id: str) -> None:
        """Remove a narrative and write the store."""
        position = self._position(narrative_id)
        self._commit(self._frame.drop(index=self._frame.index[position]).reset_index(drop=True))
