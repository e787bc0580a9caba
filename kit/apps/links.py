"""Session links for the story form: a signed token that expires.

One link per collection session, so the form is never open to the world. The token
carries the session's code, the collecting student's code, an optional default community
and the moment it expires; it is signed with HMAC-SHA256 under a key that lives only in
the private vault (``app-sleutel``, mode 0600, made on first use). The form checks the
token before it shows anything: a changed, foreign or expired token is refused.

Pure functions take the key and the current time as arguments (:func:`make_token`,
:func:`read_token`); :func:`vault_key` reads (or makes) the key.

>>> key = b"k" * 32
>>> token = make_token(key, Session("S-0001", "S-01", expires=1_000, community="buurt"))
>>> read_token(token, key, now=999).collector
'S-01'
>>> read_token(token, key, now=1_001)
Traceback (most recent call last):
...
kit.apps.links.LinkRefused: deze link is verlopen (geldig tot 01-01-1970 01:16); vraag de student om een nieuwe link
>>> read_token(token, b"x" * 32, now=999)
Traceback (most recent call last):
...
kit.apps.links.LinkRefused: deze link is niet geldig (niet door de kit van deze student gemaakt of veranderd); vraag de student om een nieuwe link
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs

from kit.errors import InputError

__all__ = ["KEY_FILE", "Session", "LinkRefused", "vault_key", "make_token", "read_token",
           "token_from_query", "new_session", "parse_duration", "form_url"]

#: The signing key's file in the vault.
KEY_FILE = "app-sleutel"
_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}")

#: The letters of the random part of the codes the kit makes for sessions and tellers: no
#: digits, so no code is ever a phone number, date or BSN to the privacy check (hex digits
#: were: 'P-010570-6823'), and no vowels, so none spells a name ('ebba') or word.
CODE_LETTERS = "bcdfghjkmnpqrstvwxz"


def random_letters(n: int) -> str:
    """``n`` random letters of :data:`CODE_LETTERS` (from :mod:`secrets`).

    >>> part = random_letters(6)
    >>> len(part), set(part) <= set(CODE_LETTERS)
    (6, True)
    """
    return "".join(secrets.choice(CODE_LETTERS) for _ in range(n))
#: Where the Dutch times of the messages are told (the minor is in The Hague).
_ZONE = "Europe/Amsterdam"


class LinkRefused(InputError):
    """The session link is missing, changed, foreign or expired (exit status 2)."""


@dataclass(frozen=True)
class Session:
    """What a session link grants: one collection session of one student, until ``expires``.

    Attributes:
        session: the session's code (``S-...``), also in the stored notes of each story.
        collector: the collecting student's code (never a name).
        expires: the end, as seconds since 1970 (UTC).
        community: a default for the community field ("" when the teller chooses).
    """

    session: str
    collector: str
    expires: int
    community: str = ""

    def until(self) -> str:
        """The end in Dutch notation, Dutch time.

        >>> Session("S-1", "S-01", 0).until()
        '01-01-1970 01:00'
        """
        from zoneinfo import ZoneInfo

        return datetime.fromtimestamp(self.expires, ZoneInfo(_ZONE)).strftime("%d-%m-%Y %H:%M")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _check_code(value: str, what: str) -> str:
    value = str(value).strip()
    if not _CODE.fullmatch(value):
        raise InputError(f"'{value}' is geen geldige code (letters, cijfers, '-' of '_'; "
                         "nooit een naam)", place=what)
    return value


def make_token(key: bytes, session: Session) -> str:
    """The signed token of ``session`` (URL-safe text).

    >>> make_token(b"k" * 32, Session("S-1", "S-01", 60)).count(".")
    1
    """
    _check_code(session.session, "sessie")
    _check_code(session.collector, "verzamelaar")
    payload = json.dumps(asdict(session), sort_keys=True, separators=(",", ":")).encode("utf-8")
    signature = hmac.new(key, payload, hashlib.sha256).digest()
    return f"{_b64(payload)}.{_b64(signature)}"


_INVALID = ("deze link is niet geldig (niet door de kit van deze student gemaakt of veranderd); "
            "vraag de student om een nieuwe link")


def read_token(token: str | None, key: bytes, *, now: float) -> Session:
    """The session of a token, after checking its signature and expiry.

    Args:
        token: the token from the link (``None`` or "" when the link has none).
        key: the vault's key (:func:`vault_key`).
        now: the current time in seconds since 1970.

    Raises:
        LinkRefused: no token, a wrong signature (changed or made with another key), or
            expired.

    >>> read_token("", b"k" * 32, now=0)
    Traceback (most recent call last):
    ...
    kit.apps.links.LinkRefused: deze pagina opent alleen met een sessielink van een student; vraag de student om de link
    """
    if not token:
        raise LinkRefused("deze pagina opent alleen met een sessielink van een student; "
                          "vraag de student om de link")
    try:
        payload_text, signature_text = str(token).strip().split(".")
        payload, signature = _unb64(payload_text), _unb64(signature_text)
    except ValueError:
        raise LinkRefused(_INVALID) from None
    expected = hmac.new(key, payload, hashlib.sha256).digest()
    if not hmac.compare_digest(expected, signature):
        raise LinkRefused(_INVALID)
    try:
        session = Session(**json.loads(payload.decode("utf-8")))
    except (ValueError, TypeError):
        raise LinkRefused(_INVALID) from None
    if now > session.expires:
        raise LinkRefused(f"deze link is verlopen (geldig tot {session.until()}); "
                          "vraag de student om een nieuwe link")
    return session


def token_from_query(query: str | None) -> str:
    """The ``sessie`` value of a query string ("" when there is none).

    >>> token_from_query("sessie=abc.def&x=1"), token_from_query(None)
    ('abc.def', '')
    """
    values = parse_qs(query or "").get("sessie", [])
    return values[0] if values else ""


def vault_key(vault=None) -> bytes:
    """The vault's signing key (32 random bytes, made on first use, mode 0600).

    >>> import tempfile, pathlib
    >>> from kit.privacy.vault import open_vault
    >>> v = open_vault(pathlib.Path(tempfile.mkdtemp()) / "kluis")
    >>> vault_key(v) == vault_key(v), len(vault_key(v))
    (True, 32)
    """
    from kit.io import atomic_write_bytes, create_once
    from kit.privacy.vault import as_vault

    path = as_vault(vault).file(KEY_FILE)
    key = create_once(path, secrets.token_bytes(32))  # two servers starting at once: one wins
    if len(key) < 32:
        atomic_write_bytes(path, secrets.token_bytes(32), permissions=0o600)
        key = Path(path).read_bytes()
    return key


def new_session(collector: str, *, hours: float, now: float, community: str = "") -> Session:
    """A new session of ``collector`` that ends ``hours`` after ``now``.

    >>> s = new_session("S-01", hours=2, now=0)
    >>> s.expires, s.session.startswith("S-")
    (7200, True)
    """
    if not 0 < hours <= 24 * 14:
        raise InputError("een sessielink is tussen een paar minuten en twee weken geldig",
                         place="--geldig")
    return Session(f"S-{random_letters(6)}", _check_code(collector, "verzamelaar"),
                   int(now + hours * 3600), community.strip())


def parse_duration(text: str) -> float:
    """Hours from a Dutch duration: ``3u``, ``90m``, ``2d`` or a number of hours.

    >>> parse_duration("3u"), parse_duration("90m"), parse_duration("1d"), parse_duration("1,5")
    (3.0, 1.5, 24.0, 1.5)
    >>> parse_duration("morgen")
    Traceback (most recent call last):
    ...
    kit.errors.InputError: --geldig: 'morgen' is geen duur (schrijf bijvoorbeeld 3u, 90m of 2d)
    """
    match = re.fullmatch(r"\s*(\d+(?:[.,]\d+)?)\s*([umd]?)\s*", str(text))
    if not match:
        raise InputError(f"'{text}' is geen duur (schrijf bijvoorbeeld 3u, 90m of 2d)",
                         place="--geldig")
    value = float(match.group(1).replace(",", "."))
    return {"": value, "u": value, "m": value / 60, "d": value * 24}[match.group(2)]


def form_url(base: str, token: str) -> str:
    """The link to give: the form's address with the token.

    >>> form_url("http://127.0.0.1:8866/", "abc.def")
    'http://127.0.0.1:8866/?sessie=abc.def'
    """
    return f"{base}{'&' if '?' in base else '?'}sessie={token}"
