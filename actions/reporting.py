"""Reporting an accident: the intake form, the summary with corrections, and the report to the claims API."""

import asyncio
import hashlib
import json
import sqlite3
from datetime import datetime, timedelta
from typing import Any, Dict, List, Optional, Sequence, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.clients.claims_api import ClaimsApiClient, ClaimsApiRejected, ClaimsApiUnavailable
from actions.conversation import channel_of, conversation_id_of
from actions.deadlines import SHANGHAI, names_only_the_day
from actions.forms import (
    PROPOSED_TIME,
    UNKNOWN_ANSWER,
    Check,
    SlotFormValidator,
    free_text,
    latest_intent,
    latest_text,
    parse_yes_no,
    pattern,
    questions,
    slot_around_latest_message,
    yes_no,
)
from actions.handoff import open_handoff
from actions.outbox import file_report, hold_report, schedule_callback
from actions.replies import response_text
from text_rules.answers import clean_answer, is_not_sure
from text_rules.corrections import corrected_facts, corrected_fields
from text_rules.facts import (
    NO_DAMAGE,
    NO_INJURIES,
    SELF_DRIVER,
    answers_no_damage,
    answers_nobody_hurt,
    answers_self_driver,
    injury_severity,
)
from text_rules.identifiers import PHONE_ANSWER, PLATE_ANSWER

UNKNOWN_PLATE = UNKNOWN_ANSWER

REPORT_QUESTIONS = questions(
    [
        "accident_time",
        "accident_place",
        "driver_name",
        "plate_number",
        "accident_description",
        "police_reported",
        "injuries",
        "taken_to_hospital",
        "hospital",
        "vehicle_damage",
        "reporter_name",
        "phone",
    ]
)
REPORT_SLOTS = [question.slot for question in REPORT_QUESTIONS]

# Said at 2 a.m., "今天下午三点" most likely means yesterday afternoon; older than this is confirmed before it is kept.
SURPRISINGLY_OLD = timedelta(days=365)
CLOCK_LEEWAY = timedelta(minutes=10)
DAY_NAMES = {0: "今天", -1: "昨天", -2: "前天"}
PERIODS = ((18, "晚上"), (13, "下午"), (11, "中午"), (8, "上午"), (5, "早上"), (0, "凌晨"))
HOURS = ("十二", "一", "两", "三", "四", "五", "六", "七", "八", "九", "十", "十一")
EMERGENCY_NOTICE = "utter_emergency"


def spoken_time(moment: datetime, now: datetime) -> str:
    """A moment as people say it: "昨天（12月1日）下午三点", "2025年3月2日上午九点半"."""
    days = (moment.date() - now.date()).days
    date = f"{moment.month}月{moment.day}日"
    day = f"{DAY_NAMES[days]}（{date}）" if days in DAY_NAMES else f"{moment.year}年{date}"
    if names_only_the_day(moment):
        return day
    period = next(name for start, name in PERIODS if moment.hour >= start)
    minutes = {0: "", 30: "半"}.get(moment.minute, f"{moment.minute}分")
    return f"{day}{period}{HOURS[moment.hour % 12]}点{minutes}"


def check_time(value: Any, tracker: Tracker) -> Check:
    """An ISO time from the time entity; a future or very old one is confirmed in words before it is kept."""
    proposed = tracker.get_slot(PROPOSED_TIME)
    clear = {PROPOSED_TIME: None} if proposed else {}
    if proposed:
        answer = parse_yes_no(latest_text(tracker), latest_intent(tracker))
        if answer is not None:
            return Check(
                proposed if answer else None, None if answer else "utter_reask_accident_time_after_no", also=clear
            )
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return Check(None, "utter_reask_accident_time", also=clear)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=SHANGHAI)
    now = datetime.now(SHANGHAI)
    if moment > now + CLOCK_LEEWAY:
        moment -= timedelta(days=1)
        if moment > now + CLOCK_LEEWAY:
            return Check(None, "utter_future_accident_time", also=clear)
    elif moment >= now - SURPRISINGLY_OLD:
        return Check(moment.isoformat(), also=clear)
    when = spoken_time(moment.astimezone(SHANGHAI), now)
    return Check(
        None, "utter_confirm_accident_time", {"when": when}, also={PROPOSED_TIME: moment.isoformat()}, confirms=True
    )


def check_plate(value: Any, tracker: Tracker) -> Check:
    """A well-formed plate, or "不清楚" when the claimant did not see it."""
    if is_not_sure(str(value)):
        return Check(UNKNOWN_PLATE)
    return pattern(PLATE_ANSWER, "utter_reask_plate_number")(value, tracker)


def check_driver(value: Any, tracker: Tracker) -> Check:
    """The driver's name; "我" means the reporter drove."""
    if answers_self_driver(clean_answer(str(value))):
        return Check(SELF_DRIVER)
    return free_text(20, "utter_reask_shorter")(value, tracker)


def check_injuries(value: Any, tracker: Tracker) -> Check:
    """Who is hurt and how; "没有" means nobody."""
    text = clean_answer(str(value))
    if latest_intent(tracker) == "deny" or answers_nobody_hurt(text):
        return Check(NO_INJURIES)
    return free_text(300, "utter_reask_shorter")(value, tracker)


def check_damage(value: Any, tracker: Tracker) -> Check:
    """The vehicle damage; "没有" means none."""
    if latest_intent(tracker) == "deny" or answers_no_damage(clean_answer(str(value))):
        return Check(NO_DAMAGE)
    return free_text(200, "utter_reask_shorter")(value, tracker)


REPORT_CHECKERS = {
    "accident_time": check_time,
    "accident_place": free_text(100, "utter_reask_shorter"),
    "driver_name": check_driver,
    "plate_number": check_plate,
    "accident_description": free_text(500, "utter_reask_shorter"),
    "police_reported": yes_no("utter_reask_yes_no"),
    "injuries": check_injuries,
    "taken_to_hospital": yes_no("utter_reask_yes_no"),
    "hospital": free_text(50, "utter_reask_shorter"),
    "vehicle_damage": check_damage,
    "reporter_name": free_text(20, "utter_reask_shorter"),
    "phone": pattern(PHONE_ANSWER, "utter_reask_phone", normalise=str),
}


class ValidateReportForm(SlotFormValidator):
    """Checks each intake answer and skips the hospital questions when nobody was hurt."""

    checkers = REPORT_CHECKERS
    skippable = ("plate_number", "vehicle_damage")

    def name(self) -> Text:
        """The validation action of report_form."""
        return "validate_report_form"

    def skipped_slots(self, tracker: Tracker) -> Sequence[str]:
        """No hospital questions without injuries, no hospital name when nobody went."""
        if tracker.get_slot("injuries") == NO_INJURIES:
            return ("taken_to_hospital", "hospital")
        if tracker.get_slot("taken_to_hospital") is False:
            return ("hospital",)
        return ()

    def derived_events(self, tracker: Tracker) -> List[EventType]:
        """Record how severe the injuries sound; say the safety steps first when someone is badly hurt now."""
        if "injuries" not in tracker.slots_to_validate():
            return []
        severity = injury_severity(tracker.get_slot("injuries"))
        return [SlotSet("injury_severity", severity)]

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        """Validate; when the latest answer says someone is badly hurt, the safety steps come before anything else."""
        if latest_intent(tracker) == "emergency" or injury_severity(latest_text(tracker)) == "critical":
            dispatcher.utter_message(response=EMERGENCY_NOTICE)
        return await super().run(dispatcher, tracker, domain)


def _clock(iso_time: Optional[str]) -> str:
    # A turn whose validation was lost (the action server unreachable) can leave the raw answer or nothing here.
    try:
        moment = datetime.fromisoformat(iso_time).astimezone(SHANGHAI)
    except (TypeError, ValueError):
        return iso_time or response_text("utter_summary_time_not_given")
    day = f"{moment.year}年{moment.month}月{moment.day}日"
    return day if names_only_the_day(moment) else f"{day} {moment:%H:%M}"


def summarise_report(slots: Dict[str, Any]) -> str:
    """The report as the claimant told it, one line per fact."""
    hospital_line = ""
    if slots["injuries"] != NO_INJURIES:
        went = (
            response_text("utter_summary_taken_to_hospital", hospital=slots["hospital"])
            if slots.get("taken_to_hospital")
            else response_text("utter_summary_not_taken_to_hospital")
        )
        hospital_line = response_text("utter_summary_hospital_line", went=went)
    police = "utter_summary_police_called" if slots["police_reported"] else "utter_summary_police_not_called"
    return response_text(
        "utter_summary_facts",
        accident_time=_clock(slots["accident_time"]),
        accident_place=slots["accident_place"],
        driver_name=slots["driver_name"],
        plate_number=slots["plate_number"],
        accident_description=slots["accident_description"],
        police=response_text(police),
        injuries=slots["injuries"],
        hospital_line=hospital_line,
        vehicle_damage=slots["vehicle_damage"],
        reporter_name=slots["reporter_name"],
        phone=slots["phone"],
    )


def injured_parties(slots: Dict[str, Any], severity: Optional[str]) -> List[Dict[str, Any]]:
    """The injured person as the report describes them; the report never asks their name."""
    if slots["injuries"] == NO_INJURIES:
        return []
    party: Dict[str, Any] = {"hospitalised": bool(slots.get("taken_to_hospital")), "notes": slots["injuries"]}
    if severity:
        party["severity"] = severity
    return [party]


def report_id(sender_id: str, report: Dict[str, Any]) -> str:
    """The report's idempotency key: the same report of the same conversation always gets the same key."""
    content = json.dumps(report, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(f"{sender_id}\n{content}".encode()).hexdigest()


def report_payload(slots: Dict[str, Any], tracker: Tracker) -> Dict[str, Any]:
    """The claims API's report from the form's slots with its report_id; the injuries also go into the description."""
    injured = slots["injuries"] != NO_INJURIES
    driver = slots["reporter_name"] if slots["driver_name"] == SELF_DRIVER else slots["driver_name"]
    description = slots["accident_description"] + (f"；伤情：{slots['injuries']}" if injured else "")
    severity = tracker.get_slot("injury_severity")
    report = {
        "accident_time": slots["accident_time"],
        "accident_place": slots["accident_place"],
        "plate_number": None if slots["plate_number"] == UNKNOWN_PLATE else slots["plate_number"],
        "driver_name": driver,
        "reporter_name": slots["reporter_name"],
        "reporter_phone": slots["phone"],
        "description": description,
        "police_reported": bool(slots["police_reported"]),
        "has_injuries": injured,
        "injured_taken_to_hospital": bool(injured and slots.get("taken_to_hospital")),
        "hospital": slots.get("hospital") if injured and slots.get("taken_to_hospital") else None,
        "vehicle_damage": slots["vehicle_damage"],
        "channel": channel_of(tracker),
        "conversation_id": conversation_id_of(tracker),
        "facts": {"inpatient": bool(injured and slots.get("taken_to_hospital")), "death": severity == "fatal"},
        "injured_parties": injured_parties(slots, severity),
    }
    return dict(report, report_id=report_id(tracker.sender_id, report))


def describe_notice(deadlines: List[Dict[str, Any]]) -> List[str]:
    """The responses that say what the report means for the 48-hour policy term and for the police report."""
    by_code = {deadline["code"]: deadline for deadline in deadlines}
    notice = by_code["insurer_notice_48h"]
    responses = ["utter_notice_late" if notice["status"] == "overdue" else "utter_notice_in_time"]
    if by_code.get("police_report", {}).get("status") in ("open", "overdue"):
        responses.append("utter_call_police")
    return responses


def report_slots(tracker: Tracker) -> Dict[str, Any]:
    """The report form's slots as they stand."""
    return {slot: tracker.get_slot(slot) for slot in REPORT_SLOTS}


class ActionReportSummary(Action):
    """Shows what was taken down and asks the claimant to confirm or correct it."""

    def name(self) -> Text:
        """The action's name in the domain."""
        return "action_report_summary"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        """Show the summary with confirm / correct buttons."""
        intro = response_text("utter_summary_intro")
        dispatcher.utter_message(
            response="utter_report_summary", intro=intro, summary=summarise_report(report_slots(tracker))
        )
        return [SlotSet("report_confirming", True)]


class ActionCorrectReport(Action):
    """Applies a correction to the summary ("车牌不对，是苏A54321") and shows it again."""

    def name(self) -> Text:
        """The action's name in the domain."""
        return "action_correct_report"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        """Check the corrected facts; show the summary again, or ask what to change."""
        changed = {slot: value for slot, value in _slots_set_by_latest_message(tracker).items() if slot in REPORT_SLOTS}
        changed.update(corrected_fields(latest_text(tracker)))
        changed.update(corrected_facts(latest_text(tracker)))
        if not changed:
            dispatcher.utter_message(response="utter_ask_correction")
            return []
        slots = report_slots(tracker)
        events: List[EventType] = []
        for slot, value in changed.items():
            check = REPORT_CHECKERS[slot](value, tracker)
            if check.confirms:
                # The summary shown next is the confirmation in words: the likely time goes into it.
                check = Check(check.also[PROPOSED_TIME])
            if check.value is None:
                dispatcher.utter_message(response=check.reply, **check.reply_values)
                # The entity may already have overwritten the slot: put the checked answer back.
                previous = slot_around_latest_message(tracker, slot)[0]
                slots[slot] = previous
                events.append(SlotSet(slot, previous))
            else:
                slots[slot] = check.value
                events.append(SlotSet(slot, check.value))
        intro = response_text("utter_summary_intro_corrected")
        dispatcher.utter_message(response="utter_report_summary", intro=intro, summary=summarise_report(slots))
        return events + [SlotSet("injury_severity", injury_severity(slots["injuries"]))]


def _slots_set_by_latest_message(tracker: Tracker) -> Dict[str, Any]:
    """Slots that the latest user message filled through its entities."""
    after_user: Dict[str, Any] = {}
    for event in tracker.events:
        if event.get("event") == "user":
            after_user = {}
        elif event.get("event") == "slot" and event.get("value") is not None:
            after_user[event["name"]] = event["value"]
    return after_user


class ActionSubmitReport(Action):
    """Reports the accident to the claims API, explains the 48-hour term and schedules the call-back."""

    def name(self) -> Text:
        """The action's name in the domain."""
        return "action_submit_report"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        """Submit; a "yes" that corrects a fact ("其实报警了") corrects it instead; with the API down, hold the report."""
        slots = report_slots(tracker)
        corrections = corrected_facts(latest_text(tracker))
        if any(slots.get(slot) != value for slot, value in corrections.items()):
            return await ActionCorrectReport().run(dispatcher, tracker, domain)
        client = ClaimsApiClient()
        report = report_payload(slots, tracker)
        try:
            claim = await file_report(client, report)
        except ClaimsApiUnavailable:
            return _hold(dispatcher, report)
        except ClaimsApiRejected as rejected:
            dispatcher.utter_message(response="utter_report_rejected", detail=rejected.detail)
            return []
        claim_number = claim["claim_number"]
        dispatcher.utter_message(response="utter_report_filed", claim_number=claim_number)
        notices, called_back = await asyncio.gather(_notices(client, claim), schedule_callback(client, claim))
        for notice in notices:
            dispatcher.utter_message(response=notice)
        callback = response_text(
            "utter_callback_soon" if called_back else "utter_callback_later", tail=slots["phone"][-4:]
        )
        dispatcher.utter_message(response="utter_next_steps", callback=callback)
        events: List[EventType] = [SlotSet("claim_number", claim_number), SlotSet("report_confirming", False)]
        if tracker.get_slot("injury_severity"):
            try:
                events += await open_handoff(tracker, "severe", claim_number)
            except (ClaimsApiUnavailable, ClaimsApiRejected):
                return events
            dispatcher.utter_message(response="utter_severe_handoff")
        return events


def _hold(dispatcher: CollectingDispatcher, report: Dict[str, Any]) -> List[EventType]:
    """Keep the report in the outbox for the drainer to file; if even that fails, ask the claimant to try again."""
    try:
        hold_report(report)
    except (sqlite3.Error, OSError):
        dispatcher.utter_message(response="utter_report_not_sent")
        return []
    dispatcher.utter_message(response="utter_report_held")
    return [SlotSet("report_confirming", False)]


async def _notices(client: ClaimsApiClient, claim: Dict[str, Any]) -> List[str]:
    """The 48-hour and police responses; none when the deadline service is down (the report itself went through)."""
    try:
        result = await client.compute_deadlines(claim["accident_time"], police_reported=claim["police_reported"])
    except (ClaimsApiUnavailable, ClaimsApiRejected):
        return []
    return describe_notice(result["deadlines"])


class ActionHoldReport(Action):
    """Stops waiting for the confirmation after a cancel; the answers stay in their slots for later."""

    def name(self) -> Text:
        """The action's name in the domain."""
        return "action_hold_report"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        """Leave the confirmation step without touching the answers."""
        return [SlotSet("report_confirming", False)]
