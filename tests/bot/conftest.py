"""The bot's tests run on Rasa patched as `python -m bot` patches it, whatever file pytest collects first."""

from bot import rasa_patches

rasa_patches.apply()
