"""Find structured entities in Chinese text and normalise their values (pure functions)."""

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Callable, Iterator, List, Optional
from zoneinfo import ZoneInfo

import cn2an
import jionlp

from text_rules.identifiers import CLAIM_NUMBER_FORMAT, PROVINCE_PREFIXES
from text_rules.months import month_mention

SHANGHAI = ZoneInfo("Asia/Shanghai")

PLATE = re.compile(
    rf"(?<![A-Za-z0-9])([{PROVINCE_PREFIXES}])\s*([A-HJ-NP-Za-hj-np-z])\s*[·•.\-\s]?\s*"
    r"([A-HJ-NP-Za-hj-np-z0-9]{5,6}|[A-HJ-NP-Za-hj-np-z0-9]{4}[挂学警港澳])(?![A-Za-z0-9])"
)
MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)[\s\-]?(\d{4})[\s\-]?(\d{4})(?!\d)")
LANDLINE = re.compile(r"(?<!\d)(0\d{2,3})-(\d{7,8})(?!\d)")
CLAIM_NUMBER = re.compile(rf"(?<![A-Za-z0-9])({CLAIM_NUMBER_FORMAT})(?!\d)", re.IGNORECASE)
CHINESE_NUMBER = "零〇一二两三四五六七八九十百千万亿点"
NUMBER = rf"(?:\d+(?:\.\d+)?[{CHINESE_NUMBER}]*|[{CHINESE_NUMBER}]+)"
MONEY = re.compile(rf"({NUMBER})\s*(元|块钱|块|万元|万块|万|千元|千块|千)(?:[{CHINESE_NUMBER}]|\d)?")
AGE = re.compile(rf"({NUMBER})\s*(?:周岁|岁)")
DISABILITY_GRADE = re.compile(
    r"(?:伤残\s*([一二三四五六七八九十]|10|[1-9])\s*级|([一二三四五六七八九十]|10|[1-9])\s*级\s*伤残)"
)
# A whole message that is only a grade ("九级") answers the grade question.
DISABILITY_GRADE_ALONE = re.compile(r"^\s*([一二三四五六七八九十]|10|[1-9])\s*级\s*$")
HOSPITAL = re.compile(r"([\u4e00-\u9fa5A-Za-z0-9]{2,16}?(?:医院|卫生院|医疗中心|急救中心|诊所))")
PLACE_SUFFIXES = "路口|交叉口|大道|大街|街道|高架|高速|公路|国道|省道|立交|大桥|隧道|辅路|环路|收费站|服务区|停车场|小区|广场|县城|路|街|巷|桥|村|镇|乡|区|县"
# A place is named after 在/于/地点是 and ends with a road, landmark or district word ("在南京中山路和北京路路口",
# "在杭州西湖区"): a claimant who names only the district has answered "where?" as well as they can.
PLACE = re.compile(
    rf"(?:在|于|地点是|地点在|位置在|位置是)\s*([^\s，。,.!?！？、的了着在我你他她]{{2,20}}?(?:{PLACE_SUFFIXES})"
    rf"(?:[^\s，。,.!?！？、的了着在我你他她被]{{0,4}}?(?:{PLACE_SUFFIXES})){{0,2}})"
)
# A whole answer that is a place: "成都武侯区人民南路" given to "事故发生在哪里？".
PLACE_ALONE = re.compile(rf"^\s*([^\s，。,.!?！？、]{{1,20}}?(?:{PLACE_SUFFIXES}))\s*[。.!！]?\s*$")
# Words that end a hospital name when read backwards from 医院: verbs and particles around it.
HOSPITAL_BREAKERS = set("在到去送进住往是了的和跟从把被给我他她们现还已正就都")
DAY_UNITS = {"year": 365, "month": 30, "day": 1}
# Words for the moment of speaking: "现在报案还来得及吗" says nothing about when the accident was.
SPEAKING_TIME_WORDS = {"现在", "目前", "此刻", "当前", "如今", "眼下", "这会儿"}
# A time that names a day ("昨天", "前天下午", "上周五", "12月1号") and one that reads a clock ("晚上八点", "三点半左右"):
# "昨天，大概晚上八点" is one moment, which the time parser reads as two, the clock on today's date.
NAMES_A_DAY = re.compile(r"[天日号昨今明周月年]|前晚|前夜|星期|礼拜")
READS_A_CLOCK = re.compile(r"[点时:：]")
UNIT_WORDS = {"万": 10_000, "千": 1_000}
# Days counted since the accident ("出车祸三天了", "被撞两天了"): the accident's day, not a stay or time off work.
SINCE_THE_ACCIDENT = re.compile(r"(?:车祸|被撞|被车撞|撞了|出事|出了事|事故)(?:已经|都|到现在|有)?(?:过去|过了)?$")
ELAPSED_TAIL = re.compile(r"多?了")


@dataclass(frozen=True)
class Entity:
    """An entity found in the text, with its normalised value."""

    entity: str
    start: int
    end: int
    value: object


def parse_chinese_number(text: str) -> Optional[float]:
    """Parse '三万五', '3.5万', '十五', '72' into a number; None when it is not one."""
    try:
        return float(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError, IndexError):
        return None


def find_money(text: str) -> Iterator[Entity]:
    """Money amounts: '三万五' and '3.5万元' are 35000, '12000块' is 12000."""
    for match in MONEY.finditer(text):
        number, unit = match.group(1), match.group(2)
        trailing = match.group(0)[match.end(2) - match.start(0) :]
        if unit[0] in UNIT_WORDS:
            value = parse_chinese_number(number + unit[0] + trailing)
        else:
            value = parse_chinese_number(number)
        if value is not None and value > 0:
            yield Entity("money", match.start(), match.end(), round(value))


def find_plates(text: str) -> Iterator[Entity]:
    """Licence plates, 7 characters or 8 for new-energy vehicles, without separators."""
    for match in PLATE.finditer(text):
        plate = "".join(match.groups()).upper()
        yield Entity("plate_number", match.start(), match.end(), plate)


def find_phones(text: str) -> Iterator[Entity]:
    """Mobile numbers (spaces or dashes allowed) and landlines with an area code."""
    for pattern in (MOBILE, LANDLINE):
        for match in pattern.finditer(text):
            yield Entity("phone", match.start(), match.end(), "".join(match.groups()))


def find_claim_numbers(text: str) -> Iterator[Entity]:
    """Claim numbers issued by the claims API (RPT + 14 digits)."""
    for match in CLAIM_NUMBER.finditer(text):
        yield Entity("claim_number", match.start(), match.end(), match.group(1).upper())


def find_ages(text: str) -> Iterator[Entity]:
    """Ages given in years ('六十五岁', '72周岁')."""
    for match in AGE.finditer(text):
        age = parse_chinese_number(match.group(1))
        if age is not None and 0 < age <= 120 and age == int(age):
            yield Entity("age", match.start(), match.end(), int(age))


def find_disability_grades(text: str) -> Iterator[Entity]:
    """Disability grades 1 to 10 ('十级伤残', '伤残9级', or a message that is only '九级')."""
    for match in list(DISABILITY_GRADE.finditer(text)) or list(DISABILITY_GRADE_ALONE.finditer(text)):
        grade = parse_chinese_number(next(group for group in match.groups() if group))
        if grade is not None and 1 <= grade <= 10:
            yield Entity("disability_grade", match.start(), match.end(), int(grade))


def find_hospitals(text: str) -> Iterator[Entity]:
    """Hospital names, trimmed of the verbs and particles that precede them."""
    for match in HOSPITAL.finditer(text):
        name = match.group(1)
        cut = max((i + 1 for i, char in enumerate(name[:-2]) if char in HOSPITAL_BREAKERS), default=0)
        name = name[cut:]
        if len(name) > len("医院"):
            yield Entity("hospital", match.end() - len(name), match.end(), name)


def find_places(text: str) -> Iterator[Entity]:
    """Accident places: what follows 在/地点是 up to a road or landmark word, or a whole message naming one."""
    matches = list(PLACE.finditer(text)) or list(PLACE_ALONE.finditer(text))
    for match in matches:
        yield Entity("place", match.start(1), match.end(1), match.group(1))


JIONLP_DIRECTORY = str(Path(jionlp.__file__).parent)


class _JionlpTracebacks(logging.Filter):
    """Drops the tracebacks jionlp logs on the root logger for a phrase it tries and then skips ("每周去")."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.pathname.startswith(JIONLP_DIRECTORY)


JIONLP_TRACEBACKS = _JionlpTracebacks()


def _parsed_times(text: str, now: datetime) -> List[dict]:
    # Without the filter an ordinary message such as "我每周去医院换药" puts an ERROR traceback in the server's log.
    root = logging.getLogger()
    root.addFilter(JIONLP_TRACEBACKS)
    try:
        return jionlp.ner.extract_time(text, time_base=now.astimezone(SHANGHAI).replace(tzinfo=None), with_parsing=True)
    finally:
        root.removeFilter(JIONLP_TRACEBACKS)


def _day_then_clock(day: dict, clock: dict, now: datetime) -> Optional[dict]:
    """The one moment of a day followed by a clock time without one ("昨天" … "晚上八点"), found at the clock."""
    if not (
        day["type"] == clock["type"] == "time_point"
        and NAMES_A_DAY.search(day["text"])
        and not READS_A_CLOCK.search(day["text"])
        and READS_A_CLOCK.search(clock["text"])
        and not NAMES_A_DAY.search(clock["text"])
    ):
        return None
    together = _parsed_times(day["text"] + clock["text"], now)
    if len(together) != 1 or together[0]["type"] != "time_point":
        return None
    return {**together[0], "text": clock["text"], "offset": clock["offset"]}


def _with_days_carried(times: List[dict], now: datetime) -> List[dict]:
    """The parsed times, each clock time that follows a day on its own taken as that day's."""
    carried: List[dict] = []
    for found in times:
        joined = _day_then_clock(carried[-1], found, now) if carried else None
        if joined:
            carried[-1] = joined
        else:
            carried.append(found)
    return carried


def _days_ago(text: str, start: int, end: int, units: dict, now: datetime) -> Optional[Entity]:
    """The day of the accident from the days since it ("出车祸三天了"); None for any other span of days."""
    if set(units) - {"day"} or not SINCE_THE_ACCIDENT.search(text[:start]) or not ELAPSED_TAIL.match(text[end:]):
        return None
    day = (now.astimezone(SHANGHAI) - timedelta(days=units["day"])).replace(hour=0, minute=0, second=0, microsecond=0)
    return Entity("time", start, end, day.isoformat())


def _time_entities(text: str, now: datetime) -> Iterator[Entity]:
    for found in _with_days_carried(_parsed_times(text, now), now):
        start, end = found["offset"]
        detail = found["detail"]
        if found["type"] == "time_point" and found["text"] not in SPEAKING_TIME_WORDS:
            moment = datetime.strptime(detail["time"][0], "%Y-%m-%d %H:%M:%S").replace(tzinfo=SHANGHAI)
            yield Entity("time", start, end, moment.isoformat())
        elif found["type"] == "time_delta" and isinstance(detail["time"], dict):
            days = sum(DAY_UNITS.get(unit, 0) * amount for unit, amount in detail["time"].items())
            accident_day = _days_ago(text, start, end, detail["time"], now)
            if accident_day:
                yield accident_day
            elif days >= 1:
                yield Entity("duration_days", start, end, int(days))


FINDERS: List[Callable[[str], Iterator[Entity]]] = [
    find_claim_numbers,
    find_plates,
    find_phones,
    find_money,
    find_ages,
    find_disability_grades,
    find_hospitals,
    find_places,
]


def _overlaps(entity: Entity, taken: List[Entity]) -> bool:
    return any(entity.start < other.end and other.start < entity.end for other in taken)


def _month_entity(text: str, now: datetime) -> Optional[Entity]:
    mention = month_mention(text, now.astimezone(SHANGHAI).date())
    return Entity("accident_month", *mention) if mention else None


def find_entities(text: str, now: datetime) -> List[Entity]:
    """All structured entities in `text`; earlier finders win where spans overlap."""
    found: List[Entity] = []
    for finder in FINDERS:
        found.extend(e for e in finder(text) if not _overlaps(e, found))
    times = list(_time_entities(text, now))
    # A month ("上个月") gives way to a time point containing it ("上个月十号") and beats the duration its name can be
    # read as ("三月份" is March, not 90 days).
    month = _month_entity(text, now)
    if month and not _overlaps(month, found + [e for e in times if e.entity == "time"]):
        found.append(month)
    found.extend(e for e in times if not _overlaps(e, found))
    return sorted(found, key=lambda e: e.start)
