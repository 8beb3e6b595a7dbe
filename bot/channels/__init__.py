"""Rasa input channels of our own: REST with held nudges, the web chat's socket.io and the WeChat Official Account."""
