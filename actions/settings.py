"""The settings of the action server and the report outbox's drainer, from the environment when asked for."""

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from shared_config import CLAIMS_API_URL, secret


@dataclass(frozen=True)
class ActionsSettings:
    """Where the claims API is and its service key, where the server listens, where held reports wait."""

    claims_api_url: str
    claims_api_service_key: str
    host: str
    outbox_db: Path
    outbox_poll_seconds: float

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ) -> "ActionsSettings":
        """The settings; production refuses the development service key (shared_config)."""
        return cls(
            claims_api_url=(environ.get("CLAIMS_API_URL") or CLAIMS_API_URL).rstrip("/"),
            claims_api_service_key=secret("CLAIMS_API_SERVICE_KEY", environ),
            # Containers set 0.0.0.0; by default only the Rasa server on this machine reaches the actions.
            host=environ.get("ACTIONS_HOST", "127.0.0.1"),
            outbox_db=Path(environ.get("ACTIONS_OUTBOX_DB", "var/report_outbox.db")),
            outbox_poll_seconds=float(environ.get("OUTBOX_POLL_SECONDS", "5")),
        )
