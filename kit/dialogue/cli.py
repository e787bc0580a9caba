"""``iids dialogue ...``: check dialogue files, print a facilitator's script, build a handreiking.

Subcommands (help texts in Dutch):

- ``iids dialogue validate PAD...`` checks ``verslag.yaml``, ``sessieplan.yaml``,
  ``stakeholders.csv`` (with ``relaties.csv`` and ``deelnameplan.yaml`` beside it),
  ``inhoud.yaml`` of a handreiking, or every such file in a folder.
- ``iids dialogue draaiboek SESSIEPLAN -o DRAAIBOEK.html [--pdf]`` writes the printable script
  (and a PDF through a local Chromium when there is one).
- ``iids dialogue handreiking INHOUD --narratieven CSV [--verslag ...]`` writes
  ``handreiking.html``, ``handreiking.docx`` and ``aanbevelingen.csv``.
- ``iids dialogue voorbeeld -o MAP`` writes a synthetic worked example to practise with.

Bad input exits with status 2 and one Dutch line; nothing is written.

>>> import argparse
>>> sub = argparse.ArgumentParser(prog="iids").add_subparsers()
>>> register(sub)
>>> sorted(sub.choices["dialogue"]._subparsers._group_actions[0].choices)
['draaiboek', 'handreiking', 'validate', 'voorbeeld']
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kit.cliargs import add_output

__all__ = ["register", "validate_path"]

_KNOWN = ("verslag.yaml", "sessieplan.yaml", "stakeholders.csv", "inhoud.yaml")


def validate_path(path: Path) -> list[str]:
    """Check one dialogue file (by its name) or every known file in a folder.

    Args:
        path: a file or folder.

    Returns:
        Dutch lines saying what was checked.

    Raises:
        InputError: for the first problem found.
    """
    from kit.errors import InputError

    if path.is_dir():
        found = [p for name in _KNOWN for p in sorted(path.rglob(name))]
        if not found:
            raise InputError("geen bestanden van de dialoogtafel gevonden (verwacht: "
                             + ", ".join(_KNOWN) + ")", path=path)
        return [line for p in found for line in validate_path(p)]
    name = path.name
    if name.endswith(".csv") and "stakeholder" in name:
        from kit.dialogue.stakeholders import (
            gaps,
            load_participation,
            load_relations,
            load_stakeholders,
        )

        parties = load_stakeholders(path)
        lines = [f"{path}: in orde ({len(parties)} partijen)"]
        if (path.parent / "relaties.csv").is_file():
            rel = load_relations(path.parent / "relaties.csv", parties)
            lines.append(f"{path.parent / 'relaties.csv'}: in orde ({len(rel)} relaties)")
        if (path.parent / "deelnameplan.yaml").is_file():
            plan = load_participation(path.parent / "deelnameplan.yaml", parties)
            lines.append(f"{path.parent / 'deelnameplan.yaml'}: in orde "
                         f"({len(plan.invitations)} uitnodigingen)")
        lines += [f"  let op: {note}" for note in gaps(parties)]
        return lines
    if name.endswith((".yaml", ".yml")):
        from kit.io import read_yaml

        data = read_yaml(path)
        if isinstance(data, dict) and "sessie" in data:
            from kit.dialogue.record import summary, validate_record

            counts = summary(validate_record(data, path=path))
            return [f"{path}: in orde (" + ", ".join(f"{v} {k}" for k, v in counts.items()) + ")"]
        if isinstance(data, dict) and "agenda" in data:
            from kit.dialogue.session import total_minutes, validate_plan

            plan = validate_plan(data, path=path)
            return [f"{path}: in orde ({plan.format}, {total_minutes(plan)} minuten, "
                    f"{len(plan.themes)} thema's)"]
        if isinstance(data, dict) and "aanbevelingen" in data:
            from kit.dialogue.handreiking import load_content

            content = load_content(path)  # pseudonymised at ingest
            return [f"{path}: in orde ({len(content.recommendations)} aanbevelingen, "
                    f"{len(content.quotes)} citaten)"]
        raise InputError("onbekend soort bestand: verwacht een verslag (met 'sessie'), een "
                         "sessieplan (met 'agenda') of een handreiking (met 'aanbevelingen')", path=path)
    raise InputError("onbekend soort bestand (verwacht: " + ", ".join(_KNOWN) + ")", path=path)


def _validate(args: argparse.Namespace) -> int:
    for path in args.paden:
        for line in validate_path(Path(path)):
            print(line)
    return 0


def _script(args: argparse.Namespace) -> int:
    from kit.dialogue.session import load_plan, write_script
    from kit.dialogue.stakeholders import load_participation, load_stakeholders

    plan = load_plan(args.sessieplan)
    parties = load_stakeholders(args.stakeholders) if args.stakeholders else []
    participation = load_participation(args.deelname, parties) if args.deelname else None
    out = Path(args.uitvoer) if args.uitvoer else Path(args.sessieplan).with_name("draaiboek.html")
    kwargs = {"template": args.sjabloon} if args.sjabloon else {}
    write_script(plan, out, parties=parties, participation=participation, **kwargs)
    print(f"Draaiboek geschreven: {out}")
    if args.pdf:
        from kit.pdf import html_to_pdf

        print(f"PDF geschreven: {html_to_pdf(out, out.with_suffix('.pdf'))}")
    return 0


def _handreiking(args: argparse.Namespace) -> int:
    from kit.dialogue.handreiking import build_handreiking

    work = Path(args.werkmap)
    narratives = Path(args.narratieven) if args.narratieven else work / "narratieven.csv"
    record = args.verslag or (work / "dialoog" / "verslag.yaml"
                              if (work / "dialoog" / "verslag.yaml").is_file() else None)
    codings = args.coderingen or (work / "coderingen.csv"
                                  if (work / "coderingen.csv").is_file() else None)
    kwargs = {"template": args.sjabloon} if args.sjabloon else {}
    files = build_handreiking(Path(args.inhoud), narratives, work=work, record=record,
                              codings=codings, vault=args.kluis, **kwargs)
    print(f"Handreiking geschreven: {files.html}")
    print(f"Word-versie: {files.docx}")
    print(f"Aanbevelingen: {files.recommendations} ({files.quotes} citaten met toestemming)")
    if args.pdf:
        from kit.pdf import html_to_pdf

        pdf = html_to_pdf(files.html, files.html.with_suffix(".pdf"))
        from kit.privacy.lineage import entries, record

        noted = entries(args.kluis).get(Path(files.html).resolve())
        if noted:  # the PDF carries the same quotes as the HTML it is made from
            record(args.kluis, pdf, codes=noted["codes"], ids=noted["ids"], kind="handreiking",
                   regenerate=noted["opnieuw"])
        print(f"PDF: {pdf}")
    return 0


def _example(args: argparse.Namespace) -> int:
    from kit.dialogue.examples import (
        example_counter_story,
        example_participation,
        example_record,
        example_relations,
        example_stakeholders,
    )
    from kit.dialogue.record import save_record
    from kit.dialogue.session import Theme, new_plan, save_plan
    from kit.dialogue.stakeholders import save_stakeholder_map

    folder = Path(args.uitvoer)
    case = args.geval
    parties = example_stakeholders(case)
    plan = new_plan("deep-democracy", "Samen afspraken maken die uitsluiting verminderen",
                    [Theme(t, [t]) for t in dict.fromkeys(s.theme for s in example_record(case).statements)],
                    counter_story=example_counter_story(case))
    save_stakeholder_map(folder, parties, example_relations(case), example_participation(case))
    save_plan(plan, folder / "sessieplan.yaml")
    save_record(example_record(case), folder, pseudonymise=lambda text: text)
    print(f"Synthetisch voorbeeld ({case}) geschreven in {folder}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``iids dialogue ...`` to the command line."""
    p = sub.add_parser("dialogue", help="dialoogtafel: stakeholders, sessieplan, verslag, handreiking",
                       description="De dialoogtafel voorbereiden, vastleggen en er een handreiking "
                                   "van maken.")
    inner = p.add_subparsers(dest="dialogue_command", metavar="OPDRACHT", parser_class=type(p))

    v = inner.add_parser("validate", help="controleer verslag, sessieplan, stakeholderkaart of handreiking",
                         description="Controleert bestanden van de dialoogtafel en zegt in gewone "
                                     "taal wat er niet klopt (exitstatus 2 bij een fout).")
    v.add_argument("paden", nargs="+", metavar="PAD", help="bestand of map (bijv. mijn-werk/dialoog)")
    v.set_defaults(func=_validate)

    d = inner.add_parser("draaiboek", help="maak het draaiboek voor de gespreksleider (HTML, printbaar)",
                         description="Zet een sessieplan om in een printbaar draaiboek (HTML).")
    d.add_argument("sessieplan", metavar="SESSIEPLAN", help="het sessieplan (sessieplan.yaml)")
    add_output(d, metavar="HTML", help="uitvoerbestand (standaard: draaiboek.html ernaast)")
    d.add_argument("--stakeholders", metavar="CSV", help="stakeholders.csv, voor de lijst van wie komt")
    d.add_argument("--deelname", metavar="YAML", help="deelnameplan.yaml (vraagt ook --stakeholders)")
    d.add_argument("--sjabloon", metavar="BESTAND", help="een eigen Jinja2-sjabloon")
    d.add_argument("--pdf", action="store_true", help="maak ook een PDF (met Chromium, als dat er is)")
    d.set_defaults(func=_script)

    h = inner.add_parser("handreiking", help="maak de handreiking (HTML en Word) en aanbevelingen.csv",
                         description="Maakt de handreiking uit inhoud.yaml, met alleen citaten van "
                                     "vertellers die toestemming gaven voor publicatie.")
    h.add_argument("inhoud", metavar="INHOUD", help="inhoud.yaml van de handreiking")
    h.add_argument("--werkmap", default="mijn-werk", help="de werkmap (standaard: %(default)s)")
    h.add_argument("--narratieven", metavar="CSV", help="narratieven.csv (standaard: in de werkmap)")
    h.add_argument("--verslag", metavar="YAML", help="verslag.yaml van de dialoogtafel")
    h.add_argument("--coderingen", metavar="CSV", help="coderingen.csv")
    h.add_argument("--kluis", metavar="MAP", help="de kluis met het toestemmingsregister")
    h.add_argument("--sjabloon", metavar="BESTAND", help="een eigen Jinja2-sjabloon")
    h.add_argument("--pdf", action="store_true", help="maak ook een PDF (met Chromium, als dat er is)")
    h.set_defaults(func=_handreiking)

    e = inner.add_parser("voorbeeld", help="schrijf een synthetisch voorbeeld om mee te oefenen",
                         description="Schrijft een synthetische stakeholderkaart, sessieplan en "
                                     "verslag in een map.")
    add_output(e, required=True, metavar="MAP", help="de map voor het voorbeeld")
    e.add_argument("--geval", choices=["sekswerkers", "arbeidsmigranten"], default="sekswerkers",
                   help="welk voorbeeld (standaard: %(default)s)")
    e.set_defaults(func=_example)
