"""Every route of Rasa's HTTP API, served as `rasa run --enable-api --auth-token` serves it, needs the token."""

import re

import pytest
import requests
from rasa.version import __version__ as rasa_version

from bot.channels.rest import NudgingRestInput
from bot.rasa_patches import model_parse_guard
from tests.bot.channels.conftest import ChannelServer

TOKEN = "api-auth-test-token"
# Open by design: a greeting, the version, and the channels' own webhooks (which check their callers themselves).
PUBLIC = re.compile(r"^/($|version$|webhooks/)")


@pytest.fixture(scope="module")
def api_server():
    with ChannelServer(NudgingRestInput(), agent=None, enable_api=True, auth_token=TOKEN) as running:
        yield running


def every_api_route(server: ChannelServer):
    """(method, path) of each route of the running app but the public ones, path parameters filled in."""
    for route in server.app.router.routes:
        path = "/" + re.sub(r"<[^>]+>", "claimant-1", route.path.lstrip("/"))
        for method in sorted(route.methods - {"OPTIONS", "HEAD"}):
            if not PUBLIC.match(path):
                yield method, path


def test_the_app_has_the_routes_this_test_is_about(api_server):
    routes = set(every_api_route(api_server))

    assert {
        ("GET", "/conversations/claimant-1/tracker"),
        ("POST", "/conversations/claimant-1/messages"),
        ("POST", "/conversations/claimant-1/trigger_intent"),
        ("POST", "/conversations/claimant-1/execute"),
        ("POST", "/conversations/claimant-1/tracker/events"),
        ("PUT", "/conversations/claimant-1/tracker/events"),
        ("GET", "/conversations/claimant-1/story"),
        ("POST", "/conversations/claimant-1/predict"),
        ("POST", "/model/parse"),
        ("PUT", "/model"),
        ("DELETE", "/model"),
        ("POST", "/model/train"),
        ("GET", "/domain"),
        ("GET", "/status"),
    } <= routes


@pytest.mark.parametrize("query", [{}, {"token": "dev-rasa-token"}, {"token": ""}])
def test_every_route_but_the_public_ones_refuses_a_caller_without_the_token(api_server, query):
    base = f"http://127.0.0.1:{api_server.port}"
    answers = {
        (method, path): requests.request(method, base + path, params=query, json={"name": "greet"}, timeout=30)
        for method, path in every_api_route(api_server)
    }

    assert {route: answer.status_code for route, answer in answers.items()} == {route: 401 for route in answers}
    assert {answer.json()["reason"] for answer in answers.values()} == {"NotAuthenticated"}


def test_the_public_routes_say_only_hello_and_the_version(api_server):
    base = f"http://127.0.0.1:{api_server.port}"

    assert requests.get(f"{base}/", timeout=30).text == f"Hello from Rasa: {rasa_version}"
    assert set(requests.get(f"{base}/version", timeout=30).json()) == {"version", "minimum_compatible_version"}


@pytest.mark.parametrize("body", ["text=我要报案", '{"text": ', '["我要报案"]', '"我要报案"'])
def test_a_parse_request_whose_body_is_not_a_json_object_gets_400_not_500(api_server, body):
    answer = requests.post(
        f"http://127.0.0.1:{api_server.port}/model/parse",
        params={"token": TOKEN},
        data=body.encode("utf-8"),
        headers={"Content-Type": "application/json"},
        timeout=30,
    )

    assert answer.status_code == 400
    assert (answer.json()["reason"], answer.json()["message"]) == ("BadRequest", model_parse_guard.UNREADABLE_BODY)
