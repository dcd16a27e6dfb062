"""The addresses the outbound guard must refuse, one or two per class, and a stand-in DNS.

`resolve_as` replaces `socket.getaddrinfo`, the resolver itself, not any code of ours: names in
the table get the answers given, everything else (IP literals included) the real resolver.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator

# (URL, the class the guard names in English)
INTERNAL = [
    ("http://127.0.0.1:5432/", "loopback"),
    ("http://[::1]/", "loopback"),
    ("http://169.254.169.254/latest/meta-data/", "link-local"),
    ("http://[fe80::1]/", "link-local"),
    ("http://10.0.0.1/", "private"),
    ("http://172.16.0.1/", "private"),
    ("https://192.168.1.1/", "private"),
    ("http://[fc00::1]/", "private"),
    ("http://224.0.0.1/", "multicast"),
    ("http://[ff02::1]/", "multicast"),
    ("http://0.0.0.0:8000/", "unspecified"),
    ("http://[::]/", "unspecified"),
    ("http://240.0.0.1/", "reserved"),
    # Decided: these are refused too, though Python does not call all of them "private".
    ("http://0.1.2.3/", "private"),  # 0.0.0.0/8 "this network"
    ("http://100.64.0.1/", "non-public"),  # shared address space (carrier NAT)
    ("http://[::ffff:127.0.0.1]/", "loopback"),  # IPv4-mapped IPv6
    ("http://[2002:a00:1::]/", "private"),  # 6to4 wrapping 10.0.0.1
]

Answers = dict[str, list[str]]


def resolve_as(monkeypatch, answers: Answers | Callable[[str], list[str] | None]) -> list[str]:
    """DNS answers `answers[name]` for the names given (or what the callable returns, None
    for "ask the real resolver"); returns the list of names looked up, in order."""
    real = socket.getaddrinfo
    looked_up: list[str] = []

    def getaddrinfo(host, port, *args, **kwargs):
        ips = answers(host) if callable(answers) else answers.get(host)
        if ips is None:
            return real(host, port, *args, **kwargs)
        looked_up.append(host)
        return list(_infos(ips, port))

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return looked_up


def _infos(ips: list[str], port) -> Iterator[tuple]:
    for ip in ips:
        if ":" in ip:
            yield (socket.AF_INET6, socket.SOCK_STREAM, 6, "", (ip, int(port), 0, 0))
        else:
            yield (socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, int(port)))
