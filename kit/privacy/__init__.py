"""Privacy: vault, consent register, pseudonymisation, scanning, retention, disclosure control."""
