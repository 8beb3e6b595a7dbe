"""What every service's settings share: the development secrets with the one rule that refuses them in production,
and the addresses the services find each other at by default.

Each service has one settings object built on this (api/core/config.py, actions/settings.py, bot/settings.py);
scripts/run_services.py hands the same values to all of them. Standard library only: every service imports it.
"""

import os
from typing import Mapping, Optional

DEV_SECRETS = {
    "CLAIMS_API_SERVICE_KEY": "dev-service-key",
    "JWT_SECRET": "dev-jwt-secret-change-me-in-production",
    "RASA_TOKEN": "dev-rasa-token",
    "ACTION_SERVER_TOKEN": "dev-action-server-token",
}
MIN_SECRET_CHARACTERS = 32
DEFAULT_PORTS = {"API_PORT": 8000, "ACTIONS_PORT": 5055, "RASA_PORT": 5005}
CLAIMS_API_URL = f"http://127.0.0.1:{DEFAULT_PORTS['API_PORT']}"
RASA_URL = f"http://127.0.0.1:{DEFAULT_PORTS['RASA_PORT']}"


class DevSecretInProduction(ValueError):
    """A secret is missing, a development default or too short while APP_ENV is production."""


def is_production(app_env: Optional[str]) -> bool:
    """Whether APP_ENV names production (development when unset)."""
    return (app_env or "development") == "production"


def checked_secret(name: str, value: Optional[str], app_env: Optional[str]) -> str:
    """The secret, or its development default outside production; production refuses a default or short one."""
    value = value or DEV_SECRETS[name]
    if is_production(app_env) and (value == DEV_SECRETS[name] or len(value) < MIN_SECRET_CHARACTERS):
        raise DevSecretInProduction(
            f"{name} must be set to a secret of at least {MIN_SECRET_CHARACTERS} characters in production."
        )
    return value


def secret(name: str, environ: Mapping[str, str] = os.environ) -> str:
    """A secret of DEV_SECRETS from the environment, checked by `checked_secret`."""
    return checked_secret(name, environ.get(name), environ.get("APP_ENV"))
