"""Settlement estimate: ask what the estimator needs, then explain the API's estimate item by item."""

from datetime import datetime
from decimal import Decimal
from typing import Any, Dict, List, Optional, Sequence, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.clients.claims_api import ClaimsApiClient, ClaimsApiRejected, ClaimsApiUnavailable
from actions.deadlines import SHANGHAI
from actions.forms import Check, Checker, SlotFormValidator, free_text, latest_faq, latest_intent, questions
from actions.replies import response_text
from text_rules.answers import ages_in, clean_answer, first_number, is_not_sure, says_none, small_number
from text_rules.facts import INCOME_NOT_FIXED, LIABILITIES, liability_named, says_no_fixed_income
from text_rules.months import accident_month

ESTIMATE_QUESTIONS = questions(
    [
        "est_region",
        "est_accident_month",
        "est_age",
        "est_liability",
        "est_medical",
        "est_hospital_days",
        "est_nursing_days",
        "est_nursing_per_day",
        "est_nutrition_days",
        "est_lost_days",
        "est_monthly_income",
        "est_occupation",
        "est_disability",
        "est_dependants",
        "est_supporters",
        "est_commercial_limit",
    ]
)
UNKNOWN = "不清楚"
ADULT_AGE = 18
MAX_SUPPORTERS = 20
# A death case has no grade, no lost work and no recovery: it is estimated on 死亡赔偿金, 丧葬费 and the dependants.
DEATH_CASE_SKIPS = (
    "est_nursing_days",
    "est_nursing_per_day",
    "est_nutrition_days",
    "est_lost_days",
    "est_monthly_income",
    "est_disability",
)
# FAQ answers that become a computation once the claimant has given the facts it needs (True: a death case).
COMPUTED_FAQS = {
    "faq/disability_compensation": False,
    "faq/death_compensation": True,
    "faq/funeral_fee": True,
}


def number(example: str, zero_on_no: bool = False, limit: float = 1e8) -> Checker:
    """A checker for amounts and counts; "没有" means 0 where that makes sense."""

    def check(value: Any, tracker: Tracker) -> Check:
        if isinstance(value, (int, float)) and 0 <= value <= limit:
            return Check(value)
        text = clean_answer(str(value))
        if zero_on_no and (latest_intent(tracker) == "deny" or says_none(text)):
            return Check(0)
        found = first_number(text)
        if found is not None and found <= limit:
            return Check(found)
        return Check(None, "utter_reask_number", {"example": example})

    return check


def check_disability(value: Any, tracker: Tracker) -> Check:
    """A disability grade 1 to 10 ("十级", "9级"), or 0 when there is none."""
    grade = small_number(clean_answer(str(value)))
    return Check(grade) if grade else number("十级", zero_on_no=True, limit=10)(value, tracker)


def check_dependants(value: Any, tracker: Tracker) -> Check:
    """The dependants' ages (from the age entities or "8岁"), or none."""
    text = clean_answer(str(value))
    if latest_intent(tracker) == "deny" or says_none(text):
        return Check([])
    entities = (tracker.latest_message or {}).get("entities", [])
    ages = [int(entity["value"]) for entity in entities if entity.get("entity") == "age"]
    ages = ages or ages_in(text)
    return Check(ages) if ages else Check(None, "utter_reask_dependants")


def check_supporters(value: Any, tracker: Tracker) -> Check:
    """How many people share the support, in digits or a small Chinese number ("两个人")."""
    count = small_number(clean_answer(str(value)))
    if count:
        return Check(count)
    check = number("2个人", limit=MAX_SUPPORTERS)(value, tracker)
    return Check(None, "utter_reask_number", {"example": "2个人"}) if check.value == 0 else check


def check_monthly_income(value: Any, tracker: Tracker) -> Check:
    """A monthly income, or "不固定" when it is not fixed or not known: then the trade's average wage counts."""
    text = clean_answer(str(value))
    if value == INCOME_NOT_FIXED or says_no_fixed_income(text) or is_not_sure(text):
        return Check(INCOME_NOT_FIXED)
    return number("每月6000元")(value, tracker)


def check_occupation(value: Any, tracker: Tracker) -> Check:
    """What the injured person does for a living, in their words ("送外卖"), or "不清楚"."""
    text = clean_answer(str(value))
    if is_not_sure(text) or says_none(text):
        return Check(UNKNOWN)
    return free_text(20, "utter_reask_est_occupation")(value, tracker)


def check_liability(value: Any, tracker: Tracker) -> Check:
    """One of the five fault levels, or "不清楚" before the police decide."""
    text = str(value)
    if is_not_sure(text) or "还没" in text:
        return Check(UNKNOWN)
    found = liability_named(text)
    return Check(found) if found else Check(None, "utter_reask_liability")


def check_accident_month(value: Any, tracker: Tracker) -> Check:
    """The month of the accident (YYYY-MM) from a time or a rough answer ("上个月"); "不清楚" is an answer too."""
    text = str(value)
    today = datetime.now(SHANGHAI).date()
    month = text[:7] if text[:4].isdigit() and text[4:5] == "-" else accident_month(text, today)
    if month and month <= f"{today:%Y-%m}":
        return Check(month)
    if is_not_sure(text):
        return Check(UNKNOWN)
    return Check(None, "utter_reask_est_accident_month")


ESTIMATE_CHECKERS = {
    "est_region": free_text(20, "utter_reask_region"),
    "est_accident_month": check_accident_month,
    "est_age": number("45岁", limit=120),
    "est_liability": check_liability,
    "est_medical": number("3万元"),
    "est_hospital_days": number("15天", zero_on_no=True, limit=36500),
    "est_nursing_days": number("30天", zero_on_no=True, limit=36500),
    "est_nursing_per_day": number("每天200元"),
    "est_nutrition_days": number("30天", zero_on_no=True, limit=36500),
    "est_lost_days": number("90天", zero_on_no=True, limit=36500),
    "est_monthly_income": check_monthly_income,
    "est_occupation": check_occupation,
    "est_disability": check_disability,
    "est_dependants": check_dependants,
    "est_supporters": check_supporters,
    "est_commercial_limit": number("100万", zero_on_no=True),
}


class ValidateSettlementForm(SlotFormValidator):
    """Checks the estimator's inputs; no income question without lost work."""

    checkers = ESTIMATE_CHECKERS

    def name(self) -> Text:
        """The validation action of settlement_form."""
        return "validate_settlement_form"

    def skipped_slots(self, tracker: Tracker) -> Sequence[str]:
        """Questions that cannot count are skipped: income, nursing, dependants, a death case's grade, a known month."""
        skipped = list(DEATH_CASE_SKIPS) if tracker.get_slot("mat_death") else []
        if tracker.get_slot("accident_time"):
            skipped.append("est_accident_month")
        if tracker.get_slot("est_hospital_days") == 0:
            skipped += ["est_nursing_days", "est_nursing_per_day", "est_nutrition_days"]
        if tracker.get_slot("est_nursing_days") == 0:
            skipped.append("est_nursing_per_day")
        if tracker.get_slot("est_lost_days") == 0:
            skipped.append("est_monthly_income")
        # The trade is asked only when it is what the lost income will be estimated on.
        if "est_monthly_income" in skipped or tracker.get_slot("est_monthly_income") != INCOME_NOT_FIXED:
            skipped.append("est_occupation")
        if tracker.get_slot("est_disability") == 0:
            skipped += ["est_dependants", "est_supporters"]
        if tracker.get_slot("est_dependants") == []:
            skipped.append("est_supporters")
        return skipped


def estimate_request(slots: Dict[str, Any], region: Optional[str]) -> Dict[str, Any]:
    """The estimator's request from the facts known so far: the form's answers, or what the claimant said unasked."""
    request: Dict[str, Any] = {
        "medical_costs": slots.get("est_medical") or 0,
        "hospital_days": int(slots.get("est_hospital_days") or 0),
        "lost_work_days": int(slots.get("est_lost_days") or 0),
        "commercial_third_party_limit": slots.get("est_commercial_limit") or 0,
        "death": bool(slots.get("mat_death")),
    }
    if slots.get("accident_time"):
        request["accident_date"] = slots["accident_time"][:10]
    elif slots.get("est_accident_month") not in (None, UNKNOWN):
        request["accident_date"] = f"{slots['est_accident_month']}-01"
    if slots.get("est_age") is not None:
        request["victim_age"] = int(slots["est_age"])
    if region:
        request["region"] = region
    if slots.get("est_liability") in LIABILITIES:
        request["liability"] = slots["est_liability"]
    if request["lost_work_days"] and slots.get("est_monthly_income") not in (None, INCOME_NOT_FIXED):
        request["monthly_income"] = slots["est_monthly_income"]
    elif request["lost_work_days"] and slots.get("est_occupation") not in (None, UNKNOWN):
        # No income given: the estimator takes the average wage of the job's trade.
        request["occupation"] = slots["est_occupation"]
    if slots.get("est_disability") and not request["death"]:
        request["disability_grade"] = int(slots["est_disability"])
    if slots.get("est_nursing_days") and slots.get("est_nursing_per_day"):
        request["nursing_days"] = int(slots["est_nursing_days"])
        request["nursing_per_day"] = slots["est_nursing_per_day"]
    if slots.get("est_nutrition_days"):
        request["nutrition_days"] = int(slots["est_nutrition_days"])
    if (request["death"] or request.get("disability_grade")) and slots.get("est_dependants"):
        supporters = int(slots.get("est_supporters") or 1)
        request["dependants"] = [
            {"age": age, "supporters": supporters, "incapacitated": age >= ADULT_AGE} for age in slots["est_dependants"]
        ]
    return request


def yuan(amount: str) -> str:
    """ "35000.00" → "35,000元"."""
    value = Decimal(amount)
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{text}元"


def estimate_parts(estimate: Dict[str, Any], item_line: str) -> Dict[str, Any]:
    """The placeholders of utter_estimate and utter_estimate_from_facts: standards, items, who pays, caveats."""
    standards = estimate["standards"]
    compulsory = estimate["compulsory"]
    ratio = Decimal(estimate["liability_ratio"]) * 100
    payers = response_text(
        "utter_estimate_payers",
        compulsory=yuan(compulsory["paid"]),
        sub_limits="，".join(
            response_text("utter_estimate_sub_limit", sub_limit=part["sub_limit"], paid=yuan(part["paid"]))
            for part in compulsory["sub_limits"]
        ),
        commercial=yuan(estimate["commercial"]["paid"]),
        ratio=f"{ratio:.0f}",
        liable_party=yuan(estimate["liable_party_pays"]),
        victim=yuan(estimate["victim_bears"]),
    )
    items = [
        response_text(item_line, item=item["name"], amount=yuan(item["amount"]), basis=item.get("basis"))
        for item in estimate["items"]
    ]
    return {
        "standards": response_text(
            "utter_estimate_standards", year=standards["statistical_year"], region=standards["region"]
        ),
        "standards_summary": standards["summary"],
        "items": "\n".join(items),
        "payers": payers,
        "caveats": "\n".join(
            [response_text("utter_estimate_warning", warning=warning) for warning in estimate["warnings"]]
            + [estimate["disclaimer"]]
        ),
    }


def amount(value: Any) -> float:
    """An API amount ("35000.00" or a number) as a float for the web chat's table."""
    return float(Decimal(str(value)))


def estimate_payload(estimate: Dict[str, Any]) -> Dict[str, Any]:
    """The estimate for the web chat (contract C3): its items as rows, who pays what as the split."""
    standards = estimate["standards"]
    year = (
        response_text("utter_estimate_card_year", year=standards["statistical_year"])
        if standards["statistical_year"]
        else ""
    )
    return {
        "type": "settlement_estimate",
        "title": response_text("utter_estimate_card_title", region=standards["region"], year=year),
        "rows": [{"label": item["name"], "amount": amount(item["amount"])} for item in estimate["items"]],
        "split": [
            {"label": response_text(label), "amount": amount(paid)}
            for label, paid in (
                ("utter_estimate_card_compulsory", estimate["compulsory"]["paid"]),
                ("utter_estimate_card_commercial", estimate["commercial"]["paid"]),
                ("utter_estimate_card_liable_party", estimate["liable_party_pays"]),
                ("utter_estimate_card_victim", estimate["victim_bears"]),
            )
        ],
        "note": estimate["disclaimer"],
    }


def known_facts(tracker: Tracker) -> Dict[str, Any]:
    """The estimator's facts as the slots hold them, whether asked by the form or said unasked."""
    return {slot: tracker.get_slot(slot) for slot in (*ESTIMATE_CHECKERS, "accident_time", "mat_death")}


async def fetch_estimate(dispatcher: CollectingDispatcher, slots: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """The API's estimate; a region without standards falls back to national and says so; None when it is down."""
    client = ClaimsApiClient()
    try:
        try:
            return await client.estimate_settlement(estimate_request(slots, slots["est_region"]))
        except ClaimsApiRejected as rejected:
            if rejected.code != "region_not_found":
                raise
            dispatcher.utter_message(response="utter_region_fallback", region=slots["est_region"])
            return await client.estimate_settlement(estimate_request(slots, None))
    except (ClaimsApiUnavailable, ClaimsApiRejected):
        dispatcher.utter_message(response="utter_estimate_down")
        return None


def computable_case(faq: Optional[str], slots: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """The facts to compute the FAQ's amount with, or None when the FAQ is not an amount or a fact is missing."""
    if faq not in COMPUTED_FAQS or slots.get("est_region") is None or slots.get("est_age") is None:
        return None
    death = COMPUTED_FAQS[faq] or bool(slots.get("mat_death"))
    if not death and not slots.get("est_disability"):
        return None
    return {**slots, "mat_death": death}


class ActionAnswerFaq(Action):
    """Answers an FAQ; one about an amount is computed with the claimant's facts when they have all been given."""

    def name(self) -> Text:
        """The action's name in the domain."""
        return "action_answer_faq"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        """The computation and an offer to count the rest, or the FAQ's own answer."""
        faq = latest_faq(tracker)
        case = computable_case(faq, known_facts(tracker))
        if faq is None:
            return [FollowupAction("utter_faq")]
        if case is None:
            dispatcher.utter_message(response=f"utter_{faq}")
            return []
        estimate = await fetch_estimate(dispatcher, case)
        if estimate is None:
            dispatcher.utter_message(response=f"utter_{faq}")
            return []
        dispatcher.utter_message(
            response="utter_estimate_from_facts", **estimate_parts(estimate, "utter_estimate_item_computed")
        )
        still_counts = "utter_still_counts_death" if case["mat_death"] else "utter_still_counts_disability"
        dispatcher.utter_message(response=still_counts)
        return [FollowupAction("utter_offer_full_estimate")]


class ActionEstimateSettlement(Action):
    """Asks the claims API for the estimate and explains it; a region without standards falls back to national."""

    def name(self) -> Text:
        """The action's name in the domain."""
        return "action_estimate_settlement"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        """Estimate and explain; the answers stay in the slots if the API is down."""
        estimate = await fetch_estimate(dispatcher, known_facts(tracker))
        if estimate is None:
            return []
        dispatcher.utter_message(
            response="utter_estimate",
            total_loss=yuan(estimate["total_loss"]),
            **estimate_parts(estimate, "utter_estimate_item"),
        )
        # Rasa's socket.io channel emits a custom payload's keys as emit() arguments: "data" is what the page receives.
        dispatcher.utter_message(json_message={"data": estimate_payload(estimate)})
        return []
