"""Settlement estimate: ask what the estimator needs, then explain the API's estimate item by item."""

from decimal import Decimal
from typing import Any, Dict, List, Optional, Sequence, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.clients.claims_api import ClaimsApiClient, ClaimsApiRejected, ClaimsApiUnavailable
from actions.forms import Check, Checker, SlotFormValidator, free_text, latest_faq, latest_intent, questions
from actions.reporting import check_time
from text_rules.answers import ages_in, clean_answer, first_number, is_not_sure, says_none, small_number

ESTIMATE_QUESTIONS = questions(
    [
        ("est_region", "案子在哪个省或者哪个城市处理？各地的赔偿标准不一样。", False),
        ("est_age", "伤者今年多大年纪？", False),
        (
            "est_liability",
            "交警认定对方（机动车一方）是什么责任？全责、主责、同责、次责还是无责？还没认定就回复“不清楚”。",
            False,
        ),
        ("est_medical", "到现在医疗费一共花了大概多少钱？", False),
        ("est_hospital_days", "住院住了多少天？没住院就回复“没有”。", False),
        ("est_nursing_days", "住院或养伤期间，有人护理了多少天？没有人护理就回复“没有”。", False),
        ("est_nursing_per_day", "护理一天大概要多少钱？家人护理的按他每天的收入算，请护工的按护工费算。", False),
        ("est_nutrition_days", "医生有没有嘱咐要加强营养，写了多少天？没有就回复“没有”。", False),
        ("est_lost_days", "因为受伤误工了多少天？没有误工就回复“没有”。", False),
        ("est_monthly_income", "受伤前每个月大概收入多少？", False),
        ("est_disability", "做过伤残鉴定吗？评了几级？没有就回复“没有”。", False),
        (
            "est_dependants",
            "伤者有没有要扶养的人（被扶养人）？比如未成年的孩子，或者没有劳动能力、又没有其他生活来源的老人。"
            "有的话告诉我他们的年龄，比如“孩子8岁，母亲70岁”；没有就回复“没有”。",
            False,
        ),
        ("est_supporters", "这些被扶养人一共由几个人扶养（包括伤者本人）？比如孩子一般是父母两个人。", False),
        (
            "est_commercial_limit",
            "对方车辆有没有买商业三者险？保额多少（比如100万）？没有或不清楚就回复“没有”。",
            False,
        ),
    ]
)
LIABILITIES = ("全责", "主责", "同责", "次责", "无责")
UNKNOWN = "不清楚"
REASK_NUMBER = "没听出具体的数。说个大概就行，比如“{example}”。"
REASK_LIABILITY = "请从全责、主责、同责、次责、无责里选一个；还没认定就回复“不清楚”。"
REASK_REGION = "请说一下省份或者城市，比如“江苏”或者“南京”。"
REASK_DEPENDANTS = "没听出年龄。请告诉我被扶养人的年龄，比如“孩子8岁”；没有就回复“没有”。"
ADULT_AGE = 18
MAX_SUPPORTERS = 20
INTRO = "这是按{year}年{region}标准做的估算，仅供参考，不是承诺的赔偿金额："
REGION_FALLBACK = "暂时没有{region}的统计标准，先按全国标准估算。"
DEDUCTIONS = (
    "常见的扣减，提前跟您说清楚：\n1. 商业三者险一般约定不赔医保目录外的自费药，这部分可能被扣；"
    "\n2. 超过交强险分项限额的部分，只按责任比例由商业险或责任方赔；\n3. 没有票据或证明的费用，很难得到支持。"
)
ESTIMATE_DOWN = "抱歉，估算服务暂时连不上。您刚才说的情况我都记着，过一会儿再说“帮我估算一下”就行。"
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
FACTS_INTRO = "按您说的情况，我先算一下。{intro}"
COMPUTATION = "· {name}：{amount}\n  算法：{basis}"
STILL_COUNTS_DISABILITY = "这些还会改变结果：有没有被扶养人（计入残疾赔偿金）、医疗费、误工和护理。"
STILL_COUNTS_DEATH = "这些还会改变结果：有没有被扶养人（计入死亡赔偿金）、抢救花的医疗费、对方有没有商业三者险。"


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
        return Check(None, REASK_NUMBER.format(example=example))

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
    return Check(ages) if ages else Check(None, REASK_DEPENDANTS)


def check_supporters(value: Any, tracker: Tracker) -> Check:
    """How many people share the support, in digits or a small Chinese number ("两个人")."""
    count = small_number(clean_answer(str(value)))
    if count:
        return Check(count)
    check = number("2个人", limit=MAX_SUPPORTERS)(value, tracker)
    return Check(None, REASK_NUMBER.format(example="2个人")) if check.value == 0 else check


def check_liability(value: Any, tracker: Tracker) -> Check:
    """One of the five fault levels, or "不清楚" before the police decide."""
    text = str(value)
    if is_not_sure(text) or "还没" in text:
        return Check(UNKNOWN)
    found = next((label for label in LIABILITIES if label in text or label[0] + "要责任" in text), None)
    return Check(found) if found else Check(None, REASK_LIABILITY)


ESTIMATE_CHECKERS = {
    "est_region": free_text(20, REASK_REGION),
    "accident_time": check_time,
    "est_age": number("45岁", limit=120),
    "est_liability": check_liability,
    "est_medical": number("3万元"),
    "est_hospital_days": number("15天", zero_on_no=True, limit=36500),
    "est_nursing_days": number("30天", zero_on_no=True, limit=36500),
    "est_nursing_per_day": number("每天200元"),
    "est_nutrition_days": number("30天", zero_on_no=True, limit=36500),
    "est_lost_days": number("90天", zero_on_no=True, limit=36500),
    "est_monthly_income": number("每月6000元"),
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
        """Income, nursing, nutrition and dependants are asked only when they can count; a death case has no grade."""
        skipped = list(DEATH_CASE_SKIPS) if tracker.get_slot("mat_death") else []
        if tracker.get_slot("est_hospital_days") == 0:
            skipped += ["est_nursing_days", "est_nursing_per_day", "est_nutrition_days"]
        if tracker.get_slot("est_nursing_days") == 0:
            skipped.append("est_nursing_per_day")
        if tracker.get_slot("est_lost_days") == 0:
            skipped.append("est_monthly_income")
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
    if slots.get("est_age") is not None:
        request["victim_age"] = int(slots["est_age"])
    if region:
        request["region"] = region
    if slots.get("est_liability") in LIABILITIES:
        request["liability"] = slots["est_liability"]
    if request["lost_work_days"] and slots.get("est_monthly_income"):
        request["monthly_income"] = slots["est_monthly_income"]
    elif request["lost_work_days"] and slots.get("est_occupation"):
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


def estimate_intro(estimate: Dict[str, Any]) -> str:
    """The line that labels the estimate with the year and region of its standards."""
    standards = estimate["standards"]
    return INTRO.format(year=standards["statistical_year"], region=standards["region"])


def payers(estimate: Dict[str, Any]) -> List[str]:
    """Who pays what: 交强险 by sub-limit, the commercial share, the liable party and the victim."""
    compulsory = estimate["compulsory"]
    parts = "，".join(f"{part['sub_limit']}分项赔{yuan(part['paid'])}" for part in compulsory["sub_limits"])
    ratio = Decimal(estimate["liability_ratio"]) * 100
    return [
        "谁来赔：",
        f"· 交强险：{yuan(compulsory['paid'])}（{parts}）",
        f"· 商业三者险：{yuan(estimate['commercial']['paid'])}（超出交强险的部分 × 责任比例{ratio:.0f}%，以保额为限）",
        f"· 责任方自己承担：{yuan(estimate['liable_party_pays'])}",
        f"· 伤者自己承担：{yuan(estimate['victim_bears'])}（按责任比例）",
    ]


def caveats(estimate: Dict[str, Any]) -> List[str]:
    """The estimator's warnings, then its disclaimer."""
    return [f"注意：{warning}" for warning in estimate["warnings"]] + [estimate["disclaimer"]]


def describe_estimate(estimate: Dict[str, Any]) -> str:
    """The estimate in plain Chinese: items, the split between payers, the usual deductions, the caveats."""
    lines = [estimate_intro(estimate), estimate["standards"]["summary"], "各项损失："]
    lines += [f"· {item['name']}：{yuan(item['amount'])}" for item in estimate["items"]]
    lines.append(f"损失合计：{yuan(estimate['total_loss'])}")
    lines += payers(estimate) + [DEDUCTIONS] + caveats(estimate)
    return "\n".join(lines)


def describe_computation(estimate: Dict[str, Any]) -> str:
    """An estimate from the facts the claimant gave: each item with its formula, who pays, what was assumed."""
    lines = [FACTS_INTRO.format(intro=estimate_intro(estimate)), estimate["standards"]["summary"]]
    lines += [
        COMPUTATION.format(name=item["name"], amount=yuan(item["amount"]), basis=item["basis"])
        for item in estimate["items"]
    ]
    return "\n".join(lines + payers(estimate) + caveats(estimate))


def amount(value: Any) -> float:
    """An API amount ("35000.00" or a number) as a float for the web chat's table."""
    return float(Decimal(str(value)))


def estimate_payload(estimate: Dict[str, Any]) -> Dict[str, Any]:
    """The estimate for the web chat (contract C3): its items as rows, who pays what as the split."""
    standards = estimate["standards"]
    year = f" {standards['statistical_year']} 年度" if standards["statistical_year"] else ""
    return {
        "type": "settlement_estimate",
        "title": f"赔偿估算（{standards['region']}{year}标准）",
        "rows": [{"label": item["name"], "amount": amount(item["amount"])} for item in estimate["items"]],
        "split": [
            {"label": "交强险", "amount": amount(estimate["compulsory"]["paid"])},
            {"label": "商业险", "amount": amount(estimate["commercial"]["paid"])},
            {"label": "责任方自付", "amount": amount(estimate["liable_party_pays"])},
            {"label": "您自己承担", "amount": amount(estimate["victim_bears"])},
        ],
        "note": estimate["disclaimer"],
    }


def known_facts(tracker: Tracker) -> Dict[str, Any]:
    """The estimator's facts as the slots hold them, whether asked by the form or said unasked."""
    return {slot: tracker.get_slot(slot) for slot in (*ESTIMATE_CHECKERS, "mat_death", "est_occupation")}


async def fetch_estimate(dispatcher: CollectingDispatcher, slots: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """The API's estimate; a region without standards falls back to national and says so; None when it is down."""
    client = ClaimsApiClient()
    try:
        try:
            return await client.estimate_settlement(estimate_request(slots, slots["est_region"]))
        except ClaimsApiRejected as rejected:
            if rejected.code != "region_not_found":
                raise
            dispatcher.utter_message(text=REGION_FALLBACK.format(region=slots["est_region"]))
            return await client.estimate_settlement(estimate_request(slots, None))
    except (ClaimsApiUnavailable, ClaimsApiRejected):
        dispatcher.utter_message(text=ESTIMATE_DOWN)
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
        dispatcher.utter_message(text=describe_computation(estimate))
        dispatcher.utter_message(text=STILL_COUNTS_DEATH if case["mat_death"] else STILL_COUNTS_DISABILITY)
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
        dispatcher.utter_message(text=describe_estimate(estimate))
        # Rasa's socket.io channel emits a custom payload's keys as emit() arguments: "data" is what the page receives.
        dispatcher.utter_message(json_message={"data": estimate_payload(estimate)})
        return []
