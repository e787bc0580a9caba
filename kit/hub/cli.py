"""``iids hub ...``: the class server (JupyterHub + nbgrader).

- ``iids hub doctor``: checks a running installation (exit 1 when something is wrong);
- ``iids hub prepare``: makes the exchange root and the course folder with safe modes.

Only the standard library is imported here; the work happens in :mod:`kit.hub.doctor`
and :mod:`kit.hub.exchange`.

>>> import argparse
>>> parser = argparse.ArgumentParser(prog="iids")
>>> register(parser.add_subparsers())
>>> parser.parse_args(["hub", "doctor", "--exchange", "/x"]).exchange
'/x'
"""

from __future__ import annotations

import argparse

from kit.cliargs import add_course, add_course_id
from kit.hub.envfile import read_env_file

__all__ = ["register", "read_env_file"]


def _settings(args: argparse.Namespace):
    import os
    from pathlib import Path

    from kit.hub.doctor import HubSettings

    env = dict(os.environ)
    if getattr(args, "env_file", None):
        env.update(read_env_file(args.env_file))
    settings = HubSettings.from_env(env)
    for name, option in (("exchange", "exchange"), ("course_dir", "cursus"),
                         ("role_config", "role_config"), ("deduce_cache", "deduce_cache")):
        value = getattr(args, option, None)
        if value:
            setattr(settings, name, Path(value))
    if getattr(args, "cursus_id", None):
        settings.course_id = args.cursus_id
    if getattr(args, "students", None):
        settings.students = [s.strip() for s in args.students.split(",") if s.strip()]
    return settings


def _doctor(args: argparse.Namespace) -> int:
    from kit.hub.doctor import run_hub_checks

    checks = run_hub_checks(_settings(args))
    for check in checks:
        print(check.line())
    bad = [c for c in checks if not c.ok]
    print(f"\n{len(checks) - len(bad)} van {len(checks)} in orde." if bad
          else "\nDe klasserver staat veilig klaar.")
    return 1 if bad else 0


def _prepare(args: argparse.Namespace) -> int:
    import grp
    import pwd

    from kit.errors import InputError
    from kit.hub.exchange import prepare_root

    if not 0 <= args.zandbak_pool <= 99:
        raise InputError("tussen 0 en 99 zandbakgebruikers", place="--zandbak-pool")
    try:
        pwd.getpwnam(args.owner)
    except KeyError:
        raise InputError(f"de gebruiker '{args.owner}' bestaat niet", place="--owner") from None
    try:
        grp.getgrnam(args.group)
    except KeyError:
        raise InputError(f"de groep '{args.group}' bestaat niet (maak hem met: groupadd "
                         f"{args.group})", place="--group") from None
    try:
        root = prepare_root(args.exchange, args.cursus_id, owner=args.owner, group=args.group)
    except PermissionError:
        raise InputError("geen toestemming: voer dit uit als beheerder (sudo)",
                         path=args.exchange) from None
    print(f"Uitwisselmap klaar: {root} (755) en {root / args.cursus_id} "
          f"(eigenaar {args.owner}, groep {args.group}, 2755).")
    from pathlib import Path

    from kit.hub.labstrings import build_dutch_labextension

    try:
        lab = build_dutch_labextension(Path(args.role_config) / "labextensions")
    except PermissionError:
        raise InputError("geen toestemming: voer dit uit als beheerder (sudo)",
                         path=args.role_config) from None
    print(f"Opdrachtenlijst van nbgrader in het Nederlands: {lab} (opnieuw na elke "
          f"update van nbgrader).")
    if args.zandbak_pool > 0:
        _prepare_pool(args)
    from kit.hub.pool import prepare_lock_dir

    try:
        logs = prepare_lock_dir(Path(args.meldingen).parent, args.group)
    except PermissionError:
        raise InputError("geen toestemming: voer dit uit als beheerder (sudo)",
                         path=args.meldingen) from None
    print(f"Meldingen (geweigerde inleveringen): {args.meldingen} in {logs} (groep {args.group}, "
          f"2770); iids hub doctor toont ze.")
    return 0


def _prepare_pool(args: argparse.Namespace) -> None:
    """The sandbox pool: its users, the sudoers rule naming exactly them, the lock folder."""
    import shutil

    from kit.errors import InputError
    from kit.hub.pool import (
        ensure_pool_users,
        pool_names,
        prepare_lock_dir,
        sudoers_rule,
        write_sudoers,
    )

    users = pool_names(args.zandbak_voorvoegsel, args.zandbak_pool)
    unshare = shutil.which("unshare") or "/usr/bin/unshare"
    try:
        created = ensure_pool_users(users)
        rule = write_sudoers(args.sudoers, sudoers_rule(args.group, users, unshare))
        locks = prepare_lock_dir(args.zandbak_sloten, args.group)
    except PermissionError as exc:
        raise InputError("geen toestemming: voer dit uit als beheerder (sudo)",
                         path=exc.filename or args.sudoers) from None
    print(f"Zandbak: {len(users)} gebruikers {users[0]} .. {users[-1]} ({len(created)} nieuw, "
          f"zonder thuismap en zonder inlog); sudo-regel {rule} (groep {args.group}, alleen "
          f"{unshare}); slotmap {locks} (2770).")


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``iids hub doctor`` and ``iids hub prepare``."""
    hub = sub.add_parser("hub", help="klasserver (JupyterHub met nbgrader) controleren en inrichten",
                         description="Een klas op een server: JupyterHub met de privé-uitwisseling "
                                     "van nbgrader. Zie deploy/README.md.")
    hub_sub = hub.add_subparsers(dest="hub_command", metavar="OPDRACHT")
    doctor = hub_sub.add_parser(
        "doctor", help="controleer een draaiende klasserver",
        description="Controleert de rechten van de uitwisselmap, dat de deduce-tabellen "
                    "alleen-lezen zijn voor studenten, dat de kluis buiten gedeelde mappen ligt, "
                    "het Nederlandse taalpakket, nbgrader per rol en de thuismappen. "
                    "Standaardwaarden komen uit de IIDS_HUB_*-variabelen.")
    doctor.add_argument("--env-file", dest="env_file", metavar="BESTAND",
                        help="lees de IIDS_HUB_*-waarden uit dit bestand (zoals /etc/iids-hub.env)")
    doctor.add_argument("--exchange", help="uitwisselmap (standaard /srv/nbgrader/exchange)")
    add_course_id(doctor, help="nbgrader-cursus-id (standaard iids)")
    add_course(doctor, help="cursusmap van de docent")
    doctor.add_argument("--role-config", dest="role_config",
                        help="map met de Jupyter-instellingen per rol (standaard /etc/iids-hub)")
    doctor.add_argument("--deduce-cache", dest="deduce_cache", help="map met de deduce-tabellen")
    doctor.add_argument("--students", help="studenten, met komma's (controleert hun thuismap)")
    doctor.set_defaults(func=_doctor)
    prepare = hub_sub.add_parser(
        "prepare", help="maak de uitwisselmap en de cursusmap met veilige rechten",
        description="Maakt de uitwisselmap (755, van root) en de cursusmap daarin (van de "
                    "cursuseigenaar, groep docenten, 2755), de Nederlandse opdrachtenlijst van "
                    "nbgrader en de zandbakpool voor het nakijken (gebruikers iids-sb-01 .., "
                    "de sudo-regel voor precies die gebruikers, de slotmap). Voer uit als "
                    "beheerder.")
    prepare.add_argument("--exchange", default="/srv/nbgrader/exchange", help="uitwisselmap")
    add_course_id(prepare, default="iids", help="nbgrader-cursus-id")
    prepare.add_argument("--owner", required=True, help="Unix-gebruiker van de cursuseigenaar")
    prepare.add_argument("--group", default="iids-docenten", help="Unix-groep van de docenten")
    prepare.add_argument("--role-config", dest="role_config", default="/etc/iids-hub",
                         help="map met de Jupyter-instellingen per rol (IIDS_HUB_ROLE_CONFIG); "
                              "de Nederlandse opdrachtenlijst komt in <map>/labextensions")
    prepare.add_argument("--zandbak-pool", dest="zandbak_pool", type=int, default=8,
                         metavar="N", help="aantal zandbakgebruikers voor het nakijken "
                         "(IIDS_HUB_SANDBOX_POOL, standaard 8; minstens het aantal workers; "
                         "0: geen pool maken)")
    prepare.add_argument("--zandbak-voorvoegsel", dest="zandbak_voorvoegsel", default="iids-sb",
                         help="naam van de zandbakgebruikers: <voorvoegsel>-01 .. "
                              "(IIDS_HUB_SANDBOX_USER, standaard iids-sb)")
    prepare.add_argument("--zandbak-sloten", dest="zandbak_sloten",
                         default="/var/lib/iids-hub/zandbak",
                         help="map met de slotbestanden van de pool (IIDS_HUB_SANDBOX_LOCKS)")
    prepare.add_argument("--sudoers", default="/etc/sudoers.d/iids-zandbak",
                         help="het sudoers-bestand met de regel voor de pool")
    prepare.add_argument("--meldingen", default="/var/log/iids-hub/meldingen.log",
                         help="logbestand met meldingen voor docent en beheerder "
                              "(IIDS_HUB_ALERT_LOG); de map wordt gemaakt")
    prepare.set_defaults(func=_prepare)
