"""Flask extensions made once and bound to each app in ``create_app``."""

from __future__ import annotations

from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
