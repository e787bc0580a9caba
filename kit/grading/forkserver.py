"""A fork server for Jupyter kernels: ``python -m kit.grading.forkserver SOCKET [MODULE ...]``.

Starting a Python kernel costs about a second of CPU (importing ipykernel, IPython,
pandas and the course's own libraries) before a student's first cell runs. This
program pays that once: it imports ipykernel and the given modules, then listens on
a Unix socket. Each request (one JSON line: kernel arguments, working folder,
environment) is answered by ``os.fork()``: the child becomes a fresh kernel process
of its own (new session and process group, its own working folder and environment,
numpy's random state reseeded) and the server replies with its process id. No
student code ever runs in the server, so no state passes from one student to the
next: every kernel starts from the same clean, imported template.

The server stops when its standard input closes (the grading run ended or was
killed) or on a ``{"stop": true}`` request.

>>> modules_to_preload(["import pandas as pd", "from kit.config import WORK", "%matplotlib inline"])
['kit.config', 'pandas']
"""

from __future__ import annotations

import ast
import json
import os
import select
import signal
import socket
import sys

__all__ = ["modules_to_preload", "lazy_imports", "preload", "serve", "main"]


def modules_to_preload(sources: list[str]) -> list[str]:
    """The modules that code cells import (sorted, without duplicates).

    Cells that are not valid Python (magics) are skipped; relative imports too.
    """
    found: set[str] = set()
    for text in sources:
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module)
    return sorted(found)


#: Loaders worth running once in the template when a notebook imports from a package:
#: {package prefix: "module:function"}. Their result is read-only data (deduce's lookup
#: tables); each kernel gets its own copy-on-write copy.
WARM_UPS = {"kit.privacy": "kit.privacy.engine:get_deduce",
            "kit.dialogue.handreiking": "kit.privacy.engine:get_deduce"}

#: Libraries that functions of these kit modules import only when called (so the notebook's
#: own import lines do not name them), imported once in the template when a notebook imports
#: from that kit module: {kit module prefix: modules}. Measured on the kit's five
#: assignments, where every kernel imported them again: scikit-learn and SciPy for the kappa
#: in ``narratieven`` (about 1000 modules), pandas, ipywidgets, python-docx and Jinja for the
#: dialogue and handreiking; YAML, Babel and phonenumbers nearly everywhere (together about
#: 3 of the 4,8 CPU-s that one student's five notebooks took in their cells). Only imported:
#: nothing runs, no state is kept (matplotlib is left out: it reads its backend from the
#: environment when imported, and each kernel sets that itself).
LAZY_IMPORTS = {
    "kit": ("yaml",),  # kit.io reads YAML
    "kit.display": ("babel.numbers",),
    "kit.privacy": ("phonenumbers",),
    "kit.analysis.agreement": ("sklearn.metrics", "krippendorff"),
    "kit.analysis.widgets": ("ipywidgets",),
    "kit.widgets": ("ipywidgets",),
    "kit.dialogue": ("pandas", "ipywidgets", "yaml"),
    "kit.dialogue.handreiking": ("docx", "jinja2", "phonenumbers"),
}


def lazy_imports(modules: list[str]) -> list[str]:
    """What :data:`LAZY_IMPORTS` adds for a notebook that imports ``modules``.

    >>> lazy_imports(["kit.analysis.agreement", "pandas"])
    ['krippendorff', 'sklearn.metrics', 'yaml']
    >>> lazy_imports(["pandas"])
    []
    """
    found: set[str] = set()
    for prefix, extra in LAZY_IMPORTS.items():
        if any(m == prefix or m.startswith(prefix + ".") for m in modules):
            found.update(extra)
    return sorted(found - set(modules))

#: Modules every ipykernel imports while it starts, beyond ``ipykernel.kernelapp``: its own
#: parts, what IPython's shell loads while it initialises (completer, debugger, inspector,
#: history database, the storemagic extension, the event loop) and the kit's own kernel
#: extension (``kit.notebook``, loaded by the environment's kernel configuration). Only
#: imported here; every kernel still sets them up itself.
KERNEL_MODULES = ("ipykernel.debugger", "ipykernel.zmqshell", "ipykernel.comm",
                  "ipykernel.iostream", "ipykernel.heartbeat", "ipykernel.control",
                  "IPython.core.completerlib", "IPython.core.debugger", "IPython.core.oinspect",
                  "IPython.extensions.storemagic", "IPython.utils.wildcard", "sqlite3", "pdb",
                  "faulthandler", "tornado.platform.asyncio", "kit.notebook")


def preload(modules: list[str]) -> None:
    """Import ipykernel, the kernel's own modules and ``modules`` (with what they load lazily
    and their warm-ups) into this process, the template that kernels are forked from."""
    import importlib
    import threading

    # debugpy warns (in English, on stderr) that frozen modules may hide breakpoints; grading
    # sets no breakpoints.
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    import ipykernel.ipkernel  # noqa: F401 - the kernel itself
    import ipykernel.kernelapp  # noqa: F401

    # Each kernel imports its debugger (debugpy, some 150 modules) while it starts: once here.
    for name in KERNEL_MODULES:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - the kernel imports it itself, as without a template
            sys.modules.pop(name, None)

    for name in [*modules, *lazy_imports(modules)]:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - the kernel imports it again and reports the error
            sys.modules.pop(name, None)
    for prefix, target in WARM_UPS.items():
        if any(m == prefix or m.startswith(prefix + ".") for m in modules):
            module, function = target.split(":")
            try:
                getattr(importlib.import_module(module), function)()
            except Exception:  # noqa: BLE001 - the kernel loads it itself, as without a template
                pass
    if threading.active_count() > 1:  # forking a process with threads is not safe
        raise SystemExit("de kernelserver heeft threads na het importeren")


def _child(request: dict) -> None:
    """Become a kernel: never returns."""
    code = 1
    try:
        os.setsid()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)
        os.dup2(2, 1)  # the server's stdout is its pipe to the grading run
        cwd = request["cwd"]
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(request["env"])
        # `python -m ipykernel_launcher` started in cwd has cwd first on sys.path.
        sys.path[0] = cwd
        if "numpy.random" in sys.modules:
            sys.modules["numpy.random"].seed()  # a fresh process gets fresh entropy
        # The kernel stops when the server (and so the grading run) is gone, like a kernel
        # started by jupyter_client stops with its parent.
        os.environ["JPY_PARENT_PID"] = str(os.getppid())
        args = [*request["args"], f"--IPKernelApp.parent_handle={os.getppid()}"]
        sys.argv = ["ipykernel_launcher", *args]
        from ipykernel import kernelapp

        kernelapp.launch_new_instance(argv=args)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:  # noqa: BLE001 - report, then leave the child
        import traceback

        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:  # noqa: BLE001, S110
                pass
        os._exit(code)


def _reap(*_args) -> None:
    while True:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def serve(path: str, modules: list[str]) -> None:
    """Listen on ``path``, import, then fork a kernel per request until stdin closes.

    The socket listens before the imports: a grading worker may ask for a kernel while they
    run; its request waits in the queue and is answered when the template is ready (a
    worker whose request finds no server starts its kernel the ordinary way).
    """
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    # Bound under a temporary name and renamed once it listens: whoever sees ``path`` (see
    # ForkServer.wait_listening) can connect (a connect between bind and listen is refused).
    pending = f"{path}.{os.getpid()}"
    old_umask = os.umask(0o177)  # the socket is the owner's only, from the start
    try:
        listener.bind(pending)
    finally:
        os.umask(old_umask)
    os.chmod(pending, 0o600)
    listener.listen(16)
    os.replace(pending, path)
    preload(modules)
    # Reap each kernel as it ends (its CPU time then counts as this server's children's,
    # and so as the grading run's, as for kernels started the ordinary way).
    signal.signal(signal.SIGCHLD, _reap)
    sys.stdout.write("klaar\n")
    sys.stdout.flush()
    try:
        while True:
            ready, _, _ = select.select([listener, sys.stdin], [], [])
            if sys.stdin in ready and not os.read(sys.stdin.fileno(), 1024):
                return
            if listener not in ready:
                continue
            conn, _ = listener.accept()
            with conn:
                data = b""
                while not data.endswith(b"\n"):
                    chunk = conn.recv(65536)
                    if not chunk:
                        break
                    data += chunk
                try:
                    request = json.loads(data)
                except ValueError:
                    continue
                if request.get("stop"):
                    return
                pid = os.fork()
                if pid == 0:
                    listener.close()
                    conn.close()
                    _child(request)
                conn.sendall(json.dumps({"pid": pid}).encode() + b"\n")
    finally:
        listener.close()


def main(argv: list[str]) -> None:
    """Serve, then leave at once: the template holds nothing to save, and tearing down an
    interpreter with pandas and the course's libraries loaded costs the grading run (which
    waits for the server to end) a noticeable moment."""
    try:
        serve(argv[0], argv[1:])
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:  # noqa: BLE001, S110 - the run that read them is gone
                pass
        os._exit(0)


if __name__ == "__main__":  # pragma: no cover - started by kit.grading.kernels
    main(sys.argv[1:])
