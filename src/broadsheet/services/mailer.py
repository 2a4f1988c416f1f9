"""Mail out (password resets, digests) over SMTP, with the standard library's client.

`mailer_for(settings)` is None when no mail server is set: callers then say that mail is off
instead of pretending to have sent something."""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol

from broadsheet.config import Settings
from broadsheet.errors import BroadsheetError

log = logging.getLogger(__name__)

SMTP_TIMEOUT = 20.0


class MailError(BroadsheetError):
    """The mail server refused the message or could not be reached."""


@dataclass(frozen=True, slots=True)
class Message:
    to: str
    subject: str
    text: str


class Mailer(Protocol):
    def send(self, message: Message) -> None: ...


class SmtpMailer:
    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    def send(self, message: Message) -> None:
        s = self._settings
        mail = EmailMessage()
        mail["From"] = s.mail_from
        mail["To"] = message.to
        mail["Subject"] = message.subject
        mail.set_content(message.text)
        try:
            with smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=SMTP_TIMEOUT) as smtp:
                if s.smtp_starttls:
                    smtp.starttls()
                if s.smtp_user:
                    smtp.login(s.smtp_user, s.smtp_password)
                smtp.send_message(mail)
        except (OSError, smtplib.SMTPException) as exc:
            raise MailError(f"mail to {message.to} not sent via {s.smtp_host}: {exc}") from exc
        log.info("mail sent", extra={"to": message.to, "subject": message.subject})


def mailer_for(settings: Settings) -> Mailer | None:
    return SmtpMailer(settings) if settings.smtp_host else None
