"""Rasa's REST channel, which cannot push: nudges held for a conversation join the reply to the claimant's next turn."""

import asyncio
import json
import logging
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

import aiohttp
from rasa.core.agent import Agent
from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.expiring_store import store_for
from bot.channels.message_guard import guarded
from bot.channels.send_order import METADATA_KEY, SendOrder, message_number, number_problem
from bot.http_sessions import close_kept_sessions, kept_session
from bot.settings import BotSettings

logger = logging.getLogger(__name__)
FOLLOWUP_INTENT = "EXTERNAL_followup"
TIMEOUT_SECONDS = 10
# The tracker store's sender_id column.
MAX_SENDER_CHARACTERS = 255


def body_problem(body: Any) -> Optional[str]:
    """Why a webhook body is not a message Rasa can take, or None when it is one."""
    if not isinstance(body, dict):
        return "the body must be a JSON object"
    sender = body.get("sender")
    if not isinstance(sender, str) or not 0 < len(sender.strip()) <= MAX_SENDER_CHARACTERS:
        return f'"sender" must be a string of 1 to {MAX_SENDER_CHARACTERS} characters'
    if not isinstance(body.get("message"), str):
        return '"message" must be a string'
    if body.get("metadata") is None:
        return None
    if not isinstance(body["metadata"], dict):
        return '"metadata" must be a JSON object'
    return number_problem(body["metadata"])


class ClaimsApi:
    """The claims API's follow-up routes, called with the service key."""

    def __init__(self) -> None:
        settings = BotSettings.from_environment()
        self.base_url = settings.claims_api_url
        self.headers = {"X-Service-Key": settings.claims_api_service_key}

    async def _call(self, method: str, path: str, **kwargs: Any) -> aiohttp.ClientResponse:
        session = kept_session(self.headers, timeout=TIMEOUT_SECONDS)
        async with session.request(method, self.base_url + path, **kwargs) as response:
            await response.read()
            return response

    async def held_followups(self, conversation_id: Text) -> List[Dict[Text, Any]]:
        """The conversation's nudges waiting for its next turn, oldest first."""
        response = await self._call(
            "GET", "/api/v1/followups", params={"conversation_id": conversation_id, "status": "awaiting_turn"}
        )
        response.raise_for_status()
        return (await response.json())["items"]

    async def take(self, followup_id: int) -> bool:
        """Lease a held nudge to this turn; False when another turn or the worker already has it."""
        response = await self._call("POST", f"/api/v1/followups/{followup_id}/take")
        if response.status == 409:
            return False
        response.raise_for_status()
        return True

    async def record_delivery(self, followup_id: int) -> None:
        """Tell the API the nudge reached the conversation."""
        (await self._call("POST", f"/api/v1/followups/{followup_id}/delivered")).raise_for_status()


class NudgingRestInput(RestInput):
    """The REST channel at /webhooks/rest/webhook that answers numbered messages in send order (send_order.py) and
    adds held nudges to the reply to each message."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    def __init__(self) -> None:
        self.claims_api = ClaimsApi()
        self.send_order = SendOrder(store_for(BotSettings.from_environment().rest_redis_url))
        self._blueprint: Blueprint | None = None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        answer = guarded(on_new_message)

        async def answer_then_deliver_held(message: UserMessage) -> None:
            async with self.send_order.turn(message.sender_id, message_number(message.metadata)):
                await self.answer_and_deliver_held(answer, next(iter(self._blueprint.apps)).ctx.agent, message)

        self._blueprint = super().blueprint(answer_then_deliver_held)
        self._blueprint.middleware(refuse_malformed_messages, "request")
        self._blueprint.listener("after_server_stop")(close_kept_sessions)
        return self._blueprint

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        """The message's number, the only metadata of the body that is kept (Rasa's REST channel drops all of it)."""
        number = message_number(request.json.get("metadata"))
        return None if number is None else {METADATA_KEY: number}

    async def answer_and_deliver_held(
        self, answer: Callable[[UserMessage], Awaitable[Any]], agent: Agent, message: UserMessage
    ) -> None:
        """Answer the message, then add the nudges held for the conversation to the reply.

        The held nudges are looked up while the message is answered: asked afterwards, the claims API's answer
        (about 10 ms) came on top of every turn.
        """
        held = asyncio.ensure_future(self.claims_api.held_followups(message.sender_id))
        try:
            await answer(message)
        except BaseException:
            held.cancel()
            raise
        try:
            await self.deliver_held(agent, message, await held)
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as error:
            # The claimant still gets the answer to their message; the worker or the next turn tries again.
            logger.warning("held follow-ups of %s not delivered: %s", message.sender_id, error)

    async def deliver_held(self, agent: Agent, message: UserMessage, held: List[Dict[Text, Any]]) -> None:
        """Trigger EXTERNAL_followup for each held nudge into this turn's output, then record the delivery."""
        for followup in held:
            if not await self.claims_api.take(followup["id"]):
                continue
            async with agent.lock_store.lock(message.sender_id):
                tracker = await agent.processor.fetch_tracker_and_update_session(
                    message.sender_id, message.output_channel
                )
                await agent.trigger_intent(
                    FOLLOWUP_INTENT, followup["trigger_entities"], message.output_channel, tracker
                )
            await self.claims_api.record_delivery(followup["id"])


async def refuse_malformed_messages(request: Request) -> Optional[HTTPResponse]:
    """A 400 with the reason for a webhook call that is not a JSON message, before Rasa's handler trips over it."""
    if request.method != "POST":
        return None
    try:
        problem = body_problem(json.loads(request.body or b"null"))
    except (ValueError, RecursionError):  # malformed JSON, not UTF-8, or nested too deep
        problem = "the body must be JSON"
    return response.json({"error": problem}, status=400) if problem else None
