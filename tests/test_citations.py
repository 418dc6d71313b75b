"""Citations never move: cited paragraphs keep their text, cited URLs keep resolving, redirects are declared.

Each test attacks a fixture site whose registry was written by `make permalinks`
and asserts the one-line error (file, line, what, fix) a pull request would get.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import REPO, make_site, run_build, run_check, run_factcheck

from factcheck.anchors import fingerprint

ARCHIVED = (
    " — sources are archived as published and people cite their paragraphs: restore the archived text; "
    "to archive a different version, add it as a new source file; never renumber a cited source"
)


def factcheck(root: Path, *args: str) -> subprocess.CompletedProcess:
    return run_factcheck(root, *args)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(root: Path, line: str) -> int:
    return (root / "content/permalinks.txt").read_text().splitlines().index(line) + 1


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """The basic fixture with every URL, paragraph and feed registered, as `make permalinks` leaves it."""
    root = make_site(tmp_path)
    done = factcheck(root, "permalinks", "--settings", "pelicanconf.py")
    assert done.returncode == 0, done.stderr
    return root


def failed_check(root: Path) -> list[str]:
    check = run_check(root)
    assert check.returncode == 1, check.stderr
    return [line for line in check.stderr.splitlines() if ": error: " in line]


def test_make_permalinks_registers_every_cited_url_and_paragraph_and_keeps_old_lines(tmp_path: Path):
    root = make_site(tmp_path)
    old = ["/claims/hundred-widgets/", "/claims/richest-person/", "/sources/alpha-post/", "/sources/beta-letter/"]
    (root / "content/permalinks.txt").write_text("# A registry from before anchors\n" + "\n".join(old) + "\n")
    before = run_check(root)
    assert before.returncode == 0, before.stderr  # a registry of bare URLs stays valid
    assert (
        "content/sources/alpha-post.md:1: warning: 3 paragraph anchor(s) of /sources/alpha-post/ are not in the "
        "permalink registry (content/permalinks.txt) — run `make permalinks` to register them with their text"
    ) in before.stderr
    done = factcheck(root, "permalinks", "--settings", "pelicanconf.py")
    assert done.returncode == 0, done.stderr
    assert "permalinks: registered 3 paragraph(s) of /sources/alpha-post/ with their text" in done.stderr
    lines = (root / "content/permalinks.txt").read_text().splitlines()
    assert set(old) <= set(lines)
    for url in (
        "/claimants/alpha-corp/",
        "/topics/widgets/",
        "/verdicts/misleading/",
        "/feeds/claims.atom.xml",
        "/feeds/verdicts/misleading.atom.xml",
        "/api/claims.json",
        "/api/claimreview.json",
    ):
        assert url in lines
    anchors = [line for line in lines if line.startswith("/sources/alpha-post/#")]
    assert [a.split()[0] for a in anchors] == [f"/sources/alpha-post/#p{n}" for n in (1, 2, 3)]
    assert all(len(a.split()[1]) == 16 for a in anchors)
    after = run_check(root)
    assert after.stderr.strip().endswith("0 error(s), 0 warning(s)"), after.stderr
    again = factcheck(root, "permalinks", "--settings", "pelicanconf.py")
    assert "permalinks: 0 line(s) added" in again.stderr


def test_the_paragraph_fingerprint_never_changes_and_ignores_only_typography():
    # Registered fingerprints are data: this value must hold for as long as the registry exists.
    assert fingerprint("Alpha said “exactly 100” — a record…") == "c9c2c2481c025a37"
    assert fingerprint('Alpha said "exactly 100" - a  record...') == "c9c2c2481c025a37"
    assert fingerprint('Alpha said "exactly 101" - a record...') != "c9c2c2481c025a37"


def test_inserting_a_paragraph_above_cited_ones_is_refused(site: Path):
    source = site / "content/sources/alpha-post.md"
    edit(source, "kind: news-article\n---\n", "kind: news-article\n---\nA new first paragraph.\n\n")
    line = line_of(site, next(s for s in (site / "content/permalinks.txt").read_text().splitlines() if "#p1" in s))
    assert failed_check(site) == [
        "content/sources/alpha-post.md:1: error: /sources/alpha-post/#p1 (and 2 more registered paragraph(s)) "
        f"now shows different text (registered at content/permalinks.txt:{line}); the text registered as #p1 "
        "is now #p2: a paragraph was inserted or removed above it" + ARCHIVED
    ]
    build = run_build(site)
    assert build.returncode == 1 and not (site / "output").exists()


def test_editing_or_removing_a_registered_paragraph_is_refused(site: Path):
    source = site / "content/sources/alpha-post.md"
    edit(source, "A paragraph nobody quotes.", "A paragraph nobody quotes, edited.")
    [error] = failed_check(site)
    assert error.startswith("content/sources/alpha-post.md:1: error: /sources/alpha-post/#p3 now shows different text")
    assert error.endswith("the text registered as #p3 is no longer in the source: the paragraph was edited" + ARCHIVED)
    edit(source, "\n\nA paragraph nobody quotes, edited.", "")
    [error] = failed_check(site)
    assert "/sources/alpha-post/#p3 no longer exists (registered at content/permalinks.txt:" in error
    assert error.endswith("): the source now has 2 paragraphs" + ARCHIVED)


def test_typography_only_edits_keep_a_paragraph(site: Path):
    source = site / "content/sources/alpha-post.md"
    edit(source, "“exactly 100 widgets”", '"exactly 100 widgets"')
    edit(source, "company’s founder is the", "company's founder\u00a0is  the")
    check = run_check(site)
    assert check.returncode == 0 and check.stderr.strip().endswith("0 error(s), 0 warning(s)"), check.stderr


def test_appending_a_paragraph_asks_for_it_to_be_registered(site: Path):
    (site / "content/sources/beta-letter.md").open("a").write("\nA postscript.\n")
    check = run_check(site)
    assert check.returncode == 0
    assert (
        "content/sources/beta-letter.md:1: warning: 1 paragraph anchor(s) of /sources/beta-letter/ are not in the "
        "permalink registry (content/permalinks.txt)"
    ) in check.stderr


def test_deleting_a_claim_fails_and_says_how_to_keep_its_url(site: Path):
    (site / "content/claims/hundred-widgets.md").unlink()
    line = line_of(site, "/claims/hundred-widgets/")
    assert (
        f"content/permalinks.txt:{line}: error: published URL /claims/hundred-widgets/ is no longer produced by the "
        "site — if the claim was renamed, add its old slug to the new claim file: `aliases: [hundred-widgets]` and "
        "run `make permalinks`; a published check is never deleted (correct it in its `updates` instead)"
    ) in failed_check(site)


def test_a_file_with_errors_of_its_own_is_not_reported_as_lost_urls_or_moved_paragraphs(site: Path):
    edit(site / "content/claims/hundred-widgets.md", 'verdict: "false"', "verdict: bogus")
    edit(site / "content/sources/alpha-post.md", "kind: news-article\n---\n", "kind: newsarticle\n---\nNew.\n\n")
    errors = failed_check(site)
    assert len(errors) == 2, errors
    assert errors[0].startswith("content/claims/hundred-widgets.md:7: error: unknown verdict `bogus`")
    assert errors[1].startswith("content/sources/alpha-post.md:7: error: ")


def test_renaming_a_claimant_needs_a_declared_redirect(site: Path):
    edit(site / "content/claims/hundred-widgets.md", "claimant: Alpha Corp\n", "claimant: Alpha Corporation\n")
    line = line_of(site, "/claimants/alpha-corp/")
    assert failed_check(site) == [
        f"content/permalinks.txt:{line}: error: published URL /claimants/alpha-corp/ is no longer produced by the "
        "site — if the claimant was renamed, declare where its page went: add the line "
        "`/claimants/alpha-corp/ -> /claimants/<new-slug>/` to the permalink registry; never delete a published URL"
    ]
    with (site / "content/permalinks.txt").open("a") as registry:
        registry.write("/claimants/alpha-corp/ -> /claimants/alpha-corporation/\n")
    assert factcheck(site, "permalinks", "--settings", "pelicanconf.py").returncode == 0
    build = run_build(site)
    assert build.returncode == 0, build.stderr
    moved = build.page("claimants/alpha-corp/")
    assert moved.find("meta", attrs={"http-equiv": "refresh"})["content"] == "0; url=/claimants/alpha-corporation/"
    assert moved.h1.get_text() == "This claimant page has moved"
    assert moved.find("a")["href"] == "/claimants/alpha-corporation/"


def test_renaming_a_tag_fails(site: Path):
    edit(site / "content/claims/hundred-widgets.md", "tags: [widgets]", "tags: [gadgets]")
    line = line_of(site, "/topics/widgets/")
    assert failed_check(site) == [
        f"content/permalinks.txt:{line}: error: published URL /topics/widgets/ is no longer produced by the site — "
        "if the tag was renamed, declare where its page went: add the line `/topics/widgets/ -> /topics/<new-slug>/` "
        "to the permalink registry; never delete a published URL"
    ]


def test_renaming_a_verdict_key_fails_for_its_page_and_its_feed(site: Path):
    edit(site / "content/verdicts.yaml", "key: misleading", "key: deceptive")
    fix = (
        "verdict keys are published URLs: restore `misleading` in the verdict scale "
        "(to rename a verdict, change its label, never its key)"
    )
    page, feed = line_of(site, "/verdicts/misleading/"), line_of(site, "/feeds/verdicts/misleading.atom.xml")
    assert sorted(failed_check(site)) == sorted(
        [
            f"content/permalinks.txt:{page}: error: published URL /verdicts/misleading/ is no longer produced by the "
            f"site — {fix}",
            f"content/permalinks.txt:{feed}: error: published URL /feeds/verdicts/misleading.atom.xml is no longer "
            f"produced by the site — {fix}",
        ]
    )


def rename_with_alias(site: Path) -> Path:
    new = site / "content/claims/widgets-sold.md"
    (site / "content/claims/hundred-widgets.md").rename(new)
    edit(new, "tags: [widgets]", "tags: [widgets]\naliases: [hundred-widgets]")
    return new


def test_an_alias_is_published_only_once_the_registry_declares_it(site: Path):
    rename_with_alias(site)
    assert failed_check(site) == [
        "content/claims/widgets-sold.md:1: error: alias `hundred-widgets` sends /claims/hundred-widgets/ to this "
        "check, and the permalink registry does not declare it — run `make permalinks` to add "
        "`/claims/hundred-widgets/ -> /claims/widgets-sold/` to content/permalinks.txt and commit it, so reviewers "
        "see which check the old URL now shows"
    ]
    assert run_build(site).returncode == 1
    done = factcheck(site, "permalinks", "--settings", "pelicanconf.py")
    assert done.returncode == 0, done.stderr
    assert (
        "permalinks: declared redirect /claims/hundred-widgets/ -> /claims/widgets-sold/: "
        "review that it leads to the same check"
    ) in done.stderr
    assert "/claims/hundred-widgets/ -> /claims/widgets-sold/" in (site / "content/permalinks.txt").read_text()
    build = run_build(site)
    assert build.returncode == 0, build.stderr
    moved = build.page("claims/hundred-widgets/")
    assert moved.h1.get_text() == "This check has moved"
    assert moved.find("a")["href"] == "/claims/widgets-sold/"
    assert "published at http://localhost:8000/claims/hundred-widgets/ is now" in moved.main.get_text()


def test_an_alias_onto_an_unrelated_claim_is_never_inferred(site: Path):
    (site / "content/claims/hundred-widgets.md").unlink()
    edit(site / "content/claims/richest-person.md", "tags: [", "aliases: [hundred-widgets]\ntags: [")
    errors = failed_check(site)
    assert errors[0].startswith(
        "content/claims/richest-person.md:1: error: alias `hundred-widgets` sends /claims/hundred-widgets/ to this "
        "check, and the permalink registry does not declare it"
    )
    refused = factcheck(site, "permalinks", "--settings", "pelicanconf.py")  # the claimant and topic pages vanished
    assert refused.returncode == 1 and "permalinks: nothing was registered" in refused.stderr
    assert "->" not in (site / "content/permalinks.txt").read_text().split("\n", 4)[4]


def test_a_registered_redirect_is_never_re_pointed_or_taken_back(site: Path):
    new = rename_with_alias(site)
    assert factcheck(site, "permalinks", "--settings", "pelicanconf.py").returncode == 0
    line = line_of(site, "/claims/hundred-widgets/ -> /claims/widgets-sold/")
    edit(new, "aliases: [hundred-widgets]", "aliases: []")
    edit(site / "content/claims/richest-person.md", "tags: [", "aliases: [hundred-widgets]\ntags: [")
    assert failed_check(site) == [
        "content/claims/richest-person.md:1: error: alias `hundred-widgets` would re-point /claims/hundred-widgets/, "
        f"registered as a redirect to /claims/widgets-sold/ (content/permalinks.txt:{line}) — a registered redirect "
        "never changes target: remove the alias from this file"
    ]
    edit(site / "content/claims/richest-person.md", "aliases: [hundred-widgets]\n", "")
    assert failed_check(site) == [
        f"content/permalinks.txt:{line}: error: the registered redirect `/claims/hundred-widgets/ -> "
        "/claims/widgets-sold/` is no longer produced — add `hundred-widgets` back to the `aliases` of the claim at "
        "/claims/widgets-sold/"
    ]
    edit(new, "aliases: []", "aliases: [hundred-widgets]")
    (site / "content/claims/hundred-widgets.md").write_text(new.read_text().replace("aliases: [hundred-widgets]", ""))
    assert (
        "content/claims/hundred-widgets.md:1: error: /claims/hundred-widgets/ is both a page this file publishes and "
        f"a redirect to /claims/widgets-sold/ (content/permalinks.txt:{line}) — a cited URL keeps what it was "
        "registered as: if the redirect line is new, remove it; otherwise give this claim another slug"
    ) in failed_check(site)


def test_a_hand_written_redirect_cannot_squat_a_live_page(site: Path):
    with (site / "content/permalinks.txt").open("a") as registry:
        registry.write("/claimants/alpha-corp/ -> /claimants/beta-group/\n")
    number = len((site / "content/permalinks.txt").read_text().splitlines())
    assert failed_check(site) == [
        "content/claims/hundred-widgets.md:1: error: /claimants/alpha-corp/ is both a page this file publishes and a "
        f"redirect to /claimants/beta-group/ (content/permalinks.txt:{number}) — a cited URL keeps what it was "
        "registered as: if the redirect line is new, remove it; otherwise give this page another name"
    ]


def test_renaming_twice_keeps_the_first_url_on_the_same_check(site: Path):
    new = rename_with_alias(site)
    assert factcheck(site, "permalinks", "--settings", "pelicanconf.py").returncode == 0
    newer = site / "content/claims/widgets-sold-2021.md"
    new.rename(newer)
    edit(newer, "aliases: [hundred-widgets]", "aliases: [hundred-widgets, widgets-sold]")
    assert factcheck(site, "permalinks", "--settings", "pelicanconf.py").returncode == 0
    build = run_build(site)
    assert build.returncode == 0, build.stderr
    for old in ("hundred-widgets", "widgets-sold"):
        assert build.page(f"claims/{old}/").find("a")["href"] == "/claims/widgets-sold-2021/"


@pytest.mark.parametrize(
    "line",
    [
        "/claims/x/ -> /sources/alpha-post/",
        "/claimants/../../../etc/ -> /claimants/alpha-corp/",
        "/verdicts/false/ -> /verdicts/true/",
    ],
)
def test_a_registry_redirect_only_joins_pages_of_one_kind(site: Path, line: str):
    with (site / "content/permalinks.txt").open("a") as registry:
        registry.write(line + "\n")
    number = len((site / "content/permalinks.txt").read_text().splitlines())
    assert (
        f"content/permalinks.txt:{number}: error: `{line}` is not a redirect the site can serve — only a claim, "
        "claimant, topic or evidence page redirects, to another page of the same kind"
    ) in failed_check(site)


def test_unreadable_registry_lines_are_errors_that_never_echo_the_file(site: Path):
    registry = site / "content/permalinks.txt"
    registry.write_text(registry.read_text() + "root:x:0:0:root:/root:/bin/bash\n" * 30)
    errors = failed_check(site)
    assert errors[0].endswith(
        "error: this line is not a registry line — each line is `/url/`, `/sources/<slug>/#pN <fingerprint>` "
        "or `/old/ -> /new/`"
    )
    assert len(errors) == 21 and "and 10 more lines that are not registry lines" in errors[-1]
    assert not any("root:x" in error for error in errors)


def test_a_paragraph_registered_twice_with_two_texts_is_an_error(site: Path):
    registry = site / "content/permalinks.txt"
    registry.write_text(registry.read_text() + "/sources/alpha-post/#p1 0000000000000000\n")
    [error] = failed_check(site)
    assert "error: /sources/alpha-post/#p1 is fingerprinted twice" in error


def git(root: Path, *args: str) -> None:
    identity = ["-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", *identity, *args], cwd=root, check=True, capture_output=True)


def test_registry_diff_fails_for_each_line_lost_since_a_ref(site: Path):
    git(site, "init", "-q", "-b", "main")
    git(site, "add", "-A")
    git(site, "commit", "-qm", "published")
    ok = factcheck(site, "registry-diff", "--settings", "pelicanconf.py", "main")
    assert ok.returncode == 0, ok.stderr
    registry = site / "content/permalinks.txt"
    lines = registry.read_text().splitlines()
    anchor = next(line for line in lines if line.startswith("/sources/beta-letter/#p1 "))
    kept = [line for line in lines if line not in ("/claims/hundred-widgets/", "/claimants/alpha-corp/")]
    registry.write_text("\n".join(kept).replace(anchor, "/sources/beta-letter/#p1 0123456789abcdef") + "\n")
    (site / "content/claims/hundred-widgets.md").unlink()  # the attack: the claim and its registry line
    assert run_check(site).returncode == 1  # the claimant page vanished too; its line was removed as well
    failed = factcheck(site, "registry-diff", "--settings", "pelicanconf.py", "main")
    assert failed.returncode == 1
    assert failed.stderr.splitlines() == [
        "content/permalinks.txt: error: line removed since main: /claimants/alpha-corp/ — restore it",
        "content/permalinks.txt: error: line removed since main: /claims/hundred-widgets/ — restore it",
        f"content/permalinks.txt: error: line changed since main: {anchor} is now "
        "/sources/beta-letter/#p1 0123456789abcdef — restore it",
        "registry-diff FAILED: 3 registered line(s) lost since main",
    ]


def test_registry_diff_fails_when_the_registry_is_deleted_or_replaced_by_a_link(site: Path):
    git(site, "init", "-q", "-b", "main")
    git(site, "add", "-A")
    git(site, "commit", "-qm", "published")
    registry = site / "content/permalinks.txt"
    registry.unlink()
    assert run_check(site).returncode == 0  # a site may start without one; only the history shows the loss
    deleted = factcheck(site, "registry-diff", "--settings", "pelicanconf.py", "main")
    assert deleted.returncode == 1
    assert deleted.stderr.splitlines() == [
        "content/permalinks.txt: error: the registry was deleted since main — restore it from main"
    ]
    registry.symlink_to("/etc/passwd")
    linked = factcheck(site, "registry-diff", "--settings", "pelicanconf.py", "main")
    assert linked.returncode == 1 and "root:" not in linked.stderr
    assert linked.stderr.startswith("content/permalinks.txt:1: error: ")


def test_registry_diff_says_in_one_line_when_it_cannot_read_the_ref(site: Path):
    git(site, "init", "-q", "-b", "main")
    missing = factcheck(site, "registry-diff", "--settings", "pelicanconf.py", "origin/main")
    assert missing.returncode == 1
    assert missing.stderr.splitlines() == [
        "content/permalinks.txt: error: cannot read the registry at origin/main: there is no commit `origin/main` "
        "here — name a commit this clone has (in CI, fetch the base branch first)"
    ]


def test_ci_runs_the_registry_diff_against_the_base_branch_of_a_pull_request():
    workflow = yaml.safe_load((REPO / ".github/workflows/ci.yml").read_text())
    steps = workflow["jobs"]["check-test-publish"]["steps"]
    [step] = [s for s in steps if "registry-diff" in s.get("run", "")]
    assert step["if"] == "github.event_name == 'pull_request'"
    assert "git fetch" in step["run"] and "origin/${BASE}" in step["run"]
    assert step["env"]["BASE"] == "${{ github.base_ref }}"
    runs_ci = [i for i, s in enumerate(steps) if ".ci/run" in s.get("run", "").splitlines()]
    assert runs_ci and steps.index(step) < runs_ci[0]
