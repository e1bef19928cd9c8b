"""The AI service: generation jobs, prompts and their versions, programs' prompt choices.

Newsfeed content and images are generated as jobs; prompts have versions; a program is
assigned a prompt per service and use case.

No source shows these routes or bodies (the API reference lists the operations by title
only); everything below is inferred from the titles ("Generate Content (Async)", "Resolve
a prompt for specific context", "Assign a prompt to a program for specific
service/useCase"). Every model keeps the fields it does not declare in ``extra``, both
ways; request models check their values as they are built.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

import attrs

from loyalty_async.convercus.enums import JobStatus
from loyalty_async.convercus.models.common import Draft
from loyalty_async.convercus.validation import check_positive_int, check_text, check_uuid
from loyalty_async.modeling import KEEP_UNKNOWN
from loyalty_async.operations.checks import field_check

_TEXT = field_check(check_text)
_OPTIONAL_TEXT = field_check(check_text, optional=True)
_OPTIONAL_POSITIVE = field_check(check_positive_int, optional=True)

# ---------------------------------------------------------------------- generation jobs


@attrs.define
class ContentRequest:
    """What a newsfeed post should be about: a ``topic``, and how to write it."""

    topic: str = attrs.field(validator=_TEXT)
    language: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    tone: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    max_length: int | None = attrs.field(default=None, validator=_OPTIONAL_POSITIVE)
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class ImageRequest:
    """The image a newsfeed post should show, described in a ``prompt``."""

    prompt: str = attrs.field(validator=_TEXT)
    size: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    style: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class GenerationJob:
    """A content or image generation job: its status, and its ``result`` once completed."""

    job_id: str | None = None
    status: JobStatus | None = None
    result: Any = None
    error: str | None = None
    created_at: dt.datetime | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)

    @property
    def done(self) -> bool:
        """Whether the job has finished (completed or failed)."""
        return self.status in (JobStatus.COMPLETED, JobStatus.FAILED)


# ---------------------------------------------------------------------- prompts


@attrs.define
class Prompt:
    """A prompt the AI service uses for one service and use case, with its versions."""

    prompt_id: str | None = None
    name: str | None = None
    text: str | None = None
    service: str | None = None
    use_case: str | None = None
    version: int | None = None
    active_version: int | None = None
    created_at: dt.datetime | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class NewPrompt(Draft):
    """A prompt to create (a new one only; change one with a new version), or store whole."""

    _server_fields: ClassVar[tuple[str, ...]] = (
        "prompt_id",
        "version",
        "active_version",
        "created_at",
    )

    name: str = attrs.field(validator=_TEXT)
    text: str = attrs.field(validator=_TEXT)
    service: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    use_case: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    description: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class NewPromptVersion:
    """The text of a prompt's next version (activate it to use it)."""

    text: str = attrs.field(validator=_TEXT)
    description: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class PromptVersion:
    """One version of a prompt."""

    prompt_id: str | None = None
    version: int | None = None
    text: str | None = None
    active: bool | None = None
    status: str | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class VersionCleanup:
    """Which old prompt versions to delete: all but the newest ``keep_versions``."""

    keep_versions: int | None = attrs.field(default=None, validator=_OPTIONAL_POSITIVE)


@attrs.define
class CleanupReport:
    """What a cleanup did (how many versions it removed)."""

    count: int | None = None
    status: str | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


# ---------------------------------------------------------------------- programs


@attrs.define
class AiProgram:
    """A loyalty program as the AI service knows it (its language, its settings)."""

    program_id: str | None = None
    name: str | None = None
    language: str | None = None
    description: str | None = None
    created_at: dt.datetime | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class NewAiProgram(Draft):
    """A program to register with the AI service, or to store whole (``PUT``)."""

    _server_fields: ClassVar[tuple[str, ...]] = ("created_at",)

    name: str = attrs.field(validator=_TEXT)
    program_id: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    language: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    description: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class PromptAssignment:
    """Which prompt (and version) a program uses for one service and use case."""

    program_id: str | None = None
    prompt_id: str | None = None
    service: str | None = None
    use_case: str | None = None
    version: int | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class NewPromptAssignment:
    """Assign a prompt (its UUID) to a program for a ``service`` and ``use_case``.

    ``version`` pins one version; without it the prompt's active version is used.
    """

    prompt_id: str = attrs.field(validator=field_check(check_uuid))
    service: str = attrs.field(validator=_TEXT)
    use_case: str = attrs.field(validator=_TEXT)
    version: int | None = attrs.field(default=None, validator=_OPTIONAL_POSITIVE)
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)
