"""What the actions read from a conversation: its channel, its transcript and the facts collected so far."""

import re
from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker

# Rasa's input channels as the claims API names them.
CHANNELS = {"rest": "rest", "socketio": "web", "wechat": "wechat"}
DEFAULT_CHANNEL = "console"
# The conversation ids the claims API accepts; others cannot carry follow-ups or preferences.
CONVERSATION_ID = re.compile(r"^[A-Za-z0-9_.:@-]{1,128}$")
# Bookkeeping slots that say nothing about the case.
INTERNAL_SLOTS = {
    "requested_slot",
    "session_started_metadata",
    "report_confirming",
    "awaiting_accident_time",
    "proposed_accident_time",
    "failed_answers",
    "claim_verification",
    "verify_attempts",
}

# How the agent's summary names the facts.
FACT_LABELS = {
    "accident_time": "出险时间",
    "accident_place": "出险地点",
    "driver_name": "驾驶员",
    "plate_number": "车牌号",
    "accident_description": "事故经过",
    "police_reported": "已报警",
    "injuries": "伤情",
    "taken_to_hospital": "已送医",
    "hospital": "医院",
    "vehicle_damage": "车辆损失",
    "reporter_name": "报案人",
    "phone": "电话",
    "claim_number": "报案号",
    "injury_severity": "伤情程度",
}


def channel_of(tracker: Tracker) -> str:
    """The claims API's name for the channel the claimant is writing from."""
    return CHANNELS.get(tracker.get_latest_input_channel() or "", DEFAULT_CHANNEL)


def conversation_id_of(tracker: Tracker) -> Optional[str]:
    """The conversation's id as the claims API stores it, or None when the API could not accept it."""
    return tracker.sender_id if CONVERSATION_ID.match(tracker.sender_id or "") else None


def transcript_of(tracker: Tracker) -> List[Dict[str, Optional[str]]]:
    """The user's and the bot's messages so far, oldest first."""
    turns = []
    for event in tracker.events:
        if event.get("event") in ("user", "bot") and event.get("text"):
            turns.append({"sender": event["event"], "text": event["text"]})
    return turns


def facts_of(tracker: Tracker) -> Dict[str, Any]:
    """The slots filled so far, without the bookkeeping ones."""
    return {
        name: value
        for name, value in tracker.current_slot_values().items()
        if value is not None and name not in INTERNAL_SLOTS
    }
