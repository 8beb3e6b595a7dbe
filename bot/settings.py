"""The Rasa server's own settings (our channels' calls to the claims API, the channels' Redis, the WeChat Official
Account), from the environment."""

import os
from dataclasses import dataclass
from typing import Mapping, Optional

from rasa.shared.exceptions import RasaException

from shared_config import CLAIMS_API_URL, DevSecretInProduction, is_production, secret

DEFAULT_WECHAT_API_BASE_URL = "https://api.weixin.qq.com"
DEV_WECHAT_TOKEN = "dev-wechat-token"
AES_KEY_LENGTH = 43


@dataclass(frozen=True)
class BotSettings:
    """Where the claims API is and its service key; the Redis that shares socket.io and WeChat state between
    replicas, if any (socket.io, WeChat, the REST channel's send order) (the Official Account's own credentials are WeChatSettings below)."""

    claims_api_url: str
    claims_api_service_key: str
    socketio_redis_url: Optional[str]
    wechat_redis_url: Optional[str]
    rest_redis_url: Optional[str]

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
            rest_redis_url=environ.get("REST_REDIS_URL") or None,
        )


@dataclass(frozen=True)
class WeChatSettings:
    """Credentials of the Official Account and where its API lives; read only when the WeChat channel is loaded."""

    token: str
    app_id: str
    app_secret: str
    aes_key: Optional[str] = None
    api_base_url: str = DEFAULT_WECHAT_API_BASE_URL

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ) -> "WeChatSettings":
        """Settings from WECHAT_* variables, with development defaults that production refuses."""
        token = environ.get("WECHAT_TOKEN") or DEV_WECHAT_TOKEN
        credentials = ("WECHAT_TOKEN", "WECHAT_APP_ID", "WECHAT_APP_SECRET")
        if is_production(environ.get("APP_ENV")) and not all(environ.get(name) for name in credentials):
            raise RasaException(
                "Set WECHAT_TOKEN, WECHAT_APP_ID and WECHAT_APP_SECRET (docs/wechat.md), "
                "or remove the WeChat channel from bot/credentials.yml."
            )
        aes_key = environ.get("WECHAT_AES_KEY") or None
        if aes_key and len(aes_key) != AES_KEY_LENGTH:
            raise RasaException("WECHAT_AES_KEY must be the 43-character EncodingAESKey of the Official Account.")
        return cls(
            token=token,
            app_id=environ.get("WECHAT_APP_ID") or "wx-dev-app-id",
            app_secret=environ.get("WECHAT_APP_SECRET") or "dev-wechat-secret",
            aes_key=aes_key,
            api_base_url=(environ.get("WECHAT_API_BASE_URL") or DEFAULT_WECHAT_API_BASE_URL).rstrip("/"),
        )
