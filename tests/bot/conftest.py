"""The bot's tests run on Rasa patched as `python -m bot` patches it, whatever file pytest collects first.

Tests marked `trained_model` load models/claims.tar.gz: they are skipped without it, and `make test-fast` leaves
them out (they take minutes); `make test` runs them.
"""

import asyncio

import pytest
from rasa.core.agent import load_agent

from bot import rasa_patches
from tests.conftest import ROOT

MODEL = ROOT / "models" / "claims.tar.gz"

rasa_patches.apply()


def pytest_configure(config):
    config.addinivalue_line("markers", "trained_model: loads models/claims.tar.gz (left out by make test-fast)")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    if item.get_closest_marker("trained_model") and not MODEL.exists():
        pytest.skip("needs the trained model (make train)")


@pytest.fixture(scope="module")
def parse():
    """The trained model's parse of a text, as the Rasa server makes it."""
    loop = asyncio.new_event_loop()
    agent = loop.run_until_complete(load_agent(model_path=str(MODEL)))
    yield lambda text: loop.run_until_complete(agent.parse_message(text))
    loop.close()


def answer_of(parsed):
    """The answer the assistant gives: the intent, or the FAQ topic for `faq`."""
    if parsed["intent"]["name"] == "faq":
        return parsed["response_selector"]["faq"]["response"]["intent_response_key"]
    return parsed["intent"]["name"]
