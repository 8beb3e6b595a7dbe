"""Rasa input channels of our own: REST with held nudges, the web chat's socket.io and the WeChat Official Account."""

from bot import rasa_patches

# Rasa imports the channels of bot/credentials.yml in every server process: a server started without the patches
# (plain `rasa run`) stops here instead of answering claimants differently from the tested one.
rasa_patches.require_applied()
