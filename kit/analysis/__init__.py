"""Analysis: codebooks, coding, agreement, discourse (keyness, concordance), belonging and exclusion scales.

Import named things from the submodules (``from kit.analysis.codebook import ...``).
"""
