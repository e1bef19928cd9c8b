"""The AI service: newsfeed content and images generated as jobs, prompts, programs.

Every route is inferred (``ConvercusClient(routes=...)`` corrects one); ``programs`` is
scoped to a program like every program-scoped call.
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any

from typing_extensions import Unpack

from loyalty_async.convercus.models.ai import (
    AiProgram,
    CleanupReport,
    ContentRequest,
    GenerationJob,
    ImageRequest,
    NewAiProgram,
    NewPrompt,
    NewPromptAssignment,
    NewPromptVersion,
    Prompt,
    PromptAssignment,
    PromptVersion,
)
from loyalty_async.convercus.models.platform import ServiceHealth
from loyalty_async.convercus.services.base import ConvercusService, ProgramOptions, RequestOptions
from loyalty_async.operations.service import SubService


class AiNewsfeedService(ConvercusService, prefix="ai.newsfeed"):
    """Newsfeed content and images, generated asynchronously: start a job, then read it."""

    async def generate_content(
        self, request: ContentRequest, **options: Unpack[RequestOptions]
    ) -> GenerationJob:
        """Start writing a post's text; poll :meth:`get_job_status` until it is done."""

    async def generate_image(
        self, request: ImageRequest, **options: Unpack[RequestOptions]
    ) -> GenerationJob:
        """Start drawing a post's image; poll :meth:`get_job_status` until it is done."""

    async def get_job_status(self, job_id: str, **options: Unpack[RequestOptions]) -> GenerationJob:
        """A generation job (``job_id`` is a UUID): its status, and its result once done."""


class AiPromptsService(ConvercusService, prefix="ai.prompts"):
    """Prompts: create, read, replace, soft-delete; versions, activation, cleanup."""

    async def list(
        self, *, filters: Mapping[str, Any] | None = None, **options: Unpack[RequestOptions]
    ) -> builtins.list[Prompt]:
        """The prompts (``filters`` go to the query as they are)."""

    async def get(self, prompt_id: str, **options: Unpack[RequestOptions]) -> Prompt:
        """One prompt (``prompt_id`` is a UUID)."""

    async def create(self, prompt: NewPrompt, **options: Unpack[RequestOptions]) -> str:
        """Create a brand-new prompt; return its id (read from ``Location``)."""

    async def update(
        self, prompt_id: str, prompt: NewPrompt, **options: Unpack[RequestOptions]
    ) -> Prompt | None:
        """Store the prompt whole (``PUT``); the prompt, if the server sends it back."""

    async def delete(self, prompt_id: str, **options: Unpack[RequestOptions]) -> None:
        """Soft-delete a prompt."""

    async def create_version(
        self, prompt_id: str, version: NewPromptVersion, **options: Unpack[RequestOptions]
    ) -> str:
        """Add a version to a prompt; return its id (read from ``Location``)."""

    async def activate_version(
        self, prompt_id: str, version: int, **options: Unpack[RequestOptions]
    ) -> PromptVersion | None:
        """Make ``version`` (a number above zero) the prompt's active version."""

    async def cleanup_versions(
        self, *, keep_versions: int | None = None, **options: Unpack[RequestOptions]
    ) -> CleanupReport:
        """Delete old prompt versions (all but the newest ``keep_versions``, if given)."""


class AiProgramsService(ConvercusService, prefix="ai.programs"):
    """The programs the AI service knows, and which prompt each uses where."""

    async def list(
        self, *, filters: Mapping[str, Any] | None = None, **options: Unpack[RequestOptions]
    ) -> builtins.list[AiProgram]:
        """The programs (``filters`` go to the query as they are)."""

    async def get(self, **options: Unpack[ProgramOptions]) -> AiProgram:
        """The program's record in the AI service."""

    async def create(self, program: NewAiProgram, **options: Unpack[RequestOptions]) -> str:
        """Register a program with the AI service; return its id (read from ``Location``)."""

    async def update(
        self, program: NewAiProgram, **options: Unpack[ProgramOptions]
    ) -> AiProgram | None:
        """Store the program's record whole (``PUT``)."""

    async def delete(self, **options: Unpack[ProgramOptions]) -> None:
        """Remove the program's record from the AI service."""

    async def assign_prompt(
        self, assignment: NewPromptAssignment, **options: Unpack[ProgramOptions]
    ) -> str:
        """Use a prompt for one service and use case; return the assignment's id."""

    async def get_prompt_assignment(
        self, service: str, use_case: str, **options: Unpack[ProgramOptions]
    ) -> PromptAssignment:
        """Which prompt the program uses for ``service`` and ``use_case``."""

    async def resolve_prompt(
        self, service: str, use_case: str, **options: Unpack[ProgramOptions]
    ) -> Prompt:
        """The prompt the program uses for ``service`` and ``use_case``, resolved."""


class AiService(ConvercusService, prefix="ai"):
    """The AI service's health, and its parts."""

    newsfeed = SubService(AiNewsfeedService)
    """Generate newsfeed content and images; follow the jobs."""
    prompts = SubService(AiPromptsService)
    """Prompts and their versions."""
    programs = SubService(AiProgramsService)
    """Programs and the prompts assigned to them."""

    async def health(self, **options: Unpack[RequestOptions]) -> ServiceHealth:
        """The AI service's health check."""
