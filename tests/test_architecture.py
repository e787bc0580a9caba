"""The layer rules of docs/architecture.md, written as an import-linter contract in
pyproject.toml, hold for the whole package (import-linter reads function-local imports too)."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_import_contracts_are_kept():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "3 kept, 0 broken" in result.stdout


def test_the_contract_names_the_three_rules():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    kinds = {c["id"]: c["type"] for c in config["contracts"]}
    assert kinds == {"thin": "forbidden", "areas": "layers", "acyclic": "acyclic_siblings"}


def test_demo_and_bench_name_only_modules_that_exist():
    """A renamed stage fails here (and loudly in ``iids demo``/``iids bench``), never skipped."""
    import importlib.util

    from kit.bench import AREA_BENCHES
    from kit.demo import STAGES

    for module, function in ([(m, "demo_stage") for _, m, _ in STAGES]
                             + [(m, "run") for _, m in AREA_BENCHES]):
        spec = importlib.util.find_spec(module)
        assert spec is not None and spec.origin, module
        assert f"def {function}(" in Path(spec.origin).read_text(encoding="utf-8"), module
