"""Facts of an accident said in words, in whatever order the caller says them (pure functions).

`stated_facts` reads everything a message states: who drove, who reports, the police, the injuries and hospital, the
vehicle, and the injured person's inpatient stay, lost income, nursing, disability and death. The bot's NLU emits these
as entities (bot/nlu/extractors.py), so any form takes them from any message; the co-pilot's intake sheet reads the
same facts (api/domain/intake.py).
"""

import re
from typing import Any, Dict, Optional, Sequence

from text_rules.answers import is_question

# The values these facts stand for in a report and on the agents' intake sheet.
NO_INJURIES = "无人受伤"
NOT_TO_HOSPITAL = "未送医"
SELF_DRIVER = "报案人本人"
NO_DAMAGE = "没有明显损坏"

POLICE_NOT_CALLED = re.compile(r"(?:没有?|未|还没有?)(?:报警|报交警|报122|报110|打122|打110)")
# A statement that the police were called, not a question about it ("要不要报警" says nothing).
POLICE_CALLED = re.compile(
    r"(?:已经?|刚|也)报(?:了)?(?:警|交警|122|110)|报了(?:警|交警|122|110)|报(?:警|交警)了|报过(?:警|交警)"
    r"|(?:打|拨)(?:了|过)(?:122|110)|(?:交警|警察)(?:已经|都|刚)?(?:来了|到了|来过|在现场|处理|出警|定责|认定|说|判)|出警了"
)
# About everybody: "我没受伤" says nothing of the others in the accident.
NOBODY_HURT = re.compile(r"没有?人受伤|无人受伤|没人伤|都没有?受伤|人?都没事|人没事")
# The whole answer to "有人受伤吗？" says no ("没有", "无", "没有人受伤了").
NO_INJURY_ANSWER = re.compile(r"^(?:没有?|无)人?(?:受伤)?[了的啊呀。！!]*$")
NOT_TAKEN_TO_HOSPITAL = re.compile(r"没有?(?:去|送|上)?医院|没有?(?:送|去)医|未送医|不用去医院")
NO_DAMAGE_SAID = re.compile(r"车(?:子)?没(?:什么)?事|车没坏|车辆无损|车没有损坏")
# The whole answer to "车辆损坏得怎么样？" says there is none ("没有", "没坏").
NO_DAMAGE_ANSWER = re.compile(r"(?:没有?|无)(?:损坏|坏)?[了的。]*")
SELF_DRIVING = re.compile(r"我(?:自己)?开的|我(?:自己)?开车|本人驾驶")
# The whole answer to "开车的驾驶员叫什么名字？" says it was the claimant ("我", "我自己开的").
SELF_DRIVER_ANSWER = re.compile(r"^(?:就是)?(?:我|我自己|本人|自己)(?:开的|开车)?$")


def police_called(text: str) -> Optional[bool]:
    """False when the text says the police were not called, True when it says they were, None when it says neither."""
    if POLICE_NOT_CALLED.search(text):
        return False
    return True if POLICE_CALLED.search(text) else None


def says_nobody_hurt(text: str) -> bool:
    """Whether the text says that nobody was hurt ("没有人受伤", "人都没事")."""
    return NOBODY_HURT.search(text) is not None


def answers_nobody_hurt(answer: str) -> bool:
    """Whether an answer to "was anybody hurt?" says no, in a word or a sentence."""
    return NO_INJURY_ANSWER.match(answer) is not None or says_nobody_hurt(answer)


def says_not_taken_to_hospital(text: str) -> bool:
    """Whether the text says the injured person did not go to hospital ("没送医院", "不用去医院")."""
    return NOT_TAKEN_TO_HOSPITAL.search(text) is not None


def says_self_driving(text: str) -> bool:
    """Whether the text says the speaker was driving ("我自己开的")."""
    return SELF_DRIVING.search(text) is not None


def answers_self_driver(answer: str) -> bool:
    """Whether an answer to "who was driving?" names the speaker ("我", "就是我开的")."""
    return SELF_DRIVER_ANSWER.match(answer) is not None


def says_no_damage(text: str) -> bool:
    """Whether the text says the vehicle is not damaged ("车没事")."""
    return NO_DAMAGE_SAID.search(text) is not None


def answers_no_damage(answer: str) -> bool:
    """Whether an answer to "how badly is the vehicle damaged?" says it is not."""
    return NO_DAMAGE_ANSWER.fullmatch(answer) is not None


# "…，我要报案", or 报案 as a clause of its own ("报案，交警已经到了").
REPORT_REQUEST = re.compile(
    r"(?:我要|我想|想|要|帮我|给我|现在)报(?:个|一下)?案(?!号|了|过)|(?:^|[，,。\s])报案(?=[，,。！!\s]|$)"
)
# A report already made ("我之前报过案", "已经报了案"): the claimant is back about that claim, not reporting again.
REPORT_MADE = re.compile(
    r"报过案|报过了?案|已经报(?:了)?案|报了案|之前报的案|(?:之前|以前|上次|前几天)(?:在这里?)?报(?:过|了)"
)
# A name as the clause's last word ("我叫李强，…", "司机是王芳").
NAME = r"([\u4e00-\u9fa5·]{1,4})(?=[,，。;；!！?？\s]|$)"
DRIVER_NAMED = re.compile(rf"(?:司机|驾驶员|开车的)(?:是|叫){NAME}")
REPORTER_NAMED = re.compile(rf"(?:我叫|我姓|我的名字是|我的名字叫|报案人是|报案人叫){NAME}")
CLAUSE_BREAK = re.compile(r"[,，。;；!！?？\s]+")
# A clause about a cost, a rule or a procedure asks about it ("伤残赔偿标准", "住院期间误工费"), whatever its words.
TOPIC_WORDS = re.compile(r"费|赔|标准|流程|规定|手续|材料|期限|时效|办法|如何|还是|该找|不服")
ACCIDENT = re.compile(
    r"追尾|相撞|撞了|撞到|被撞|撞上|撞倒|刮蹭|剐蹭|蹭了|碰撞|翻车|侧翻|碾压|闯红灯|变道|倒车|撞墙|撞护栏"
)
# Someone hurt; "伤残" names an assessment or its compensation, not an injury.
INJURY = re.compile(r"伤(?!残)|血|骨折|昏迷|不省人事|起不来|死亡|身亡|去世")
DAMAGE = re.compile(r"撞坏|坏了|凹|变形|碎|刮花|划痕|掉了|保险杠|车门|大灯|后视镜|车损|受损")
DEATH_WORDS = ("去世", "死亡", "身亡", "死了", "过世", "遇难", "人没了", "没抢救过来", "抢救无效", "没救过来", "不在了")
# The five liability levels of a 事故认定书, from all to none; the first four put the vehicle at fault.
LIABILITIES = ("全责", "主责", "同责", "次责", "无责")
AT_FAULT, NO_FAULT = LIABILITIES[:4], LIABILITIES[4]
# How each level is said; "没有责任认定书" names the paper, not a level.
LIABILITY_WORDS = {
    "全责": re.compile(r"全责|全部责任"),
    "主责": re.compile(r"主责|主要责任"),
    "同责": re.compile(r"同责|同等责任"),
    "次责": re.compile(r"次责|次要责任"),
    "无责": re.compile(r"无责|(?:没有?|无)责任(?!认定|书)"),
}
# Someone will not advance the hospital costs ("对方保险公司不给垫付", "车主拒绝垫付"): the insurer, or else the driver.
ADVANCE_REFUSED = re.compile(r"(?:不给我?|不肯|不愿意?|拒绝|拒不|不同意|不)(?:先)?(?:垫付|垫钱|垫)(?!付?通知)")
INSURER_WORDS = re.compile(r"保险")
# Said of the other vehicle: it has no 交强险 ("对方没买交强险", "交强险过期了").
NO_COMPULSORY = re.compile(r"(?:没有?|没买|没上|未投保|无)(?:买|上|投保)?了?交强险|交强险(?:没有?|没买|过期|脱保)")
# An injury a person must look at at once: the report is handed over (actions/reporting.py).
SEVERE_WORDS = (
    "昏迷",
    "不省人事",
    "大出血",
    "流了很多血",
    "流很多血",
    "没有呼吸",
    "没呼吸",
    "没意识",
    "抢救",
    "重伤",
    "很严重",
    "ICU",
    "重症",
)
# Statements, not the names of cost items: "住院了" states a stay, "住院费" and "误工费标准" only name a cost.
WENT_TO_HOSPITAL = re.compile(
    r"住院(?!费)|住着院|送(?:到|去|进)了?.{0,12}医院|在.{0,12}医院|去了.{0,12}医院|送医|急诊|抢救"
)
NOT_INPATIENT = re.compile(r"没有?住院|不用住院|不需要住院|只(?:看了|去了|是)?门诊|没住")
INPATIENT = re.compile(r"住院(?!费|期间|天数|标准)|住了.{0,4}(?:天|周|星期|个月)|住着院")
NO_LOST_INCOME = re.compile(r"没有?误工|不影响(?:上班|工作)|没(?:有)?工作|无业|退休了?|还在上学|是学生")
# A job, by its name ("她是超市收银员", "我爸是个农民") or by what the person does ("我是送外卖的", "他是开出租的"):
# the claims API reads its trade's wage (api/domain/data/occupation_trades.csv).
JOB = re.compile(
    r"(?:是|当|做|干)(?:个|一个|一名)?"
    r"([\u4e00-\u9fa5]{0,6}?(?:员|工人|师傅|司机|老师|医生|护士|会计|老板|个体户|农民|厨师|保安|保姆|店主|工程师))(?!费)"
    r"|是((?:送|跑|开|种|搞|做|干|摆|卖|修|拉|养)[^\s，。,.!?！？、的了着到去进回过撞被我你他她]{1,4}?)的"
)
# An income that cannot be shown as a monthly figure: the estimate takes the trade's average wage instead (解释第7条).
INCOME_NOT_FIXED = "不固定"
NO_FIXED_INCOME = re.compile(
    r"(?:收入|工资)(?:也|都)?不固定|没有?固定(?:的)?(?:收入|工资)|没有?(?:工资|收入)(?:流水|证明|条)|^不固定"
)
# Lost income, or a job the injury keeps the person from.
LOST_INCOME = re.compile(
    r"有误工|误工了|误工(?:一|两|三|四|五|六|七|八|九|十|半|\d)|上不了班|没法上班|不能上班|请了?假|扣了?工资|少了收入|没了收入|停工了"
    rf"|{JOB.pattern}"
)
NO_NURSING = re.compile(r"不(?:用|需要)(?:人)?(?:护理|陪护|照顾)|没有?请护工")
NURSING = re.compile(r"请了?护工|(?:要|需要|得)人?(?:护理|陪护|照顾)|(?:在|家人|老婆|老公|儿子|女儿)(?:陪护|护理|照顾)")
# An assessment made or under way, not a question about one ("伤残怎么赔" asks; "评了九级伤残" states).
DISABILITY = re.compile(
    r"(?:评|鉴定|定)(?:了|为|成|出)?.{0,2}(?:级|伤残)|[一二三四五六七八九十\d]级伤残|伤残[一二三四五六七八九十\d]级|做了?伤残鉴定"
)
# What a number of days or an amount is, by the words just before it ("住院15天", "误工三个月", "医药费花了三万",
# "月收入五千", "医院让先交两万").
VALUE_KINDS = {
    "duration_days": (
        (re.compile(r"(?:住院|住了|住院了|住院治疗)$"), "hospital_days"),
        (re.compile(r"(?:误工|休息|休养|请假|歇|歇了|没上班|停工)了?$"), "lost_days"),
        (re.compile(r"(?:护理|陪护|护工)了?$"), "nursing_days"),
    ),
    "money": (
        (
            re.compile(r"(?:医药费|医疗费|治疗费|看病)(?:一共|总共|共)?(?:花了|用了|花|是)?(?:大概|差不多|将近)?$"),
            "medical_cost",
        ),
        (
            re.compile(r"(?:月收入|月薪|工资|每个?月|一个月)(?:能)?(?:挣|赚|拿|收入|有|是)?(?:大概|差不多)?$"),
            "monthly_income",
        ),
        (
            re.compile(r"(?:要|让|需要|得|催着?)(?:我们?)?(?:先)?(?:交|缴|付)(?:押金)?$|押金(?:要)?$"),
            "hospital_deposit",
        ),
    ),
}


# The same, said the other way round ("花了3万医药费", "请了20天假", "20天没上班").
VALUE_KINDS_AFTER = {
    "duration_days": ((re.compile(r"的?(?:假|病假)|(?:都)?没(?:有|去)?上班|没干活"), "lost_days"),),
    "money": ((re.compile(r"(?:元|块钱|块)?(?:的)?(?:医药费|医疗费|治疗费|药费)"), "medical_cost"),),
}


def liability_named(text: str) -> Optional[str]:
    """The liability level the text names ("对方全责", "我次要责任", "同等责任"), or None."""
    return next((label for label in LIABILITIES if LIABILITY_WORDS[label].search(text)), None)


def says_no_fixed_income(text: str) -> bool:
    """Whether the text says the income is not fixed or cannot be shown ("没有工资流水", "收入不固定")."""
    return NO_FIXED_INCOME.search(text) is not None


def advance_refused_by(text: str) -> Optional[str]:
    """ "insurer" or "driver" when the text says that one refuses to advance the costs; None when nobody refuses."""
    if not ADVANCE_REFUSED.search(text):
        return None
    return "insurer" if INSURER_WORDS.search(text) else "driver"


def says_no_compulsory(text: str) -> bool:
    """Whether the text says the vehicle has no 交强险."""
    return NO_COMPULSORY.search(text) is not None


def injury_severity(injuries: Optional[str]) -> Optional[str]:
    """ "fatal" or "critical" when the claimant's words say so; None otherwise."""
    if not injuries:
        return None
    if any(word in injuries for word in DEATH_WORDS):
        return "fatal"
    if any(word in injuries for word in SEVERE_WORDS):
        return "critical"
    return None


def _statements(text: str) -> Sequence[str]:
    """The clauses of the text that state something rather than ask about it."""
    return [clause for clause in CLAUSE_BREAK.split(text) if clause and not asks(clause)]


def asks_to_report(text: str) -> bool:
    """Whether the text asks to report the accident ("…，我要报案"), not about a report already made ("报案号")."""
    return REPORT_REQUEST.search(text) is not None


def says_report_made(text: str) -> bool:
    """Whether the text says the accident was already reported ("我之前报过案")."""
    return REPORT_MADE.search(text) is not None


def asks(text: str) -> bool:
    """Whether the text asks something: a question, or a search for a cost, rule or procedure."""
    return is_question(text) or TOPIC_WORDS.search(text) is not None


def _clauses_matching(clauses: Sequence[str], pattern: "re.Pattern[str]") -> Optional[str]:
    """The clauses in which the pattern is found, joined; None when it is found in none."""
    return "，".join(clause for clause in clauses if pattern.search(clause)) or None


def _either(text: str, no: "re.Pattern[str]", yes: "re.Pattern[str]") -> Optional[bool]:
    """False when the text says no, True when it says yes, None when it says neither."""
    if no.search(text):
        return False
    return True if yes.search(text) else None


def value_kind(entity: str, before: str, after: str = "") -> Optional[str]:
    """What a duration or an amount stands for, by the words just before it or else just after; None when neither says."""
    found = (kind for pattern, kind in VALUE_KINDS.get(entity, ()) if pattern.search(before.rstrip()))
    found_after = (kind for pattern, kind in VALUE_KINDS_AFTER.get(entity, ()) if pattern.match(after.lstrip()))
    return next(found, None) or next(found_after, None)


def stated_facts(text: str) -> Dict[str, Any]:
    """Every fact the text states, by report field or injured-person fact; questions in it state nothing."""
    clauses = _statements(text)
    statements = "，".join(clauses)
    driver = DRIVER_NAMED.search(statements)
    reporter = REPORTER_NAMED.search(statements)
    job = JOB.search(statements)
    injured = None if says_nobody_hurt(statements) else _clauses_matching(clauses, INJURY)
    facts: Dict[str, Any] = {
        "driver_name": SELF_DRIVER if says_self_driving(statements) else driver and driver.group(1),
        "reporter_name": reporter and reporter.group(1),
        "accident_description": _clauses_matching(clauses, ACCIDENT),
        "police_reported": police_called(statements),
        "injuries": NO_INJURIES if says_nobody_hurt(statements) else injured,
        "taken_to_hospital": _either(statements, NOT_TAKEN_TO_HOSPITAL, WENT_TO_HOSPITAL),
        "vehicle_damage": NO_DAMAGE if says_no_damage(statements) else _clauses_matching(clauses, DAMAGE),
        "inpatient": _either(statements, NOT_INPATIENT, INPATIENT),
        "lost_income": _either(statements, NO_LOST_INCOME, LOST_INCOME),
        "occupation": job and (job.group(1) or job.group(2)),
        "monthly_income": INCOME_NOT_FIXED if says_no_fixed_income(statements) else None,
        "nursing": _either(statements, NO_NURSING, NURSING),
        "disability": True if DISABILITY.search(statements) else None,
        "death": True if any(word in statements for word in DEATH_WORDS) else None,
    }
    return {name: value for name, value in facts.items() if value is not None}
