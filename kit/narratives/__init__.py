"""Narratives: collection frameworks with signifiers, records, store, import, patterns, synthetic corpus.

Import named things from the submodules (``from kit.narratives.store import ...``).
"""
