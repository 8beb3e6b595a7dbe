"""Rasa input channels of our own: REST with held nudges, the web chat's socket.io and the WeChat Official Account."""

from bot import action_server_failures, dialogue_states, http_sessions, remote_actions
from bot.rasa_patches import model_parse_guard

# Rasa imports the channels named in bot/credentials.yml in every server process, so this is where its
# action calls get our checks and kind failures, and its policies share their work, whatever channel a claimant uses.
remote_actions.install()
action_server_failures.install()
http_sessions.install()
dialogue_states.install()
model_parse_guard.apply()
