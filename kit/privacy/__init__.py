"""Privacy: vault, consent register, pseudonymisation, scanning, retention, disclosure control.

Import named things from the submodules (``from kit.privacy.pseudonymise import ...``).
"""
