"""The newsfeed: members' feeds, posts, their audiences and assignments, messages.

The routes are documented; the bodies are not. A public integration guide names the
feed's item types (:class:`~loyalty_async.convercus.FeedItemType`); the other fields
below are inferred from the operations (a post is scheduled, published, cloned, shown to
target audiences or assigned to accounts). Every model keeps the fields it does not
declare in ``extra``, both ways. Request models check their values as they are built.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, ClassVar

import attrs

from loyalty_async.convercus.enums import FeedItemType, PostStatus
from loyalty_async.convercus.models.common import (
    Changes,
    Draft,
    change_check,
    check_window,
)
from loyalty_async.convercus.models.coupons import account_id_list
from loyalty_async.convercus.validation import (
    check_aware,
    check_bool,
    check_text,
    check_url,
    check_uuid,
)
from loyalty_async.modeling import KEEP_UNKNOWN, UNSET, ClearType, UnsetType
from loyalty_async.operations.checks import field_check

_TEXT = field_check(check_text)
_OPTIONAL_TEXT = field_check(check_text, optional=True)
_OPTIONAL_URL = field_check(check_url, optional=True)
_OPTIONAL_AWARE = field_check(check_aware, optional=True)
_OPTIONAL_BOOL = field_check(check_bool, optional=True)
_OPTIONAL_IDS = field_check(account_id_list, optional=True)


def _window(instance: Any) -> None:
    check_window(instance.valid_from, instance.valid_to)


# ---------------------------------------------------------------------- the feed


@attrs.define
class FeedItem:
    """One item of a member's newsfeed: a post, a receipt, or a checkout.

    ``type`` says which; a post's title and text, or a receipt's fields, are beside it
    (undeclared ones in ``extra``).
    """

    news_feed_item_id: str | None = None
    type: FeedItemType | None = None
    title: str | None = None
    text: str | None = None
    image_url: str | None = None
    #: A receipt's amount and points (``EARN_TRANSACTION``, ``BURN_TRANSACTION`` items).
    amount: Decimal | None = None
    points: int | None = None
    created_at: dt.datetime | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class NewsfeedMessage:
    """A message for one member's feed (``account_id`` is the account's technical id)."""

    account_id: str = attrs.field(validator=field_check(check_uuid))
    title: str = attrs.field(validator=_TEXT)
    text: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    image_url: str | None = attrs.field(default=None, validator=_OPTIONAL_URL)
    link_url: str | None = attrs.field(default=None, validator=_OPTIONAL_URL)
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


# ---------------------------------------------------------------------- posts


@attrs.define
class Post:
    """A newsfeed post: its content, its audiences, its schedule and its status."""

    post_id: str | None = None
    title: str | None = None
    text: str | None = None
    image_url: str | None = None
    link_url: str | None = None
    status: PostStatus | None = None
    target_audience_ids: list[str] | None = None
    valid_from: dt.datetime | None = None
    valid_to: dt.datetime | None = None
    publish_at: dt.datetime | None = None
    delete_at: dt.datetime | None = None
    pinned: bool | None = None
    created_at: dt.datetime | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class NewPost(Draft):
    """A post to create (it starts as a draft: publish or schedule it afterwards).

    ``title`` is required; ``target_audience_ids`` (UUIDs) name who sees it (assign
    single accounts with ``posts.assign_account``); URLs are absolute ``http(s)``; the
    validity window uses datetimes with a UTC offset and may not end before it starts.
    """

    _server_fields: ClassVar[tuple[str, ...]] = ("post_id", "status", "created_at")

    title: str = attrs.field(validator=_TEXT)
    text: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    image_url: str | None = attrs.field(default=None, validator=_OPTIONAL_URL)
    link_url: str | None = attrs.field(default=None, validator=_OPTIONAL_URL)
    target_audience_ids: list[str] | None = attrs.field(default=None, validator=_OPTIONAL_IDS)
    valid_from: dt.datetime | None = attrs.field(default=None, validator=_OPTIONAL_AWARE)
    valid_to: dt.datetime | None = attrs.field(default=None, validator=_OPTIONAL_AWARE)
    pinned: bool | None = attrs.field(default=None, validator=_OPTIONAL_BOOL)
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)

    def __attrs_post_init__(self) -> None:
        _window(self)


@attrs.define
class PostUpdate(Changes):
    """A partial update of a post (``PATCH``): only the fields you set go out.

    Fields default to :data:`~loyalty_async.modeling.UNSET` (the stored value stays);
    :data:`~loyalty_async.modeling.CLEAR` deletes an optional one. ``title`` cannot be
    cleared. An update that sets nothing is refused.
    """

    title: str | UnsetType = attrs.field(default=UNSET, validator=change_check(check_text))
    text: str | UnsetType | ClearType = attrs.field(
        default=UNSET, validator=change_check(check_text, clearable=True)
    )
    image_url: str | UnsetType | ClearType = attrs.field(
        default=UNSET, validator=change_check(check_url, clearable=True)
    )
    link_url: str | UnsetType | ClearType = attrs.field(
        default=UNSET, validator=change_check(check_url, clearable=True)
    )
    target_audience_ids: list[str] | UnsetType | ClearType = attrs.field(
        default=UNSET, validator=change_check(account_id_list, clearable=True)
    )
    valid_from: dt.datetime | UnsetType | ClearType = attrs.field(
        default=UNSET, validator=change_check(check_aware, clearable=True)
    )
    valid_to: dt.datetime | UnsetType | ClearType = attrs.field(
        default=UNSET, validator=change_check(check_aware, clearable=True)
    )
    pinned: bool | UnsetType = attrs.field(default=UNSET, validator=change_check(check_bool))
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        _window(self)


@attrs.define
class PostSchedule:
    """When a post goes live (``publish_at``, with a UTC offset)."""

    publish_at: dt.datetime = attrs.field(validator=field_check(check_aware))


@attrs.define
class PostDeletionSchedule:
    """When a published post is taken down and deleted (``delete_at``, with a UTC offset)."""

    delete_at: dt.datetime = attrs.field(validator=field_check(check_aware))


# ---------------------------------------------------------------------- assignments


@attrs.define
class PostAssignment:
    """A post assigned to one account, for a time if given."""

    account_id: str | None = None
    post_id: str | None = None
    valid_from: dt.datetime | None = None
    valid_to: dt.datetime | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class PostAssignmentWindow:
    """The time an assignment of a post to an account holds (either end may be open)."""

    valid_from: dt.datetime | None = attrs.field(default=None, validator=_OPTIONAL_AWARE)
    valid_to: dt.datetime | None = attrs.field(default=None, validator=_OPTIONAL_AWARE)

    def __attrs_post_init__(self) -> None:
        _window(self)


@attrs.define
class AccountBatch:
    """Accounts (distinct technical ids, at least one) a post is assigned to or taken from."""

    account_ids: list[str] = attrs.field(validator=field_check(account_id_list))


# ---------------------------------------------------------------------- target audiences


@attrs.define
class TargetAudience:
    """A group of members a post is shown to: listed accounts, or conditions on accounts."""

    target_audience_id: str | None = None
    name: str | None = None
    description: str | None = None
    account_ids: list[str] | None = None
    #: Conditions on accounts, as the service states them (their grammar is undocumented).
    conditions: Any = None
    created_at: dt.datetime | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class NewTargetAudience(Draft):
    """A target audience to create: a ``name``, and the accounts or conditions it holds.

    ``account_ids`` lists accounts (distinct UUIDs); ``conditions`` are sent as given
    (their grammar is not documented). With neither, the audience is every member.
    """

    _server_fields: ClassVar[tuple[str, ...]] = ("target_audience_id", "created_at")

    name: str = attrs.field(validator=_TEXT)
    description: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    account_ids: list[str] | None = attrs.field(default=None, validator=_OPTIONAL_IDS)
    conditions: list[dict[str, Any]] | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class TargetAudienceUpdate(Changes):
    """A partial update of a target audience (``PATCH``); ``name`` cannot be cleared."""

    name: str | UnsetType = attrs.field(default=UNSET, validator=change_check(check_text))
    description: str | UnsetType | ClearType = attrs.field(
        default=UNSET, validator=change_check(check_text, clearable=True)
    )
    account_ids: list[str] | UnsetType | ClearType = attrs.field(
        default=UNSET, validator=change_check(account_id_list, clearable=True)
    )
    conditions: list[dict[str, Any]] | UnsetType | ClearType = UNSET
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class AudienceDefinition:
    """An audience to evaluate: a stored one (``target_audience_id``) or one given here.

    Used to list the accounts an audience reaches and to validate a definition before
    saving it. Give ``target_audience_id``, or ``account_ids`` and/or ``conditions``.
    """

    target_audience_id: str | None = attrs.field(
        default=None, validator=field_check(check_uuid, optional=True)
    )
    account_ids: list[str] | None = attrs.field(default=None, validator=_OPTIONAL_IDS)
    conditions: list[dict[str, Any]] | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class AudienceValidation:
    """Whether an audience definition is valid, and what is wrong with it if not."""

    valid: bool | None = None
    errors: list[Any] = attrs.Factory(list)
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)
