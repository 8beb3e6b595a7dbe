"""The Rasa server's own settings (our channels' calls to the claims API, the channels' Redis), from the environment."""

import os
from dataclasses import dataclass
from typing import Mapping, Optional

from rasa.shared.exceptions import RasaException

from shared_config import CLAIMS_API_URL, DevSecretInProduction, secret


@dataclass(frozen=True)
class BotSettings:
    """Where the claims API is and its service key; the Redis that shares socket.io and WeChat state between
    replicas, if any (the Official Account's own credentials are WeChatSettings, bot/channels/wechat_api.py)."""

    claims_api_url: str
    claims_api_service_key: str
    socketio_redis_url: Optional[str]
    wechat_redis_url: Optional[str]

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ) -> "BotSettings":
        """The settings; production refuses the development service key, and so Rasa does not start."""
        try:
            service_key = secret("CLAIMS_API_SERVICE_KEY", environ)
        except DevSecretInProduction as refused:
            raise RasaException(f"Set CLAIMS_API_SERVICE_KEY: {refused}") from refused
        return cls(
            claims_api_url=(environ.get("CLAIMS_API_URL") or CLAIMS_API_URL).rstrip("/"),
            claims_api_service_key=service_key,
            socketio_redis_url=environ.get("SOCKETIO_REDIS_URL") or None,
            wechat_redis_url=environ.get("WECHAT_REDIS_URL") or None,
        )
