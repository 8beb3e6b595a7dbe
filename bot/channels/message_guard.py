"""What a claimant's message must be before Rasa reads it: visible text, not too long, no intent shortcuts."""

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Optional

from rasa.core.channels.channel import UserMessage
from rasa.core.lock_store import LockError

from bot.nlu.normalizer import without_unreadable

# The longest answer any form accepts (the accident description, actions/reporting.py); a longer message is pasted
# text or an attack, and the NLU would read it badly anyway.
MAX_MESSAGE_CHARACTERS = 500
# The payloads of the domain's yes/no buttons: the only "/intent" a claimant may send (Rasa reads any other "/intent"
# as that intent with whatever entities follow, which would let anyone trigger internal intents).
BUTTON_INTENTS = frozenset({"/affirm", "/deny"})
LEADING_SLASHES = re.compile(r"^[\s/]+")

EMPTY_REPLY = "这条消息里我没有看到文字。请直接打字告诉我您遇到的情况，比如“我想报案”。"
TOO_LONG_REPLY = "这条消息太长了，我一次看不完。请分几次发，每次说一件事就好。"
# The conversation stayed busy with earlier messages longer than the lock store waits (bot/lock_store.py).
BUSY_REPLY = "我还在处理您前面的消息。请稍等一会儿，再把这一条发一次。"


@dataclass(frozen=True)
class Verdict:
    """The text Rasa should read, or the reply that answers the message instead."""

    text: str = ""
    reply: Optional[str] = None


def check_message(text: Any) -> Verdict:
    """The text without control characters or a leading "/" (but the buttons'), or the reply when empty or too long."""
    cleaned = without_unreadable(text).strip() if isinstance(text, str) else ""
    if cleaned not in BUTTON_INTENTS:
        cleaned = LEADING_SLASHES.sub("", cleaned)
    if not any(_visible(character) for character in cleaned):
        return Verdict(reply=EMPTY_REPLY)
    if len(cleaned) > MAX_MESSAGE_CHARACTERS:
        return Verdict(reply=TOO_LONG_REPLY)
    return Verdict(text=cleaned)


def _visible(character: str) -> bool:
    """Whether a character shows something: not space, not a zero-width or direction mark."""
    return not character.isspace() and unicodedata.category(character) != "Cf"


def guarded(on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Callable[[UserMessage], Awaitable[Any]]:
    """`on_new_message` for checked messages only; an empty or too long one, or one that cannot get its turn, gets its
    reply on the same channel."""

    async def handle(message: UserMessage) -> None:
        verdict = check_message(message.text)
        if verdict.reply:
            await message.output_channel.send_text_message(message.sender_id, verdict.reply)
            return
        message.text = verdict.text
        try:
            await on_new_message(message)
        except LockError:
            await message.output_channel.send_text_message(message.sender_id, BUSY_REPLY)

    return handle
