"""Password reset by email: a single-use link that lasts an hour.

Asking for a link answers the same whether or not the address has an account, and the mail is
sent after the answer (the caller sends what `request_reset` returns in the background), so
neither the words nor the time taken reveal who has an account here. The link is built from
`public_url` (or HOST:PORT), never from the request's Host header, which an attacker could set
to their own site to catch the token."""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import datetime, timedelta

from broadsheet.community import Account
from broadsheet.config import Settings
from broadsheet.errors import Refused
from broadsheet.services import rate_limits
from broadsheet.services.account_fields import EMAIL_MAX, check_password
from broadsheet.services.accounts import token_hash
from broadsheet.services.mailer import Mailer, MailError, Message
from broadsheet.services.passwords import hash_password
from broadsheet.storage import Repository

log = logging.getLogger(__name__)

RESET_LIFETIME = timedelta(hours=1)
IP_LIMIT, EMAIL_LIMIT, WINDOW = 5, 3, timedelta(hours=1)
TOKEN_BYTES = 32
EXPIRED = "This reset link has expired or has been used already; please ask for a new one."


def request_reset(
    repo: Repository, settings: Settings, email: str, *, ip_hash: str, now: datetime
) -> Message | None:
    """The reset mail to send for `email`, or None when there is nothing to send (no such
    account, a banned one, or too many links asked for it within the hour: all silent).
    RateLimited after IP_LIMIT requests from one address in an hour."""
    rate_limits.check_rate(
        repo, f"reset-ip:{ip_hash}", IP_LIMIT, WINDOW, now,
        "Too many reset links were asked for from your network; please try again in an hour.",
    )  # fmt: skip
    email = email.strip().lower()
    found = repo.account_login(email) if len(email) <= EMAIL_MAX else None
    if found is None or found[0].banned_at is not None:
        log.info("password reset asked for an unknown address", extra={"ip_hash": ip_hash})
        return None
    account = found[0]
    emailed = f"reset-email:{hashlib.sha256(email.encode()).hexdigest()[:32]}"
    if repo.hit_rate(emailed, now, now - WINDOW) > EMAIL_LIMIT:  # no mail-bombing a reader
        log.warning("password reset: mail limit", extra={"account_id": account.id})
        return None
    token = secrets.token_urlsafe(TOKEN_BYTES)
    repo.add_password_reset(token_hash(token), account.id, now, now + RESET_LIFETIME)
    log.info("password reset link made", extra={"account_id": account.id, "ip_hash": ip_hash})
    return _reset_mail(account, f"{settings.site_url}/reset/{token}")


def send_quietly(mailer: Mailer, message: Message) -> None:
    """Send, logging a failure instead of raising: the reader has had their answer already."""
    try:
        mailer.send(message)
    except MailError as exc:
        log.error("password reset mail not sent: %s", exc)


def reset_password(repo: Repository, token: str, password: str, now: datetime) -> Account:
    """Set a new password with a reset link's token (used up by this) and end every session
    of the account. Refused for a weak password (the link stays usable) or a dead link."""
    check_password(password)
    if not token or len(token) > 128:
        raise Refused(EXPIRED)
    account_id = repo.use_password_reset(token_hash(token), now)
    if account_id is None:
        log.warning("password reset refused: unknown, used or expired link")
        raise Refused(EXPIRED)
    account = repo.update_account(account_id, password_hash=hash_password(password))
    ended = repo.end_sessions(account_id)
    log.info("password reset", extra={"account_id": account_id, "sessions_ended": ended})
    return account


def _reset_mail(account: Account, link: str) -> Message:
    text = (
        f"Hello {account.display_name},\n\n"
        "Someone (we hope you) asked to reset the password of your Broadsheet account.\n"
        f"To choose a new password, open this link within the hour:\n\n{link}\n\n"
        "The link works once. If you did not ask for it, ignore this mail: your password stays "
        "as it is.\n"
    )
    return Message(to=account.email, subject="Reset your Broadsheet password", text=text)
