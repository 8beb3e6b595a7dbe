"""Tracker fixtures for action tests, read from JSON like the Rasa server sends them."""

import copy
import json
import re
from pathlib import Path
from typing import Any, Dict, List

import httpx
import pytest
from rasa_sdk import Tracker
from ruamel.yaml import YAML

from actions.replies import RESPONSES

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = FIXTURES.parent.parent.parent


def load_tracker(name: str) -> Tracker:
    """A tracker from tests/actions/fixtures/<name>.json."""
    data = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    return Tracker(
        data["sender_id"],
        data["slots"],
        data["latest_message"],
        data["events"],
        data["paused"],
        data["followup_action"],
        data["active_loop"],
        data["latest_action_name"],
    )


def make_tracker(
    sender_id: str,
    slots: dict,
    text: str,
    intent: str = "inform",
    entities: list = (),
    active_loop: str = None,
    input_channel: str = "rest",
) -> Tracker:
    """A tracker whose latest user message is `text`, for actions that read little more than slots."""
    message = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": list(entities)}
    events = [{"event": "user", "text": text, "parse_data": message, "input_channel": input_channel}]
    return Tracker(
        sender_id,
        dict(slots),
        message,
        events,
        False,
        None,
        {"name": active_loop} if active_loop else {},
        "action_listen",
    )


def load_domain() -> dict:
    """The domain as the Rasa server sends it to the action server: domain.yml with the responses of domain/."""
    return {**YAML(typ="safe").load((ROOT / "domain.yml").read_text(encoding="utf-8")), "responses": RESPONSES}


# The keys of a response that Rasa 3.6 fills in (rasa/core/nlg/response.py, TemplatedNaturalLanguageGenerator).
FILLED_KEYS = ("text", "image", "custom", "buttons", "attachment", "quick_replies")


def fill(template: Any, values: Dict[str, Any]) -> Any:
    """Rasa 3.6's interpolation (rasa/core/nlg/interpolator.py), except that a placeholder with no value fails."""
    if isinstance(template, str):
        return re.sub(r"{([^\n{}]+?)}", r"{0[\1]}", template).format(values)
    if isinstance(template, list):
        return [fill(item, values) for item in template]
    if isinstance(template, dict):
        return {key: fill(value, values) for key, value in template.items()}
    return template


def response_text(name: str, **values: Any) -> str:
    """The text of a domain response with its placeholders filled."""
    return fill(RESPONSES[name][0]["text"], values)


def shown(messages: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The action's messages as the claimant sees them: Rasa 3.6's RemoteAction._utter_responses with the domain.

    Every placeholder must come from the action: Rasa would also fill one from a slot, the actions never rely on it.
    """
    seen = []
    for message in copy.deepcopy(messages):
        name = message.pop("response", None)
        draft: Dict[str, Any] = {}
        if name:
            response = copy.deepcopy(RESPONSES[name][0])
            draft = {key: fill(value, message) if key in FILLED_KEYS else value for key, value in response.items()}
        buttons = message.pop("buttons", []) or []
        if buttons:
            draft.setdefault("buttons", []).extend(buttons)
        draft.update({key: value for key, value in message.items() if value})
        seen.append({"text": draft.get("text"), "buttons": draft.get("buttons", [])})
    return seen


def said(messages: List[Dict[str, Any]]) -> List[str]:
    """The texts of the action's messages as the claimant sees them."""
    return [message["text"] for message in shown(messages)]


@pytest.fixture
def claim_number(claims_api_url, monkeypatch) -> str:
    """A fresh claim reported through the real API (phone 13812345678), with the actions pointed at that API."""
    monkeypatch.setenv("CLAIMS_API_URL", claims_api_url)
    report = {
        "accident_time": "2026-11-22T20:00:00+08:00",
        "accident_place": "南京中山路",
        "reporter_name": "王强",
        "reporter_phone": "13812345678",
        "channel": "web",
    }
    response = httpx.post(f"{claims_api_url}/api/v1/claims", json=report, headers={"X-Service-Key": "dev-service-key"})
    return response.json()["claim_number"]
