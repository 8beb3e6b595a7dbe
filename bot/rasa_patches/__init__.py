"""Every change this project makes to Rasa's own behaviour: one module per patch, applied together by `apply()`.

Each module says what it replaces, why, and what it measured (docs/architecture.md lists them). They are written
against Rasa 3.6's internals, so `apply()` refuses any other Rasa. `python -m bot` applies them before it runs Rasa's
command line, and tests/bot/conftest.py before the bot's tests; nothing else changes a Rasa attribute.
"""

import rasa

from bot.rasa_patches import (
    action_result_check,
    action_server_failures,
    applied_events_cache,
    endpoint_sessions,
    model_parse_guard,
)

SUPPORTED_RASA = "3.6."
PATCHES = (action_result_check, action_server_failures, endpoint_sessions, applied_events_cache, model_parse_guard)

_applied = False


class UnsupportedRasa(RuntimeError):
    """The installed Rasa is not the version the patches were written against."""


def apply(version: str = rasa.__version__) -> None:
    """Apply every patch once; refuse a Rasa other than 3.6.x."""
    global _applied
    if not version.startswith(SUPPORTED_RASA):
        raise UnsupportedRasa(
            f"bot/rasa_patches is written for Rasa {SUPPORTED_RASA}x, not {version}: "
            "check each patch against the new Rasa before changing SUPPORTED_RASA."
        )
    for patch in PATCHES:
        patch.apply()
    _applied = True


def require_applied() -> None:
    """Refuse to serve on unpatched Rasa (started with `rasa run` instead of `python -m bot run`)."""
    if not _applied:
        raise UnsupportedRasa("Rasa runs without this project's patches: start it with `python -m bot run ...`.")
