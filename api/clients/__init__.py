"""Clients of the services the claims API talks to."""
