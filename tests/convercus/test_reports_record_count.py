"""Counting CSV records in a byte stream: the quick path agrees with the line-by-line one."""

from __future__ import annotations

import csv
import io
import random

import pytest

from loyalty_async.exports import _Records

PIECES = [
    b"plain,row,1",
    b"with,crlf,2\r",
    b"",  # a blank line
    b"\r",  # a blank CRLF line
    b'"quoted, comma",x,3',
    b'"a field with\na newline",y,4',
    b'"doubled ""quotes""",z,5',
    b"tail,without,newline",
]


def stream(rng: random.Random) -> bytes:
    lines = [rng.choice(PIECES) for _ in range(rng.randint(0, 40))]
    data = b"\n".join(lines)
    return data + b"\n" if rng.random() < 0.7 else data


def chunked(data: bytes, rng: random.Random) -> list[bytes]:
    chunks, start = [], 0
    while start < len(data):
        size = rng.choice([1, 2, 3, 7, 16, 64, 1000])
        chunks.append(data[start : start + size])
        start += size
    return chunks


def count_line_by_line(chunks: list[bytes]) -> tuple[int, bytes]:
    records = _Records()
    complete = b"".join(records._feed_quoted(chunk) for chunk in chunks)
    return records.count, complete


@pytest.mark.parametrize("seed", range(300))
def test_the_quick_count_matches_the_line_by_line_count(seed: int) -> None:
    rng = random.Random(seed)
    data = stream(rng)
    chunks = chunked(data, rng)
    records = _Records()
    complete = b"".join(records.feed(chunk) for chunk in chunks)

    assert (records.count, complete) == count_line_by_line(chunks)
    tail = records.finish()
    assert complete + tail == data
    # And both agree with Python's csv reader, which skips blank lines.
    expected = sum(1 for row in csv.reader(io.StringIO(data.decode(), newline="")) if row)
    assert records.count == expected


@pytest.mark.parametrize(
    ("chunks", "records"),
    [
        ([b"a,b\r\n", b"\r\n", b"c,d\r\n"], 2),  # a blank CRLF line of its own chunk
        ([b"a,b\n\r", b"\nc,d\n"], 2),  # a blank CRLF line split across chunks
        ([b"a,b\r", b"\nc,d\r", b"\n"], 2),  # CRLF line ends split across chunks
        ([b"a,b", b",c\n", b"\n\n", b"d\n"], 2),  # a record across chunks, blank lines
        ([b"x\n", b'"open\n', b'still open"\n'], 2),  # into and out of a quoted field
    ],
)
def test_records_across_chunk_boundaries(chunks: list[bytes], records: int) -> None:
    counter = _Records()
    for chunk in chunks:
        counter.feed(chunk)
    counter.finish()
    assert counter.count == records
