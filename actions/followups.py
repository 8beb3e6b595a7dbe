"""Follow-ups: the nudges the claims API injects (EXTERNAL_followup), and the 48-hour reminder we schedule."""

from datetime import datetime, timedelta
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.clients.claims_api import ClaimNotFound, ClaimsApiClient, ClaimsApiRejected, ClaimsApiUnavailable
from actions.conversation import channel_of, conversation_id_of
from actions.deadlines import SHANGHAI, clock
from actions.status import numbered_materials

NOTICE_TERM = timedelta(hours=48)
# Remind 12 hours before the policy's 48 hours run out, or within the hour when that moment has passed.
REMIND_BEFORE_END = timedelta(hours=12)
REMIND_SOON = timedelta(hours=1)

CALLBACK = "您好，我们的理赔员会尽快给您回电，请留意电话{tail}。有着急的事，也可以直接在这里告诉我。"
PHONE_TAIL = "（尾号{tail}）"
REPORT_FILED = (
    "您之前的报案已经提交成功，报案号是 {claim_number}。请把它记下来，查进度、交材料、申请垫付都要用。"
    "理赔人员会尽快给您打电话{tail}，请保持电话畅通。"
)
NOTICE_REMINDER = (
    "提醒您一下：出了事故要及时通知保险公司。很多商业险保单约定在事故后48小时内通知{deadline}。"
    "这是保单里的约定，晚一点报并不等于自动拒赔，但越早报越好。"
)
NOTICE_DEADLINE = "（按您说的事故时间，是到{due}）"
NOTICE_OFFER = "还没报案的话，我现在就可以帮您记下来，回复“我要报案”就行。"
NOTICE_OFFER_BUTTONS = [{"title": "现在报案", "payload": "我要报案"}]
MATERIALS_MISSING = (
    "提醒您补一下材料：案件（{claim_number}）还差这些：\n{items}\n"
    "材料齐了，理赔才能接着往下走。哪一样不知道去哪里开，随时问我。"
)
MATERIALS_COMPLETE = "案件（{claim_number}）需要的材料都已经收齐了，谢谢您。有进展我们会及时告诉您。"
MATERIALS_UNKNOWN = "提醒您一下：理赔材料还没有交齐。您可以说“查进度”，核对身份后我告诉您还差哪些。"
STATUS_CHANGED = "您的案件（{claim_number}）有新进展：{news}"
STATUS_UNKNOWN = "您的案件（{claim_number}）有新进展。您可以说“查进度”，核对身份后我告诉您详情。"
TREATMENT_CHECKIN = (
    "您好，来问候一下伤者的治疗情况，希望恢复得顺利。\n看病的发票、收据和病历请都收好，理赔时都要用。\n"
    "最近治疗有变化吗？比如转院、要做手术或者住院时间延长，有的话告诉我一声。"
)
REMINDER_SCHEDULED = (
    "如果您还没通知保险公司，我会在{due}提醒您一次：很多商业险保单约定事故后48小时内通知，"
    "按您说的事故时间是到{deadline}。不需要提醒的话，说“别再提醒我了”就行。"
)


def followup_entities(tracker: Tracker) -> Dict[str, Any]:
    """The entities the follow-up worker sent with EXTERNAL_followup."""
    return {entity["entity"]: entity.get("value") for entity in (tracker.latest_message or {}).get("entities", [])}


def phone_tail(tracker: Tracker) -> str:
    """ "（尾号5678）" for the phone the claimant left, or nothing."""
    phone = tracker.get_slot("phone")
    return PHONE_TAIL.format(tail=phone[-4:]) if phone else ""


def notice_deadline(accident_time: Optional[str]) -> str:
    """ "（按您说的事故时间，是到11月24日20:00）", or nothing without an accident time."""
    if not accident_time:
        return ""
    due = (datetime.fromisoformat(accident_time) + NOTICE_TERM).isoformat()
    return NOTICE_DEADLINE.format(due=clock(due))


def explain_status(claim_number: str, news: Optional[str]) -> str:
    """A claim's new status as the claims API words it (C1's status_news), or where to look when it sent none."""
    if not news:
        return STATUS_UNKNOWN.format(claim_number=claim_number)
    return STATUS_CHANGED.format(claim_number=claim_number, news=news)


async def materials_reminder(claim_number: Optional[str]) -> str:
    """What the claim still lacks, from its checklist in the claims API."""
    if not claim_number:
        return MATERIALS_UNKNOWN
    try:
        materials = await ClaimsApiClient().claim_materials(claim_number)
    except (ClaimsApiUnavailable, ClaimsApiRejected, ClaimNotFound):
        return MATERIALS_UNKNOWN
    missing = [material for material in materials if material["status"] == "required"]
    if not missing:
        return MATERIALS_COMPLETE.format(claim_number=claim_number)
    return MATERIALS_MISSING.format(claim_number=claim_number, items=numbered_materials(missing))


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
            dispatcher.utter_message(text=CALLBACK.format(tail=phone_tail(tracker)))
        elif kind == "report_filed" and claim_number:
            dispatcher.utter_message(text=REPORT_FILED.format(claim_number=claim_number, tail=phone_tail(tracker)))
            return [SlotSet("claim_number", claim_number)]
        elif kind == "notice_reminder":
            deadline = notice_deadline(tracker.get_slot("accident_time"))
            dispatcher.utter_message(text=NOTICE_REMINDER.format(deadline=deadline))
            if not tracker.active_loop.get("name"):
                dispatcher.utter_message(text=NOTICE_OFFER, buttons=NOTICE_OFFER_BUTTONS)
        elif kind == "materials_reminder":
            dispatcher.utter_message(text=await materials_reminder(claim_number))
        elif kind == "status_change":
            dispatcher.utter_message(text=explain_status(claim_number or "", entities.get("status_news")))
        elif kind == "treatment_checkin":
            dispatcher.utter_message(text=TREATMENT_CHECKIN)
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
        dispatcher.utter_message(text=REMINDER_SCHEDULED.format(due=clock(due.isoformat()), deadline=clock(deadline)))
        return []
