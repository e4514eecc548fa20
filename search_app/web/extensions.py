"""Flask extensions made once and bound to each app in ``create_app``."""

from __future__ import annotations

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
# Counters live in the process's memory: the client address is never written anywhere.
limiter = Limiter(key_func=get_remote_address, storage_uri="memory://", default_limits=[])
