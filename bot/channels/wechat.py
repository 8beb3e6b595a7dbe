"""WeChat Official Account channel: verified webhook in, customer-service messages out."""

import asyncio
import json
import logging
from typing import Any, Awaitable, Callable, Dict, List, Optional, Set, Text

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidAppIdException, InvalidSignatureException
from wechatpy.messages import BaseMessage
from wechatpy.utils import check_signature

from bot.channels import wechat_format
from bot.channels.expiring_store import ExpiringStore, MemoryStore, store_for
from bot.channels.message_guard import guarded
from bot.channels.wechat_api import CustomerServiceSender
from bot.settings import BotSettings, WeChatSettings

logger = logging.getLogger(__name__)

CHANNEL_NAME = "wechat"
# WeChat retries an unanswered message three times within about 15 seconds; remember ids much longer than that.
DEDUPLICATION_WINDOW_SECONDS = 300
# A digit reply still picks from the options a follower was shown this long ago.
OPTIONS_KEPT_SECONDS = 24 * 3600


class RecentDeliveries:
    """Keys of deliveries seen within the window, so WeChat's retries are processed once (on any replica)."""

    def __init__(self, store: ExpiringStore) -> None:
        self._store = store

    async def first_time(self, key: str) -> bool:
        """True the first time a key arrives within the window, then False for its retries."""
        return await self._store.add(f"wechat:delivery:{key}", "1", DEDUPLICATION_WINDOW_SECONDS)


class PendingOptions:
    """The payloads of the last numbered options each follower was shown."""

    def __init__(self, store: ExpiringStore) -> None:
        self._store = store

    async def offer(self, open_id: str, payloads: List[str]) -> None:
        """Remember the options just shown to a follower (an empty list forgets them)."""
        await self._store.put(f"wechat:options:{open_id}", json.dumps(payloads), OPTIONS_KEPT_SECONDS)

    async def resolve(self, open_id: str, reply: str) -> str:
        """The payload a digit reply picks, or the reply itself."""
        payloads = json.loads(await self._store.get(f"wechat:options:{open_id}") or "[]")
        number = wechat_format.chosen_option(reply, len(payloads))
        return payloads[number - 1] if number else reply


def delivery_key(message: BaseMessage) -> str:
    """What identifies one delivery across WeChat's retries: MsgId, or sender, time and kind for events."""
    if message.id:
        return f"message:{message.id}"
    return f"event:{message.source}:{message.time}:{message._data.get('Event')}"


def is_event(message: BaseMessage) -> bool:
    """Whether WeChat pushed an event rather than something the follower sent."""
    # wechatpy parses events newer than itself as UnknownMessage; its raw fields still say MsgType event.
    return message.type == "event" or message._data.get("MsgType") == "event"


class WeChatOutput(OutputChannel):
    """Bot messages to a follower through the customer-service message API."""

    def __init__(self, sender: CustomerServiceSender, pending_options: PendingOptions) -> None:
        self._sender = sender
        self._pending_options = pending_options

    @classmethod
    def name(cls) -> Text:
        return CHANNEL_NAME

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self._pending_options.offer(recipient_id, [])
        await self._send_split(recipient_id, text)

    async def send_text_with_buttons(
        self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        # Remembered before sending, so a quick digit reply already finds them.
        await self._pending_options.offer(recipient_id, [button["payload"] for button in buttons])
        await self._send_split(recipient_id, wechat_format.with_numbered_options(text, buttons))

    async def send_image_url(self, recipient_id: Text, image: Text, **kwargs: Any) -> None:
        await self.send_text_message(recipient_id, wechat_format.image_link(image))

    async def send_attachment(self, recipient_id: Text, attachment: Text, **kwargs: Any) -> None:
        await self.send_text_message(recipient_id, str(attachment))

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        # Custom payloads (the settlement estimate table) are for the web chat; their text comes separately.
        logger.debug("WeChat skips a custom payload of type %s.", json_message.get("type"))

    async def _send_split(self, recipient_id: Text, text: Text) -> None:
        for part in wechat_format.split_for_wechat(text):
            await self._sender.send_text(recipient_id, part)


class WeChatInput(InputChannel):
    """Receives messages of a WeChat Official Account at /webhooks/wechat/webhook."""

    def __init__(self, settings: WeChatSettings, state: Optional[ExpiringStore] = None) -> None:
        self._settings = settings
        self._crypto = WeChatCrypto(settings.token, settings.aes_key, settings.app_id) if settings.aes_key else None
        state = state or MemoryStore()
        self._recent = RecentDeliveries(state)
        self._pending_options = PendingOptions(state)
        self._output = WeChatOutput(CustomerServiceSender(settings), self._pending_options)
        self._background: Set[asyncio.Task] = set()

    @classmethod
    def name(cls) -> Text:
        return CHANNEL_NAME

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "WeChatInput":
        """The channel configured from WECHAT_* environment variables (see docs/wechat.md)."""
        # Not from credentials.yml: Rasa refuses to start when a ${VAR} there is unset. Replicas share their state
        # through Redis (WECHAT_REDIS_URL), so a retry or a digit reply may reach either one.
        return cls(WeChatSettings.from_environment(), store_for(BotSettings.from_environment().wechat_redis_url))

    def get_output_channel(self) -> OutputChannel:
        """Customer-service messages, so trigger_intent with output_channel=latest reaches followers."""
        return self._output

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("wechat_webhook", __name__)
        on_new_message = guarded(on_new_message)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["GET"])
        async def verify_url(request: Request) -> HTTPResponse:
            if not self._signed_by_wechat(request):
                return response.text("invalid signature", status=403)
            return response.text(request.args.get("echostr", ""))

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not self._signed_by_wechat(request):
                return response.text("invalid signature", status=403)
            try:
                message = self._read_message(request)
            except (InvalidSignatureException, InvalidAppIdException):
                return response.text("invalid message signature", status=403)
            except ValueError as error:
                return response.text(f"unreadable message: {error}", status=400)
            if await self._recent.first_time(delivery_key(message)):
                self._in_background(self._handle(message, on_new_message))
            # WeChat wants an answer within 5 seconds: acknowledge now, answer through the customer-service API.
            return response.text("success")

        return webhook

    def _signed_by_wechat(self, request: Request) -> bool:
        signature, timestamp, nonce = (request.args.get(name) for name in ("signature", "timestamp", "nonce"))
        if not (signature and timestamp and nonce):
            return False
        try:
            check_signature(self._settings.token, signature, timestamp, nonce)
        except InvalidSignatureException:
            return False
        return True

    def _read_message(self, request: Request) -> BaseMessage:
        """The message in the body, decrypted in safe mode; ValueError when it cannot be read."""
        xml = request.body.decode("utf-8", errors="replace")
        if request.args.get("encrypt_type") == "aes":
            xml = self._decrypt(request, xml)
        try:
            message = parse_message(xml)
        except Exception as error:  # xmltodict and wechatpy raise several kinds for malformed XML
            raise ValueError("not a WeChat XML message") from error
        if message is None or not message.source:
            raise ValueError("no message or no sender")
        return message

    def _decrypt(self, request: Request, xml: str) -> str:
        if self._crypto is None:
            raise ValueError("safe mode message but WECHAT_AES_KEY is not set")
        msg_signature = request.args.get("msg_signature")
        if not msg_signature:
            raise InvalidSignatureException()
        try:
            return self._crypto.decrypt_message(
                xml, msg_signature, request.args.get("timestamp"), request.args.get("nonce")
            )
        except (InvalidSignatureException, InvalidAppIdException):
            raise
        except Exception as error:  # malformed XML, base64 or padding
            raise ValueError("cannot decrypt the message") from error

    def _in_background(self, work: Awaitable[None]) -> None:
        task = asyncio.create_task(work)
        # The event loop keeps only weak references to tasks.
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _handle(self, message: BaseMessage, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        try:
            await self._respond(message, on_new_message)
        except Exception:
            logger.exception("WeChat message %s from %s failed.", message.id, message.source)

    async def _respond(self, message: BaseMessage, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        open_id = message.source
        if is_event(message):
            if getattr(message, "event", "").startswith("subscribe"):
                await self._output.send_text_message(open_id, wechat_format.WELCOME)
            return
        text = self._text_for_rasa(message)
        if text is None:
            await self._output.send_text_message(open_id, wechat_format.reply_to_non_text(message.type))
            return
        if message.type == "location":
            await self._output.send_text_message(open_id, wechat_format.location_thanks(text))
        await on_new_message(
            UserMessage(
                text=await self._pending_options.resolve(open_id, text),
                output_channel=self._output,
                sender_id=open_id,
                input_channel=CHANNEL_NAME,
                message_id=str(message.id),
                metadata={"wechat": {"open_id": open_id, "msg_type": message.type, **self._extra(message)}},
            )
        )

    @staticmethod
    def _text_for_rasa(message: BaseMessage) -> Optional[str]:
        """What Rasa should read: the text, voice recognised by WeChat, or a location's label."""
        field = {"text": "content", "voice": "recognition", "location": "label"}.get(message.type)
        value = getattr(message, field, None) if field else None
        return value.strip() if value and value.strip() else None

    @staticmethod
    def _extra(message: BaseMessage) -> Dict[str, Any]:
        if message.type == "location":
            return {"latitude": message.location_x, "longitude": message.location_y}
        return {}
