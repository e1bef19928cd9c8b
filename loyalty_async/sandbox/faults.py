"""Seeded, reproducible fault injection.

A :class:`Faults` value says how often each fault happens; a :class:`FaultInjector` draws
them from one ``random.Random(seed)``: one draw per request decides which fault (if any)
hits it, so the same seed and the same order of requests give the same faults.

The command-line form is a comma-separated list of ``key=value`` pairs::

    5xx=0.05,429=0.02,retry_after=1,latency=0.01,drop_before=0.01,drop_after=0.02,token_ttl=30,seed=7
"""

from __future__ import annotations

import enum
import math
import random
from typing import Any

import attrs


class FaultKind(str, enum.Enum):
    """What can happen to one request."""

    #: Answer 500, 502, 503 or 504 without doing anything.
    SERVER_ERROR = "5xx"
    #: Answer 429 with ``Retry-After`` without doing anything.
    RATE_LIMITED = "429"
    #: Read the request, then close the connection without doing anything.
    DROP_BEFORE = "drop_before"
    #: Do the work and commit it, then close the connection without answering.
    DROP_AFTER = "drop_after"
    #: Wait ``latency`` seconds before handling the request.
    LATENCY = "latency"


def _rate(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{attribute.name} must be a rate between 0 and 1, got {value}")


def _non_negative(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if value < 0 or math.isnan(value) or math.isinf(value):
        raise ValueError(f"{attribute.name} must be a finite number >= 0, got {value}")


def _positive_or_none(
    instance: object, attribute: attrs.Attribute[float | None], value: float | None
) -> None:
    if value is not None and (not value > 0 or math.isinf(value)):
        raise ValueError(f"{attribute.name} must be a number of seconds > 0, got {value}")


# Command-line key → attribute name, in the order the keys are documented.
_KEYS = {
    "5xx": "server_error",
    "429": "rate_limited",
    "retry_after": "retry_after",
    "latency": "latency",
    "drop_before": "drop_before",
    "drop_after": "drop_after",
    "token_ttl": "token_ttl",
    "seed": "seed",
    "login": "include_login",
}


@attrs.frozen
class Faults:
    """How often the sandbox misbehaves, and how.

    :ivar server_error: share of requests answered with a 5xx (key ``5xx``).
    :ivar rate_limited: share answered ``429`` with ``Retry-After`` (key ``429``).
    :ivar retry_after: seconds sent in ``Retry-After``.
    :ivar latency: seconds added before every request in scope.
    :ivar drop_before: share whose connection is closed before anything is written.
    :ivar drop_after: share whose write is committed, then the connection closed unanswered.
    :ivar token_ttl: seconds a login token lives (``None``: 24 hours, as Convercus).
    :ivar seed: seed of the random draws.
    :ivar include_login: also inject faults into ``POST /auth/login`` (key ``login``).

    The four rates together may not exceed 1: each request suffers at most one of them.
    """

    server_error: float = attrs.field(default=0.0, validator=_rate)
    rate_limited: float = attrs.field(default=0.0, validator=_rate)
    retry_after: float = attrs.field(default=1.0, validator=_non_negative)
    latency: float = attrs.field(default=0.0, validator=_non_negative)
    drop_before: float = attrs.field(default=0.0, validator=_rate)
    drop_after: float = attrs.field(default=0.0, validator=_rate)
    token_ttl: float | None = attrs.field(default=None, validator=_positive_or_none)
    seed: int = 0
    include_login: bool = False

    def __attrs_post_init__(self) -> None:
        total = self.server_error + self.rate_limited + self.drop_before + self.drop_after
        if total > 1.0 + 1e-9:
            raise ValueError(f"the fault rates add up to {total:g}; they may not exceed 1")

    @classmethod
    def parse(cls, spec: str) -> Faults:
        """Read the command-line form (``"5xx=0.05,429=0.02,seed=7"``); ``""`` is no faults."""
        values: dict[str, Any] = {}
        for item in spec.split(","):
            item = item.strip()
            if not item:
                continue
            key, sep, text = item.partition("=")
            key = key.strip()
            if not sep or key not in _KEYS:
                known = ", ".join(_KEYS)
                raise ValueError(f"unknown fault setting {item!r}; use key=value with: {known}")
            name = _KEYS[key]
            text = text.strip()
            try:
                if name == "seed":
                    values[name] = int(text)
                elif name == "include_login":
                    values[name] = _flag(text)
                else:
                    values[name] = float(text)
            except ValueError:
                raise ValueError(f"fault setting {key!r} has a bad value {text!r}") from None
        return cls(**values)

    @classmethod
    def of(cls, faults: Faults | str | None) -> Faults:
        """``faults`` as given, or read from their command-line form (``None``: no faults)."""
        return faults if isinstance(faults, Faults) else cls.parse(faults or "")

    def __str__(self) -> str:
        """The command-line form of the settings that differ from the defaults."""
        default = Faults()
        parts = []
        for key, name in _KEYS.items():
            value = getattr(self, name)
            if value != getattr(default, name):
                text = str(int(value)) if isinstance(value, bool) else f"{value:g}"
                parts.append(f"{key}={text}")
        return ",".join(parts)

    @property
    def active(self) -> bool:
        """Whether any request-level fault is configured."""
        return (
            self.server_error + self.rate_limited + self.drop_before + self.drop_after > 0
            or self.latency > 0
        )


def _flag(text: str) -> bool:
    lowered = text.lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ValueError(text)


_SERVER_ERRORS = (500, 502, 503, 504)


@attrs.frozen
class Decision:
    """What happens to one request: at most one fault, and the 5xx status if that is it."""

    kind: FaultKind | None = None
    status: int | None = None


class FaultInjector:
    """Draws the fault of each request from a seeded random sequence."""

    def __init__(self, faults: Faults) -> None:
        self.faults = faults
        self._random = random.Random(faults.seed)

    def decide(self) -> Decision:
        """Draw the fate of the next request (exactly one draw, two for a 5xx)."""
        faults = self.faults
        draw = self._random.random()
        for kind, rate in (
            (FaultKind.SERVER_ERROR, faults.server_error),
            (FaultKind.RATE_LIMITED, faults.rate_limited),
            (FaultKind.DROP_BEFORE, faults.drop_before),
            (FaultKind.DROP_AFTER, faults.drop_after),
        ):
            if draw < rate:
                status = None
                if kind is FaultKind.SERVER_ERROR:
                    status = self._random.choice(_SERVER_ERRORS)
                return Decision(kind, status)
            draw -= rate
        return Decision()
