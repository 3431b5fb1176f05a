"""Which passwords are accepted, and how long a temporary one lasts.

A password is at least MIN_LENGTH characters and not guessable: zxcvbn (Dropbox's estimator,
maintained as the ``zxcvbn`` package) rates it against its bundled lists of the most common
passwords (from breaches), names, words, keyboard patterns, repeats and sequences, and against
the person's own e-mail address and name; below MIN_SCORE it is refused with the reason.
``aaaaaaaaaaaa``, ``123456789012``, ``password1234``, ``salasana1234`` and twelve spaces are
refused.

A password that someone else chose or generated (a new account, a reset by the main user or
the operator) is temporary: it must be changed at the first sign-in (the app offers only the
change-password page until then) and stops signing in TEMPORARY_DAYS after it was set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from zxcvbn import zxcvbn

MIN_LENGTH = 12
MIN_SCORE = 3            # zxcvbn 0-4; 3: about 10^8 guesses or more ("safely unguessable")
TEMPORARY_DAYS = 7
MAX_CHECKED = 256        # zxcvbn's time grows with the length; longer passwords are checked on their start


def weakness(password: str, user_inputs: Iterable[str] = ()) -> str | None:
    """Why ``password`` is refused, in one sentence; None when it is accepted."""
    if len(password or "") < MIN_LENGTH:
        return f"The password must be at least {MIN_LENGTH} characters long."
    if not password.strip():
        return "The password cannot be only spaces."
    inputs = [part for text in user_inputs if text for part in (text, *_parts(text))]
    result = zxcvbn(password[:MAX_CHECKED], user_inputs=inputs)
    if result["score"] >= MIN_SCORE:
        return None
    warning = (result.get("feedback") or {}).get("warning") or ""
    reason = f" ({warning.rstrip('.')})" if warning else ""
    return f"The password is too easy to guess{reason}; use a longer phrase of unrelated words."


def _parts(text: str) -> list[str]:
    """The words of a name or an e-mail address (anna.virtanen@example.fi: anna, virtanen ...)."""
    for sep in "@._-+":
        text = text.replace(sep, " ")
    return [w for w in text.split() if len(w) >= 3]


def temporary_expiry(now: dt.datetime | None = None) -> str:
    """When a temporary password set now stops signing in (ISO, UTC, no time zone)."""
    now = now or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    return (now + dt.timedelta(days=TEMPORARY_DAYS)).replace(microsecond=0).isoformat()
