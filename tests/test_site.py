"""The static site: every internal link resolves, pages open offline in Chromium without errors or
outbound requests, the search box finds a citation, and per-goal pages show every jurisdiction."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from browser import Page
from statgraph import load
from statgraph.errors import InputError
from statgraph.publish.site import MARKER, build_site, page_path


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.targets: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.targets.append(value)


def broken_links(site: Path) -> list[str]:
    broken = []
    for page in site.rglob("*.html"):
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for target in parser.targets:
            parts = urlsplit(target)
            if parts.scheme in ("http", "https", "file", "data") or parts.netloc:
                broken.append(f"{page.relative_to(site)} -> {target} (leaves the site)")
                continue
            if not parts.path:  # a #fragment on the same page
                continue
            if not (page.parent / unquote(parts.path)).resolve().is_file():
                broken.append(f"{page.relative_to(site)} -> {target}")
    return broken


@pytest.fixture(scope="module")
def site(kg, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "out"
    summary = build_site(kg, out)
    assert (summary.cards, summary.goals, summary.statutes, summary.terms) == (1, 40, 65, 21)
    return out


def test_page_paths_follow_the_iris(site):
    assert page_path("https://w3id.org/statgraph/id/us-mo/rsmo/566.211") == "id/us-mo/rsmo/566.211.html"
    assert page_path("https://w3id.org/statgraph/id/x/a b/../c") == "id/x/a_20b/_../c.html"
    for path in ("index.html", "id/us-mo.html", "id/us-mo/2023.html", "id/us-mo/rsmo/566.211.html",
                 "id/framework/2023/goal/2.10.html", "id/us-mo/term/566.200-5/commercial-sex-act.html",
                 "graph/mo.html", "assets/style.css", "assets/search.js"):
        assert (site / path).is_file(), path


def test_every_internal_link_resolves(site):
    assert broken_links(site) == []
    assert len(list(site.rglob("*.html"))) == 130


def test_statute_page_shows_what_it_cites_what_cites_it_goals_and_protections(site):
    page = (site / "id/us-mo/rsmo/566.211.html").read_text(encoding="utf-8")
    assert "Sexual trafficking of a child – Penalty" in page and "chapter 566" in page
    assert '<a href="573.010.html">573.010</a>' in page  # what it cites
    assert '<a href="573.024.html">573.024</a>' in page  # what cites it
    assert "No mistake-of-age defense" in page  # goal 1.4 rests on 566.211(2)
    assert "566.223(6) victim&#39;s civil action against the offender" in page
    transferred = (site / "id/us-mo/rsmo/566.212.html").read_text(encoding="utf-8")
    assert 'Transferred to <a href="566.211.html">§ 566.211</a>' in transferred


def test_term_and_goal_pages(site):
    term = (site / "id/us-mo/term/566.200-5/commercial-sex-act.html").read_text(encoding="utf-8")
    assert "“commercial sex act”" in term and 'href="../../rsmo/566.200.html">566.200(5)</a>' in term
    goal = (site / "id/framework/2023/goal/2.7.html").read_text(encoding="utf-8")
    assert "Partially met: <b>1</b>" in goal and '<a href="../../../us-mo/2023.html">MO</a>' in goal


def test_pages_open_offline_and_search_finds_a_citation(browser, site):
    for name, path in (("site-index.png", "index.html"), ("site-mo-2023.png", "id/us-mo/2023.html"),
                       (None, "id/us-mo/rsmo/566.211.html"), (None, "id/framework/2023/goal/2.7.html")):
        page = Page(browser, (site / path).as_uri())
        try:
            page.page.wait_for_timeout(300)
            assert page.console == [], path
            assert all(url.startswith("file://") for url in page.requests), page.requests
            if name:
                page.screenshot(name)
        finally:
            page.close()
    page = Page(browser, (site / "id/framework/2023/goal/1.1.html").as_uri())
    try:
        page.page.fill("#search", "566.211")
        results = page.page.locator("#search-results a")
        assert results.count() >= 1 and "MO § 566.211" in results.first.inner_text()
        results.first.click()
        page.page.wait_for_load_state()
        assert page.page.url.endswith("/id/us-mo/rsmo/566.211.html")
        assert page.page.locator("h1").inner_text() == "MO § 566.211"
    finally:
        page.close()


def test_per_goal_pages_show_every_loaded_jurisdiction(tmp_path, synthetic_states):
    synthetic = synthetic_states(50, 5, seed=3)
    from statgraph.resources import graph_data_dir
    kg = load([graph_data_dir() / "jurisdictions", synthetic])
    out = tmp_path / "national"
    summary = build_site(kg, out)
    assert summary.cards == 51
    goal = (out / "id/framework/2023/goal/3.6.html").read_text(encoding="utf-8")
    assert goal.count("<tr><td><a href=") == 51 and ">MO</a>" in goal and ">S50</a>" in goal
    assert broken_links(out) == []


def test_rebuild_replaces_the_site_and_foreign_folders_are_refused(kg, tmp_path):
    out = tmp_path / "site"
    build_site(kg, out)
    (out / "stale.html").write_text("old", encoding="utf-8")
    build_site(kg, out)
    assert not (out / "stale.html").exists() and (out / MARKER).is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no temporary folders left
    foreign = tmp_path / "notes"
    foreign.mkdir()
    (foreign / "mine.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(InputError, match="not empty and was not built by statgraph"):
        build_site(kg, foreign)
    assert (foreign / "mine.txt").read_text(encoding="utf-8") == "keep"


def test_cli_site(cli, tmp_path):
    run = cli("site", "-o", str(tmp_path / "out"))
    assert run.code == 0 and "wrote 130 pages" in run.out
    file_target = tmp_path / "file"
    file_target.write_text("x", encoding="utf-8")
    run = cli("site", "-o", str(file_target))
    assert run.code == 2 and "is a file" in run.err
