"""The web chat page as a claimant uses it: open it, type, read what the bot and the claimant said."""

from playwright.sync_api import BrowserContext, Page, expect


def open_chat(context: BrowserContext, api_url: str) -> Page:
    """The web chat page, connected to Rasa."""
    page = context.new_page()
    page.goto(f"{api_url}/chat/")
    expect(page.get_by_role("status")).to_be_hidden()
    return page


def say(page: Page, text: str) -> None:
    """Type a message and send it with the Enter key."""
    page.get_by_label("输入您想问的问题").fill(text)
    page.get_by_label("输入您想问的问题").press("Enter")


def bot_messages(page: Page):
    """The bot's messages on the page."""
    return page.locator(".from-bot .bubble")


def user_messages(page: Page):
    """The user's messages on the page."""
    return page.locator(".from-user .bubble")


def session_id(page: Page) -> str:
    """The conversation id the page keeps in localStorage."""
    return page.evaluate("localStorage.getItem('claims-chat.session-id')")
