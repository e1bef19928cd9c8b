"""The one value a service hands the session for each call.

A service fills a :class:`Call` (which operation, the values of its path parameters, the
query, the body, per-call headers and options) and awaits :meth:`Session.send
<loyalty_async.Session.send>` with it. Everything below that seam (building the request,
auth, retries, deadlines, logging) belongs to the session; everything above it (typed
arguments, validation, reading the result) belongs to the services.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from loyalty_async.errors import ValidationError
from loyalty_async.operations import Operation
from loyalty_async.session.retry import RetryPolicy
from loyalty_async.transport.base import Body, Timeout
from loyalty_async.transport.headers import check_headers

#: Query parameters: a mapping or pairs; ``None`` values are left out, lists repeat the key.
Params = Mapping[str, Any] | Iterable[tuple[str, Any]]


def _sendable_headers(
    instance: object, attribute: attrs.Attribute[Any], value: Mapping[str, str] | None
) -> None:
    check_headers(value, ValidationError, "options headers")


@attrs.frozen
class CallOptions:
    """Settings of one call that replace the session's defaults (``None``: keep the default).

    ``headers`` and ``query`` are added to the call's own (a header given here wins over
    the session's and the call's). A header that cannot be sent as given (a line break or
    another control character, a name that is not a token) raises ``ValidationError``.
    """

    retry: RetryPolicy | None = None
    timeout: Timeout | None = None
    deadline: float | None = None
    headers: Mapping[str, str] | None = attrs.field(default=None, validator=_sendable_headers)
    query: Mapping[str, Any] | None = None

    def merge(self, other: CallOptions) -> CallOptions:
        """These options with ``other``'s set values on top (headers and query combined)."""
        if other is NO_OPTIONS:
            return self
        if self is NO_OPTIONS:
            return other
        return CallOptions(
            retry=other.retry if other.retry is not None else self.retry,
            timeout=other.timeout if other.timeout is not None else self.timeout,
            deadline=other.deadline if other.deadline is not None else self.deadline,
            headers=_combined(self.headers, other.headers),
            query=_combined(self.query, other.query),
        )


#: No per-call settings: every default of the session applies.
NO_OPTIONS = CallOptions()


# Slotted but not frozen: a frozen attrs class sets each of its ten fields through
# ``object.__setattr__``, which cost more than a third of the service layer's time per
# call; plain slot stores cost a fifth of that. Nothing changes a Call once it is made
# (``attrs.evolve`` makes a new one).
@attrs.define(eq=True)
class Call:
    """One call of one declared operation, as a service hands it to the session.

    ``path`` fills the operation's ``{placeholders}`` (raw values: the session checks and
    percent-encodes them). ``json`` or ``content`` is the body. ``headers`` are the call's
    own (``id-type``). ``context`` describes the call for reconciliation and appears on
    :class:`~loyalty_async.errors.OutcomeUnknownError`. ``resend_safe`` overrides the
    operation's declaration for this call (``None``: as declared). With ``stream`` the
    response body is left unread for the caller to stream.

    Treat a call as a value: the session, and an error that keeps it for an exact resend,
    share it. Make a changed copy with ``attrs.evolve(call, ...)``.
    """

    operation: Operation
    path: Mapping[str, Any] | None = None
    query: Params | None = None
    json: Any = None
    content: Body | None = None
    headers: Mapping[str, str] | None = None
    options: CallOptions = NO_OPTIONS
    context: Mapping[str, Any] | None = None
    resend_safe: bool | None = None
    stream: bool = False


def _combined(
    first: Mapping[str, Any] | None, second: Mapping[str, Any] | None
) -> Mapping[str, Any] | None:
    if not first:
        return second
    if not second:
        return first
    return {**first, **second}
