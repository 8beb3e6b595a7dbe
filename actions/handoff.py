"""Human handoff: a ticket with what the bot knows, then the bot steps back until an agent resumes it."""

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, ConversationPaused, ConversationResumed, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.clarification import clarifying_buttons
from actions.clients.claims_api import ClaimNotFound, ClaimsApiClient, ClaimsApiRejected, ClaimsApiUnavailable
from actions.conversation import FACT_LABELS, channel_of, facts_of, transcript_of
from actions.forms import latest_intent
from actions.replies import response_text

REASONS = {
    "request_human": "requested",
    "nlu_fallback": "misunderstood",
    "express_anger": "angry",
    "emergency": "severe",
}
SUMMARIES = {
    "requested": "客户要求转人工。",
    "misunderstood": "机器人连续两次没有听懂客户的话，请人工接手。",
    "angry": "客户情绪激动，请人工安抚并跟进。",
    "severe": "客户提到伤者伤势严重或死亡，请优先跟进。",
}
TRANSCRIPT_TURNS = 40


def _plain(value: Any) -> Any:
    """Yes/no facts as 是/否 for the agent."""
    return {True: "是", False: "否"}.get(value, value) if isinstance(value, bool) else value


def summarise(reason: str, facts: Dict[str, Any], claim_number: Optional[str]) -> str:
    """The agent's one-paragraph briefing: why, which claim, and the facts known."""
    parts = [SUMMARIES[reason]]
    if claim_number:
        parts.append(f"报案号：{claim_number}。")
    known = "；".join(
        f"{FACT_LABELS.get(name, name)}：{_plain(value)}" for name, value in facts.items() if name != "claim_number"
    )
    if known:
        parts.append(f"已知信息：{known}。")
    return "".join(parts)[:2000]


async def open_handoff(tracker: Tracker, reason: str, claim_number: Optional[str] = None) -> List[EventType]:
    """Open the ticket and pause the conversation; an agent resumes it through Rasa's HTTP API."""
    facts = facts_of(tracker)
    claim_number = claim_number or facts.get("claim_number")
    ticket = {
        "conversation_id": tracker.sender_id,
        "channel": channel_of(tracker),
        "reason": reason,
        "summary": summarise(reason, facts, claim_number),
        "claim_number": claim_number,
        "facts": facts,
        "transcript": transcript_of(tracker)[-TRANSCRIPT_TURNS:],
    }
    try:
        await ClaimsApiClient().open_handoff(ticket)
    except ClaimNotFound:
        # A claim number the claimant typed but never proved is not worth losing the ticket over.
        await ClaimsApiClient().open_handoff(dict(ticket, claim_number=None))
    # A paused bot does not listen by itself: without this the claimant's next message after the agent
    # resumes the conversation would follow action_handoff, and no rule would match it.
    return [ConversationPaused(), ActionExecuted("action_listen")]


class ActionHandoff(Action):
    """Hands the conversation to a human agent and pauses the bot."""

    def name(self) -> Text:
        """The action's name in the domain."""
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        """Open the ticket and say who takes over; if the API is down, give the phone route instead."""
        reason = REASONS.get(latest_intent(tracker) or "", "requested")
        try:
            events = await open_handoff(tracker, reason)
        except (ClaimsApiUnavailable, ClaimsApiRejected):
            dispatcher.utter_message(response="utter_handoff_down")
            return []
        phone = tracker.get_slot("phone")
        if phone:
            contact = response_text("utter_contact_by_phone", tail=phone[-4:])
        else:
            contact = response_text("utter_contact_here")
        dispatcher.utter_message(response="utter_handed_over", contact=contact)
        return events


def _previous_intent(tracker: Tracker) -> Optional[str]:
    """The intent of the user message before the latest one."""
    intents = [
        event.get("parse_data", {}).get("intent", {}).get("name")
        for event in tracker.events
        if event.get("event") == "user"
    ]
    return intents[-2] if len(intents) > 1 else None


class ActionNotUnderstood(Action):
    """Asks which of the likely answers was meant; with none, asks to rephrase, and a second miss hands over."""

    def name(self) -> Text:
        """The action's name in the domain."""
        return "action_not_understood"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        """Offer the likely answers as buttons; else rephrase once, and the second miss in a row goes to a human."""
        buttons = clarifying_buttons(tracker.latest_message)
        # One candidate and the person: asked as a yes-or-no question rather than as a choice of one.
        if len(buttons) == 2:
            dispatcher.utter_message(response="utter_clarify_one", title=buttons[0]["title"], buttons=buttons)
            return []
        if buttons:
            dispatcher.utter_message(response="utter_clarify", buttons=buttons)
            return []
        if _previous_intent(tracker) != "nlu_fallback":
            dispatcher.utter_message(response="utter_default")
            return []
        return await ActionHandoff().run(dispatcher, tracker, domain)


class ActionRelayAgentMessage(Action):
    """Passes an agent's message (slot agent_message) to the claimant while the bot stays paused."""

    def name(self) -> Text:
        """The action's name in the domain."""
        return "action_relay_agent_message"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        """Say the agent's words under the agent's name and clear the slot for the next one."""
        text = (tracker.get_slot("agent_message") or "").strip()
        if not text:
            return []
        dispatcher.utter_message(response="utter_agent_says", agent_text=text)
        return [SlotSet("agent_message", None)]


class ActionBotResumed(Action):
    """Tells the claimant the agent handed the conversation back, and listens again."""

    def name(self) -> Text:
        """The action's name in the domain."""
        return "action_bot_resumed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        """Say what the bot can help with; the listen event lets the next message follow the rules again."""
        dispatcher.utter_message(response="utter_bot_resumed")
        return [ConversationResumed(), ActionExecuted("action_listen")]
