"""The outbound guard refuses each internal address class, other schemes, odd spellings of
loopback and a name with even one internal answer; it lets public addresses and the
allow-listed networks through, and a mistyped allow-list stops the start."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation

from config.settings import env_networks
from tests.internal_addresses import INTERNAL, resolve_as
from tongxin.core.netguard import OutboundRefused, Policy, check_url

NOTHING_ALLOWED = Policy((), "TONGXIN_OUTBOUND_ALLOW")


@pytest.mark.parametrize(("url", "kind"), INTERNAL)
def test_each_internal_address_class_is_refused_and_named(url, kind):
    with translation.override("en"), pytest.raises(OutboundRefused) as refused:
        check_url(url, NOTHING_ALLOWED)
    message = str(refused.value)
    assert f"({kind})" in message and "TONGXIN_OUTBOUND_ALLOW" in message


@pytest.mark.parametrize("url", [
    "http://2130706433/",  # 127.0.0.1 as one number
    "http://0x7f.1/",  # and in hex, shortened
    "http://127.1:8080/",
])
def test_other_spellings_of_loopback_are_judged_by_what_they_resolve_to(url):
    with translation.override("en"), pytest.raises(OutboundRefused, match="127.0.0.1"):
        check_url(url, NOTHING_ALLOWED)


@pytest.mark.parametrize("url", ["ftp://example.com/feed", "file:///etc/passwd",
                                 "gopher://10.0.0.1:70/", "//example.com/", "http:///x"])
def test_only_http_and_https_with_a_host(url):
    with pytest.raises(OutboundRefused):
        check_url(url, NOTHING_ALLOWED)


def test_public_addresses_pass_and_keep_their_port():
    assert check_url("https://8.8.8.8/hook", NOTHING_ALLOWED).addresses == ("8.8.8.8",)
    checked = check_url("http://[2001:4860:4860::8888]:8080/", NOTHING_ALLOWED)
    assert checked.addresses == ("2001:4860:4860::8888",) and checked.port == 8080


def test_a_name_with_one_internal_answer_among_public_ones_is_refused(monkeypatch):
    resolve_as(monkeypatch, {"mixed.example": ["8.8.8.8", "10.1.2.3"]})
    with translation.override("en"), pytest.raises(OutboundRefused) as refused:
        check_url("https://mixed.example/", NOTHING_ALLOWED)
    assert "mixed.example resolves to 10.1.2.3, an internal address (private)" in str(refused.value)


def test_the_allow_list_lets_its_networks_through_and_nothing_else(monkeypatch, settings):
    settings.TONGXIN_OUTBOUND_ALLOW = ["10.8.0.0/16", "127.0.0.1"]
    policy = Policy.from_settings("TONGXIN_OUTBOUND_ALLOW")
    assert check_url("http://10.8.3.4/", policy).addresses == ("10.8.3.4",)
    assert check_url("http://127.0.0.1:9/", policy).addresses == ("127.0.0.1",)
    # The IPv4-mapped form of an allowed address is that address.
    assert check_url("http://[::ffff:10.8.0.1]/", policy)
    for url in ("http://10.9.0.1/", "http://127.0.0.2/", "http://[::1]/"):
        with pytest.raises(OutboundRefused):
            check_url(url, policy)
    resolve_as(monkeypatch, {"partly.example": ["10.8.0.5", "10.9.0.5"]})
    with pytest.raises(OutboundRefused, match="10.9.0.5"):
        check_url("http://partly.example/", policy)


def test_the_chinese_message_names_the_class(settings):
    with translation.override("zh-hans"), pytest.raises(OutboundRefused) as refused:
        check_url("http://169.254.169.254/latest/meta-data/", NOTHING_ALLOWED)
    assert "链路本地" in str(refused.value) and "169.254.169.254" in str(refused.value)


def test_a_mistyped_allow_list_stops_the_start(monkeypatch):
    monkeypatch.setenv("TONGXIN_OUTBOUND_ALLOW", " 10.8.0.0/16, fd00::/8 ,,")
    assert env_networks("TONGXIN_OUTBOUND_ALLOW") == ["10.8.0.0/16", "fd00::/8"]
    monkeypatch.setenv("TONGXIN_OUTBOUND_ALLOW", "10.8.0.0/16,10.300.0.0/16")
    with pytest.raises(ImproperlyConfigured, match="TONGXIN_OUTBOUND_ALLOW"):
        env_networks("TONGXIN_OUTBOUND_ALLOW")
    monkeypatch.delenv("TONGXIN_OUTBOUND_ALLOW")
    assert env_networks("TONGXIN_OUTBOUND_ALLOW") == []
