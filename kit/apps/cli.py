"""``iids apps ...``: the story form on a phone and the story wall, served by Voila.

- ``iids apps link --verzamelaar S-07 [--geldig 3u]``: a session link for the form.
- ``iids apps formulier [--werkmap mijn-werk]``: start the form and print a session link.
- ``iids apps wand [--werkmap mijn-werk | --demo MAP]``: start the story wall.
- ``iids apps hand-out [--werkmap ... | --demo MAP] -o wand.html``: the wall as a printable page
  (checked by the privacy gate; removed again when it finds anything).

Only :mod:`argparse` is imported at the top, so ``iids --help`` stays fast.

>>> import argparse
>>> parser = argparse.ArgumentParser(prog="iids")
>>> register(parser.add_subparsers())
>>> parser.parse_args(["apps", "link", "--verzamelaar", "S-07"]).geldig
'3u'
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

__all__ = ["register", "NOTEBOOKS", "notebook_path", "voila_command", "app_env"]

#: The apps and their notebooks (in ``apps/`` of the repository).
NOTEBOOKS = {"formulier": "verhaal-vertellen.ipynb", "wand": "verhalenwand.ipynb"}


def notebook_path(app: str) -> Path:
    """The notebook of ``app`` (``formulier`` or ``wand``).

    >>> notebook_path("wand").name
    'verhalenwand.ipynb'
    """
    from kit.config import repo_root
    from kit.errors import InputError

    root = repo_root()
    path = (root / "apps" / NOTEBOOKS[app]) if root is not None else None
    if path is None or not path.is_file():
        raise InputError("de app-notebooks ontbreken (apps/ in de map van de kit)",
                         path=str(path or NOTEBOOKS[app]))
    return path


def voila_command(app: str, *, port: int, ip: str = "127.0.0.1", base_url: str = "/") -> list[str]:
    """The Voila command line that serves ``app`` (no code shown, no tracebacks, no browser).

    >>> cmd = voila_command("wand", port=8867)
    >>> cmd[1:3], "--port=8867" in cmd, "--VoilaConfiguration.show_tracebacks=False" in cmd
    (['-m', 'voila'], True, True)
    >>> "--template=iids" in cmd
    True
    """
    return [sys.executable, "-m", "voila", str(notebook_path(app)), "--no-browser",
            f"--port={port}", f"--Voila.ip={ip}", f"--Voila.base_url={base_url}",
            "--template=iids", "--theme=light",
            "--VoilaConfiguration.show_tracebacks=False",
            # Voila's page cannot stop its kernel (its shutdown call lacks the xsrf field):
            # a kernel without a page is stopped after 5 minutes (connected ones never)
            "--MappingKernelManager.cull_idle_timeout=300",
            "--MappingKernelManager.cull_interval=60"]


def app_env(folder, *, demo: str | None = None) -> dict[str, str]:
    """The environment of the app's kernels: the work folder (absolute) and, for the wall,
    the demo folder.

    >>> app_env("mijn-werk")["IIDS_WERKMAP"].endswith("mijn-werk")
    True
    """
    from kit.config import data_path

    env = dict(os.environ)
    # the kit's Voila template ("iids": the lab template without stylesheets from the internet)
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(data_path("apps", "jupyter")),
                                                      os.environ.get("JUPYTER_PATH", "")) if p)
    env["IIDS_WERKMAP"] = str(Path(folder).resolve())
    if demo:
        env["IIDS_WAND_DEMO"] = str(Path(demo).resolve())
    else:
        env.pop("IIDS_WAND_DEMO", None)
    return env


def _require_voila() -> None:
    import importlib.util

    from kit.errors import InputError

    if importlib.util.find_spec("voila") is None:
        raise InputError("Voila ontbreekt; installeer het met: pip install -c constraints.txt "
                         "-e '.[apps]' (of make setup)", place="iids apps")


def _link(args: argparse.Namespace) -> int:
    import time

    from kit.apps.links import form_url, make_token, new_session, parse_duration, vault_key

    session = new_session(args.verzamelaar, hours=parse_duration(args.geldig), now=time.time(),
                          community=args.gemeenschap or "")
    token = make_token(vault_key(args.kluis), session)
    print(form_url(args.adres, token))
    print(f"Geldig tot {session.until()} (sessie {session.session}).", file=sys.stderr)
    return 0


def _serve(app: str, args: argparse.Namespace) -> int:
    import subprocess
    import time

    from kit.errors import InputError

    _require_voila()
    if args.kluis:
        os.environ["IIDS_VAULT"] = str(Path(args.kluis).resolve())
    demo = getattr(args, "demo", None)
    if args.werkmap is None:
        from kit.workspace import workspace

        args.werkmap = str(workspace(create=app == "formulier"))
    if demo:
        from kit.synthetic.wall import prepare_demo

        prepare_demo(demo)
    elif not Path(args.werkmap).is_dir() and app == "wand":
        raise InputError("deze werkmap bestaat niet (of start met --demo MAP)", path=args.werkmap)
    env = app_env(demo and Path(demo) / "mijn-werk" or args.werkmap, demo=demo)
    if demo:
        env["IIDS_VAULT"] = str((Path(demo) / "kluis").resolve())
    address = f"http://{args.ip}:{args.poort}/"
    if app == "formulier":
        from kit.apps.links import form_url, make_token, new_session, parse_duration, vault_key

        session = new_session(args.verzamelaar, hours=parse_duration(args.geldig), now=time.time(),
                              community=args.gemeenschap or "")
        print("Het verhaalformulier. Geef deze link (geldig tot "
              f"{session.until()}):\n  {form_url(address, make_token(vault_key(), session))}")
    else:
        print(f"De verhalenwand: {address}")
    print(f"Verhalen en afspraken uit: {env['IIDS_WERKMAP']}. Stoppen: Ctrl+C.")
    proc = subprocess.Popen(voila_command(app, port=args.poort, ip=args.ip), env=env)
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        proc.wait(10)
        return 0


def _handout(args: argparse.Namespace) -> int:
    """Write the wall as one printable HTML page, through the privacy gate."""
    from kit.apps.wall_widgets import handout
    from kit.io import atomic_write_text
    from kit.privacy.gate import verify_published

    folder, vault = args.werkmap, args.kluis
    if args.demo:
        from kit.synthetic.wall import prepare_demo

        folder, vault = prepare_demo(args.demo), Path(args.demo) / "kluis"
    elif folder is None:
        from kit.workspace import workspace

        folder = workspace(create=False)
    target = atomic_write_text(Path(args.uitvoer), handout(folder, vault,
                                                          community=args.groep or ""))
    verify_published([target], "de hand-out")
    print(f"Geschreven: {target} (open hem in een browser en druk hem af).")
    return 0


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--werkmap", default=None, metavar="MAP",
                   help="de werkmap met narratieven.csv en dialoog/ (standaard: je eigen werkmap, "
                        "IIDS_WERKMAP of ~/mijn-werk)")
    p.add_argument("--poort", type=int, default=8866, metavar="POORT")
    p.add_argument("--ip", default="127.0.0.1", help="adres om op te luisteren (standaard: alleen "
                   "deze computer)")
    p.add_argument("--kluis", metavar="MAP", default=None, help="de kluis (standaard: IIDS_VAULT)")


def _link_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--verzamelaar", required=True, metavar="CODE",
                   help="jouw studentcode (nooit een naam)")
    p.add_argument("--geldig", default="3u", metavar="DUUR",
                   help="hoe lang de link werkt: 3u, 90m, 2d (standaard 3u)")
    p.add_argument("--gemeenschap", default="", metavar="GROEP",
                   help="vul de groep alvast in (anders kiest de verteller)")


def register(subparsers) -> None:
    """Add ``iids apps``."""
    from kit.cliargs import add_output

    apps = subparsers.add_parser("apps", help="verhaalformulier (telefoon) en verhalenwand (Voila)",
                                 description=__doc__.split("\n\n")[0])
    commands = apps.add_subparsers(dest="apps_command", metavar="OPDRACHT")
    commands.required = True

    p = commands.add_parser("link", help="maak een sessielink voor het verhaalformulier")
    _link_args(p)
    p.add_argument("--adres", default="http://127.0.0.1:8866/", metavar="URL",
                   help="het adres van het formulier (op de hub: .../services/verhalen/)")
    p.add_argument("--kluis", metavar="MAP", default=None, help="de kluis (standaard: IIDS_VAULT)")
    p.set_defaults(func=_link)

    p = commands.add_parser("formulier", help="start het verhaalformulier en toon een sessielink")
    _common(p)
    _link_args(p)
    p.set_defaults(func=lambda a: _serve("formulier", a))

    p = commands.add_parser("wand", help="start de verhalenwand voor de dialoogtafel")
    _common(p)
    p.set_defaults(poort=8867)
    p.add_argument("--demo", metavar="MAP", default=None,
                   help="maak (of gebruik) een demo-werkmap met synthetische verhalen in MAP")
    p.set_defaults(func=lambda a: _serve("wand", a))

    p = commands.add_parser("hand-out", help="de verhalenwand als afdrukbare pagina (HTML)")
    p.add_argument("--werkmap", default=None, metavar="MAP",
                   help="de werkmap (standaard: je eigen werkmap)")
    p.add_argument("--demo", metavar="MAP", default=None, help="de demo-werkmap in MAP")
    p.add_argument("--groep", default="", metavar="GROEP", help="alleen de verhalen van deze groep")
    p.add_argument("--kluis", metavar="MAP", default=None, help="de kluis (standaard: IIDS_VAULT)")
    add_output(p, required=True, metavar="BESTAND", help="waar de pagina komt")
    p.set_defaults(func=_handout)
