"""Sending text through the WeChat Official Account's customer-service message API."""

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

import requests
from wechatpy import WeChatClient
from wechatpy.exceptions import WeChatClientException

from bot.settings import WeChatSettings

logger = logging.getLogger(__name__)

# WeChat's error when the user last wrote more than 48 hours ago ("response out of time limit").
OUT_OF_TIME_LIMIT = 45015
REQUEST_TIMEOUT_SECONDS = 10


class SessionWithTimeout(requests.Session):
    """HTTP session whose requests give up after a while unless told otherwise."""

    def request(self, method, url, **kwargs):
        # wechatpy fetches access tokens without a timeout; a stalled API must not block every later message.
        kwargs.setdefault("timeout", REQUEST_TIMEOUT_SECONDS)
        return super().request(method, url, **kwargs)


class ConfigurableWeChatClient(WeChatClient):
    """wechatpy's client with the API base URL taken from the settings, token URL included."""

    def __init__(self, settings: WeChatSettings) -> None:
        super().__init__(settings.app_id, settings.app_secret, timeout=REQUEST_TIMEOUT_SECONDS)
        self._http = SessionWithTimeout()
        self.api_base_url = settings.api_base_url
        self.API_BASE_URL = f"{settings.api_base_url}/cgi-bin/"

    def fetch_access_token(self) -> dict:
        """Fetch an access token; wechatpy caches it until shortly before it expires."""
        return self._fetch_access_token(
            url=f"{self.api_base_url}/cgi-bin/token",
            params={"grant_type": "client_credential", "appid": self.appid, "secret": self.secret},
        )


class CustomerServiceSender:
    """Sends text messages to followers; failures are logged, never raised into the conversation."""

    def __init__(self, settings: WeChatSettings) -> None:
        self._client = ConfigurableWeChatClient(settings)
        # wechatpy's client is synchronous: one worker thread keeps it off the event loop, keeps each
        # follower's messages in order and fetches one access token at a time.
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wechat-send")

    async def send_text(self, open_id: str, text: str) -> None:
        """Send one text message to the follower with this OpenID."""
        await asyncio.get_running_loop().run_in_executor(self._executor, self._send_text_now, open_id, text)

    def _send_text_now(self, open_id: str, text: str) -> None:
        try:
            self._client.message.send_text(open_id, text)
        except WeChatClientException as error:
            if error.errcode == OUT_OF_TIME_LIMIT:
                logger.warning("WeChat refused a message to %s: the 48-hour window is closed (45015).", open_id)
            else:
                logger.error("WeChat refused a message to %s: %s %s", open_id, error.errcode, error.errmsg)
        except requests.RequestException as error:
            logger.error("Could not reach the WeChat API to message %s: %s", open_id, error)
