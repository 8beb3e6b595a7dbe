"""Repairing a conversation through the REST channel: typed yes/no, pauses, no loops, corrections, resumption."""

import os
from datetime import datetime, time, timedelta

import httpx

from tests.e2e.conftest import SHANGHAI, say

TIME_QUESTION = "事故是什么时候发生的？"
PLACE_QUESTION = "事故发生在哪里？"
DRIVER_QUESTION = "出事时开车的驾驶员叫什么名字？"
PLATE_QUESTION = "出事车辆的车牌号是多少？"
DESCRIPTION_QUESTION = "请简单说一下事故经过"


def start_report(rasa_url, sender):
    """A report up to the plate question."""
    assert say(rasa_url, sender, "我要报案")[-1].startswith(TIME_QUESTION)
    assert say(rasa_url, sender, "昨天晚上八点在南京中山路")[-1].startswith(DRIVER_QUESTION)
    assert say(rasa_url, sender, "王强")[-1].startswith(PLATE_QUESTION)


def test_a_claimant_who_types_short_answers_can_confirm_a_report(system):
    rasa_url, _, _ = system
    sender = "e2e-repair-typed"
    start_report(rasa_url, sender)
    assert say(rasa_url, sender, "苏A12345")[-1].startswith(DESCRIPTION_QUESTION)
    assert say(rasa_url, sender, "我在路口直行，被右边的车撞了")[-1].startswith("报警了吗？")
    assert say(rasa_url, sender, "是的")[-1].startswith("有人受伤吗？")
    assert say(rasa_url, sender, "我腿骨折了")[-1] == "伤者送医院了吗？"
    assert say(rasa_url, sender, "对")[-1] == "送到了哪家医院？"
    assert say(rasa_url, sender, "南京鼓楼医院")[-1].startswith("车辆损坏得怎么样？")
    assert say(rasa_url, sender, "没有")[-1].startswith("请问您怎么称呼？")
    assert say(rasa_url, sender, "王强")[-1].startswith("最后，请留一个能联系到您的手机号")
    summary = say(rasa_url, sender, "13812345678")[-1]
    assert "是否报警：已报警" in summary and "送医情况：已送南京鼓楼医院" in summary
    assert say(rasa_url, sender, "确认")[0].startswith("报案已经提交，报案号是 RPT")


def test_a_pause_or_a_question_is_not_taken_as_an_answer_and_the_question_comes_back(system):
    rasa_url, _, _ = system
    sender = "e2e-repair-pause"
    start_report(rasa_url, sender)
    assert say(rasa_url, sender, "苏A12345")[-1].startswith(DESCRIPTION_QUESTION)
    replies = say(rasa_url, sender, "等会儿，护士叫我")
    assert replies[0] == "好的，您先忙，回来接着说就行。" and replies[-1].startswith(DESCRIPTION_QUESTION)
    replies = say(rasa_url, sender, "稍等，那个材料都要准备啥？")
    assert replies[0].startswith("理赔材料一般分这几类") and replies[-1].startswith(DESCRIPTION_QUESTION)
    assert say(rasa_url, sender, "我在路口直行，被右边的车撞了")[-1].startswith("报警了吗？")


def test_a_question_is_asked_at_most_twice_then_explained_with_a_way_to_skip(system):
    rasa_url, _, _ = system
    sender = "e2e-repair-loop"
    start_report(rasa_url, sender)
    replies = say(rasa_url, sender, "苏A1234")
    assert replies[0].startswith("车牌号的格式好像不太对。") and replies[-1].startswith(PLATE_QUESTION)
    replies = say(rasa_url, sender, "苏A123")
    assert replies == [
        "车牌号的格式好像不太对。车牌是省份简称加一个字母，再加5位字母或数字（新能源车是6位），比如“苏A12345”。\n"
        "这一项不清楚也没关系，回复“不清楚”就先跳过，后面想起来再告诉我；也可以找人工理赔员帮您。"
    ]
    assert say(rasa_url, sender, "不清楚")[-1].startswith(DESCRIPTION_QUESTION)


def test_an_unremembered_plate_is_recorded_as_unknown(system):
    rasa_url, _, _ = system
    sender = "e2e-repair-skip"
    start_report(rasa_url, sender)
    assert say(rasa_url, sender, "车牌我不记得了")[-1].startswith(DESCRIPTION_QUESTION)


def test_an_earlier_answer_is_corrected_while_the_form_runs(system):
    rasa_url, _, _ = system
    sender = "e2e-repair-correct"
    start_report(rasa_url, sender)
    replies = say(rasa_url, sender, "不对，是前天晚上八点")
    assert replies[0] == "好的，已经改过来了。" and replies[-1].startswith(PLATE_QUESTION)


def test_asking_to_hear_it_again_repeats_the_question(system):
    rasa_url, _, _ = system
    sender = "e2e-repair-repeat"
    assert say(rasa_url, sender, "我要报案")[-1].startswith(TIME_QUESTION)
    assert say(rasa_url, sender, "昨天晚上八点在南京中山路")[-1].startswith(DRIVER_QUESTION)
    assert say(rasa_url, sender, "再说一遍") == ["出事时开车的驾驶员叫什么名字？如果是您自己开的，回复“我”就行。"]


def test_asking_to_hear_it_again_outside_a_form_repeats_the_last_answer(system):
    rasa_url, _, _ = system
    sender = "e2e-repair-repeat-answer"
    answer = say(rasa_url, sender, "超过48小时报案还能赔吗")
    assert answer[0].startswith("先说结论：超过48小时，并不会自动被拒赔。")
    assert say(rasa_url, sender, "能再说一遍吗") == answer


def test_an_offer_heard_again_can_still_be_taken_up(system):
    rasa_url, _, _ = system
    sender = "e2e-repair-repeat-offer"
    answer = say(rasa_url, sender, "医药费谁先垫付")
    assert answer[-1].startswith("需要的话，我现在就帮您把垫付申请记下来")
    assert say(rasa_url, sender, "再说一遍") == answer
    assert say(rasa_url, sender, "要")[-1].startswith("请告诉我您的报案号")


def test_a_time_later_today_is_read_as_yesterday_and_confirmed_not_refused(system):
    rasa_url, _, _ = system
    sender = "e2e-repair-later-today"
    now = datetime.now(SHANGHAI)
    if now.hour <= 21:
        said_time, meant = f"今天{now.hour + 2}点", now - timedelta(days=1)
        day = f"昨天（{meant.month}月{meant.day}日）"
    else:
        said_time, day = "明天凌晨一点", f"今天（{now.month}月{now.day}日）"
    assert say(rasa_url, sender, "我要报案")[-1].startswith(TIME_QUESTION)
    confirmation = say(rasa_url, sender, said_time)
    assert len(confirmation) == 1 and confirmation[0].startswith(f"您是说{day}")
    assert say(rasa_url, sender, "对")[-1].startswith(PLACE_QUESTION)


def test_a_time_over_a_year_ago_is_confirmed_in_words(system):
    rasa_url, _, _ = system
    sender = "e2e-repair-old-time"
    assert say(rasa_url, sender, "我要报案")[-1].startswith(TIME_QUESTION)
    assert say(rasa_url, sender, "2024年5月1日上午八点") == ["您是说2024年5月1日上午八点吗？"]
    assert say(rasa_url, sender, "对")[-1].startswith(PLACE_QUESTION)


def test_an_faq_in_the_middle_of_the_form_then_the_same_question(system):
    rasa_url, _, _ = system
    sender = "e2e-repair-faq"
    start_report(rasa_url, sender)
    replies = say(rasa_url, sender, "误工费怎么算？")
    assert replies[0].startswith("误工费") and replies[-1].startswith(PLATE_QUESTION)


def test_cancel_then_resume_later_with_the_answers_kept(system):
    rasa_url, _, _ = system
    sender = "e2e-repair-resume"
    start_report(rasa_url, sender)
    assert (
        say(rasa_url, sender, "算了，先不报了")[0] == "好的，已经停下了。您之前告诉我的内容不会丢，需要时随时接着办。"
    )
    assert say(rasa_url, sender, "医药费谁先垫付")[0].startswith("医院的钱可以这样解决")
    assert say(rasa_url, sender, "我要报案")[-1].startswith(PLATE_QUESTION)


def test_a_person_at_any_point_of_the_form(system):
    rasa_url, _, _ = system
    sender = "e2e-repair-human"
    start_report(rasa_url, sender)
    assert say(rasa_url, sender, "转人工")[-1].startswith("我已经请人工理赔员来帮您")


def test_a_returning_claimant_with_a_claim_is_offered_its_progress_in_one_tap(system):
    rasa_url, _, _ = system
    sender = "e2e-repair-returning"
    start_report(rasa_url, sender)
    for answer in ["苏A12345", "我在路口直行，被右边的车撞了", "是", "没有", "没有", "王强", "13812345678"]:
        say(rasa_url, sender, answer)
    claim_number = say(rasa_url, sender, "确认")[0].split("报案号是 ")[1][:17]
    started = httpx.post(
        f"{rasa_url}/conversations/{sender}/execute",
        params={"token": os.environ.get("RASA_TOKEN", "dev-rasa-token")},
        json={"name": "action_session_start"},
        timeout=60,
    )
    assert [message["text"] for message in started.json()["messages"]] == [
        f"您好，欢迎回来。您之前的报案号是 {claim_number}。想看理赔进度，点一下“查进度”就行；有别的事，直接告诉我。"
    ]
    assert say(rasa_url, sender, "查进度")[-1] == "为了保护您的信息，请再告诉我报案时留的手机号，或者它的后4位。"
    assert say(rasa_url, sender, "5678")[0].startswith(f"您的案件（{claim_number}）现在的状态是：")


def test_another_journey_in_the_middle_of_the_form_then_the_same_question(system):
    rasa_url, _, _ = system
    sender = "e2e-repair-journey"
    start_report(rasa_url, sender)
    replies = say(rasa_url, sender, "查一下理赔进度")
    assert replies[0] == "查进度需要报案号和手机号。先把眼前这件事办完，您再说“查进度”，我马上帮您查。"
    assert replies[-1].startswith(PLATE_QUESTION)


def test_an_unclear_yes_no_answer_is_clarified(system):
    rasa_url, _, _ = system
    sender = "e2e-repair-clarify"
    start_report(rasa_url, sender)
    assert say(rasa_url, sender, "苏A12345")[-1].startswith(DESCRIPTION_QUESTION)
    assert say(rasa_url, sender, "我在路口直行，被右边的车撞了")[-1].startswith("报警了吗？")
    assert say(rasa_url, sender, "看情况") == ["不好意思，我没听明白。请回答“是”或者“没有”。", "报警了吗？（122或110）"]
    assert say(rasa_url, sender, "嗯")[-1].startswith("有人受伤吗？")


def test_a_clock_time_said_after_its_day_is_kept_on_that_day(system):
    rasa_url, _, _ = system
    sender = "e2e-repair-day-then-clock"
    assert say(rasa_url, sender, "我要报案")[-1].startswith(TIME_QUESTION)
    assert say(rasa_url, sender, "昨天，大概晚上八点")[-1].startswith(PLACE_QUESTION)
    tracker = httpx.get(
        f"{rasa_url}/conversations/{sender}/tracker",
        params={"token": os.environ.get("RASA_TOKEN", "dev-rasa-token")},
        timeout=60,
    ).json()
    yesterday = datetime.now(SHANGHAI).date() - timedelta(days=1)
    assert tracker["slots"]["accident_time"] == datetime.combine(yesterday, time(20), SHANGHAI).isoformat()
