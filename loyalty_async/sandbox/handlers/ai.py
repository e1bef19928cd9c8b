"""The AI service: content jobs that finish at once, and the prompt a program resolves to.

Prompts, programs, versions and prompt assignments are kept generically (see
:mod:`~loyalty_async.sandbox.handlers.generic`). Generating content or an image answers
``202`` with a job that is already ``COMPLETED`` (its result is a placeholder the sandbox
makes up); ``GET …/jobs/{jobId}`` reads it.
"""

from __future__ import annotations

from aiohttp import web

from loyalty_async.sandbox.handlers.generic import RecordStatus, location, show
from loyalty_async.sandbox.http import Call, Routes, json_response
from loyalty_async.sandbox.resources import Record

routes = Routes()

_JOB = "ai.newsfeed.get_job_status"


async def _job(call: Call, result: dict[str, str]) -> web.StreamResponse:
    request = dict(await call.fields())
    record = call.core.resources.create(
        call.core.catalog[_JOB].kind,
        {},
        {"status": RecordStatus.COMPLETED.value, "request": request, "result": result},
    )
    response = json_response(show(call, record), 202)
    response.headers["Location"] = location(call, record)
    return response


@routes.handles("ai.newsfeed.generate_content")
async def _generate_content(call: Call) -> web.StreamResponse:
    return await _job(call, {"title": "Sandbox title", "text": "Text written by the sandbox."})


@routes.handles("ai.newsfeed.generate_image")
async def _generate_image(call: Call) -> web.StreamResponse:
    return await _job(call, {"imageUrl": f"{call.request.url.origin()}/sandbox-image.png"})


@routes.handles("ai.programs.resolve_prompt")
async def _resolve_prompt(call: Call) -> web.StreamResponse:
    """The prompt of the program's latest assignment matching the query (``404`` if none)."""
    catalog, resources = call.core.catalog, call.core.resources
    program = resources.get(catalog["ai.programs.get"].kind, call.param("programId"), {})
    assignments = [
        record
        for record in resources.all(catalog["ai.programs.assign_prompt"].kind, {})
        if record.scope.get("programId") == program.id and _matches(call, record)
    ]
    if not assignments:
        raise resources.missing(catalog["ai.programs.assign_prompt"].kind, "for this context")
    prompt_id = str(assignments[-1].body.get("promptId"))
    prompt = resources.get(catalog["ai.prompts.get"].kind, prompt_id, {})
    return json_response(show(call, prompt))


def _matches(call: Call, record: Record) -> bool:
    return all(
        str(record.body.get(key)) == value
        for key, value in call.request.query.items()
        if key in record.body
    )
