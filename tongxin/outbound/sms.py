"""Text-message gateways behind one small interface: send(target, text) -> message id.

The SMS gateway is chosen by settings.TONGXIN_SMS_BACKEND (a dotted path); the default,
ConsoleSmsBackend, only prints, so development never texts a real citizen. A provider
adapter (阿里云, 腾讯云, a carrier's SMPP bridge) subclasses TextBackend and raises on failure;
the delivery log keeps the error and the worker retries.
"""

from __future__ import annotations

import logging
import sys
import uuid
from typing import TextIO

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

log = logging.getLogger("tongxin.outbound.sms")

DEFAULT_SMS_BACKEND = "tongxin.outbound.sms.ConsoleSmsBackend"


class TextBackend:
    """Sends one short text to one address (a phone number or an e-mail address)."""

    def send(self, target: str, text: str) -> str:
        """Send, and return the gateway's message id; raise on failure."""
        raise NotImplementedError


class ConsoleSmsBackend(TextBackend):
    """Development gateway: writes the message to stdout and the log instead of sending."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream

    def send(self, target: str, text: str) -> str:
        message_id = f"console-{uuid.uuid4().hex[:12]}"
        # Looked up at call time, not import time, so a captured stdout sees it.
        stream = self.stream or sys.stdout
        stream.write(f"[SMS {message_id}] to {target}: {text}\n")
        stream.flush()
        log.info("SMS %s to %s: %s", message_id, target, text)
        return message_id


class MailBackend(TextBackend):
    """E-mail through Django's send_mail, hence settings.EMAIL_BACKEND (console by default)."""

    def __init__(self, subject: str = "") -> None:
        self.subject = subject

    def send(self, target: str, text: str) -> str:
        subject = self.subject or text.splitlines()[0][:80]
        sent = send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [target],
                         fail_silently=False)
        if sent != 1:
            raise RuntimeError(f"mail backend accepted {sent} messages")
        return f"mail-{uuid.uuid4().hex[:12]}"


def sms_backend() -> TextBackend:
    path = getattr(settings, "TONGXIN_SMS_BACKEND", DEFAULT_SMS_BACKEND)
    return import_string(path)()


def mail_backend() -> TextBackend:
    return MailBackend()
