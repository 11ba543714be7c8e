"""Secrets handed to a browser or a client (participant keys, API keys, invitation links) are
stored only as a hash, so a copy of the database lets nobody act as their holders."""

import hashlib


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
