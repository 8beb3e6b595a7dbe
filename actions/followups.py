"""Follow-ups: the nudges the claims API injects (EXTERNAL_followup), and the 48-hour reminder we schedule."""

from datetime import datetime, timedelta
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.clients.claims_api import ClaimNotFound, ClaimsApiClient, ClaimsApiRejected, ClaimsApiUnavailable
from actions.conversation import channel_of, conversation_id_of
from actions.deadlines import SHANGHAI, clock
from actions.replies import response_text
from actions.status import numbered_materials

NOTICE_TERM = timedelta(hours=48)
# Remind 12 hours before the policy's 48 hours run out, or within the hour when that moment has passed.
REMIND_BEFORE_END = timedelta(hours=12)
REMIND_SOON = timedelta(hours=1)


def followup_entities(tracker: Tracker) -> Dict[str, Any]:
    """The entities the follow-up worker sent with EXTERNAL_followup."""
    return {entity["entity"]: entity.get("value") for entity in (tracker.latest_message or {}).get("entities", [])}


def phone_tail(tracker: Tracker) -> str:
    """ "（尾号5678）" for the phone the claimant left, or nothing."""
    phone = tracker.get_slot("phone")
    return response_text("utter_phone_tail", tail=phone[-4:]) if phone else ""


def notice_deadline(accident_time: Optional[str]) -> str:
    """ "（按您说的事故时间，是到11月24日20:00）", or nothing without an accident time."""
    if not accident_time:
        return ""
    due = (datetime.fromisoformat(accident_time) + NOTICE_TERM).isoformat()
    return response_text("utter_notice_reminder_deadline", due=clock(due))


def explain_status(claim_number: str, news: Optional[str]) -> Tuple[str, Dict[str, str]]:
    """A claim's new status as the claims API words it (C1's status_news), or where to look when it sent none."""
    if not news:
        return "utter_status_news_unknown", {"claim_number": claim_number}
    return "utter_status_news", {"claim_number": claim_number, "news": news}


async def materials_reminder(claim_number: Optional[str]) -> Tuple[str, Dict[str, str]]:
    """The response, with its placeholders, that says what the claim still lacks, from the claims API's checklist."""
    if not claim_number:
        return "utter_materials_reminder_unknown", {}
    try:
        materials = await ClaimsApiClient().claim_materials(claim_number)
    except (ClaimsApiUnavailable, ClaimsApiRejected, ClaimNotFound):
        return "utter_materials_reminder_unknown", {}
    missing = [material for material in materials if material["status"] == "required"]
    if not missing:
        return "utter_materials_reminder_complete", {"claim_number": claim_number}
    return "utter_materials_reminder", {"claim_number": claim_number, "items": numbered_materials(missing)}


class ActionDeliverFollowup(Action):
    """Words the nudge the follow-up worker triggered; a form that was active asks its question again afterwards."""

    def name(self) -> Text:
        """The action's name in the domain."""
        return "action_deliver_followup"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        """Say the nudge of the follow-up's kind; an unknown kind says nothing."""
        entities = followup_entities(tracker)
        kind = entities.get("followup_kind")
        claim_number = entities.get("claim_number") or tracker.get_slot("claim_number")
        if kind == "callback":
            dispatcher.utter_message(response="utter_followup_callback", tail=phone_tail(tracker))
        elif kind == "report_filed" and claim_number:
            dispatcher.utter_message(
                response="utter_followup_report_filed", claim_number=claim_number, tail=phone_tail(tracker)
            )
            return [SlotSet("claim_number", claim_number)]
        elif kind == "notice_reminder":
            deadline = notice_deadline(tracker.get_slot("accident_time"))
            dispatcher.utter_message(response="utter_notice_reminder", deadline=deadline)
            if not tracker.active_loop.get("name"):
                dispatcher.utter_message(response="utter_offer_report_now")
        elif kind == "materials_reminder":
            response, values = await materials_reminder(claim_number)
            dispatcher.utter_message(response=response, **values)
        elif kind == "status_change":
            response, values = explain_status(claim_number or "", entities.get("status_news"))
            dispatcher.utter_message(response=response, **values)
        elif kind == "treatment_checkin":
            dispatcher.utter_message(response="utter_treatment_checkin")
        return []


def notice_reminder_due(accident_time: datetime, now: datetime) -> Optional[datetime]:
    """When to remind about the 48-hour notice term; None when it would come too late."""
    end = accident_time + NOTICE_TERM
    due = max(end - REMIND_BEFORE_END, now + REMIND_SOON)
    return due if due < end else None


class ActionRemindNotice(Action):
    """After a report stopped before it was submitted, schedules a reminder of the 48-hour notice term."""

    def name(self) -> Text:
        """The action's name in the domain."""
        return "action_remind_notice"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        """Schedule the reminder and say when it comes; say nothing when the API does not take it."""
        accident_time = tracker.get_slot("accident_time")
        conversation_id = conversation_id_of(tracker)
        if not accident_time or not conversation_id or tracker.get_slot("claim_number"):
            return []
        moment = datetime.fromisoformat(accident_time)
        due = notice_reminder_due(moment, datetime.now(SHANGHAI))
        if due is None:
            return []
        try:
            await ClaimsApiClient().schedule_followup(
                {
                    "conversation_id": conversation_id,
                    "channel": channel_of(tracker),
                    "kind": "notice_reminder",
                    "due_at": due.isoformat(),
                    "payload": {"accident_time": accident_time},
                }
            )
        except (ClaimsApiUnavailable, ClaimsApiRejected, ClaimNotFound):
            return []
        deadline = (moment + NOTICE_TERM).isoformat()
        dispatcher.utter_message(
            response="utter_reminder_scheduled", due=clock(due.isoformat()), deadline=clock(deadline)
        )
        return []
