"""The tests mirror the package, and every test can fail.

- Every module ``kit/<area>/<module>.py`` has ``tests/<area>/test_<module>.py`` (a top-level
  ``kit/<module>.py``: ``tests/test_<module>.py``), or an entry in :data:`ELSEWHERE` that names
  the test file where it is tested and why that file is not the mirror one. Each entry is
  checked: the module exists, it has no mirror file yet, and the named file imports it.
- No test asserts a constant (``assert True``, ``assert x or True``), no test skips because a
  kit module is missing (``pytest.importorskip("kit...")``): a renamed module must fail.
- Every file in ``HEAVY_FILES`` exists (a renamed slow file would lose its place in the order).

Adding a module? Add its test file beside the others. Moving tests into the mirror file?
Remove the entry here; the test says so when you forget.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KIT = ROOT / "kit"
TESTS = ROOT / "tests"

#: Modules tested in a file that is not their mirror file: ``module: (test file, why)``, or
#: ``(test file, why, text)`` when the file reaches the module through ``text`` (a command)
#: rather than an import. Shrink this list; never add a module here that no test reaches.
ELSEWHERE: dict[str, tuple[str, ...]] = {
    # analysis
    "kit/apps/wall_widgets.py": ("tests/apps/test_wall.py", "the wall and its widgets together"),
    # top level
    "kit/coursecheck.py": ("tests/course/test_spine.py", "checks the real course (spine, framework, bibliography)"),
    # dialogue
    # evaluation
    "kit/evaluation/publication.py": ("tests/evaluation/test_disclosure_pass.py", "the published tables"),
    # grading
    "kit/grading/forkserver.py": ("tests/grading/test_quick_start.py", "quick start of iids grade"),
    "kit/grading/kernels.py": ("tests/grading/test_honest_engine.py", "the kernel pool is honest"),
    # hub: need root and real Unix users
    "kit/hub/localhub.py": ("tests/hub/test_hub_e2e.py", "a real JupyterHub"),
    # privacy
    "kit/privacy/gate.py": ("tests/privacy/test_check_each.py", "the gate over many files"),
    "kit/privacy/pattern_detectors.py": ("tests/privacy/test_spans.py", "detector spans"),
    "kit/privacy/verdicts.py": ("tests/privacy/test_check_each.py", "the gate's verdict cache"),
    # synthetic data (kit.synthetic): checked where it feeds the real code
    "kit/synthetic/__init__.py": ("tests/test_demo_extra.py", "the demo extra for demo, bench and synthetic"),
    # benchmarks (kit.bench)
    # widgets
    "kit/widgets/answerforms.py": ("tests/analysis/test_corpus_import.py", "forms of the discourse assignment"),
}


def _has_code(path: Path) -> bool:
    """Whether a package file defines a function or class (``kit/demo/__init__.py`` does)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)) for n in tree.body)


def kit_modules() -> list[str]:
    """Every module of the kit as a path (``kit/grading/course.py``); a package's
    ``__init__.py`` only when it holds code. ``__main__.py`` is tested through ``python -m kit``."""
    return sorted(str(p.relative_to(ROOT)) for p in KIT.rglob("*.py")
                  if p.name != "__main__.py"
                  and (p.name != "__init__.py" or (p.parent != KIT and _has_code(p))))


def mirror(module: str) -> Path:
    """The test file of ``module``: ``kit/a/b.py`` -> ``tests/a/test_b.py``; a package's own code
    ``kit/a/__init__.py`` -> ``tests/a/test_a.py``.

    >>> mirror("kit/grading/course.py").relative_to(ROOT).as_posix()
    'tests/grading/test_course.py'
    >>> mirror("kit/render.py").relative_to(ROOT).as_posix()
    'tests/test_render.py'
    >>> mirror("kit/demo/__init__.py").relative_to(ROOT).as_posix()
    'tests/demo/test_demo.py'
    """
    parts = Path(module).relative_to("kit").parts
    name = parts[-2] if parts[-1] == "__init__.py" else Path(parts[-1]).stem
    return TESTS.joinpath(*parts[:-1], f"test_{name}.py")


def imports_module(text: str, module: str) -> bool:
    """Whether test source ``text`` imports ``module`` (dotted, or ``from package import name``).

    >>> imports_module("from kit.grading import course, export", "kit/grading/export.py")
    True
    >>> imports_module("import kit.grading.exporter", "kit/grading/export.py")
    False
    """
    dotted = ".".join(Path(module).with_suffix("").parts).removesuffix(".__init__")
    package, _, name = dotted.rpartition(".")
    return bool(re.search(rf"\b{re.escape(dotted)}\b", text)
                or re.search(rf"from\s+{re.escape(package)}\s+import\s+\(?[^)\n]*\b{name}\b", text))


def test_every_module_has_its_test_file():
    missing = [m for m in kit_modules() if not mirror(m).is_file() and m not in ELSEWHERE]
    assert not missing, (
        f"{len(missing)} module(s) zonder testbestand; maak per module tests/<gebied>/"
        f"test_<module>.py:\n" + "\n".join(f"  {m} -> {mirror(m).relative_to(ROOT)}"
                                           for m in missing))


def test_every_entry_elsewhere_is_current():
    modules = set(kit_modules())
    problems = []
    for module, (test_file, why, *text) in ELSEWHERE.items():
        path = ROOT / test_file
        if module not in modules:
            problems.append(f"{module}: bestaat niet meer; haal hem uit ELSEWHERE")
        elif mirror(module).is_file():
            problems.append(f"{module}: heeft nu {mirror(module).relative_to(ROOT)}; haal hem "
                            "uit ELSEWHERE (en zet zijn tests daar)")
        elif not path.is_file():
            problems.append(f"{module}: {test_file} bestaat niet")
        elif text and text[0] not in path.read_text(encoding="utf-8"):
            problems.append(f"{module}: {test_file} bevat {text[0]!r} niet")
        elif not text and not imports_module(path.read_text(encoding="utf-8"), module):
            problems.append(f"{module}: {test_file} importeert de module niet")
        if not why.strip():
            problems.append(f"{module}: geen reden opgegeven")
    assert not problems, "\n".join(problems)


def test_test_folders_are_kit_areas():
    areas = {p.name for p in KIT.iterdir() if (p / "__init__.py").is_file()}
    folders = {p.name for p in TESTS.iterdir() if p.is_dir() and (p / "__init__.py").is_file()}
    # browser: the real Chromium walks; course: the course content (course/), not a kit area
    assert folders - areas <= {"browser", "course"}, f"testmappen zonder gebied in kit/: {folders - areas}"


def _constant_asserts(tree: ast.AST) -> list[int]:
    """Lines of asserts that cannot fail: a true constant, or ``... or <true constant>``."""
    def always_true(node: ast.AST) -> bool:
        if isinstance(node, ast.Constant):
            return bool(node.value)
        if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
            return any(always_true(v) for v in node.values)
        return False

    return [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Assert) and always_true(n.test)]


def _kit_importorskips(tree: ast.AST) -> list[int]:
    """Lines of ``pytest.importorskip("kit...")``: a missing kit module must fail, not skip."""
    return [n.lineno for n in ast.walk(tree)
            if isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "importorskip"
            and n.args and isinstance(n.args[0], ast.Constant)
            and str(n.args[0].value).split(".")[0] == "kit"]


def test_no_test_can_pass_whatever_the_code_does():
    found = []
    for path in sorted(TESTS.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        rel = path.relative_to(ROOT)
        found += [f"{rel}:{line}: assert op een constante" for line in _constant_asserts(tree)]
        found += [f"{rel}:{line}: importorskip van een kit-module" for line in _kit_importorskips(tree)]
    assert not found, "\n".join(found)


def test_the_checks_themselves_can_fail():
    tree = ast.parse("def test_x():\n    assert True\n    assert f() or True\n    assert f()\n"
                     "    pytest.importorskip('kit.privacy.scan')\n    pytest.importorskip('jupyterhub')\n")
    assert _constant_asserts(tree) == [2, 3]
    assert _kit_importorskips(tree) == [5]


def test_heavy_files_exist():
    from tests.conftest import HEAVY_FILES

    gone = [name for name in HEAVY_FILES if not (ROOT / name).is_file()]
    assert not gone, f"HEAVY_FILES noemt bestanden die niet bestaan: {gone}"
