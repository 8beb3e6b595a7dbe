"""Rasa's REST channel, which cannot push: nudges held for a conversation join the reply to the claimant's next turn."""

import asyncio
import logging
import os
from typing import Any, Awaitable, Callable, Dict, List, Text

import aiohttp
from rasa.core.agent import Agent
from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint

logger = logging.getLogger(__name__)
FOLLOWUP_INTENT = "EXTERNAL_followup"
TIMEOUT = aiohttp.ClientTimeout(total=10)


class ClaimsApi:
    """The claims API's follow-up routes, called with the service key."""

    def __init__(self) -> None:
        self.base_url = os.environ.get("CLAIMS_API_URL", "http://127.0.0.1:8000").rstrip("/")
        self.headers = {"X-Service-Key": os.environ.get("CLAIMS_API_SERVICE_KEY", "dev-service-key")}

    async def _call(self, method: str, path: str, **kwargs: Any) -> aiohttp.ClientResponse:
        async with aiohttp.ClientSession(self.base_url, headers=self.headers, timeout=TIMEOUT) as session:
            async with session.request(method, path, **kwargs) as response:
                await response.read()
                return response

    async def held_followups(self, conversation_id: Text) -> List[Dict[Text, Any]]:
        """The conversation's nudges waiting for its next turn, oldest first."""
        response = await self._call("GET", "/api/v1/followups",
                                    params={"conversation_id": conversation_id, "status": "awaiting_turn"})
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
    """The REST channel at /webhooks/rest/webhook that adds held nudges to the reply to each message."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    def __init__(self) -> None:
        self.claims_api = ClaimsApi()
        self._blueprint: Blueprint | None = None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        async def answer_then_deliver_held(message: UserMessage) -> None:
            await on_new_message(message)
            agent = next(iter(self._blueprint.apps)).ctx.agent
            try:
                await self.deliver_held(agent, message)
            except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as error:
                # The claimant still gets the answer to their message; the worker or the next turn tries again.
                logger.warning("held follow-ups of %s not delivered: %s", message.sender_id, error)

        self._blueprint = super().blueprint(answer_then_deliver_held)
        return self._blueprint

    async def deliver_held(self, agent: Agent, message: UserMessage) -> None:
        """Trigger EXTERNAL_followup for each held nudge into this turn's output, then record the delivery."""
        for followup in await self.claims_api.held_followups(message.sender_id):
            if not await self.claims_api.take(followup["id"]):
                continue
            async with agent.lock_store.lock(message.sender_id):
                tracker = await agent.processor.fetch_tracker_and_update_session(
                    message.sender_id, message.output_channel
                )
                await agent.trigger_intent(FOLLOWUP_INTENT, followup["trigger_entities"], message.output_channel,
                                           tracker)
            await self.claims_api.record_delivery(followup["id"])
