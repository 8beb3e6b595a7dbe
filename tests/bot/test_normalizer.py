"""Traditional characters and full-width forms reach the model as plain simplified Chinese."""

from bot.nlu.normalizer import normalize_text


def test_traditional_characters_become_simplified():
    assert normalize_text("醫院墊付的錢誰來賠償") == "医院垫付的钱谁来赔偿"


def test_full_width_letters_and_digits_become_half_width():
    assert normalize_text("蘇Ａ１２３４５") == "苏A12345"


def test_simplified_text_is_unchanged():
    assert normalize_text("交强险医疗费用限额是多少") == "交强险医疗费用限额是多少"


def test_control_characters_and_lone_surrogates_are_dropped_but_line_breaks_kept():
    assert normalize_text("我要\x00报案\ud800\x1b\n\t谢谢") == "我要报案\n\t谢谢"
