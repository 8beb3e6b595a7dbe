"""The web chat in a real browser, talking to the real system through Rasa's socket.io channel."""

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.web_chat_page import bot_messages, open_chat, say, session_id, user_messages

RASA_TOKEN = "dev-rasa-token"
GREETING = (
    "您好，我是车险人伤理赔助手，24小时在线。出了事故别着急，我陪您一步一步来。您可以问我怎么报案、医院的钱谁先垫付、"
    "要准备哪些材料、能赔哪些项目，也可以查理赔进度。"
)


@pytest.fixture
def chat(system, phone) -> Page:
    """The web chat page, connected to Rasa, in a fresh phone-sized browser."""
    _, _, ports = system
    return open_chat(phone, f"http://127.0.0.1:{ports['API_PORT']}")


def tracker(rasa_url: str, conversation_id: str) -> dict:
    """The conversation as Rasa recorded it."""
    response = httpx.get(
        f"{rasa_url}/conversations/{conversation_id}/tracker", params={"token": RASA_TOKEN}, timeout=30
    )
    response.raise_for_status()
    return response.json()


def test_the_page_introduces_itself_and_the_hotlines(chat):
    expect(chat.get_by_role("heading", level=1)).to_have_text("车险人伤理赔助手")
    expect(chat.get_by_role("note")).to_have_text("事故有人受伤请先拨打 120 和 122。")
    expect(chat.get_by_role("link", name="120")).to_have_attribute("href", "tel:120")
    expect(chat.get_by_role("link", name="122")).to_have_attribute("href", "tel:122")
    expect(chat.get_by_role("log")).to_have_attribute("aria-live", "polite")


def test_a_greeting_gets_the_bots_welcome(chat):
    say(chat, "你好")
    expect(user_messages(chat)).to_have_text(["你好"])
    expect(bot_messages(chat)).to_have_text([f"{GREETING}"])


def test_an_faq_question_gets_its_answer(chat):
    say(chat, "交强险是什么")
    expect(bot_messages(chat).first).to_contain_text('交强险全称"机动车交通事故责任强制保险"，每辆上路的车都必须买。')


def test_a_quick_reply_sends_its_payload_and_goes_away(system, chat):
    rasa_url, _, _ = system
    say(chat, "能赔多少钱")
    offer = chat.get_by_role("button", name="好，帮我估算")
    expect(offer).to_be_visible()
    expect(chat.get_by_role("button", name="先不用")).to_be_visible()

    offer.click()

    expect(user_messages(chat).last).to_have_text("好，帮我估算")
    expect(bot_messages(chat).last).to_have_text("案子在哪个省或者哪个城市处理？各地的赔偿标准不一样。")
    expect(chat.locator(".quick-reply")).to_have_count(0)
    user_texts = [event["text"] for event in tracker(rasa_url, session_id(chat))["events"] if event["event"] == "user"]
    assert user_texts == ["能赔多少钱", "/affirm"]


def test_a_reload_continues_the_same_conversation(chat):
    say(chat, "我要报案")
    expect(bot_messages(chat).last).to_contain_text("事故是什么时候发生的？")
    before = session_id(chat)
    shown_before = bot_messages(chat).all_inner_texts()

    chat.reload()

    expect(chat.get_by_role("status")).to_be_hidden()
    assert session_id(chat) == before
    expect(user_messages(chat)).to_have_text(["我要报案"])
    expect(bot_messages(chat)).to_have_text(shown_before)
    say(chat, "昨天晚上八点在南京中山路")
    expect(bot_messages(chat).last).to_contain_text("出事时开车的驾驶员叫什么名字？")
    expect(user_messages(chat)).to_have_text(["我要报案", "昨天晚上八点在南京中山路"])


def test_a_server_push_reaches_the_open_page(system, chat):
    rasa_url, _, _ = system
    say(chat, "你好")
    expect(bot_messages(chat)).to_have_count(1)

    response = httpx.post(
        f"{rasa_url}/conversations/{session_id(chat)}/execute",
        params={"output_channel": "latest", "token": RASA_TOKEN},
        json={"name": "utter_greet"},
        timeout=60,
    )
    assert response.status_code == 200

    expect(bot_messages(chat)).to_have_text([GREETING, GREETING])
    expect(user_messages(chat)).to_have_count(1)


def test_a_status_change_made_in_the_api_reaches_the_open_page_without_a_message(system, chat):
    _, _, ports = system
    say(chat, "你好")
    expect(bot_messages(chat)).to_have_count(1)
    with httpx.Client(base_url=f"http://127.0.0.1:{ports['API_PORT']}", timeout=30) as api:
        claim = api.post(
            "/api/v1/claims",
            headers={"X-Service-Key": "dev-service-key"},
            json={
                "accident_time": "2026-01-05T20:00:00",
                "accident_place": "南京中山路",
                "reporter_name": "王强",
                "reporter_phone": "13812345678",
                "channel": "web",
                "conversation_id": session_id(chat),
            },
        ).json()
        token = api.post("/api/v1/auth/token", data={"username": "agent", "password": "agent-dev-password"}).json()
        moved = api.post(
            f"/api/v1/claims/{claim['claim_number']}/status",
            json={"status": "under_review"},
            headers={"Authorization": f"Bearer {token['access_token']}"},
        )
        assert moved.status_code == 200, moved.text

    expect(bot_messages(chat).last).to_have_text(
        f"您的案件（{claim['claim_number']}）有新进展：保险公司正在审核。需要补材料的话，我们会一次性告诉您缺哪些。"
    )
    expect(user_messages(chat)).to_have_text(["你好"])


def test_the_page_shows_it_is_reconnecting_and_carries_on_afterwards(chat):
    say(chat, "你好")
    expect(bot_messages(chat)).to_have_count(1)

    chat.context.set_offline(True)
    expect(chat.get_by_role("status")).to_have_text("网络断开了，正在重新连接……您说过的话都还在。")
    chat.context.set_offline(False)
    expect(chat.get_by_role("status")).to_be_hidden()

    say(chat, "你好")
    expect(bot_messages(chat)).to_have_text([f"{GREETING}"] * 2)


def test_an_empty_message_cannot_be_sent(chat):
    send = chat.get_by_role("button", name="发送")
    expect(send).to_be_disabled()
    chat.get_by_label("输入您想问的问题").fill("   ")
    expect(send).to_be_disabled()
    chat.get_by_label("输入您想问的问题").press("Enter")
    chat.get_by_label("输入您想问的问题").fill("你好")
    expect(send).to_be_enabled()
    send.click()
    expect(bot_messages(chat)).to_have_count(1)
    expect(user_messages(chat)).to_have_text(["你好"])


def test_text_is_shown_as_written_and_web_addresses_become_links(chat):
    say(chat, "<b>认定书</b> 在 https://example.com/a?b=1。<img src=x onerror=alert(1)>")
    bubble = user_messages(chat).first
    expect(bubble).to_have_text("<b>认定书</b> 在 https://example.com/a?b=1。<img src=x onerror=alert(1)>")
    expect(bubble.locator("b, img")).to_have_count(0)
    expect(bubble.get_by_role("link")).to_have_attribute("href", "https://example.com/a?b=1")


ESTIMATE = {
    "type": "settlement_estimate",
    "title": "赔偿估算（江苏 2023 年度标准）",
    "rows": [
        {"label": "医疗费", "amount": 30000},
        {"label": "误工费", "amount": 12345.5},
        {"label": "住院伙食补助费", "amount": 1500},
    ],
    "split": [
        {"label": "交强险", "amount": 30000},
        {"label": "商业险", "amount": 10000},
        {"label": "责任方自付", "amount": 0},
        {"label": "您自己承担", "amount": 3845.5},
    ],
    "note": "按江苏 2023 年度标准做的估算，仅供参考，不是承诺的赔偿金额。",
}


def test_the_estimate_renderer_draws_a_table_and_bars_of_who_pays_what(chat):
    """The page's renderer on a fixture (the action's payload itself is asserted in tests/actions/test_settlement.py)."""
    chat.evaluate(
        """async (estimate) => {
        const { renderEstimate } = await import("./render.js");
        document.getElementById("messages").append(renderEstimate(estimate));
    }""",
        ESTIMATE,
    )
    table = chat.get_by_role("table", name="赔偿估算（江苏 2023 年度标准）")
    expect(table.get_by_role("row")).to_have_text(
        ["项目 估算金额", "医疗费 30,000元", "误工费 12,345.5元", "住院伙食补助费 1,500元"], use_inner_text=True
    )
    chart = chat.get_by_role("list", name="谁来付")
    expect(chart.get_by_role("listitem")).to_have_text(
        ["交强险30,000元", "商业险10,000元", "责任方自付0元", "您自己承担3,845.5元"]
    )
    widths = chart.locator(".bar").evaluate_all("bars => bars.map(bar => bar.style.width)")
    assert widths == ["68.4%", "22.8%", "0%", "8.8%"]
    expect(chat.locator(".estimate figcaption")).to_have_text(ESTIMATE["note"])
    assert no_horizontal_scroll(chat)


def no_horizontal_scroll(page: Page) -> bool:
    """Whether the page and its scrolling conversation fit the screen's width."""
    return page.evaluate("""[document.documentElement, document.querySelector("main")]
        .every(element => element.scrollWidth <= element.clientWidth)""")


def test_a_phone_screen_needs_no_horizontal_scrolling(chat):
    assert chat.viewport_size == {"width": 375, "height": 740}
    say(chat, "要准备哪些材料")
    expect(chat.get_by_role("button", name="否")).to_be_visible()
    assert no_horizontal_scroll(chat)
    say(chat, "https://example.com/" + "很长的地址" * 40)
    expect(user_messages(chat)).to_have_count(2)
    assert no_horizontal_scroll(chat)
    expect(chat.get_by_role("button", name="发送")).to_be_in_viewport()
