"""``iids narratives import|validate|export``: the command line over the narratives store.

Only :mod:`argparse` is imported at the top, so ``iids --help`` stays fast.

>>> import argparse
>>> parser = argparse.ArgumentParser(prog="iids")
>>> register(parser.add_subparsers())
>>> parser.parse_args(["narratives", "validate", "mijn-werk"]).pad
'mijn-werk'
"""

from __future__ import annotations

import argparse
import sys

from kit.cliargs import add_output

__all__ = ["register", "run_validate", "run_import", "run_export"]


def run_validate(args: argparse.Namespace) -> int:
    """Check a framework (``.yaml``) or a store (folder or CSV); 0 when all is well, 1 with problems."""
    from pathlib import Path

    from kit.errors import InputError
    from kit.io import read_csv, read_yaml
    from kit.narratives.framework import load_framework, validate_framework
    from kit.narratives.schema import find_problems
    from kit.narratives.store import resolve_store_paths

    path = Path(args.pad)
    if path.suffix.lower() in {".yaml", ".yml"}:
        problems = validate_framework(read_yaml(path), path=path)
        if problems:
            print("\n".join(problems))
            return 1
        fw = load_framework(path)
        print(f"{path}: kader '{fw.id}' versie {fw.version} is in orde "
              f"({len(fw.prompts)} prompts, {len(fw.signifiers)} signifiers).")
        return 0
    if path.is_file() and path.suffix.lower() != ".csv":
        raise InputError("dit is geen kader (.yaml), werkmap of verhalenbestand (.csv)", path=path)
    if not path.exists():
        raise InputError("dit pad bestaat niet (verwacht: een kader (.yaml), werkmap of "
                         "verhalenbestand (.csv))", path=path)
    csv, kader = resolve_store_paths(path)
    if not csv.is_file():
        raise InputError("het verhalenbestand ontbreekt in deze werkmap", path=csv)
    if not args.kader and not kader.is_file():
        raise InputError("het kader ontbreekt naast de verhalen (geef het aan met --kader)",
                         path=kader)
    framework = load_framework(args.kader if args.kader else kader)
    frame = read_csv(csv)
    problems = find_problems(frame, framework)
    if not problems:
        print(f"{csv}: {len(frame)} verhalen, alles in orde volgens kader '{framework.id}'.")
        return 0
    for p in problems[: args.max]:
        place = p.place()
        print(f"{csv}{', ' + place if place else ''}: {p.message}")
    if len(problems) > args.max:
        print(f"... en nog {len(problems) - args.max} problemen")
    print(f"{len(problems)} probleem/problemen gevonden.", file=sys.stderr)
    return 1


def run_import(args: argparse.Namespace) -> int:
    """Import an online-form export into a work folder (consent, pseudonymisation, checks)."""
    from kit.errors import InputError
    from kit.io import write_csv
    from kit.narratives.framework import default_framework, load_framework
    from kit.narratives.importers import import_export
    from kit.narratives.store import NarrativeStore, resolve_store_paths

    kader = resolve_store_paths(args.map)[1]
    if args.kader:
        framework = load_framework(args.kader)
    elif kader.is_file():
        framework = load_framework(kader)
    else:
        framework = default_framework()
    result = import_export(args.export, args.koppeling, framework, synthetic=args.synthetisch)
    if args.rapport:
        write_csv(result.report_frame(), args.rapport)
    print(result.to_text())
    if not result.ok and not args.alleen_goede:
        first = result.failed[0]
        raise InputError(f"{first['melding']} (er is niets opgeslagen; verbeter de export of "
                         "gebruik --alleen-goede)", path=args.export, place=f"rij {first['rij']}")
    if not result.records:
        raise InputError("geen enkele rij is in orde; er is niets opgeslagen", path=args.export)
    store = NarrativeStore(args.map, framework, vault=args.kluis)
    report = store.add_many(result.records, skip_refused=args.alleen_goede)
    print(report.to_text())
    print(f"Opgeslagen in {store.csv_path} (nu {len(store)} verhalen).")
    return 0


def run_export(args: argparse.Namespace) -> int:
    """Export a store to CSV (for Dutch Excel) or Excel."""
    from kit.narratives.importers import export_narratives

    filters = {}
    if args.gemeenschap:
        filters["community"] = args.gemeenschap
    path = export_narratives(args.map, args.uitvoer, filters=filters or None,
                             vault=getattr(args, "kluis", None))
    print(f"Geëxporteerd naar {path}.")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``iids narratives ...`` to the command line."""
    p = sub.add_parser("narratives", help="narratieven inlezen, controleren en exporteren",
                       description="Werken met verzamelde micro-narratieven: een export van een "
                                   "online formulier inlezen, een kader of verhalenbestand "
                                   "controleren, en exporteren.")
    cmds = p.add_subparsers(dest="narratives_command", metavar="OPDRACHT")

    v = cmds.add_parser("validate", help="controleer een kader (.yaml) of een map met verhalen",
                        description="Controleert een kader (kader.yaml) of een verhalenbestand "
                                    "(map met narratieven.csv, of de CSV zelf) en noemt elk "
                                    "probleem met rij en kolom. Exitcode 1 als er iets mis is.")
    v.add_argument("pad", help="kader.yaml, een werkmap of narratieven.csv")
    v.add_argument("--kader", help="gebruik dit kader in plaats van kader.yaml naast de verhalen")
    v.add_argument("--max", type=int, default=50, help="toon hoogstens zoveel problemen (standaard: %(default)s)")
    v.set_defaults(func=run_validate)

    i = cmds.add_parser("import", help="lees een export van een online formulier (CSV/Excel) in",
                        description="Leest een export van bijvoorbeeld MS Forms in via een "
                                    "koppelingsbestand, controleert elke rij, controleert "
                                    "toestemming, pseudonimiseert en slaat op in de werkmap. "
                                    "Bij een fout wordt er niets opgeslagen.")
    i.add_argument("export", help="de export (.csv of .xlsx)")
    i.add_argument("--koppeling", required=True, help="koppeling.yaml: welke kolom waarheen")
    i.add_argument("--map", required=True, help="de werkmap (bijvoorbeeld mijn-werk)")
    i.add_argument("--kader", help="het kader voor een nieuwe werkmap (standaard: het kader van de minor)")
    i.add_argument("--rapport", help="schrijf het rapport per rij naar dit CSV-bestand")
    i.add_argument("--alleen-goede", action="store_true",
                   help="sla de goede rijen op en sla rijen met fouten over")
    i.add_argument("--synthetisch", action="store_true", help="markeer alle rijen als synthetisch (oefendata)")
    i.add_argument("--kluis", help="de kluis met het toestemmingsregister (standaard: je eigen kluis)")
    i.set_defaults(func=run_import)

    e = cmds.add_parser("export", help="exporteer verhalen naar CSV of Excel",
                        description="Exporteert de verhalen uit een werkmap naar .csv (met ';', "
                                    "voor Nederlandse Excel) of .xlsx (met een blad over het kader).")
    e.add_argument("map", help="de werkmap of narratieven.csv")
    add_output(e, required=True, metavar="BESTAND", help="het doelbestand (.csv of .xlsx)")
    e.add_argument("--gemeenschap", action="append", help="alleen deze gemeenschap (mag vaker)")
    e.add_argument("--kluis", default=None, metavar="MAP",
                   help="noteer in deze kluis welke deelnemers (codes) de export bevat, zodat "
                        "intrekken van toestemming ook deze export bereikt")
    e.set_defaults(func=run_export)
