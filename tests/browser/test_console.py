"""The agent console in Debian's Chromium against the whole system: intake to claim, and a human handoff end to end."""

import re
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
from playwright.sync_api import Page, expect, sync_playwright

from tests.browser.web_chat_page import bot_messages, open_chat, session_id, user_messages
from tests.browser.web_chat_page import say as type_in_chat
from tests.e2e.conftest import say, system  # noqa: F401  (the whole system, started the way `make run` starts it)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEV_AGENT = ("agent", "agent-dev-password")
RASA_TOKEN = "dev-rasa-token"
REAR_END = "昨天晚上八点在南京中山路追尾了，车牌苏A12345，有一个人受伤送去了鼓楼医院"
AGENT_REPLY = "您好，我是理赔员小王。伤者现在还在鼓楼医院吗？"
WAIT_MS = 20_000


@pytest.fixture(scope="module")
def chromium(request):
    """The browser of tests/browser/conftest.py when there is one, else a headless Debian Chromium of our own."""
    # Two Playwright drivers cannot run in one thread, so share the suite's browser when it exists.
    try:
        yield request.getfixturevalue("browser")
        return
    except pytest.FixtureLookupError:
        pass
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def urls(system):  # noqa: F811
    """The claims API's and Rasa's URLs."""
    rasa_url, _, ports = system
    return f"http://127.0.0.1:{ports['API_PORT']}", rasa_url


@pytest.fixture
def console(chromium, urls) -> Page:
    """The console page in a fresh browser context, signed in as the development agent."""
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    page.goto(f"{urls[0]}/console/")
    page.fill("#username", DEV_AGENT[0])
    page.fill("#password", DEV_AGENT[1])
    page.press("#password", "Enter")
    expect(page.locator("#agent-name")).to_have_text("坐席：agent")
    yield page
    context.close()


def _analyse(page: Page, text: str) -> None:
    page.fill("#caller-text", text)
    page.press("#caller-text", "Control+Enter")


def _ticket_button(page: Page, api_url: str, conversation_id: str):
    """The queue entry of the conversation's ticket."""
    token = httpx.post(f"{api_url}/api/v1/auth/token", data=dict(zip(("username", "password"), DEV_AGENT))).json()
    tickets = httpx.get(
        f"{api_url}/api/v1/handoffs",
        params={"conversation_id": conversation_id},
        headers={"Authorization": f"Bearer {token['access_token']}"},
    ).json()["items"]
    assert len(tickets) == 1, tickets
    return page.locator(f"#queue button[data-id='{tickets[0]['id']}']")


def _rasa_tracker(rasa_url: str, conversation_id: str) -> dict:
    response = httpx.get(
        f"{rasa_url}/conversations/{conversation_id}/tracker",
        params={"token": RASA_TOKEN, "include_events": "ALL"},
        timeout=30,
    )
    response.raise_for_status()
    return response.json()


def test_a_wrong_password_is_refused_in_chinese(chromium, urls):
    context = chromium.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(f"{urls[0]}/console/")
    page.fill("#username", "agent")
    page.fill("#password", "not-the-password")
    page.click("#login-form button[type=submit]")
    expect(page.locator("#login-error")).to_have_text("用户名或密码不正确。")
    expect(page.locator("#workspace")).to_be_hidden()
    context.close()


def test_the_agent_turns_what_the_caller_says_into_a_claim(console):
    _analyse(console, REAR_END)
    expect(console.locator("#intent")).to_have_text(re.compile("^(提供信息|报案)$"))
    yesterday = (datetime.now(ZoneInfo("Asia/Shanghai")) - timedelta(days=1)).date()
    expect(console.locator("#f-accident_time")).to_have_value(f"{yesterday}T20:00")
    expect(console.locator("#f-accident_place")).to_have_value("南京中山路")
    expect(console.locator("#f-plate_number")).to_have_value("苏A12345")
    expect(console.locator("#f-injuries")).to_have_value("有一个人受伤送去了鼓楼医院")
    expect(console.locator("#f-hospital")).to_have_value("鼓楼医院")
    expect(console.locator("#entities")).to_contain_text("车牌：苏A12345")
    expect(console.locator("#missing-summary")).to_have_text("还缺：驾驶员、是否已报交警、车辆损失、报案人、联系电话")
    missing = console.locator("#intake-form .field.missing")
    expect(missing).to_have_count(5)
    assert [missing.nth(i).get_attribute("data-field") for i in range(5)] == [
        "driver_name",
        "police_reported",
        "vehicle_damage",
        "reporter_name",
        "contact_phone",
    ]
    expect(console.locator("#suggestions li").first).to_contain_text("请您不要将车辆驶离现场")
    expect(console.locator("#suggestions")).to_contain_text("请问驾驶员姓名？")
    expect(console.locator("#rules")).to_contain_text("有人受伤的事故必须立即报警（122）。")

    console.click("#create-claim")
    expect(console.locator("#claim-error")).to_have_text("创建报案还缺：报案人、联系电话。请先问清楚再创建。")

    _analyse(console, "我叫王五，电话13812345678，已经报警了，司机是张三，前保险杠撞坏了")
    expect(console.locator("#missing-summary")).to_have_text("信息已齐全")
    expect(console.locator("#f-contact_phone")).to_have_value("13812345678")
    expect(console.locator("#f-reporter_name")).to_have_value("王五")
    expect(console.locator("#f-accident_place")).to_have_value("南京中山路")
    console.click("#create-claim")
    expect(console.locator("#claim-result")).to_have_text(re.compile(r"^报案已创建，报案号：RPT\d{14}$"))
    expect(console.locator("#claim-status")).to_have_text("已报案")
    expect(console.locator("#checklist")).to_contain_text("伤者身份证或户口簿：待提交")


def test_a_claimant_who_asks_for_a_person_appears_in_the_queue_and_the_agent_takes_over(console, urls):
    _, rasa_url = urls
    claimant = f"console-{uuid.uuid4().hex[:12]}"
    assert any("人工理赔员" in (text or "") for text in say(rasa_url, claimant, "转人工"))
    ticket = _ticket_button(console, urls[0], claimant)
    expect(ticket).to_contain_text("等待接手")
    expect(ticket).to_contain_text("客户要求人工")
    ticket.click()
    expect(console.locator("#ticket-status")).to_have_text("等待接手")
    expect(console.locator("#conversation")).to_contain_text("客户：转人工")
    expect(console.locator("#send-reply")).to_be_disabled()
    console.click("#take")
    expect(console.locator("#ticket-notice")).to_have_text("已接手，现在可以回复客户了。")
    expect(console.locator("#ticket-status")).to_have_text("处理中")
    expect(console.locator("#reply-text")).to_be_focused()
    assert say(rasa_url, claimant, "请问有人在吗") == [], "the bot stays quiet while a person has the conversation"
    expect(console.locator("#conversation")).to_contain_text("客户：请问有人在吗")


def test_a_web_chat_claimant_gets_the_agents_reply_and_the_bot_back_after_hand_back(chromium, console, urls):
    api_url, rasa_url = urls
    chat = open_chat(chromium.new_context(viewport={"width": 375, "height": 740}, locale="zh-CN"), api_url)
    type_in_chat(chat, "转人工")
    expect(bot_messages(chat).last).to_contain_text("我已经请人工理赔员来帮您")
    claimant = session_id(chat)
    _ticket_button(console, api_url, claimant).click()
    console.click("#take")
    expect(console.locator("#ticket-status")).to_have_text("处理中")

    console.fill("#reply-text", AGENT_REPLY)
    console.press("#reply-text", "Control+Enter")
    expect(console.locator("#ticket-notice")).to_have_text("已发送给客户。")
    expect(bot_messages(chat).last).to_have_text(f"人工理赔员：{AGENT_REPLY}")
    assert _rasa_tracker(rasa_url, claimant)["paused"] is True

    console.click("#hand-back")
    expect(console.locator("#ticket-status")).to_have_text("已关闭")
    expect(bot_messages(chat).last).to_have_text(
        "人工理赔员已经把对话交回给我了，我接着为您服务。查进度、准备材料、申请垫付、估算赔偿，或者其他理赔问题，都可以直接问我。"
    )
    type_in_chat(chat, "交强险现在赔多少")
    expect(bot_messages(chat).filter(has_text="18万元").first).to_be_visible()
    expect(user_messages(chat)).to_have_text(["转人工", "交强险现在赔多少"])
    chat.context.close()
