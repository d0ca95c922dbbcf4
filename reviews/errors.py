"""The reviews' refusals (``core.errors`` family); permission refusals are ``NotAllowed``."""
