"""What the WeChat channel says and how it fits answers into WeChat text messages (pure functions)."""

import re
import unicodedata
from typing import Dict, List, Optional, Sequence

# The customer-service API refuses text messages longer than this many UTF-8 bytes.
TEXT_LIMIT_BYTES = 2048

WELCOME = (
    "感谢关注！我是车险人伤理赔助手，24小时在线。出了事故别着急，我陪您一步一步来。"
    "您可以问我怎么报案、医院的钱谁先垫付、要准备哪些材料、能赔哪些项目，也可以查理赔进度。"
    "直接打字说说您遇到的情况就行。"
)

NON_TEXT_REPLIES: Dict[str, str] = {
    "image": "收到您的图片了，谢谢。我这里暂时看不了图片，请用文字告诉我图片上的内容，或者直接说说您想问什么。",
    "voice": "收到您的语音了。我暂时听不了语音，麻烦您打字告诉我，一次说一件事就好。",
    "video": "收到您的视频了，谢谢。我这里暂时看不了视频，请用文字说说发生了什么。",
    "shortvideo": "收到您的视频了，谢谢。我这里暂时看不了视频，请用文字说说发生了什么。",
    "link": "收到您发来的链接了。我这里打不开链接，请用文字告诉我您想了解什么。",
    "location": "收到您的位置了，谢谢。请再用文字说一下具体地点，比如哪条路、哪个路口。",
}
OTHER_MESSAGE_REPLY = "这类消息我暂时看不了。请用文字告诉我您想问什么。"

_SENTENCE_END = re.compile(r"(?<=[。！？!?；;\n])")


def reply_to_non_text(message_type: str) -> str:
    """The kind reply to a message the assistant cannot read, saying what to send instead."""
    return NON_TEXT_REPLIES.get(message_type, OTHER_MESSAGE_REPLY)


def location_thanks(label: str) -> str:
    """The thanks for a shared location that names the place."""
    return f"谢谢，收到您的位置：{label}。"


def with_numbered_options(text: str, buttons: Sequence[Dict]) -> str:
    """The question followed by its buttons as options answered with a digit: 回复 1：是；回复 2：否."""
    options = "；".join(f"回复 {number}：{button['title']}" for number, button in enumerate(buttons, start=1))
    return f"{text}\n{options}" if text else options


def chosen_option(reply: str, option_count: int) -> Optional[int]:
    """The 1-based option a reply picks when it is just a digit in range (full-width digits too), else None."""
    digits = unicodedata.normalize("NFKC", reply).strip()
    if digits.isdecimal() and 1 <= int(digits) <= option_count:
        return int(digits)
    return None


def image_link(url: str) -> str:
    """An image sent as a link, since customer-service images need an uploaded media id."""
    return f"图片：{url}"


def split_for_wechat(text: str, limit_bytes: int = TEXT_LIMIT_BYTES) -> List[str]:
    """The text cut into messages of at most `limit_bytes` UTF-8 bytes, at sentence ends where possible."""
    chunks: List[str] = []
    current = ""
    for sentence in _SENTENCE_END.split(text):
        if _size(current + sentence) <= limit_bytes:
            current += sentence
            continue
        chunks.append(current)
        *full_pieces, current = _cut_by_characters(sentence, limit_bytes)
        chunks.extend(full_pieces)
    chunks.append(current)
    return [chunk.strip() for chunk in chunks if chunk.strip()]


def _cut_by_characters(sentence: str, limit_bytes: int) -> List[str]:
    """A sentence longer than the limit cut between characters; the last piece may still take more text."""
    pieces = [""]
    for character in sentence:
        if _size(pieces[-1] + character) > limit_bytes:
            pieces.append("")
        pieces[-1] += character
    return pieces


def _size(text: str) -> int:
    return len(text.encode("utf-8"))
