"""Deadline questions: the 48-hour notice and how much time is left."""

from datetime import datetime, time
from typing import Any, Dict, List, Text, Tuple
from zoneinfo import ZoneInfo

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.clients.claims_api import ClaimsApiClient, ClaimsApiUnavailable

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOTICE_CODE = "insurer_notice_48h"


def clock(iso_time: str) -> str:
    """ "11月24日08:00" in Beijing time."""
    moment = datetime.fromisoformat(iso_time).astimezone(SHANGHAI)
    return f"{moment.month}月{moment.day}日{moment:%H:%M}"


def names_only_the_day(moment: datetime) -> bool:
    """Whether an accident time gives only its day ("三天前", "前天"): the time parser puts those at midnight."""
    return moment.astimezone(SHANGHAI).time() == time(0, 0)


def accident_clock(iso_time: str) -> str:
    """The accident time as the claimant gave it: "11月22日20:00", or "11月22日" when only the day was said."""
    moment = datetime.fromisoformat(iso_time).astimezone(SHANGHAI)
    return f"{moment.month}月{moment.day}日" if names_only_the_day(moment) else clock(iso_time)


def latest_moment(iso_time: str) -> str:
    """The latest the accident can have happened: the end of its day when only the day was said, else the time itself."""
    moment = datetime.fromisoformat(iso_time).astimezone(SHANGHAI)
    return (
        datetime.combine(moment.date(), time(23, 59, 59), SHANGHAI).isoformat()
        if names_only_the_day(moment)
        else iso_time
    )


def describe_notice_deadline(accident_time: str, deadline: Dict[str, Any]) -> Tuple[str, Dict[str, Any]]:
    """The response, with its placeholders, that says where the claimant stands against the 48-hour notice term.

    `deadline` is computed from latest_moment(accident_time): for an accident of which only the day is known, it is the
    latest the term can end, so "expired" is certain and no number of hours left is promised.
    """
    if deadline["status"] == "done":
        return "utter_notice_given", {}
    since = {"accident_clock": accident_clock(accident_time), "due": clock(deadline["due_at"])}
    day_only = names_only_the_day(datetime.fromisoformat(accident_time))
    if deadline["remaining_hours"] > 0:
        if day_only:
            return "utter_notice_day_time_left", since
        return "utter_notice_time_left", dict(since, hours=max(1, int(deadline["remaining_hours"])))
    return ("utter_notice_day_expired" if day_only else "utter_notice_expired"), since


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
            dispatcher.utter_message(response="utter_deadline_needs_time")
            return [SlotSet("awaiting_accident_time", True)]
        try:
            result = await ClaimsApiClient().compute_deadlines(latest_moment(accident_time))
        except ClaimsApiUnavailable:
            dispatcher.utter_message(response="utter_deadline_down")
            return [SlotSet("awaiting_accident_time", False)]
        notice = next(d for d in result["deadlines"] if d["code"] == NOTICE_CODE)
        response, values = describe_notice_deadline(accident_time, notice)
        dispatcher.utter_message(response=response, **values)
        return [SlotSet("awaiting_accident_time", False)]
