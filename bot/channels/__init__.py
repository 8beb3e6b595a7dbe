"""Rasa input channels of our own: REST with held nudges and the WeChat Official Account."""
