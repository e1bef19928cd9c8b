"""What the Loyalty Pass stand-in holds: clients, tokens, a points ledger, a catalogue.

The ledger is the one place points move: an earn adds them, a reversal takes back exactly
what its earn added (once), a redemption or voucher takes them away and is refused
beyond the balance. Nothing here is Loyalty Pass's published behaviour (none is
published); it is a consistent world to test an integration's flows against.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import secrets
import time
from collections.abc import Callable
from decimal import ROUND_FLOOR, Decimal
from typing import Any

import attrs

from loyalty_async.sandbox.faults import FaultInjector, Faults
from loyalty_async.sandbox.stats import SandboxStats

#: Codes of the stand-in's refusals (its own; Loyalty Pass publishes none).
INSUFFICIENT_POINTS = "INSUFFICIENT_POINTS"
DUPLICATE_REFERENCE = "DUPLICATE_REFERENCE"
ALREADY_REVERSED = "ALREADY_REVERSED"
UNKNOWN_REFERENCE = "UNKNOWN_REFERENCE"
UNKNOWN_MEMBER = "UNKNOWN_MEMBER"
UNKNOWN_SEGMENT = "UNKNOWN_SEGMENT"
UNKNOWN_GIFT = "UNKNOWN_GIFT"
INVALID_REQUEST = "INVALID_REQUEST"


class Refusal(Exception):
    """A refused call: HTTP status, a code and a message."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


@attrs.frozen
class LoyaltyPassCredentials:
    """The OAuth2 client the stand-in accepts, and how its token request looks."""

    client_id: str = "sandbox-client"
    client_secret: str = "sandbox-secret"
    token_path: str = "/oauth/token"

    def __repr__(self) -> str:
        return f"LoyaltyPassCredentials(client_id={self.client_id!r}, client_secret='***')"


@attrs.define
class Entry:
    """One line of a member's history."""

    transaction_id: str
    reference: str
    type: str
    points: int
    date: str
    status: str = "confirmed"
    reverses: str | None = None
    reversed: bool = False

    def view(self) -> dict[str, Any]:
        """The entry as the stand-in answers it."""
        view = {
            "transactionId": self.transaction_id,
            "reference": self.reference,
            "type": self.type,
            "points": self.points,
            "date": self.date,
            "status": self.status,
        }
        if self.reverses is not None:
            view["reverses"] = self.reverses
        return view


DEFAULT_CATEGORIES = (
    {"id": "home", "name": "Home"},
    {"id": "travel", "name": "Travel"},
    {"id": "vouchers", "name": "Vouchers", "parentId": "home"},
)
DEFAULT_GIFTS = (
    {"id": "g-mug", "name": "Mug", "points": 300, "categoryId": "home"},
    {"id": "g-blanket", "name": "Blanket", "points": 1200, "categoryId": "home"},
    {"id": "g-suitcase", "name": "Suitcase", "points": 5000, "categoryId": "travel"},
    {"id": "g-voucher-10", "name": "10 EUR voucher", "points": 1000, "categoryId": "vouchers"},
)
DEFAULT_SEGMENTS = ("vip", "new-members")
DEFAULT_EVENTS = {"survey": 50, "social_share": 20, "review": 30}


class LoyaltyPassState:
    """Clients, tokens, members and the catalogue of one stand-in run.

    :param points_per_unit: points earned per unit of currency spent (floored).
    :param token_ttl: seconds a token lives (sent as ``expires_in``).
    :param token_body: the token request form accepted: ``"form"``, ``"json"`` or ``"any"``.
    :param page_size: lines per page of the transaction history and the gifts.
    """

    def __init__(
        self,
        *,
        credentials: LoyaltyPassCredentials,
        points_per_unit: Decimal = Decimal(1),
        token_ttl: float = 3600.0,
        token_body: str = "any",
        client_id_field: str = "client_id",
        client_secret_field: str = "client_secret",
        page_size: int = 50,
        faults: Faults | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if token_body not in ("form", "json", "any"):
            raise ValueError("token_body must be 'form', 'json' or 'any'")
        if page_size < 1:
            raise ValueError("page_size must be at least 1")
        self.credentials = credentials
        self.points_per_unit = Decimal(points_per_unit)
        self.token_ttl = token_ttl
        self.token_body = token_body
        self.client_id_field = client_id_field
        self.client_secret_field = client_secret_field
        self.page_size = page_size
        self.faults = faults or Faults()
        self.injector = FaultInjector(self.faults)
        self.clock = clock
        self.stats = SandboxStats()
        self.tokens: dict[str, float] = {}
        self.members: dict[str, list[Entry]] = {}
        self.references: dict[str, tuple[str, Entry]] = {}
        self.segments: dict[str, set[str]] = {name: set() for name in DEFAULT_SEGMENTS}
        self.promotions: dict[str, set[str]] = {}
        self.categories = [dict(c) for c in DEFAULT_CATEGORIES]
        self.gifts = [dict(g) for g in DEFAULT_GIFTS]
        self.events = dict(DEFAULT_EVENTS)
        self.languages = [{"code": "en", "name": "English"}, {"code": "fr", "name": "Français"}]
        self._serial = 0

    # ------------------------------------------------------------------ tokens

    def issue_token(self) -> str:
        """A new bearer token."""
        token = secrets.token_urlsafe(24)
        self.tokens[token] = self.clock() + self.token_ttl
        self.stats.logins += 1
        return token

    def token_valid(self, token: str) -> bool:
        """Whether ``token`` was issued and has not expired."""
        expires_at = self.tokens.get(token)
        return expires_at is not None and self.clock() < expires_at

    def expire_tokens(self) -> None:
        """Expire every token issued so far."""
        self.tokens = dict.fromkeys(self.tokens, 0.0)

    # ------------------------------------------------------------------ ledger

    def add_member(self, member_id: str, points: int = 0) -> None:
        """Open a member (with an opening balance, booked as one history line)."""
        self.members.setdefault(member_id, [])
        if points:
            self._book(member_id, f"opening-{member_id}", "opening", points)

    def balance(self, member_id: str) -> int:
        """A member's points."""
        return sum(entry.points for entry in self._history(member_id))

    def _history(self, member_id: str) -> list[Entry]:
        history = self.members.get(member_id)
        if history is None:
            raise Refusal(404, UNKNOWN_MEMBER, f"no member {member_id!r}")
        return history

    def _today(self) -> str:
        return dt.datetime.fromtimestamp(self.clock(), dt.UTC).isoformat()

    def _book(self, member_id: str, reference: str, kind: str, points: int, **more: Any) -> Entry:
        if reference in self.references:
            raise Refusal(409, DUPLICATE_REFERENCE, f"reference {reference!r} was already used")
        self._serial += 1
        entry = Entry(f"T{self._serial:06d}", reference, kind, points, self._today(), **more)
        self._history(member_id).append(entry)
        self.references[reference] = (member_id, entry)
        self.stats.writes["transactions"] += 1
        return entry

    def points_for(self, amount: Decimal) -> int:
        """The points an amount earns: floored, never negative."""
        if not amount.is_finite() or amount < 0:
            raise Refusal(400, INVALID_REQUEST, "the amount must be a number of 0 or more")
        return int((amount * self.points_per_unit).to_integral_value(rounding=ROUND_FLOOR))

    def earn(self, member_id: str, reference: str, amount: Decimal) -> Entry:
        """Post the points of a transaction."""
        self._history(member_id)
        return self._book(member_id, reference, "earn", self.points_for(amount))

    def reverse(self, reference: str, reversal_reference: str) -> tuple[str, Entry]:
        """Take back what the earn ``reference`` posted, once."""
        found = self.references.get(reference)
        if found is None or found[1].type not in ("earn", "event"):
            raise Refusal(404, UNKNOWN_REFERENCE, f"no earn with reference {reference!r}")
        member_id, original = found
        if original.reversed:
            raise Refusal(409, ALREADY_REVERSED, f"the earn {reference!r} was already reversed")
        entry = self._book(
            member_id, reversal_reference, "reversal", -original.points, reverses=reference
        )
        original.reversed = True
        original.status = "cancelled"
        return member_id, entry

    def redeem(self, member_id: str, reference: str, points: int) -> Entry:
        """Spend points on a voucher: refused beyond the balance."""
        if points <= 0:
            raise Refusal(400, INVALID_REQUEST, "points must be a positive whole number")
        balance = self.balance(member_id)
        if points > balance:
            raise Refusal(422, INSUFFICIENT_POINTS, f"{points} points asked, {balance} available")
        return self._book(member_id, reference, "redemption", -points, status="exchange")

    def reward(self, member_id: str, reference: str, event: str) -> Entry:
        """Bonus points for an event the programme rewards."""
        points = self.events.get(event)
        if points is None:
            raise Refusal(400, INVALID_REQUEST, f"the programme does not reward {event!r}")
        self._history(member_id)
        return self._book(member_id, reference, "event", points)

    def voucher_code(self, entry: Entry) -> str:
        """A voucher code derived from its redemption (stable for the run)."""
        digest = hashlib.sha256(
            entry.transaction_id.encode() + entry.reference.encode()
        ).hexdigest()
        return "LP-" + digest[:10].upper()

    def pages(self, count: int) -> int:
        """How many pages ``count`` lines fill."""
        return max(1, math.ceil(count / self.page_size))
