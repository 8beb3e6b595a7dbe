"""Where the channel's credentials come from: bot/credentials.yml as Rasa loads it, and WECHAT_* variables."""

import pytest
from rasa.core.run import create_http_input_channels
from rasa.shared.exceptions import RasaException

from bot.channels.wechat import WeChatInput
from bot.settings import WeChatSettings
from tests.conftest import ROOT

WECHAT_VARIABLES = ["WECHAT_TOKEN", "WECHAT_APP_ID", "WECHAT_APP_SECRET", "WECHAT_AES_KEY", "WECHAT_API_BASE_URL"]


def test_rasa_loads_the_channel_from_credentials_without_any_wechat_variable(monkeypatch):
    for variable in WECHAT_VARIABLES:
        monkeypatch.delenv(variable, raising=False)

    channels = create_http_input_channels(None, str(ROOT / "bot" / "credentials.yml"))

    wechat = [channel for channel in channels if isinstance(channel, WeChatInput)]
    assert [channel.name() for channel in wechat] == ["wechat"]
    assert wechat[0].url_prefix() == "wechat"


def test_settings_come_from_wechat_variables():
    settings = WeChatSettings.from_environment(
        {
            "WECHAT_TOKEN": "t0ken",
            "WECHAT_APP_ID": "wx42",
            "WECHAT_APP_SECRET": "s3cret",
            "WECHAT_AES_KEY": "k" * 43,
            "WECHAT_API_BASE_URL": "http://127.0.0.1:9999/",
            "APP_ENV": "production",
        }
    )

    assert settings == WeChatSettings(
        token="t0ken", app_id="wx42", app_secret="s3cret", aes_key="k" * 43, api_base_url="http://127.0.0.1:9999"
    )


def test_development_defaults_use_plaintext_mode_and_the_real_api():
    settings = WeChatSettings.from_environment({})

    assert (settings.token, settings.aes_key, settings.api_base_url) == (
        "dev-wechat-token",
        None,
        "https://api.weixin.qq.com",
    )


@pytest.mark.parametrize("missing", ["WECHAT_TOKEN", "WECHAT_APP_ID", "WECHAT_APP_SECRET"])
def test_production_refuses_development_credentials(missing):
    environ = {"APP_ENV": "production", "WECHAT_TOKEN": "t0ken", "WECHAT_APP_ID": "wx42", "WECHAT_APP_SECRET": "s3cret"}
    del environ[missing]
    with pytest.raises(RasaException, match="Set WECHAT_TOKEN, WECHAT_APP_ID and WECHAT_APP_SECRET"):
        WeChatSettings.from_environment(environ)


def test_a_mistyped_aes_key_is_refused_at_start():
    with pytest.raises(RasaException, match="43-character"):
        WeChatSettings.from_environment({"WECHAT_AES_KEY": "too-short"})
