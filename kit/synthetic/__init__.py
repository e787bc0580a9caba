"""Generators of SYNTHETIC data for the demo, the benchmarks, the tests and teaching examples.

Everything made here is invented and marked synthetic. Domain code never imports this package
(the import-linter contract in ``pyproject.toml``); the demo (:mod:`kit.demo`), the benchmarks
(:mod:`kit.bench`) and the tests do.
"""
