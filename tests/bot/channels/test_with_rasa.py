"""The WeChat channel inside a real `rasa run` with the trained model, answering through the stand-in WeChat API."""

import os
import subprocess

import pytest
import requests

from actions.replies import RESPONSES
from scripts.run_services import RASA_CLI
from tests.bot.channels.conftest import APP_ID, APP_SECRET, TOKEN
from tests.bot.channels.standin_api import StandInWeChatApi
from tests.bot.channels.wechat_requests import signed_query, text_xml
from tests.bot.conftest import MODEL
from tests.conftest import ROOT, free_port, wait_until_healthy

RASA_TOKEN = "wechat-test-rasa-token"
FOLLOWER = "oX7Lz0rasa-follower"
GREETING = RESPONSES["utter_greet"][0]["text"]

pytestmark = pytest.mark.trained_model


@pytest.fixture(scope="module")
def rasa_with_wechat(tmp_path_factory):
    """`python -m bot run` loading bot/credentials.yml, its WeChat API pointed at the stand-in; yields (Rasa URL, stand-in)."""
    with StandInWeChatApi(APP_ID, APP_SECRET) as wechat_api:
        port = free_port()
        env = dict(
            os.environ,
            WECHAT_TOKEN=TOKEN,
            WECHAT_APP_ID=APP_ID,
            WECHAT_APP_SECRET=APP_SECRET,
            WECHAT_API_BASE_URL=wechat_api.url,
            RASA_TELEMETRY_ENABLED="false",
            TF_CPP_MIN_LOG_LEVEL="2",
            ACTION_ENDPOINT_URL=f"http://127.0.0.1:{free_port()}/webhook",
            ACTION_SERVER_TOKEN="unused",
            RASA_TRACKER_DB=str(tmp_path_factory.mktemp("rasa") / "tracker.db"),
        )
        env.pop("WECHAT_AES_KEY", None)
        rasa = subprocess.Popen(
            [
                *RASA_CLI,
                "run",
                "--enable-api",
                "--auth-token",
                RASA_TOKEN,
                "--port",
                str(port),
                "--model",
                str(MODEL),
                "--endpoints",
                "bot/endpoints.yml",
                "--credentials",
                "bot/credentials.yml",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_healthy(f"{url}/", rasa, timeout=300)
            yield url, wechat_api
        finally:
            rasa.terminate()
            rasa.wait(timeout=60)


def test_follower_message_is_answered_and_a_triggered_nudge_reaches_the_follower(rasa_with_wechat):
    rasa_url, wechat_api = rasa_with_wechat

    answer = requests.post(
        f"{rasa_url}/webhooks/wechat/webhook",
        params=signed_query(TOKEN),
        data=text_xml(FOLLOWER, "你好").encode("utf-8"),
        timeout=30,
    )
    assert (answer.status_code, answer.text) == (200, "success")
    assert wechat_api.wait_for_texts(FOLLOWER, 1, timeout=120) == [GREETING]

    triggered = requests.post(
        f"{rasa_url}/conversations/{FOLLOWER}/trigger_intent",
        params={"output_channel": "latest", "token": RASA_TOKEN},
        json={"name": "greet"},
        timeout=120,
    )
    assert triggered.status_code == 200
    assert wechat_api.wait_for_texts(FOLLOWER, 2, timeout=120) == [GREETING, GREETING]
