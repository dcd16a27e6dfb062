"""The outbound guard: which addresses the platform's own HTTP requests may go to.

Webhooks and media feeds connect to URLs that administrators type in. Unchecked, a
subscription to http://169.254.169.254/ or http://10.0.0.1/ turns the worker into a
server-side request forgery inside the government intranet (等保 三级: the platform's outbound
connections are controlled). So:

- `check_url` accepts http and https only, resolves the host once (`socket.getaddrinfo`) and
  refuses when ANY of its addresses is loopback, link-local, private, multicast, unspecified,
  reserved or otherwise not globally routable (e.g. 100.64.0.0/10, which Python 3.11 does
  not call private) — unless that address is in the policy's allow-list (CIDRs from settings).
- `opener` is a urllib opener that runs the check for every request it sends, and every
  redirect hop it follows, and then connects to exactly the addresses it checked: a DNS
  answer that changes between check and connect (rebinding) is never used.
- `OutboundURLModel` runs the same check when an administrator saves the URL, with the
  same message.

Settings: `TONGXIN_OUTBOUND_ALLOW` (every outbound connection) and `TONGXIN_WEBHOOK_ALLOW`
(webhooks only), lists of CIDRs; see docs/security.md.
"""

from __future__ import annotations

import functools
import ipaddress
import socket
import ssl
import urllib.request
from dataclasses import dataclass
from http.client import HTTPConnection, HTTPSConnection
from typing import Any, ClassVar
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

OUTBOUND_ALLOW = "TONGXIN_OUTBOUND_ALLOW"
WEBHOOK_ALLOW = "TONGXIN_WEBHOOK_ALLOW"

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# In this order, so an address of several classes (169.254/16 is "private" too) is named by
# the most telling one.
KINDS = (
    ("is_loopback", pgettext_lazy("address class", "loopback")),
    ("is_link_local", pgettext_lazy("address class", "link-local")),
    ("is_multicast", pgettext_lazy("address class", "multicast")),
    ("is_unspecified", pgettext_lazy("address class", "unspecified")),
    ("is_reserved", pgettext_lazy("address class", "reserved")),
    ("is_private", pgettext_lazy("address class", "private")),
    # fec0::/10: deprecated, but a network that still routes it uses it as a private range.
    ("is_site_local", pgettext_lazy("address class", "private")),
)


def _invalid(exc: ValueError) -> OutboundRefused:
    return OutboundRefused(_("Not a valid address: %(error)s") % {"error": exc})


def _only_http() -> str:
    return _("Only http and https addresses are allowed.")


class OutboundRefused(Exception):
    """The guard does not connect there; the message (translated) says why."""


@dataclass(frozen=True)
class Policy:
    allow: tuple[IPNetwork, ...]
    setting: str  # named in the refusal: where an operator adds an exception

    @classmethod
    def from_settings(cls, *names: str) -> Policy:
        allow = tuple(
            ipaddress.ip_network(cidr, strict=False)
            for name in names for cidr in getattr(settings, name, None) or ()
        )
        return cls(allow, names[0])

    def allows(self, ip: IPAddress) -> bool:
        return any(ip in network for network in self.allow)


def kind_of(ip: IPAddress) -> str | None:
    """What kind of internal address `ip` is, or None for a public one."""
    ip = _embedded(ip)
    for attribute, label in KINDS:
        if getattr(ip, attribute, False):
            return str(label)
    if not ip.is_global:  # shared (100.64/10), benchmarking, IETF protocol ranges
        return pgettext("address class", "non-public")
    return None


@dataclass(frozen=True)
class Checked:
    host: str
    port: int
    addresses: tuple[str, ...]  # every address the host resolved to, each one allowed


def check_url(url: str, policy: Policy) -> Checked:
    """Resolve the URL's host once; OutboundRefused unless every address may be used.

    A host that does not resolve raises socket.gaierror (an OSError): a network failure, to
    be retried like any other, not a verdict on the address."""
    try:
        parts = urlsplit(url)
        scheme, host = parts.scheme.lower(), parts.hostname
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError as exc:  # e.g. a port that is not a number
        raise _invalid(exc) from exc
    if scheme not in ("http", "https"):
        raise OutboundRefused(_only_http())
    if not host:
        raise OutboundRefused(_("The address has no host name."))
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses = tuple(dict.fromkeys(str(info[4][0]) for info in infos))
    for address in addresses:
        ip = ipaddress.ip_address(address)
        kind = kind_of(ip)
        if kind and not (policy.allows(ip) or policy.allows(_embedded(ip))):
            values = {"host": host, "address": address, "kind": kind,
                      "setting": policy.setting}
            if ip == _literal(host):
                raise OutboundRefused(_(
                    "Refused: %(address)s is an internal address (%(kind)s). The platform "
                    "does not connect to internal addresses; an operator can allow one in "
                    "%(setting)s.") % values)
            raise OutboundRefused(_(
                "Refused: %(host)s resolves to %(address)s, an internal address (%(kind)s). "
                "The platform does not connect to internal addresses; an operator can allow "
                "one in %(setting)s."
            ) % values)
    return Checked(host, port, addresses)


def _embedded(ip: IPAddress) -> IPAddress:
    # These IPv6 forms reach an IPv4 host (::ffff:127.0.0.1, 6to4 2002:7f00:1::): judge that
    # host. ::ffff:… is "private" to Python 3.11 anyway, but 2002::/16 is global.
    if isinstance(ip, ipaddress.IPv6Address):
        return ip.ipv4_mapped or ip.sixtofour or ip
    return ip


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


# ---------------------------------------------------------------- connecting


def request(url: str, **kwargs: Any) -> urllib.request.Request:
    """urllib's Request; a URL it cannot even parse (no scheme) is refused, not a crash of
    the worker's loop."""
    try:
        return urllib.request.Request(url, **kwargs)
    except ValueError as exc:
        raise _invalid(exc) from exc


def opener(policy: Policy, *, max_redirects: int = 0) -> urllib.request.OpenerDirector:
    """A urllib opener that checks each request, and each of at most `max_redirects`
    redirect hops, with `check_url`, and connects only to the addresses it checked.

    Built by hand rather than with build_opener, so it has no proxy handler (an environment
    proxy, not the checked host, would get the connection) and no ftp:// or file://
    handler a redirect could reach. With max_redirects=0 a 3xx is an HTTPError."""
    director = urllib.request.OpenerDirector()
    handlers: list[urllib.request.BaseHandler] = [
        _GuardedHTTPHandler(policy), _GuardedHTTPSHandler(policy),
        urllib.request.HTTPDefaultErrorHandler(), urllib.request.HTTPErrorProcessor(),
        _OtherSchemesRefused(),
    ]
    if max_redirects:
        # Each hop is a new request through the handlers above, so it is checked too.
        limited = type("LimitedRedirects", (urllib.request.HTTPRedirectHandler,),
                       {"max_redirections": max_redirects})
        handlers.append(limited())
    for handler in handlers:
        director.add_handler(handler)
    return director


class _OtherSchemesRefused(urllib.request.BaseHandler):
    # urllib's last resort for a scheme no handler opens (ftp://, file://, gopher://).
    def unknown_open(self, req: urllib.request.Request) -> Any:
        raise OutboundRefused(_only_http())


class _GuardedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, policy: Policy) -> None:
        super().__init__()
        self.policy = policy

    def http_open(self, req: urllib.request.Request) -> Any:
        checked = check_url(req.full_url, self.policy)
        return self.do_open(_pinned(_PinnedHTTPConnection, checked), req)


class _GuardedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, policy: Policy) -> None:
        self.ssl_context = ssl.create_default_context()
        super().__init__(context=self.ssl_context)
        self.policy = policy

    def https_open(self, req: urllib.request.Request) -> Any:
        checked = check_url(req.full_url, self.policy)
        # Only the TCP connection is pinned: HTTPSConnection still wraps the socket with
        # server_hostname=<the host name>, so SNI and the certificate check use the name.
        return self.do_open(_pinned(_PinnedHTTPSConnection, checked), req,
                            context=self.ssl_context)


def _pinned(connection_class: type, checked: Checked) -> Any:
    return functools.partial(connection_class, addresses=checked.addresses)


class _Pinned:
    def __init__(self, *args: Any, addresses: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # http.client opens its TCP socket through this per-instance hook (connect() calls
        # it; HTTPSConnection wraps the socket afterwards). Pointing it at the checked
        # addresses means no second DNS lookup happens between the check and the connect.
        self._create_connection = functools.partial(_connect_to, addresses)


class _PinnedHTTPConnection(_Pinned, HTTPConnection):
    pass


class _PinnedHTTPSConnection(_Pinned, HTTPSConnection):
    pass


def _connect_to(addresses: tuple[str, ...], address: tuple[str, int], timeout: Any,
                source_address: Any) -> socket.socket:
    """Like socket.create_connection, over the checked addresses in the resolver's order;
    each is an IP literal, so create_connection does no DNS lookup of its own."""
    error: OSError | None = None
    for ip in addresses:
        try:
            return socket.create_connection((ip, address[1]), timeout, source_address)
        except OSError as exc:
            error = exc
    raise error or OSError("no address to connect to")


# ---------------------------------------------------------------- saving


class OutboundURLModel(models.Model):
    """A model whose `url` the server will connect to: validation (the admin form, any
    full_clean) refuses what the guard would refuse at connect time, with its message."""

    outbound_settings: ClassVar[tuple[str, ...]] = (OUTBOUND_ALLOW,)
    url: Any

    class Meta:
        abstract = True

    @classmethod
    def outbound_policy(cls) -> Policy:
        return Policy.from_settings(*cls.outbound_settings)

    def clean_fields(self, exclude: Any = None) -> None:
        errors: dict[str, Any] = {}
        try:
            super().clean_fields(exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        # Only a URL that is otherwise valid is looked up: one message per mistake.
        if "url" not in errors and "url" not in (exclude or ()):
            try:
                check_url(self.url, self.outbound_policy())
            except OutboundRefused as exc:
                errors["url"] = [ValidationError(str(exc), code="outbound_refused")]
            except OSError as exc:
                errors["url"] = [ValidationError(
                    _("The host name cannot be resolved, so it cannot be checked: %(error)s")
                    % {"error": exc}, code="unresolvable")]
        if errors:
            raise ValidationError(errors)
