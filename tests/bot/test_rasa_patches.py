"""Rasa's behaviour is changed only by bot/rasa_patches, only on Rasa 3.6, and every Rasa process of ours is patched."""

import subprocess
import sys

import pytest
import rasa.server
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot import rasa_patches
from bot.rasa_patches import (
    action_result_check,
    action_server_failures,
    applied_events_cache,
    endpoint_sessions,
    model_parse_guard,
)
from tests.conftest import ROOT


def test_rasa_other_than_3_6_is_refused():
    with pytest.raises(rasa_patches.UnsupportedRasa, match="written for Rasa 3.6.x, not 3.7.0"):
        rasa_patches.apply("3.7.0")


def test_every_patch_is_in_place_once_applied():
    rasa_patches.apply()
    assert RemoteAction._validate_action_result is action_result_check.validate_action_result
    assert RemoteAction.run is action_server_failures.run_or_apologise
    assert EndpointConfig.session is endpoint_sessions.endpoint_session
    assert DialogueStateTracker.applied_events is applied_events_cache.applied_events
    assert rasa.server.create_app is model_parse_guard.create_guarded_app


def test_our_channels_refuse_to_load_on_unpatched_rasa():
    loaded = subprocess.run([sys.executable, "-c", "import bot.channels"], cwd=ROOT, capture_output=True, text=True)
    assert loaded.returncode != 0
    assert "start it with `python -m bot run ...`" in loaded.stderr


def test_the_launcher_is_rasas_own_command_line():
    version = subprocess.run([sys.executable, "-m", "bot", "--version"], cwd=ROOT, capture_output=True, text=True)
    assert version.returncode == 0, version.stderr
    assert "Rasa Version      :         3.6." in version.stdout


def test_docs_architecture_lists_every_patch():
    architecture = (ROOT / "docs" / "architecture.md").read_text()
    for patch in rasa_patches.PATCHES:
        assert f"`bot/rasa_patches/{patch.__name__.rsplit('.', 1)[1]}.py`" in architecture
