"""Deadline questions: the 48-hour notice and how much time is left."""

from datetime import datetime
from typing import Any, Dict, List, Text
from zoneinfo import ZoneInfo

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.clients.claims_api import ClaimsApiClient, ClaimsApiUnavailable

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOTICE_CODE = "insurer_notice_48h"
ASK_ACCIDENT_TIME = "告诉我事故发生的时间，比如“昨天晚上八点”，我帮您算一下还剩多少时间。"
API_UNAVAILABLE = "抱歉，计算时间的服务暂时连不上。请先尽快给保险公司打电话报案；晚报并不等于拒赔。"


def clock(iso_time: str) -> str:
    """ "11月24日08:00" in Beijing time."""
    moment = datetime.fromisoformat(iso_time).astimezone(SHANGHAI)
    return f"{moment.month}月{moment.day}日{moment:%H:%M}"


def describe_notice_deadline(accident_time: str, deadline: Dict[str, Any]) -> str:
    """Tell the claimant where they stand against the policy's 48-hour notice term."""
    if deadline["status"] == "done":
        return "您已经通知过保险公司了，这一步做得很好。"
    since = f"按您说的事故时间（{clock(accident_time)}），保单约定的48小时通知期限"
    due = clock(deadline["due_at"])
    if deadline["remaining_hours"] > 0:
        hours = max(1, int(deadline["remaining_hours"]))
        return f"{since}到{due}，还剩大约{hours}小时。请尽快给保险公司打电话报案。"
    return f"{since}已经在{due}到期了。晚报不等于拒赔，请现在就给保险公司打电话报案，并说明晚报的原因。"


class ActionExplainReportDeadline(Action):
    """Tell the claimant how much of the 48-hour notice is left, from the claims API's rules."""

    def name(self) -> Text:
        """The action's name in the domain."""
        return "action_explain_report_deadline"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        """Ask for the accident time, or compute the time left through the API."""
        accident_time = tracker.get_slot("accident_time")
        if not accident_time:
            dispatcher.utter_message(text=ASK_ACCIDENT_TIME)
            return [SlotSet("awaiting_accident_time", True)]
        try:
            result = await ClaimsApiClient().compute_deadlines(accident_time)
        except ClaimsApiUnavailable:
            dispatcher.utter_message(text=API_UNAVAILABLE)
            return [SlotSet("awaiting_accident_time", False)]
        notice = next(d for d in result["deadlines"] if d["code"] == NOTICE_CODE)
        dispatcher.utter_message(text=describe_notice_deadline(accident_time, notice))
        return [SlotSet("awaiting_accident_time", False)]
