"""The newsfeed service: members' feeds, posts, target audiences, messages.

The bodies are not documented, nor how a feed is scoped to its member: the SDK sends the
account's technical id as the ``accountId`` query parameter.
"""

from __future__ import annotations

import builtins
import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Any

from typing_extensions import Unpack

from loyalty_async.convercus.enums import PostStatus
from loyalty_async.convercus.models.newsfeed import (
    AudienceDefinition,
    AudienceValidation,
    FeedItem,
    NewPost,
    NewsfeedMessage,
    NewTargetAudience,
    Post,
    PostAssignment,
    PostUpdate,
    TargetAudience,
    TargetAudienceUpdate,
)
from loyalty_async.convercus.models.platform import ServiceHealth
from loyalty_async.convercus.models.profile import Account
from loyalty_async.convercus.services.base import (
    DEFAULT_PAGE_SIZE,
    ConvercusService,
    RequestOptions,
    twin,
)
from loyalty_async.operations.service import SubService
from loyalty_async.paging import Pager


class PostsService(ConvercusService, prefix="newsfeed.posts"):
    """Posts: drafts published now or later, shown to their audiences and assigned accounts."""

    async def get(self, post_id: str, **options: Unpack[RequestOptions]) -> Post:
        """One post (``post_id`` is a UUID)."""

    async def create(self, post: NewPost, **options: Unpack[RequestOptions]) -> str:
        """Create a post (a draft); return its id. Never resent: look with :meth:`list` first."""

    create_deprecated = twin(create, "newsfeed.posts.create_deprecated")

    async def update(
        self, post_id: str, changes: PostUpdate, **options: Unpack[RequestOptions]
    ) -> Post | None:
        """Change some fields of a post (``PATCH``); the post, if the server sends it."""

    update_deprecated = twin(update, "newsfeed.posts.update_deprecated")

    async def delete(self, post_id: str, **options: Unpack[RequestOptions]) -> None:
        """Delete a post at once (see :meth:`schedule_deletion` for later)."""

    def list(
        self, *, status: PostStatus | str | None = None, filters: Mapping[str, Any] | None = None,
        page_size: int = DEFAULT_PAGE_SIZE, start_page: int = 0, **options: Unpack[RequestOptions],
    ) -> Pager[Post]:  # fmt: skip
        """Walk the posts, optionally only those in one :class:`PostStatus`."""

    async def schedule(
        self, post_id: str, publish_at: dt.datetime, **options: Unpack[RequestOptions]
    ) -> Post | None:
        """Publish the post at ``publish_at`` (with a UTC offset)."""

    async def schedule_deletion(
        self, post_id: str, delete_at: dt.datetime, **options: Unpack[RequestOptions]
    ) -> Post | None:
        """Take the post down and delete it at ``delete_at`` (with a UTC offset)."""

    async def publish(self, post_id: str, **options: Unpack[RequestOptions]) -> Post | None:
        """Publish the post now: it appears in its members' feeds."""

    async def clone(self, post_id: str, **options: Unpack[RequestOptions]) -> str:
        """Copy the post into a new draft; return the copy's id (read from ``Location``)."""

    # ------------------------------------------------------------------ assignments

    async def assign_account(
        self, post_id: str, account_id: str, *, valid_from: dt.datetime | None = None,
        valid_to: dt.datetime | None = None, **options: Unpack[RequestOptions],
    ) -> None:  # fmt: skip
        """Show the post to one account (its UUID), for a time if given."""

    async def update_assignment(
        self, post_id: str, account_id: str, *, valid_from: dt.datetime | None = None,
        valid_to: dt.datetime | None = None, **options: Unpack[RequestOptions],
    ) -> PostAssignment | None:  # fmt: skip
        """Set the time an account's assignment holds (``PUT``: both ends are replaced)."""

    assign_account_deprecated = twin(update_assignment, "newsfeed.posts.assign_account_deprecated")

    async def unassign_account(
        self, post_id: str, account_id: str, **options: Unpack[RequestOptions]
    ) -> None:
        """Stop showing the post to one account."""

    unassign_account_deprecated = twin(
        unassign_account, "newsfeed.posts.unassign_account_deprecated"
    )

    async def assign_accounts_batch(
        self, post_id: str, account_ids: builtins.list[str], **options: Unpack[RequestOptions]
    ) -> builtins.list[PostAssignment]:
        """Show the post to many accounts (distinct UUIDs) in one request."""

    assign_accounts_batch_deprecated = twin(
        assign_accounts_batch, "newsfeed.posts.assign_accounts_batch_deprecated"
    )

    async def unassign_accounts_batch(
        self, post_id: str, account_ids: builtins.list[str], **options: Unpack[RequestOptions]
    ) -> None:
        """Stop showing the post to many accounts in one request."""

    unassign_accounts_batch_deprecated = twin(
        unassign_accounts_batch, "newsfeed.posts.unassign_accounts_batch_deprecated"
    )


class TargetAudiencesService(ConvercusService, prefix="newsfeed.audiences"):
    """Target audiences: listed accounts or conditions; the accounts one reaches."""

    def list(
        self, *, filters: Mapping[str, Any] | None = None, page_size: int = DEFAULT_PAGE_SIZE,
        start_page: int = 0, **options: Unpack[RequestOptions],
    ) -> Pager[TargetAudience]:  # fmt: skip
        """Walk the target audiences."""

    async def create(self, audience: NewTargetAudience, **options: Unpack[RequestOptions]) -> str:
        """Create a target audience; return its id (read from ``Location``)."""

    async def get(
        self, target_audience_id: str, **options: Unpack[RequestOptions]
    ) -> TargetAudience:
        """One target audience (``target_audience_id`` is a UUID)."""

    async def update(
        self, target_audience_id: str, changes: TargetAudienceUpdate,
        **options: Unpack[RequestOptions],
    ) -> TargetAudience | None:  # fmt: skip
        """Change some fields of an audience (``PATCH``); the audience, if sent back."""

    async def delete(self, target_audience_id: str, **options: Unpack[RequestOptions]) -> None:
        """Delete a target audience."""

    async def list_accounts(
        self, definition: AudienceDefinition, **options: Unpack[RequestOptions]
    ) -> builtins.list[Account]:
        """The accounts an audience (stored, or defined here) reaches."""

    async def validate(
        self, definition: AudienceDefinition, **options: Unpack[RequestOptions]
    ) -> AudienceValidation:
        """Whether an audience definition is valid, before you save it."""


class NewsfeedService(ConvercusService, prefix="newsfeed"):
    """A member's feed and its items; messages to one member; the service's health."""

    posts = SubService(PostsService)
    """Posts: create, schedule, publish, clone; assign them to accounts."""
    audiences = SubService(TargetAudiencesService)
    """Target audiences: the groups of members posts are shown to."""

    def list(
        self, account_id: str | uuid.UUID, *, filters: Mapping[str, Any] | None = None,
        page_size: int = DEFAULT_PAGE_SIZE, start_page: int = 0, **options: Unpack[RequestOptions],
    ) -> Pager[FeedItem]:  # fmt: skip
        """Walk a member's feed (``account_id``: the account's UUID), newest first."""

    list_deprecated = twin(list, "newsfeed.list_deprecated")

    async def get_item(
        self, news_feed_item_id: str, *, account_id: str | uuid.UUID | None = None,
        **options: Unpack[RequestOptions],
    ) -> FeedItem:  # fmt: skip
        """One item of a feed; ``account_id`` reads it as that member sees it."""

    get_item_v2 = twin(get_item, "newsfeed.get_item_v2")

    async def create_message(
        self, message: NewsfeedMessage, **options: Unpack[RequestOptions]
    ) -> str:
        """Put a message in one member's feed; return its id (read from ``Location``)."""

    async def health(self, **options: Unpack[RequestOptions]) -> ServiceHealth:
        """The newsfeed service's health check."""

    async def health_actuator(self, **options: Unpack[RequestOptions]) -> ServiceHealth:
        """The newsfeed service's actuator health check (inferred route)."""
