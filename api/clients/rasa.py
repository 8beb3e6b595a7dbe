"""Rasa's HTTP API, as the follow-up worker and the agent console use it."""

from typing import Any

import httpx

from api.core.config import settings


class RasaUnavailable(Exception):
    """Rasa could not be reached or answered with an error."""


class RasaClient:
    """Calls Rasa's HTTP API with the server's auth token."""

    def __init__(self, base_url: str | None = None, token: str | None = None, timeout: float | None = None) -> None:
        self._http = httpx.Client(
            base_url=base_url or settings.RASA_URL,
            timeout=timeout or settings.RASA_TIMEOUT_SECONDS,
            params={"token": token or settings.RASA_TOKEN},
        )

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        try:
            response = self._http.request(method, path, **kwargs)
            response.raise_for_status()
        except httpx.HTTPError as error:
            raise RasaUnavailable(f"{method} {path}: {error}") from error
        return response.json()

    def trigger_intent(
        self, conversation_id: str, intent: str, entities: dict[str, Any], output_channel: str = "latest"
    ) -> dict[str, Any]:
        """Inject an external intent; the dialogue model chooses and sends the reply."""
        return self._call(
            "POST",
            f"/conversations/{conversation_id}/trigger_intent",
            params={"output_channel": output_channel},
            json={"name": intent, "entities": entities},
        )

    def tracker(self, conversation_id: str) -> dict[str, Any]:
        """The conversation's tracker with all its events."""
        return self._call("GET", f"/conversations/{conversation_id}/tracker", params={"include_events": "ALL"})

    def append_events(self, conversation_id: str, events: list[dict[str, Any]]) -> dict[str, Any]:
        """Append events (a slot, a resume) to the conversation."""
        return self._call("POST", f"/conversations/{conversation_id}/tracker/events", json=events)

    def execute_action(self, conversation_id: str, action: str, output_channel: str = "latest") -> dict[str, Any]:
        """Run one action in the conversation, also while the bot is paused for an agent."""
        return self._call(
            "POST",
            f"/conversations/{conversation_id}/execute",
            params={"output_channel": output_channel},
            json={"name": action},
        )

    def parse(self, text: str) -> dict[str, Any]:
        """Intent, entities and FAQ answer the NLU model gives a message."""
        return self._call("POST", "/model/parse", json={"text": text})
