"""The bot's tests run on Rasa patched as `python -m bot` patches it, whatever file pytest collects first.

Tests marked `trained_model` load models/claims.tar.gz: they are skipped without it, and `make test-fast` leaves
them out (they take minutes); `make test` runs them.
"""

import pytest

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
