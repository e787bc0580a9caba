"""``iids analysis ...``: codebooks, codings, agreement, keyness, REFI-QDA and importing a corpus of public texts.

Only the standard library is imported at the top; the work is done by the functions in
:mod:`kit.analysis`. Bad input gives one Dutch line naming file and place, exit status 2.

>>> import argparse
>>> parser = argparse.ArgumentParser(prog="iids")
>>> register(parser.add_subparsers())
>>> parser.parse_args(["analysis", "keyness", "narratieven.csv"]).top
20
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kit.cliargs import add_output

__all__ = ["register"]


def _codebook_validate(args: argparse.Namespace) -> int:
    from kit.analysis.codebook import load_codebook

    book = load_codebook(args.codeboek)
    top = len(book.children(None))
    print(f"Codeboek '{book.title}' (versie {book.version}) is in orde: {len(book)} codes, "
          f"waarvan {top} hoofdcodes en {len(book) - top} subcodes.")
    return 0


def _codings_validate(args: argparse.Namespace) -> int:
    from kit.analysis.codebook import load_codebook
    from kit.analysis.coding import load_texts, read_codings

    texts = load_texts(args.teksten) if args.teksten else None
    book = load_codebook(args.codeboek) if args.codeboek else None
    codings = read_codings(args.coderingen, texts=texts, codebook=book)
    coders = sorted(set(codings["coder"]))
    print(f"{args.coderingen}: {len(codings)} coderingen van {len(coders)} codeur(s) "
          f"({', '.join(coders)}) in {codings['document'].nunique()} teksten: in orde.")
    return 0


def _agreement(args: argparse.Namespace) -> int:
    from kit.analysis.agreement import agreement
    from kit.analysis.codebook import load_codebook
    from kit.analysis.coding import combine_codings, load_texts
    from kit.io import write_csv

    texts = load_texts(args.teksten) if args.teksten else None
    book = load_codebook(args.codeboek) if args.codeboek else None
    codings = combine_codings(*args.coderingen, texts=texts, codebook=book)
    result = agreement(codings, texts=texts, codebook=book, path=args.coderingen[-1])
    print(result.summary())
    print()
    from kit.display import dutch_table

    table = result.per_code[["code", "eenheden", "percentage", "kappa", "alpha", "oordeel"]]
    print(dutch_table(table, percent_columns=["percentage"], decimals=3).to_string(index=False))
    if args.uitvoer:
        from kit.analysis.publishable import (
            AGREEMENT_FILE,
            DISAGREEMENT_FILE,
            publishable_agreement,
        )

        folder = Path(args.uitvoer)
        checked, log = publishable_agreement(result, k=args.k)
        log.table(DISAGREEMENT_FILE, "werkbestand",
                  "de passages waarover de codeurs verschillen, om samen te bespreken")
        write_csv(checked, folder / AGREEMENT_FILE)
        write_csv(result.disagreements, folder / DISAGREEMENT_FILE)
        log.write(folder)
        print(f"\nBewaard in {folder}: {AGREEMENT_FILE} (gecontroleerd op kleine aantallen, "
              f"drempel {args.k} teksten), {DISAGREEMENT_FILE} (werkbestand met passages: niet "
              "publiceren) en controlelog.csv.")
        return _refused(log, folder / AGREEMENT_FILE)
    return 0


def _refused(log, path) -> int:
    """Exit status 1 with a Dutch line when the output check refused the table."""
    import sys

    if log.refused:
        reason = [e["toelichting"] for e in log.entries if e["regel"] == "geweigerd"][0]
        print(f"iids: {path}: niet te publiceren: {reason}. Het bestand heeft alleen de "
              "kolomnamen; zie controlelog.csv.", file=sys.stderr)
        return 1
    return 0


def _keyness(args: argparse.Namespace) -> int:
    from kit.analysis.coding import load_texts
    from kit.analysis.discourse_corpus import load_dominant_corpus
    from kit.analysis.keyness import keyness
    from kit.display import dutch_table
    from kit.io import write_csv

    narratives = load_texts(args.narratieven)
    dominant = load_dominant_corpus(args.dominant) if args.dominant else load_dominant_corpus()
    if args.genre:
        from kit.errors import InputError

        if args.genre not in set(dominant["genre"]):
            raise InputError(f"het genre '{args.genre}' staat niet in het corpus (kies uit: "
                             f"{', '.join(sorted(set(dominant['genre'])))})", place="--genre")
        dominant = dominant[dominant["genre"] == args.genre]
    table = keyness(dominant["text"], narratives["text"], names=("dominant discours", "narratieven"),
                    min_freq=args.min_freq)
    for name in table.attrs["namen"]:
        part = table[table["meer_in"] == name].head(args.top)
        print(f"Kenmerkend voor {name}:")
        if part.empty:
            print("  (geen woorden)\n")
            continue
        shown = (part[["woord", "freq_a", "freq_b", "log_likelihood", "log_ratio", "significantie"]]
                 .rename(columns={"freq_a": "dominant", "freq_b": "narratieven"}))
        print(dutch_table(shown, decimals=1).to_string(index=False))
        print()
    if args.uitvoer:
        from kit.analysis.publishable import publishable_keyness

        out = Path(args.uitvoer)
        checked, log = publishable_keyness(table, narratives["text"], k=args.k, file=out.name)
        write_csv(checked, out)
        log.write(out.parent)
        from kit.privacy.lineage import narratives_of, record_narratives

        # word counts over every narrative: a withdrawal removes the table and says how to
        # make it again
        behind = narratives_of(args.narratieven)
        for made in [p for p in (out, out.parent / "controlelog.csv") if p.is_file()]:
            record_narratives(made, behind, kind="keyness",
                              regenerate=f"iids analysis keyness {args.narratieven} -o {out} "
                                         "(bereken de kenmerkende woorden opnieuw)")
        print(f"De gecontroleerde tabel staat in {out} ({len(checked)} van de {len(table)} woorden; "
              f"woorden van minder dan {args.k} narratieven zijn weggelaten, zie controlelog.csv).")
        return _refused(log, out)
    return 0


def _corpus_import(args: argparse.Namespace) -> int:
    from kit.analysis.corpus_import import import_corpus, write_corpus

    corpus = import_corpus(args.map, args.metadata)
    out = write_corpus(corpus, args.uitvoer)
    genres = corpus["genre"].value_counts()
    print(f"{len(corpus)} teksten ingelezen en bewaard in {out}.")
    print("Per genre: " + ", ".join(f"{g} {n}" for g, n in genres.items()))
    print("Gebruik het corpus met load_dominant_corpus(...) in een notebook, of met "
          f"'iids analysis keyness NARRATIEVEN --dominant {out} --genre GENRE'.")
    return 0


def _refi_export(args: argparse.Namespace) -> int:
    from kit.analysis.codebook import load_codebook
    from kit.analysis.coding import load_texts, read_codings
    from kit.analysis.refi import export_codebook, export_project
    from kit.errors import InputError

    book = load_codebook(args.codeboek)
    out = Path(args.uitvoer)
    if out.suffix.lower() == ".qdc":
        export_codebook(book, out)
        print(f"Codeboek geëxporteerd naar {out} (REFI-QDA, gecontroleerd tegen het schema).")
        return 0
    if out.suffix.lower() != ".qdpx":
        raise InputError("de uitvoer moet eindigen op .qdc (codeboek) of .qdpx (project)", path=out)
    if not args.coderingen or not args.teksten:
        raise InputError("voor een .qdpx-project zijn --coderingen en --teksten nodig", path=out)
    texts = load_texts(args.teksten)
    codings = read_codings(args.coderingen, texts=texts, codebook=book)
    export_project(book, codings, texts, out, name=args.naam, narratives=args.teksten)
    print(f"Project geëxporteerd naar {out}: {len(codings)} coderingen in "
          f"{codings['document'].nunique()} teksten (REFI-QDA, gecontroleerd).")
    return 0


def _refi_import(args: argparse.Namespace) -> int:
    from kit.analysis.codebook import save_codebook
    from kit.analysis.refi import import_codebook

    book = import_codebook(args.qdc)
    save_codebook(book, args.uitvoer)
    print(f"{len(book)} codes ingelezen uit {args.qdc} en bewaard als {args.uitvoer}. "
          "Vul definities, 'wanneer' en 'wanneer niet' aan waar ze ontbreken.")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``iids analysis`` and its subcommands."""
    p = sub.add_parser("analysis", help="codeboeken, coderingen, overeenstemming, keyness, REFI-QDA",
                       description="Analyse van narratieven en het dominante discours.")
    commands = p.add_subparsers(dest="analysis_command", metavar="OPDRACHT")

    c = commands.add_parser("codebook-validate", help="controleer een codeboek (YAML)",
                            description="Controleert een codeboek: dubbele of ongedefinieerde codes, "
                                        "ontbrekende definities.")
    c.add_argument("codeboek", help="pad naar een codeboek (.yaml) of de naam van een meegeleverd codeboek")
    c.set_defaults(func=_codebook_validate)

    v = commands.add_parser("codings-validate", help="controleer coderingen.csv",
                            description="Controleert coderingen tegen de teksten en het codeboek.")
    v.add_argument("coderingen", help="coderingen.csv")
    v.add_argument("--teksten", help="narratieven (map of narratieven.csv), corpus (.yaml) of CSV met id,text")
    v.add_argument("--codeboek", help="codeboek (.yaml of naam)")
    v.set_defaults(func=_codings_validate)

    a = commands.add_parser("agreement", help="overeenstemming tussen codeurs (kappa, alfa)",
                            description="Cohen's kappa en Krippendorff's alfa per code en in totaal, "
                                        "met de passages waarover de codeurs verschillen.")
    a.add_argument("coderingen", nargs="+",
                   help="coderingen.csv met minstens twee codeurs, of het bestand van elke codeur apart")
    a.add_argument("--teksten", help="de gecodeerde teksten (eenheden worden hun zinnen)")
    a.add_argument("--codeboek", help="codeboek (.yaml of naam)")
    add_output(a, metavar="MAP", help="bewaar de tabellen als CSV in deze map, gecontroleerd "
                                      "op kleine aantallen (met controlelog.csv)")
    a.add_argument("--k", type=int, default=10,
                   help="drempel: het kleinste aantal teksten waarop een getal mag rusten "
                        "(standaard: %(default)s, nooit minder dan 5)")
    a.set_defaults(func=_agreement)

    k = commands.add_parser("keyness", help="kenmerkende woorden: dominant discours tegenover narratieven",
                            description="Log-likelihood en log ratio per lemma (simplemma, stopwoorden).")
    k.add_argument("narratieven", help="narratieven (map of narratieven.csv) of CSV met id,text")
    k.add_argument("--dominant", help="dominant corpus (.yaml of .csv); standaard het meegeleverde")
    k.add_argument("-n", "--top", type=int, default=20, help="woorden per kant (standaard: %(default)s)")
    k.add_argument("--min-freq", type=int, default=3, help="minimale frequentie (standaard: %(default)s)")
    k.add_argument("--genre", help="vergelijk alleen met teksten van dit genre (bijvoorbeeld nieuwsbericht)")
    add_output(k, metavar="CSV", help="bewaar de tabel als CSV, gecontroleerd op kleine "
                                      "aantallen (met controlelog.csv in dezelfde map)")
    k.add_argument("--k", type=int, default=10,
                   help="drempel: het kleinste aantal narratieven waarop een woord mag rusten "
                        "(standaard: %(default)s, nooit minder dan 5)")
    k.set_defaults(func=_keyness)

    ci = commands.add_parser("corpus-import", help="lees eigen openbare teksten in (PDF, Word, HTML, tekst)",
                             description="Leest de bestanden in MAP met de metadata uit een CSV "
                                         "(bestand, bron, datum, genre, spreker; optioneel groep, titel) "
                                         "en bewaart ze als corpus (CSV) voor module 02 en de opdracht "
                                         "discoursanalyse.")
    ci.add_argument("map", help="de map met de teksten")
    ci.add_argument("--metadata", required=True, help="CSV met één regel per bestand")
    add_output(ci, required=True, metavar="CSV", help="uitvoer: het corpus (.csv)")
    ci.set_defaults(func=_corpus_import)

    r = commands.add_parser("refi-export", help="exporteer naar REFI-QDA (.qdc of .qdpx)",
                            description="Exporteert het codeboek (.qdc) of codeboek, teksten en "
                                        "coderingen (.qdpx) voor QualCoder, ATLAS.ti, NVivo of MAXQDA.")
    r.add_argument("--codeboek", required=True, help="codeboek (.yaml of naam)")
    r.add_argument("--coderingen", help="coderingen.csv (voor .qdpx)")
    r.add_argument("--teksten", help="de gecodeerde teksten (voor .qdpx)")
    r.add_argument("--naam", default="IIDS-kit project", help="naam van het project")
    add_output(r, required=True, metavar="BESTAND", help="uitvoerbestand: .qdc of .qdpx")
    r.set_defaults(func=_refi_export)

    i = commands.add_parser("refi-import", help="lees een REFI-QDA-codeboek (.qdc) in als YAML",
                            description="Leest een codeboek uit QualCoder, Taguette of ATLAS.ti (.qdc) "
                                        "en bewaart het als codeboek-YAML van de kit.")
    i.add_argument("qdc", help="het .qdc-bestand")
    add_output(i, required=True, metavar="YAML", help="uitvoer: codeboek (.yaml)")
    i.set_defaults(func=_refi_import)
