"""Dialogue: stakeholder map, Deep Democracy session plan, live record, handreiking.

Import named things from the submodules (``from kit.dialogue.stakeholders import ...``).
"""
