"""How answers are fitted into WeChat text messages and how digit replies pick options."""

from bot.channels.wechat_format import chosen_option, split_for_wechat, with_numbered_options


def test_short_text_stays_one_message():
    assert split_for_wechat("您好。请问有人受伤吗？") == ["您好。请问有人受伤吗？"]


def test_split_happens_at_sentence_ends_within_the_byte_limit():
    text = "一二三。四五六！七八九？十"  # 3 bytes a character

    assert split_for_wechat(text, limit_bytes=24) == ["一二三。四五六！", "七八九？十"]


def test_a_sentence_longer_than_the_limit_is_cut_between_characters():
    text = "交强险" * 10 + "。好的。"

    parts = split_for_wechat(text, limit_bytes=20)

    assert "".join(parts) == text
    assert all(len(part.encode("utf-8")) <= 20 for part in parts)
    assert parts[-1].endswith("好的。")


def test_blank_text_sends_nothing():
    assert split_for_wechat("  \n ") == []


def test_buttons_become_numbered_options():
    buttons = [{"title": "是", "payload": "是"}, {"title": "否", "payload": "否"}]

    assert with_numbered_options("有人受伤吗？", buttons) == "有人受伤吗？\n回复 1：是；回复 2：否"


def test_only_a_digit_in_range_picks_an_option():
    assert [chosen_option(reply, 2) for reply in ["1", " 2 ", "２", "3", "0", "1个人", "是", ""]] == [
        1,
        2,
        2,
        None,
        None,
        None,
        None,
        None,
    ]
