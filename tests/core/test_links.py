"""The RFC 8288 Link header parser, on the forms the grammar allows."""

from __future__ import annotations

import pytest

from loyalty_async.links import Link, header_values, links_by_rel, parse_links
from loyalty_async.transport.headers import Headers

BASE = "https://api.accengage.com/v1/me/apps/P-1/campaigns?page=2"


def test_several_links_and_relations() -> None:
    links = parse_links(
        '<https://a.test/x?page=1>; rel="first", <https://a.test/x?page=3>; rel="next last"'
    )
    assert links == [
        Link("https://a.test/x?page=1", ("first",)),
        Link("https://a.test/x?page=3", ("next", "last")),
    ]


def test_commas_and_semicolons_inside_targets_and_quotes_do_not_split() -> None:
    value = (
        '<https://a.test/x?ids=1,2;3>; title="a, b; c"; rel=next, <https://a.test/y>; rel="prev"'
    )
    links = parse_links(value)
    assert [link.target for link in links] == ["https://a.test/x?ids=1,2;3", "https://a.test/y"]
    assert links[0].params == {"title": "a, b; c"}
    assert links_by_rel(links) == {"next": "https://a.test/x?ids=1,2;3", "prev": "https://a.test/y"}


def test_quoted_pairs_are_unescaped() -> None:
    (link,) = parse_links(r'<https://a.test/>; rel=next; title="say \"hi\" \\ bye"')
    assert link.params["title"] == 'say "hi" \\ bye'


def test_relative_targets_resolve_against_the_page_url() -> None:
    links = parse_links(
        '</v1/me/apps/P-1/campaigns?page=3>; rel="next", <?page=1>; rel=first', BASE
    )
    assert links_by_rel(links) == {
        "next": "https://api.accengage.com/v1/me/apps/P-1/campaigns?page=3",
        "first": "https://api.accengage.com/v1/me/apps/P-1/campaigns?page=1",
    }


def test_relation_types_ignore_case_but_extension_types_keep_it() -> None:
    (link,) = parse_links('<https://a.test/2>; REL="Next https://rels.test/Special"')
    assert link.rels == ("next", "https://rels.test/Special")


def test_only_the_first_rel_counts() -> None:
    (link,) = parse_links("<https://a.test/2>; rel=next; rel=prev")
    assert link.rels == ("next",)


def test_extended_title_is_decoded() -> None:
    (link,) = parse_links("<https://a.test/>; rel=next; title*=UTF-8'fr'%C3%A9t%C3%A9")
    assert link.params["title*"] == "été"


def test_links_about_another_context_are_left_out() -> None:
    links = parse_links('<https://a.test/2>; rel=next; anchor="https://other.test/"', BASE)
    assert links[0].anchor == "https://other.test/"
    assert links_by_rel(links, context=BASE) == {}


@pytest.mark.parametrize(
    "value",
    ["garbage", "<https://a.test/2", "<https://a.test/2> rel=next", "<https://a.test/2>; =next"],
)
def test_a_malformed_link_is_skipped_and_the_next_one_read(value: str) -> None:
    links = parse_links(f'{value}, <https://a.test/ok>; rel="next"')
    assert links_by_rel(links) == {"next": "https://a.test/ok"}
    assert parse_links(value) == []


def test_an_unclosed_quote_is_not_fatal() -> None:
    assert parse_links('<https://a.test/2>; rel="next') == []


def test_a_malformed_link_before_next_does_not_hide_it() -> None:
    links = parse_links('<https://a.test/2> rel=next, <https://a.test/3>; rel="next"')
    assert links_by_rel(links) == {"next": "https://a.test/3"}


def test_header_lines_are_all_read() -> None:
    class MultiHeaders(dict[str, str]):
        def getall(self, name: str, default: list[str]) -> list[str]:
            return ['<https://a.test/1>; rel="first"', '<https://a.test/2>; rel="next"']

    values = header_values(MultiHeaders(), "Link")
    assert links_by_rel(parse_links(values)) == {
        "first": "https://a.test/1",
        "next": "https://a.test/2",
    }
    assert header_values(Headers({"Link": "<x>; rel=next"}), "link") == ["<x>; rel=next"]
    assert parse_links(None) == []
