"""RFC 8288 Web Linking: the ``Link`` header, parsed by its grammar.

::

    Link       = #link-value
    link-value = "<" URI-Reference ">" *( OWS ";" OWS link-param )
    link-param = token BWS [ "=" BWS ( token / quoted-string ) ]

A comma inside ``<…>`` or inside a quoted string does not separate links; quoted strings
keep their backslash escapes (RFC 9110 ``quoted-pair``); ``title*`` is an RFC 8187
extended value; only the first ``rel`` of a link counts (§3.3); relation types compare
case-insensitively (extension types, which are URIs, keep their case); a target is
resolved against the URL of the response that carried it (§3.1). A link-value the grammar
does not accept is skipped and parsing carries on with the next one, since one bad link
must not hide the ``next`` page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import unquote, urljoin

import attrs

_TOKEN_CHARS = frozenset(
    "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
)
_WHITESPACE = " \t"


@attrs.frozen
class Link:
    """One link of a ``Link`` header.

    ``target`` is the resolved URL; ``rels`` the relation types (lower-cased unless they
    are extension URIs); ``params`` every other parameter, names lower-cased, first
    occurrence kept (``title*`` decoded); ``anchor`` is the context when the link is
    about another resource than the response's own.
    """

    target: str
    rels: tuple[str, ...] = ()
    params: Mapping[str, str] = attrs.field(factory=dict)
    anchor: str | None = None


class _Scanner:
    """A cursor over one header value."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0
        #: Where to carry on after a link that turned out to end early.
        self.resume: int | None = None

    def peek(self) -> str:
        return self.text[self.at] if self.at < len(self.text) else ""

    def skip_space(self) -> None:
        while self.peek() and self.peek() in _WHITESPACE:
            self.at += 1

    def token(self) -> str:
        start = self.at
        while self.peek() and self.peek() in _TOKEN_CHARS:
            self.at += 1
        return self.text[start : self.at]

    def quoted(self) -> str | None:
        """A quoted string starting at the cursor (``None`` if it is not closed)."""
        self.at += 1  # the opening quote
        out: list[str] = []
        while self.at < len(self.text):
            char = self.text[self.at]
            self.at += 1
            if char == "\\" and self.at < len(self.text):
                out.append(self.text[self.at])
                self.at += 1
            elif char == '"':
                return "".join(out)
            else:
                out.append(char)
        return None

    def skip_to_next_link(self) -> None:
        """Move past the next comma that is outside quotes and angle brackets."""
        while self.at < len(self.text):
            char = self.text[self.at]
            if char == '"':
                self.quoted()
                continue
            self.at += 1
            if char == "<":
                end = self.text.find(">", self.at)
                self.at = len(self.text) if end < 0 else end + 1
            elif char == ",":
                return


def _ext_value(value: str) -> str | None:
    """Decode an RFC 8187 ``charset'language'pct-encoded`` value (UTF-8 or ISO-8859-1)."""
    charset, sep, rest = value.partition("'")
    _language, sep2, encoded = rest.partition("'")
    if not sep or not sep2:
        return None
    charset = charset.lower()
    if charset not in ("utf-8", "iso-8859-1"):
        return None
    try:
        return unquote(encoded, encoding=charset, errors="strict")
    except UnicodeDecodeError:
        return None


def _relation(name: str) -> str:
    # Registered types compare case-insensitively; an extension type is a URI.
    return name if ":" in name or "/" in name else name.lower()


def _link_value(scanner: _Scanner, base: str | None) -> Link | None:
    """Parse one link-value at the cursor; ``None`` if it does not follow the grammar."""
    scanner.skip_space()
    if scanner.peek() != "<":
        return None
    end = scanner.text.find(">", scanner.at + 1)
    if end < 0:
        return None
    reference = scanner.text[scanner.at + 1 : end].strip()
    inner = reference.find("<")
    if inner >= 0:
        # A target may not hold "<": this one was never closed, and the next link starts
        # at that "<".
        scanner.resume = scanner.text.index("<", scanner.at + 1)
        return None
    scanner.at = end + 1
    params: dict[str, str] = {}
    rels: tuple[str, ...] | None = None
    while True:
        scanner.skip_space()
        char = scanner.peek()
        if char in ("", ","):
            if char == ",":
                scanner.at += 1
            break
        if char != ";":
            return None
        scanner.at += 1
        scanner.skip_space()
        name = scanner.token().lower()
        if not name:
            if scanner.peek() in ("", ",", ";"):
                continue  # an empty parameter (";;"), tolerated
            return None
        scanner.skip_space()
        value = ""
        if scanner.peek() == "=":
            scanner.at += 1
            scanner.skip_space()
            if scanner.peek() == '"':
                quoted = scanner.quoted()
                if quoted is None:
                    return None
                value = quoted
            else:
                value = scanner.token()
        if name == "rel":
            if rels is None:  # §3.3: occurrences after the first are ignored
                rels = tuple(_relation(part) for part in value.split())
        elif name.endswith("*"):
            decoded = _ext_value(value)
            if decoded is not None:
                params.setdefault(name, decoded)
        else:
            params.setdefault(name, value)
    target = urljoin(base, reference) if base else reference
    anchor = params.pop("anchor", None)
    if anchor is not None and base:
        anchor = urljoin(base, anchor)
    return Link(target, rels or (), params, anchor)


def parse_links(values: str | Iterable[str] | None, base: str | None = None) -> list[Link]:
    """Every link of one ``Link`` header value, or of several (one per header line).

    ``base`` is the URL the response answered; relative targets are resolved against it.
    """
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    links: list[Link] = []
    for value in values:
        scanner = _Scanner(value)
        while scanner.at < len(value):
            start = scanner.at
            link = _link_value(scanner, base)
            if link is None:
                if scanner.resume is not None:
                    scanner.at, scanner.resume = scanner.resume, None
                    continue
                scanner.at = start
                scanner.skip_to_next_link()
            else:
                links.append(link)
            if scanner.at == start:  # nothing consumed: avoid looping forever
                break
    return links


def links_by_rel(links: Iterable[Link], *, context: str | None = None) -> dict[str, str]:
    """``{relation type: target}``, the first link of each type winning.

    Links whose ``anchor`` names another context than ``context`` (the response's URL)
    describe another resource and are left out.
    """
    found: dict[str, str] = {}
    for link in links:
        if link.anchor is not None and (context is None or link.anchor != context):
            continue
        for rel in link.rels:
            found.setdefault(rel, link.target)
    return found


def header_values(headers: Mapping[str, str], name: str) -> list[str]:
    """Every value of header ``name``: all of its lines when the mapping keeps them apart."""
    getall = getattr(headers, "getall", None)
    if callable(getall):
        values = getall(name, [])
        return [str(value) for value in values]
    value = headers.get(name)
    return [] if value is None else [value]
