"""``iids grade ...``: the command line of the grading area (a thin layer over kit.grading).

Only the standard library is imported at the top; the work happens in the submodules.
"""

from __future__ import annotations

import argparse

from kit.cliargs import add_course, add_output

__all__ = ["register"]


def _leanly(func):
    """``func`` run after :func:`kit.grading.lean.lean_imports` (a quick start)."""

    def run(args):
        from kit.grading.lean import lean_imports

        lean_imports()
        return func(args)

    return run


def _course(args):
    from kit.grading.course import open_course

    return open_course(args.cursus, exchange=getattr(args, "exchange", None))


def _generate(args) -> int:
    from kit.grading.course import assignment_ids, assignment_rubric, generate, require_assignment

    course = _course(args)
    ids = [require_assignment(course, a) for a in args.opdracht] or assignment_ids(course)
    if args.controleer:
        import nbformat

        from kit.grading.rubrics import rubric_cells_in_sync

        stale = []
        for aid in ids:
            rubric = assignment_rubric(course, aid)
            nb = nbformat.read(str(course.source_notebook(aid)), as_version=4)
            stale += [f"{aid}: {gid}" for gid in rubric_cells_in_sync(nb, rubric)]
        for line in stale:
            print(f"rubriekcel ontbreekt of is verouderd: {line}")
        if not stale:
            print(f"Rubrieken en punten kloppen voor: {', '.join(ids)}")
        return 1 if stale else 0
    done = generate(course, ids, progress=lambda line: print(line, flush=True))
    print(f"Studentversies gemaakt in {course.root / 'release'}: {', '.join(done)}")
    return 0


def _working(line: str) -> None:
    """Say at once what a command is doing (before its libraries load), on stdout."""
    print(line, flush=True)


def _release(args) -> int:
    course = _course(args)
    _working(f"'{args.opdracht}' {'opnieuw ' if args.opnieuw else ''}vrijgeven ...")
    from kit.grading.course import release

    release(course, args.opdracht, replace=args.opnieuw)
    print(f"'{args.opdracht}' staat klaar voor studenten.")
    return 0


def _collect(args) -> int:
    from kit.grading.course import collect, inbound_submissions, require_assignment

    course = _course(args)
    require_assignment(course, args.opdracht)
    if inbound_submissions(course, args.opdracht) == []:  # decided before nbgrader loads
        print(f"Geen inleveringen van '{args.opdracht}' in de exchange; niets opgehaald.")
        return 0
    refused = collect(course, args.opdracht)
    print(f"Inleveringen van '{args.opdracht}' opgehaald in {course.root / 'submitted'}.")
    return _report_quarantine(refused)


def _report_quarantine(refused: list) -> int:
    """Print the quarantined submissions (Dutch); exit status 1 when there are any."""
    from kit.grading.quarantine import describe

    for entry in refused:
        print(describe(entry))
    if refused:
        moved = sum(1 for e in refused if e.folder is not None)
        print(f"{moved} inlevering(en) in quarantaine: de privacyscan vond mogelijk "
              f"persoonsgegevens; {len(refused) - moved} niet te controleren.")
        return 1
    return 0


def _zip_collect(args) -> int:
    from kit.grading.course import zip_collect

    course = _course(args)
    refused: list = []
    n = zip_collect(course, args.opdracht, args.archief, classlist=args.klaslijst,
                    quarantined=refused)
    print(f"{n} inleveringen van '{args.opdracht}' opgehaald uit {args.archief}.")
    return _report_quarantine(refused)


def _autograde(args) -> int:
    from collections import Counter

    from kit.grading.autograde import autograde
    from kit.grading.setaside import LOCKED_REASON

    course = _course(args)
    result = autograde(course, args.opdracht, workers=args.workers, students=args.student,
                       force=args.opnieuw, no_execute=args.no_execute,
                       privacy_scan=not args.geen_privacyscan, progress=not args.stil,
                       restore_locked=args.herstel_vergrendeld)
    if not (result.graded or result.skipped or result.set_aside or result.failed):
        print(f"Nog geen inleveringen van '{args.opdracht}' in {course.root / 'submitted'}; "
              f"niets nagekeken. Haal ze op met 'iids grade collect {args.opdracht}' (exchange) "
              f"of 'iids grade zip-collect {args.opdracht} <archief>' (Brightspace).")
        return 0
    print(f"Nagekeken: {len(result.graded)}; al nagekeken: {len(result.skipped)}; "
          f"apart gezet: {len(result.set_aside)}; mislukt: {len(result.failed)} "
          f"({result.seconds:.1f} s)".replace(".", ",") + ".")
    for entry in result.set_aside + result.failed:
        print(f"  {entry.student}: {entry.reason}" + (f" ({entry.detail})" if entry.detail
                                                       else ""))
    for entry in result.restored:
        print(f"  {entry.student}: nagekeken met de oorspronkelijke vergrendelde cellen "
              f"({entry.detail})")
    print(f"Rapport: {result.report}")
    if not (result.set_aside or result.failed):
        return 0
    reasons = Counter(e.reason for e in result.set_aside)
    parts = [f"{n}x {reason}" for reason, n in reasons.items()]
    if result.failed:
        parts.append(f"{len(result.failed)}x mislukt bij nbgrader")
    print(f"Niet alles is nagekeken (exit-status 1): {'; '.join(parts)}.")
    if reasons.get(LOCKED_REASON):
        print(f"Toch nakijken met de oorspronkelijke vergrendelde cellen: iids grade autograde "
              f"{args.opdracht} --herstel-vergrendeld")
    return 1


def _rubric(args) -> int:
    from kit.grading.course import assignment_rubric

    course = _course(args)
    if args.actie == "toon":
        from kit.grading.rubrics import render_rubric_markdown

        rubric = assignment_rubric(course, args.opdracht)
        for cell in rubric.cells:
            print(render_rubric_markdown(cell))
        return 0
    if args.actie == "boekje":
        if not args.beoordelaar or not args.bestand:
            raise _usage("geef --beoordelaar en een uitvoerbestand (-o) op")
        _working(f"Antwoordenboekje voor {args.beoordelaar} maken ...")
        from kit.grading.booklet import write_booklet

        html_path, xlsx_path = write_booklet(course, args.opdracht, args.beoordelaar,
                                             args.bestand, role=args.rol, seed=args.seed)
        print(f"Antwoordenboekje voor {args.beoordelaar} ({args.rol}): {html_path} en "
              f"{xlsx_path}")
        return 0
    if args.actie == "blad":
        from kit.grading.scoring import write_grader_sheet

        if not args.beoordelaar or not args.bestand:
            raise _usage("geef --beoordelaar en een bestand (-o) op")
        path = write_grader_sheet(course, args.opdracht, args.beoordelaar, args.bestand,
                                  role=args.rol, seed=args.seed)
        print(f"Beoordelingsblad voor {args.beoordelaar} ({args.rol}): {path}")
        return 0
    if args.actie == "invoeren":
        from kit.grading.scoring import apply_to_gradebook, record_sheet

        if not args.beoordelaar or not args.bestand:
            raise _usage("geef --beoordelaar en het ingevulde blad op")
        n = record_sheet(course, args.opdracht, args.bestand, args.beoordelaar, role=args.rol)
        cells = apply_to_gradebook(course, args.opdracht)
        print(f"{n} beoordelingen vastgelegd; {cells} cellen bijgewerkt in het cijferboek.")
        return 0
    from kit.grading.scoring import apply_to_gradebook

    cells = apply_to_gradebook(course, args.opdracht)
    print(f"{cells} cellen bijgewerkt in het cijferboek.")
    return 0


def _usage(message: str):
    from kit.errors import InputError

    return InputError(message)


def _double_mark(args) -> int:
    from kit.grading.double_mark import allocate, parse_sample

    course = _course(args)
    graders = [g for g in args.beoordelaars.split(",") if g.strip()]
    plan = allocate(course, args.opdracht, graders, sample=parse_sample(args.sample),
                    seed=args.seed)
    seconds = [a for a in plan if a.role == "tweede"]
    print(f"{len(plan) - len(seconds)} inleveringen verdeeld over {len(graders)} beoordelaars; "
          f"{len(seconds)} krijgen blind een tweede beoordeling.")
    return 0


def _agreement(args) -> int:
    from kit.grading.agreement import agreement_report

    course = _course(args)
    rows, disagreements = agreement_report(course, args.opdracht)

    def fmt(x: float) -> str:
        return "-" if x != x else f"{x:.2f}".replace(".", ",")

    print("cel | criterium | paren | gelijk | gewogen kappa | Krippendorffs alfa")
    for r in rows:
        print(f"{r.grade_id} | {r.criterion} | {r.pairs} | {fmt(r.exact)} | {fmt(r.kappa)} | "
              f"{fmt(r.alpha)}")
    from kit.grading.agreement import MIN_PAIRS

    few = [r for r in rows if r.pairs < MIN_PAIRS]
    if few:
        print(f"\nLet op: te weinig paren voor een betrouwbare kappa of alfa (minstens "
              f"{MIN_PAIRS}; een enkel paar geeft 0 of 1) bij "
              + ", ".join(f"{r.grade_id}/{r.criterion} ({r.pairs})" for r in few)
              + ". Laat meer inleveringen dubbel beoordelen (double-mark --sample).")
    if disagreements:
        from kit.grading.blind import load_key, submission_code

        key = load_key(course.root)
        open_items = [d for d in disagreements if not d.resolved]
        done = [d for d in disagreements if d.resolved]
        if open_items:
            print("\nVoor moderatie (meer dan een niveau verschil):")
        for d in open_items:
            print(f"  {submission_code(key, args.opdracht, d.student)} {d.grade_id}/{d.criterion}: "
                  f"{d.first} ({d.first_grader}) tegenover {d.second} ({d.second_grader})")
        if done:
            print("\nOpgelost door de moderator:")
        for d in done:
            print(f"  {submission_code(key, args.opdracht, d.student)} {d.grade_id}/{d.criterion}: "
                  f"{d.first} ({d.first_grader}) tegenover {d.second} ({d.second_grader}); "
                  f"moderator: {d.resolved}")
    return 0


def _feedback(args) -> int:
    course = _course(args)
    _working(f"Feedback van '{args.opdracht}' maken ...")
    from kit.grading.feedback import generate_feedback, set_aside_students

    paths = generate_feedback(course, args.opdracht, args.student, pdf=args.pdf)
    print(f"{len(paths)} feedbackpagina's{' (met PDF)' if args.pdf else ''} in "
          f"{course.root / 'feedback'}.")
    aside = {s: n for s, n in set_aside_students(course, args.opdracht).items()
             if not args.student or s in args.student}
    for student, note in sorted(aside.items()):
        print(f"  {student}: {note.label()}; de pagina noemt de reden, zonder punten")
    return 0


def _release_feedback(args) -> int:
    from kit.grading.course import release_feedback

    course = _course(args)
    released, others = release_feedback(course, args.opdracht)
    if released:
        print(f"Feedback van '{args.opdracht}' staat klaar voor {len(released)} studenten "
              "(tabblad Assignments, Fetch Feedback).")
    if others:
        print(f"{len(others)} studenten leverden niet in via de exchange (bijvoorbeeld via "
              f"Brightspace met zip-collect): {', '.join(others)}. Geef hun feedback terug met "
              f"'iids grade feedback-bestanden {args.opdracht} -o <map>' en voeg elk bestand "
              "toe aan de inlevering in Brightspace.")
    return 0


def _feedback_files(args) -> int:
    from kit.grading.feedback import feedback_files

    course = _course(args)
    written = feedback_files(course, args.opdracht, args.uitvoer, zip_per_student=args.zip,
                             id_field=args.id_veld)
    print(f"{len(written)} feedbackbestanden in {args.uitvoer} (een per student"
          f"{', als zip' if args.zip else ''}).")
    return 0


def _export(args) -> int:
    course = _course(args)
    _working("Cijfers exporteren ...")
    from kit.grading.export import export_all, load_settings

    settings = load_settings(args.instellingen)
    if args.brightspace_id:
        import dataclasses

        settings = dataclasses.replace(settings, id_column=args.brightspace_id)
    written = export_all(course, args.uitvoer, settings=settings)
    for name, path in written.items():
        print(f"{name}: {path}")
    return 0


def _unblind(args) -> int:
    from kit.grading.blind import unblind
    from kit.grading.scoring import graded_students

    course = _course(args)
    print(unblind(course.root, args.opdracht, args.code,
                  graded_students(course, args.opdracht)))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``iids grade ...`` to the command line."""
    grade = sub.add_parser("grade", help="opdrachten maken, nakijken, rubrieken, feedback, export",
                           description="Beoordelen rond nbgrader: studentversies maken, parallel "
                                       "nakijken, beoordelen met rubrieken (blind, dubbel), "
                                       "feedback en cijfers exporteren.")
    actions = grade.add_subparsers(dest="grade_command", metavar="ACTIE",
                                   parser_class=getattr(sub, "_parser_class",
                                                        argparse.ArgumentParser))

    def add(name: str, help_text: str, func):
        p = actions.add_parser(name, help=help_text, description=help_text)
        add_course(p, help="de nbgrader-cursusmap (standaard: de map waarin je staat als dat een cursusmap "
                            "is, anders $IIDS_COURSE, anders assignments/ van de kit)")
        p.set_defaults(func=_leanly(func))
        return p

    p = add("generate", "studentversies maken (rubriekcellen bijwerken, nbgrader generate)",
            _generate)
    p.add_argument("opdracht", nargs="*", help="opdracht(en); standaard alle")
    p.add_argument("--controleer", action="store_true",
                   help="alleen controleren of rubrieken, punten en rubriekcellen kloppen")
    p = add("release", "een opdracht vrijgeven via de exchange", _release)
    p.add_argument("opdracht")
    p.add_argument("--opnieuw", "--force", action="store_true",
                   help="een eerder vrijgegeven versie vervangen (na een nieuwe generate)")
    p = add("collect", "inleveringen ophalen uit de exchange", _collect)
    p.add_argument("opdracht")
    p = add("zip-collect", "inleveringen uit een ELO-download (zip of map) ophalen", _zip_collect)
    p.add_argument("opdracht")
    p.add_argument("archief", help="zip-bestand of map met per student een map <studentnummer>/, "
                   "of de download van Brightspace zelf (dan met --klaslijst)")
    p.add_argument("--klaslijst", help="Brightspace-export (CSV) met OrgDefinedId, First Name en "
                   "Last Name: koppelt de namen in een Brightspace-download aan studentnummers")
    p = add("autograde", "parallel automatisch nakijken", _autograde)
    p.add_argument("opdracht")
    p.add_argument("--workers", type=int, default=2, help="aantal processen (standaard: 2)")
    p.add_argument("--student", action="append", help="alleen deze student (mag vaker)")
    p.add_argument("--opnieuw", "--force", action="store_true",
                   help="ook inleveringen die al zijn nagekeken")
    p.add_argument("--no-execute", action="store_true",
                   help="notebooks niet uitvoeren (opdrachten zonder automatische controles)")
    p.add_argument("--geen-privacyscan", action="store_true", help="de privacyscan overslaan")
    p.add_argument("--herstel-vergrendeld", action="store_true",
                   help="inleveringen met een gewijzigde of verwijderde vergrendelde cel toch "
                        "nakijken: de oorspronkelijke cel wordt teruggezet (zoals nbgrader doet), "
                        "met een notitie in feedback en export")
    p.add_argument("--stil", action="store_true", help="geen voortgangsbalk")
    p = add("rubric", "beoordelen met de rubriek (blad maken, invoeren, toepassen, tonen)",
            _rubric)
    p.add_argument("actie", choices=["blad", "boekje", "invoeren", "toepassen", "toon"],
                   help="blad: beoordelingsblad (CSV); boekje: antwoorden per code met de "
                        "rubriek (HTML en Excel); invoeren; toepassen; toon")
    p.add_argument("opdracht")
    p.add_argument("bestand", nargs="?", help="het beoordelingsblad (CSV) of het boekje")
    add_output(p, metavar="BESTAND", help="het boekje of blad dat je maakt (of gebruik BESTAND)")
    p.add_argument("--beoordelaar", help="jouw beoordelaarscode, bijvoorbeeld je initialen")
    p.add_argument("--rol", default="eerste", choices=["eerste", "tweede", "moderator"])
    p.add_argument("--seed", type=int, default=0, help=argparse.SUPPRESS)
    p.set_defaults(func=_leanly(lambda a: _rubric(_merge_out(a))))
    p = add("double-mark", "blind dubbel beoordelen: beoordelaars toewijzen", _double_mark)
    p.add_argument("opdracht")
    p.add_argument("--beoordelaars", required=True, help="komma-gescheiden, bijv. ab,cd,ef")
    p.add_argument("--sample", default="20%", help="deel dat een tweede beoordeling krijgt")
    p.add_argument("--seed", type=int, default=0, help="startgetal voor het toeval")
    p = add("agreement", "overeenstemming tussen beoordelaars per criterium", _agreement)
    p.add_argument("opdracht")
    p = add("feedback", "feedbackpagina per student (HTML, en PDF met --pdf)", _feedback)
    p.add_argument("opdracht")
    p.add_argument("--pdf", action="store_true", help="ook een PDF per student (Chromium nodig)")
    p.add_argument("--student", action="append", help="alleen deze student (mag vaker)")
    p = add("release-feedback", "feedback vrijgeven via de exchange", _release_feedback)
    p.add_argument("opdracht")
    p = add("feedback-bestanden", "een feedbackbestand per student om terug te geven in "
            "Brightspace", _feedback_files)
    p.add_argument("opdracht")
    add_output(p, required=True, metavar="MAP", help="uitvoermap")
    p.add_argument("--zip", action="store_true", help="een zip-bestand per student")
    p.add_argument("--id-veld", default="id", choices=["id", "lms_user_id", "email"],
                   help="welk gegeven de bestandsnaam begint (standaard: studentnummer)")
    p = add("export", "cijfers exporteren (CSV, Brightspace, Excel)", _export)
    add_output(p, default="cijfers", metavar="MAP", help="uitvoermap (standaard: %(default)s)")
    p.add_argument("--instellingen", help="YAML met schaal, Brightspace-kolommen en gewichten")
    p.add_argument("--brightspace-id", choices=["OrgDefinedId", "Username"],
                   help="de kolom waarmee Brightspace de student herkent (standaard: "
                        "OrgDefinedId, of id_kolom in de instellingen)")
    p = add("unblind", "een inleveringscode ontsluiten (alleen de cursuseigenaar)", _unblind)
    p.add_argument("opdracht")
    p.add_argument("code")


def _merge_out(args):
    if getattr(args, "uitvoer", None) and not args.bestand:
        args.bestand = args.uitvoer
    return args
