"""Console sessions: kept in memory, named by a random id in a signed cookie, with a CSRF
token each, ended after some idle minutes (by `clock`, which tests set).

The signing key is made when the service starts and never stored, so restarting the
service signs everyone out.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field

from itsdangerous import BadSignature
from itsdangerous import URLSafeSerializer

COOKIE = "microbiz_console"
LOGIN_COOKIE = "microbiz_console_login"


@dataclass
class Session:
    """A signed-in user's session: who, its CSRF token, when last used, a one-time note."""

    user: str
    csrf: str
    last_used: float
    shown_once: dict[str, str] = field(default_factory=dict)


class Sessions:
    """The signed-in sessions of one running service."""

    def __init__(self, idle_seconds: float, clock: Callable[[], float] = time.time) -> None:
        self.idle_seconds = idle_seconds
        self._clock = clock
        self._signer = URLSafeSerializer(secrets.token_bytes(32), salt="microbiz-console")
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()

    def start(self, user: str) -> str:
        """A new session for `user`; the signed cookie value that names it."""
        sid = secrets.token_urlsafe(32)
        with self._lock:
            self._prune()
            self._sessions[sid] = Session(user, secrets.token_urlsafe(32), self._clock())
        return self._signer.dumps(sid)

    def find(self, cookie: str | None) -> tuple[Session | None, bool]:
        """(the live session the cookie names, or None; whether it names one that has ended:
        expired, signed out, or from before the service restarted)."""
        sid = self._unsign(cookie)
        if not isinstance(sid, str):
            return None, False
        with self._lock:
            session = self._sessions.get(sid)
            if session is None:
                return None, True
            now = self._clock()
            if now - session.last_used > self.idle_seconds:
                del self._sessions[sid]
                return None, True
            session.last_used = now
            return session, False

    def end(self, cookie: str | None) -> None:
        sid = self._unsign(cookie)
        with self._lock:
            self._sessions.pop(sid or "", None)

    def login_token(self) -> tuple[str, str]:
        """(the signed cookie value, the form's token) for a sign-in form (double submit)."""
        token = secrets.token_urlsafe(32)
        return self._signer.dumps(["login", token]), token

    def login_token_matches(self, cookie: str | None, token: str) -> bool:
        value = self._unsign(cookie)
        return (
            isinstance(value, list)
            and len(value) == 2
            and value[0] == "login"
            and tokens_match(str(value[1]), token)
        )

    def _unsign(self, cookie: str | None):
        if not cookie:
            return None
        try:
            return self._signer.loads(cookie)
        except BadSignature:
            return None

    def _prune(self) -> None:
        now = self._clock()
        stale = [s for s, v in self._sessions.items() if now - v.last_used > self.idle_seconds]
        for sid in stale:
            del self._sessions[sid]


def tokens_match(expected: str, given: str) -> bool:
    """A constant-time comparison of two CSRF tokens (an empty one never matches)."""
    return bool(expected) and hmac.compare_digest(expected.encode(), given.encode())
