"""The deadlines after an accident, from the accident time and what was done (docs/domain-rules.md §5)."""

from datetime import date, datetime, time, timedelta

from api.schemas.deadlines import SHANGHAI, Deadline, DeadlineFacts

INSURER_NOTICE = timedelta(hours=48)
REVIEW_WORKING_DAYS = 3
TORT_LIMITATION_YEARS = 3
INSURER_LIMITATION_YEARS = 2
SATURDAY = 5

POLICE_CONSEQUENCE = (
    "有人受伤的事故应当立即报警。没有交警的事故认定，事后很难说清责任，理赔时也会缺少事故认定书；"
    "还没有报警的，请尽快拨打122。"
)
INSURER_CONSEQUENCE = (
    "48小时是商业险保险合同的约定，法律只要求“及时通知”。晚报不会因此被直接拒赔：只有故意或者因重大过失"
    "没有及时通知，导致事故性质、原因、损失程度等无法确定的，保险公司对无法确定的部分才可以不赔；"
    "保险公司已经通过交警或医院知道事故的，不受影响。还没报案的，仍建议尽快联系保险公司。"
)
REVIEW_CONSEQUENCE = (
    "对事故认定书有异议的，可以在收到之日起3日内（指工作日）向上一级交警部门书面申请复核，只能申请一次。"
    "这里的截止时间只跳过了周末，没有算法定节假日，请以交警告知为准。过了期限不能再申请复核，"
    "但在调解或诉讼中仍可以提出证据。"
)
TORT_CONSEQUENCE = (
    "一般从知道受到损害和知道谁应当赔偿之日起计算，这里按事故日估算；伤情需要鉴定的，起算时间可能不同。"
    "超过时效，对方可以拒绝赔偿。起诉、向对方提出赔偿要求、对方同意赔偿等，会使时效中断并重新计算。"
)
INSURER_LIMITATION_CONSEQUENCE = (
    "从知道保险事故发生之日起计算，超过时效，保险公司可以拒绝赔偿。向保险公司提出索赔等，会使时效中断并重新计算。"
)


def end_of_day(day: date) -> datetime:
    """The last second of a day in Beijing time: a period counted in days ends at 24:00 (民法典第203条)."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=SHANGHAI)


def years_later(day: date, years: int) -> date:
    """The same date some years later; 29 February becomes 28 February (民法典第202条)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def working_days_later(day: date, count: int) -> date:
    """Count working days from the day after, skipping weekends (public holidays are not known here)."""
    while count:
        day += timedelta(days=1)
        if day.weekday() < SATURDAY:
            count -= 1
    return day


def _deadline(
    code: str,
    title: str,
    due_at: datetime | None,
    now: datetime,
    done: bool,
    not_applicable: bool,
    consequence: str,
    legal_basis: str,
) -> Deadline:
    remaining_hours = None if due_at is None else round((due_at - now).total_seconds() / 3600, 1)
    if not_applicable:
        status = "not_applicable"
    elif done:
        status = "done"
    else:
        status = "overdue" if now > due_at else "open"
    return Deadline(
        code=code,
        title=title,
        due_at=due_at,
        remaining_hours=remaining_hours,
        status=status,
        consequence=consequence,
        legal_basis=legal_basis,
    )


def compute_deadlines(facts: DeadlineFacts, now: datetime) -> list[Deadline]:
    """The five deadlines with their due time, the hours left and their status at `now`."""
    accident = facts.accident_time
    now = now.astimezone(SHANGHAI)
    received = facts.liability_report_received_at
    return [
        _deadline(
            "police_report",
            "报警（122）",
            accident,
            now,
            done=facts.police_reported,
            not_applicable=False,
            consequence=POLICE_CONSEQUENCE,
            legal_basis="道路交通安全法第70条：发生人身伤亡的，应当立即报警。",
        ),
        _deadline(
            "insurer_notice_48h",
            "通知保险公司（商业险条款约定48小时内）",
            accident + INSURER_NOTICE,
            now,
            done=facts.insurer_notified,
            not_applicable=facts.insurer_knew_via_police_or_hospital and not facts.insurer_notified,
            consequence=INSURER_CONSEQUENCE,
            legal_basis="保险法第21条；交强险条款第16条；商业车险示范条款（2014版）第13、30、45条。",
        ),
        _deadline(
            "liability_review_3d",
            "对事故认定书申请复核（3日内）",
            None if received is None else end_of_day(working_days_later(received.date(), REVIEW_WORKING_DAYS)),
            now,
            done=False,
            not_applicable=received is None,
            consequence=REVIEW_CONSEQUENCE,
            legal_basis="道路交通事故处理程序规定（公安部令第146号）第71条；“三日”指工作日（第112条）。",
        ),
        _deadline(
            "limitation_tort_3y",
            "向对方（侵权人）要求赔偿的诉讼时效（3年）",
            end_of_day(years_later(accident.date(), TORT_LIMITATION_YEARS)),
            now,
            done=False,
            not_applicable=False,
            consequence=TORT_CONSEQUENCE,
            legal_basis="民法典第188条、第195条。",
        ),
        _deadline(
            "limitation_insurer_2y",
            "被保险人向保险公司请求赔偿的诉讼时效（2年）",
            end_of_day(years_later(accident.date(), INSURER_LIMITATION_YEARS)),
            now,
            done=False,
            not_applicable=False,
            consequence=INSURER_LIMITATION_CONSEQUENCE,
            legal_basis="保险法第26条；民法典第195条。",
        ),
    ]
