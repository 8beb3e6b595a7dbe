"""Tracker fixtures for action tests, read from JSON like the Rasa server sends them."""

import json
from pathlib import Path

from rasa_sdk import Tracker

FIXTURES = Path(__file__).parent / "fixtures"


def load_tracker(name: str) -> Tracker:
    """A tracker from tests/actions/fixtures/<name>.json."""
    data = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    return Tracker(
        data["sender_id"], data["slots"], data["latest_message"], data["events"], data["paused"],
        data["followup_action"], data["active_loop"], data["latest_action_name"],
    )
