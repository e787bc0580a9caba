"""``iids privacy ...``: pseudonymise, scan, consent register, retention, key rotation.

Only the standard library is imported at the top, so ``iids --help`` stays fast.
Exit status: 0 success, 1 the scan found personal data, 2 bad input.

>>> import argparse
>>> parser = argparse.ArgumentParser(prog="iids")
>>> register(parser.add_subparsers())
>>> parser.parse_args(["privacy", "scan", "a.md"]).paths
['a.md']
"""

from __future__ import annotations

import argparse
import sys

from kit.cliargs import add_output

__all__ = ["register"]


def _vault_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--kluis", metavar="MAP", default=None,
                   help="de kluis (standaard: IIDS_VAULT of ~/.local/share/iids-kit/kluis)")


def _pseudonymise(args: argparse.Namespace) -> int:
    from kit.privacy.files import pseudonymise_file
    from kit.privacy.pseudonymise import Pseudonymiser

    columns = None
    if args.columns:
        columns = [c.strip() for part in args.columns for c in part.split(",") if c.strip()]
    pseudonymiser = Pseudonymiser(args.kluis)
    warnings: list[str] = []
    target, counts = pseudonymise_file(args.input, args.uitvoer, columns=columns,
                                       pseudonymiser=pseudonymiser, warnings=warnings)
    _note_lineage(pseudonymiser.vault, args.input, target)
    total = sum(counts.values())
    detail = ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "niets gevonden"
    print(f"Geschreven: {target}")
    print(f"Vervangen: {total} ({detail}). Lees het resultaat zelf nog na: "
          "geen detector vindt alles.")
    if warnings:
        print(f"Let op: {len(warnings)} beschrijving(en) die iemand herkenbaar kunnen maken, ook "
              "zonder naam (pas ze zelf aan):")
        for warning in warnings[:20]:
            print(f"  {warning}")
        if len(warnings) > 20:
            print(f"  ... en nog {len(warnings) - 20}")
    return 0


def _note_lineage(vault, source: str, target) -> None:
    """Notes of a participant (the file name starts with the code, ``P07_gesprek.txt``): note
    the pseudonymised copy in the lineage index, so a withdrawal removes it wherever it is."""
    import re
    from pathlib import Path

    from kit.privacy.consent import REGISTER_FILE, ConsentRegister
    from kit.privacy.lineage import record

    if not vault.file(REGISTER_FILE).is_file():
        return
    name = Path(source).name
    codes = [r.participant for r in ConsentRegister(vault).records()
             if re.match(rf"{re.escape(r.participant)}(?![A-Za-z0-9])", name)]
    if codes:
        record(vault, target, codes=codes, kind="notities",
               regenerate=f"iids privacy pseudonymise {source}")


def _scan(args: argparse.Namespace) -> int:
    from kit.privacy.pseudonymise import load_allow_list
    from kit.privacy.scan import DEFAULT_IGNORED, format_findings, scan_paths

    allow = load_allow_list()
    for extra in args.allow_list or ():
        allow += load_allow_list(extra)
    ignore = () if args.ook_datums else DEFAULT_IGNORED
    findings = scan_paths(args.paths, allow_list=allow, use_deduce=not args.zonder_deduce,
                          ignore=ignore)
    print(format_findings(findings), file=sys.stdout)
    return 1 if findings else 0


def _own_texts(args: argparse.Namespace) -> int:
    from kit.config import repo_root
    from kit.errors import InputError
    from kit.privacy.shipped import MANIFEST, stale_units, write_manifest

    root = repo_root()
    if root is None:
        raise InputError("de repository van de kit is niet gevonden; deze opdracht werkt alleen "
                         "in een kopie van de repository")
    if args.bijwerken:
        count = write_manifest(root)
        print(f"Bijgewerkt: {MANIFEST} ({count} eigen synthetische teksten).")
        return 0
    stale = stale_units(root)
    if stale:
        print(f"{len(stale)} gemarkeerde synthetische tekst(en) in de repository staan niet in "
              f"{MANIFEST.name}; de scan leest ze dus als gewone tekst. Werk de lijst bij met: "
              "iids privacy eigen-teksten --bijwerken")
        return 1
    print("De lijst met eigen synthetische teksten is bij.")
    return 0


def _sha256_of(path: str) -> str:
    import hashlib
    from pathlib import Path

    from kit.errors import InputError

    p = Path(path)
    if not p.is_file():
        raise InputError("het ondertekende exemplaar bestaat niet", path=p)
    digest = hashlib.sha256()
    with open(p, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _consent_add(args: argparse.Namespace) -> int:
    from kit.errors import InputError
    from kit.privacy.consent import ConsentRegister

    if bool(args.sha256) == bool(args.kopie):
        raise InputError("geef precies één van --sha256 of --kopie (het ondertekende exemplaar)")
    digest = args.sha256 or _sha256_of(args.kopie)
    purposes = [p for part in args.doelen for p in part.split(",") if p.strip()]
    record = ConsentRegister(args.kluis).add(
        args.deelnemer, args.formulier, args.ondertekend, digest, purposes, args.bewaren_tot,
        name=args.naam, replace=args.vervang)
    print(f"Toestemming geregistreerd voor {record.participant}: "
          f"{', '.join(sorted(record.purposes))}; bewaren tot {record.retention_until}.")
    return 0


def _consent_list(args: argparse.Namespace) -> int:
    from kit.privacy.consent import ConsentRegister

    frame = ConsentRegister(args.kluis).list()
    if args.csv:
        frame.to_csv(sys.stdout, index=False, lineterminator="\n")
    elif frame.empty:
        print("Het toestemmingsregister is leeg.")
    else:
        shown = frame.drop(columns=["signed_copy_sha256"]).rename(columns={
            "participant": "deelnemer", "form_version": "formulier", "signed_on": "ondertekend",
            "retention_until": "bewaren tot", "withdrawn_on": "ingetrokken"})
        for column in ("onderwijs", "programma-evaluatie", "publicatie"):
            shown[column] = shown[column].map({True: "ja", False: "nee"})
        print(shown.to_string(index=False))
    return 0


def _consent_withdraw(args: argparse.Namespace) -> int:
    from kit.privacy.consent import ConsentRegister

    report = ConsentRegister(args.kluis).withdraw(args.deelnemer, args.datum,
                                                  work_folders=args.werkmap or [])
    print(report.to_text())
    return 0 if report.complete else 1  # a place left unchecked: the erasure is not done


def _purge(args: argparse.Namespace) -> int:
    from kit.privacy.retention import purge

    report = purge(args.kluis, args.datum, work_folders=args.werkmap or [], dry_run=args.proef)
    print(report.to_text())
    return 0 if report.complete else 1  # a place left unchecked: the erasure is not done


def _rotate(args: argparse.Namespace) -> int:
    from kit.privacy.pseudonymise import rotate_key

    rotate_key(args.kluis)
    print("Nieuwe pseudoniemsleutel gemaakt. Labels die je vanaf nu maakt, zijn niet te "
          "koppelen aan oudere labels.")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``iids privacy ...`` to the command line."""
    privacy = sub.add_parser("privacy", help="pseudonimiseren, scannen, toestemming, bewaartermijn",
                             description="Privacy: persoonsgegevens vervangen door labels, "
                                         "bestanden scannen, het toestemmingsregister bijhouden "
                                         "en verlopen gegevens verwijderen.")
    commands = privacy.add_subparsers(dest="privacy_command", metavar="OPDRACHT",
                                      parser_class=type(privacy))

    p = commands.add_parser("pseudonymise", help="vervang persoonsgegevens in een bestand door labels",
                            description="Vervangt namen, telefoonnummers, adressen en andere "
                                        "persoonsgegevens door labels zoals [PERSOON-3f2a9c01b7e4]. "
                                        "Werkt op .txt, .md, .csv, .xlsx en .ipynb.")
    p.add_argument("input", metavar="INVOER", help="het bestand")
    add_output(p, metavar="UITVOER",
               help="waar het resultaat heen gaat (standaard: NAAM-gepseudonimiseerd.EXT)")
    p.add_argument("--columns", "--kolommen", action="append", metavar="KOLOM[,KOLOM]",
                   help="alleen deze kolommen (csv/xlsx; standaard: alle tekstkolommen)")
    _vault_arg(p)
    p.set_defaults(func=_pseudonymise)

    p = commands.add_parser("scan", help="zoek persoonsgegevens in bestanden en mappen",
                            description="Zoekt persoonsgegevens in elk bestand: notebooks (alle "
                                        "onderdelen), .md, .txt, .py, .csv, .tsv, .xlsx, .docx, "
                                        ".pdf, .html, .rtf, .json, .jsonl, .yaml en bestanden "
                                        "zonder extensie, ook in verborgen mappen. Een bestand dat "
                                        "de scan niet kan lezen, wordt gemeld (ONLEESBAAR). "
                                        "Exitstatus 1 als er iets gevonden is (waarden gemaskeerd), "
                                        "0 als alles schoon is. Markeringen 'synthetisch' tellen "
                                        "alleen voor teksten die de kit zelf meelevert.")
    p.add_argument("paths", nargs="+", metavar="PAD", help="bestanden of mappen")
    p.add_argument("--allow-list", metavar="BESTAND", action="append",
                   help="extra openbare namen die geen vondst zijn, bovenop de lijst van de kit "
                        "(één per regel; mag vaker)")
    p.add_argument("--zonder-deduce", action="store_true",
                   help="alleen de extra detectoren (sneller, mist namen)")
    p.add_argument("--alles", dest="ook_datums", action="store_true",
                   help="meld ook losse datums en webadressen (geboortedatums, e-mailadressen "
                        "en profielen worden altijd gemeld)")
    p.set_defaults(func=_scan)

    p = commands.add_parser("eigen-teksten", help="de lijst met synthetische teksten van de kit",
                            description="Een markering 'synthetisch' telt alleen voor teksten die "
                                        "de kit zelf meelevert, herkend aan hun inhoud (SHA-256). "
                                        "Zonder optie: controleer of de lijst bij is (exitstatus "
                                        "1 als niet).")
    p.add_argument("--bijwerken", action="store_true",
                   help="schrijf de lijst opnieuw uit de bestanden van de repository")
    p.set_defaults(func=_own_texts)

    consent = commands.add_parser("consent", help="het toestemmingsregister",
                                  description="Toestemming per deelnemer en per doel: "
                                              "onderwijs, programma-evaluatie, publicatie.")
    consent_cmds = consent.add_subparsers(dest="consent_command", metavar="OPDRACHT",
                                          parser_class=type(privacy))

    p = consent_cmds.add_parser("add", help="registreer toestemming",
                                description="Registreert de toestemming van een deelnemer "
                                            "(een code zoals P07, nooit een naam).")
    p.add_argument("deelnemer", metavar="CODE")
    p.add_argument("--formulier", required=True, metavar="VERSIE", help="versie van het formulier")
    p.add_argument("--ondertekend", required=True, metavar="DATUM", help="JJJJ-MM-DD")
    p.add_argument("--sha256", metavar="HASH", help="SHA-256 van het ondertekende exemplaar")
    p.add_argument("--kopie", metavar="BESTAND",
                   help="het ondertekende exemplaar; alleen de hash wordt bewaard")
    p.add_argument("--doelen", required=True, action="append", metavar="DOEL[,DOEL]",
                   help="onderwijs, programma-evaluatie en/of publicatie")
    p.add_argument("--bewaren-tot", required=True, metavar="DATUM", help="einde bewaartermijn")
    p.add_argument("--naam", help="echte naam (alleen in de kluis; wordt altijd gepseudonimiseerd)")
    p.add_argument("--vervang", action="store_true", help="vervang een bestaande registratie")
    _vault_arg(p)
    p.set_defaults(func=_consent_add)

    p = consent_cmds.add_parser("list", help="toon het register (zonder namen)")
    p.add_argument("--csv", action="store_true", help="als CSV")
    _vault_arg(p)
    p.set_defaults(func=_consent_list)

    p = consent_cmds.add_parser("withdraw", help="trek toestemming in en verwijder de verhalen",
                                description="Legt de intrekking vast en verwijdert de verhalen van "
                                            "deze deelnemer en alles wat ervan is afgeleid uit de "
                                            "geregistreerde werkmappen en elke kopie die de kit "
                                            "vastlegde (inleveringen, exports, oogsten). "
                                            "Exitstatus 1 als een plek niet te lezen was (het "
                                            "verslag noemt haar; controleer met de hand en voer "
                                            "dit na herstel opnieuw uit).")
    p.add_argument("deelnemer", metavar="CODE")
    p.add_argument("--datum", metavar="DATUM", help="datum van intrekking (standaard vandaag)")
    p.add_argument("--werkmap", action="append", metavar="MAP", help="extra werkmap om op te schonen")
    _vault_arg(p)
    p.set_defaults(func=_consent_withdraw)

    p = commands.add_parser("purge", help="verwijder gegevens waarvan de bewaartermijn voorbij is",
                            description="Verwijdert verhalen, afgeleide rijen, ruwe notities en "
                                        "registerregels van deelnemers met een verlopen "
                                        "bewaartermijn, in de werkmappen en in elke kopie die "
                                        "de kit vastlegde (zoals een intrekking); schrijft een "
                                        "auditregel zonder persoonsgegevens. Exitstatus 1 als "
                                        "een plek niet te lezen was: de registerregels blijven "
                                        "dan staan (zonder naam) tot purge na herstel opnieuw "
                                        "draait.")
    p.add_argument("--datum", metavar="DATUM", help="peildatum (standaard vandaag)")
    p.add_argument("--werkmap", action="append", metavar="MAP", help="extra werkmap om op te schonen")
    p.add_argument("--proef", action="store_true", help="alleen tonen wat er weg zou gaan")
    _vault_arg(p)
    p.set_defaults(func=_purge)

    p = commands.add_parser("rotate-key", help="maak een nieuwe pseudoniemsleutel",
                            description="Nieuwe labels zijn daarna niet meer te koppelen aan oude.")
    _vault_arg(p)
    p.set_defaults(func=_rotate)
