"""``iids harvest`` and ``iids evaluate``: the command line of the two-year evaluation.

Only :mod:`argparse` at the top; the work happens in :mod:`kit.evaluation.harvest`
and :mod:`kit.evaluation.report`.

>>> import argparse
>>> parser = argparse.ArgumentParser(prog="iids")
>>> register(parser.add_subparsers())
>>> args = parser.parse_args(["harvest", "cursus", "-o", "oogst"])
>>> args.course_dir, args.uitvoer, args.echte_ids
(['cursus'], 'oogst', False)
>>> parser.parse_args(["evaluate", "audit", "rapport"]).report_dir
['rapport']
>>> parser.parse_args(["evaluate", "--cohort", "c", "-o", "uit"]).evaluate_command is None
True
"""

from __future__ import annotations

import argparse
import sys

from kit.cliargs import add_output

__all__ = ["register"]


def _harvest(args: argparse.Namespace) -> int:
    if len(args.course_dir) > 1:
        return _harvest_several(args)
    args.course_dir = args.course_dir[0]
    from kit.evaluation.harvest import ERROR, harvest_course, harvest_key, refusal, write_harvest

    # without --sleutel the harvest reads (or makes) the vault's key itself, after checking
    # that the folder is a course: no key is made for a folder that cannot be harvested
    key = harvest_key(args.sleutel) if args.sleutel and not args.echte_ids else None
    harvest = harvest_course(args.course_dir, pseudonymise=not args.echte_ids, key=key,
                             deep_scan=args.grondig, cohort=args.cohort)
    errors = [p for p in harvest.problems if p.severity == ERROR]
    if args.streng and errors:
        raise refusal(errors)
    write_harvest(harvest, args.uitvoer)
    _report(harvest.manifest, harvest.problems, args.uitvoer, "")
    if args.echte_ids:
        print("Let op: studentnummers staan er onversleuteld in (--echte-ids). Deel deze map niet.")
    return 1 if errors else 0


def _report(manifest: dict, problems: list, out, label: str) -> None:
    """What one cohort's harvest says: the counts, then its notes and errors."""
    from kit.evaluation.harvest import ERROR

    counts = manifest["tables"]
    what = f"Geoogst{f' ({label})' if label else ''}"
    print(f"{what}: {manifest['students']} studenten, {counts.get('grades', 0)} cijfers, "
          f"{counts.get('answers', 0)} antwoorden, {counts.get('narratives', 0)} narratieven "
          f"-> {out}")
    errors = [p for p in problems if p.severity == ERROR]
    for problem in problems:
        if problem.severity != ERROR:
            print(f"Let op: {problem.line()}")
    for problem in errors:
        print(f"iids: fout: {problem.line()}", file=sys.stderr)
    if errors:
        print(f"iids: fout: {len(errors)} {'bestand' if len(errors) == 1 else 'bestanden'} niet "
              f"(helemaal) geoogst; zie {out}/problems.csv", file=sys.stderr)


def _harvest_several(args: argparse.Namespace) -> int:
    """``iids harvest C1 C2 ... -o MAP``: every cohort into ``MAP/<cohort>/``, at once."""
    from kit.errors import InputError
    from kit.evaluation.harvest import harvest_key
    from kit.evaluation.harvest_many import harvest_courses

    if args.cohort:
        raise InputError("--cohort geldt voor één cursusmap; bij meer mappen is de naam van "
                         "elke map de naam van het cohort", place="--cohort")
    key = harvest_key(args.sleutel) if args.sleutel and not args.echte_ids else None
    results = harvest_courses(args.course_dir, args.uitvoer, key=key,
                              pseudonymise=not args.echte_ids, strict=args.streng)
    for result in results:
        if result.written:
            _report(result.manifest, result.problems, result.out, result.label)
    if args.echte_ids:
        print("Let op: studentnummers staan er onversleuteld in (--echte-ids). Deel deze mappen "
              "niet.")
    return 1 if any(r.errors for r in results) else 0


def _audit(args: argparse.Namespace) -> int:
    from kit.evaluation.audit import audit_folders

    result = audit_folders(args.report_dir)
    for finding in result.findings:
        print(f"iids: fout: {finding.line()}", file=sys.stderr)
    if result.findings:
        print(f"iids: fout: {len(result.findings)} bevinding(en): verborgen cellen zijn terug te "
              f"rekenen of tonen te veel; publiceer deze map niet", file=sys.stderr)
        return 1
    print(f"Controle op terugrekenen geslaagd: {result.checked} verborgen kleine cel(len) "
          f"gecontroleerd, geen enkele is nauwkeurig terug te rekenen ({', '.join(args.report_dir)}).")
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    from kit.errors import InputError

    if getattr(args, "evaluate_command", None) == "audit":
        return _audit(args)

    if args.registry_template:
        from kit.evaluation.workbook import write_registry_template

        path = write_registry_template(args.registry_template)
        print(f"Leeg register met uitleg geschreven: {path}")
        return 0
    if not args.uitvoer:
        raise InputError("geef een uitvoermap met -o MAP (of --registry-template BESTAND)")
    from kit.evaluation.harvest import harvest_key
    from kit.evaluation.registry import parse_window
    from kit.evaluation.report import evaluate

    # a key is read (or made) only when a course folder is to be harvested: harvest folders
    # carry their codes already
    window = parse_window(args.projectperiode) if args.projectperiode else None
    index = evaluate(args.cohort or [], args.uitvoer, registry=args.registry, k=args.k,
                     key=harvest_key(args.sleutel) if args.sleutel else None, window=window)
    print(f"Weegmomentrapport geschreven: {index}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``iids harvest`` and ``iids evaluate`` to the command line."""
    p = sub.add_parser(
        "harvest", help="een nbgrader-cursusmap oogsten in nette tabellen",
        description="Leest gradebook.db, de notebooks in autograded/ of submitted/ en de "
                    "bestanden in mijn-werk/ van elke inzending, en schrijft CSV-tabellen "
                    "(grades, answers, narratives, codings, ...) met een beschreven schema. "
                    "Studentnummers worden pseudoniemen (tenzij --echte-ids). Een notebook dat niet "
                    "is ingeleverd, telt als 0 punten (zoals in nbgrader) en wordt gemeld. Een "
                    "bestand dat niet te lezen is of persoonsgegevens bevat, wordt overgeslagen "
                    "en gemeld (exitcode 1).")
    p.add_argument("course_dir", metavar="CURSUSMAP", nargs="+",
                   help="de nbgrader-cursusmap; bij meer mappen (een per cohort) komt elk cohort "
                        "in een eigen map binnen MAP, genoemd naar de cursusmap, en worden ze "
                        "tegelijk geoogst (een proces per processorkern)")
    add_output(p, required=True, metavar="MAP", help="map voor de tabellen")
    p.add_argument("--cohort", metavar="NAAM", help="naam van het cohort (standaard: de mapnaam)")
    p.add_argument("--echte-ids", action="store_true",
                   help="studentnummers niet vervangen door pseudoniemen (alleen voor de docent)")
    p.add_argument("--sleutel", metavar="BESTAND",
                   help="sleutel voor de pseudoniemen (standaard: in je kluis)")
    p.add_argument("--grondig", action="store_true",
                   help="(blijft voor oude scripts; de privacyscan draait altijd met deduce)")
    p.add_argument("--streng", action="store_true",
                   help="stop bij de eerste fout en schrijf niets")
    p.set_defaults(func=_harvest)

    e = sub.add_parser(
        "evaluate", help="het weegmomentrapport maken (of een leeg register)",
        description="Maakt het weegmomentrapport (index.html en alle tabellen als CSV) uit "
                    "geoogste cohorten en het Werkplaats-register. Kleine aantallen worden "
                    "verborgen. De kit rekent, mensen beslissen.")
    e.add_argument("--cohort", action="append", metavar="MAP",
                   help="oogstmap of nbgrader-cursusmap van een cohort (mag vaker, oudste eerst)")
    e.add_argument("--registry", metavar="BESTAND",
                   help="het Werkplaats-register (.xlsx of een map met CSV-bestanden)")
    add_output(e, metavar="MAP", help="map voor het rapport")
    e.add_argument("--registry-template", metavar="BESTAND",
                   help="schrijf een leeg register (.xlsx) met uitleg en stop")
    e.add_argument("--k", type=int, default=10,
                   help="drempel voor kleine aantallen (standaard: %(default)s, minstens 5)")
    e.add_argument("--sleutel", metavar="BESTAND",
                   help="sleutel voor de pseudoniemen bij het oogsten van cursusmappen")
    e.add_argument("--projectperiode", metavar="VAN:TOT",
                   help="de projectperiode, bijvoorbeeld 2023-01-01:2026-12-31 (standaard: het "
                        "blad Project van het register, anders vier jaar vanaf de eerste datum); "
                        "datums erbuiten worden geweigerd")
    e.set_defaults(func=_evaluate)
    checks = e.add_subparsers(dest="evaluate_command", metavar="audit")
    a = checks.add_parser(
        "audit", help="controleer een rapportmap: is een verborgen cel terug te rekenen?",
        description="Speelt de aanvaller: berekent voor elke verborgen cel van het rapport het "
                    "kleinste interval dat alle gepubliceerde CSV-bestanden samen toelaten (met "
                    "de relaties uit schema.json). Exitcode 1 als een verborgen cel te nauwkeurig "
                    "terug te rekenen is, 2 bij een ontbrekende of onleesbare map.")
    a.add_argument("report_dir", metavar="MAP", nargs="+",
                   help="de map van het weegmomentrapport; meer mappen (bijvoorbeeld twee "
                        "weegmomenten) worden samen gecontroleerd, zoals een aanvaller ze naast "
                        "elkaar legt")
    a.set_defaults(func=_audit)
