"""The keys staffauth keeps in a signed-in session."""

import time

# When the session last saw a request (seconds since the epoch), for the idle timeout.
SEEN = "staffauth_seen"
# How the person signed in: StaffSession.Method.
METHOD = "staffauth_method"
# "verify" or "setup" while a password sign-in still owes its second factor.
PENDING_SECOND_FACTOR = "staffauth_second_factor"


def now_seconds() -> int:
    return int(time.time())
