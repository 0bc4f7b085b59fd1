"""Shared by the twin tests: the examples' Documents and a network that refuses to connect."""

from __future__ import annotations

import socket

import pytest

from drafting.assembly.assemble import assemble
from drafting.library.loader import get_library
from drafting.questionnaire.answers import load_answers_file
from tests.conftest import example_paths


class NetworkUsed(AssertionError):
    """A parser tried to reach the network: a JSON-LD context or schema was not inline."""


@pytest.fixture
def no_network(monkeypatch):
    """Make every attempt to resolve a host name or open a connection fail the test."""

    def refuse(*args, **kwargs):
        raise NetworkUsed(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def example_documents():
    """Return ``[(example name, Document)]`` for every example answers file."""
    library = get_library()
    return [(path.stem, assemble(load_answers_file(path), library)) for path in example_paths()]
