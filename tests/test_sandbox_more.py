"""Content is a sandbox, the second round: what an attacker still got through, each now one line.

Each test commits the attack to a fixture site (a deep folder, an unregistered
citation, a committed link a command would write through, a slip in the verdict
scale, a look-alike claimant, a dated page name, hidden characters, markup in a
tag, terminal escapes in a file name, a flood of problems, a YAML tag, a
byte-order mark) and asserts what the user sees: the one-line error naming the
file and the fix, nothing published, the old output intact, nothing outside the
site touched.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REPO, make_site, run_build, run_check, run_factcheck

from factcheck.model import Problem

CLAIM = "content/claims/richest-person.md"
OTHER_CLAIM = "content/claims/hundred-widgets.md"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ": error: " in line]


def snapshot(directory: Path) -> dict[str, str]:
    """Every file under `directory` with its digest."""
    return {
        str(path.relative_to(directory)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path)


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A fixture site built once, and its output as it was."""
    root = make_site(tmp_path)
    build = run_build(root)
    assert build.returncode == 0, build.stderr
    return root, snapshot(root / "output")


def assert_refused(root: Path, before: dict[str, str], expected: list[str], settings: str = "pelicanconf.py") -> None:
    """The build fails with exactly `expected` as its error lines (in any order), and the live output is as it was."""
    build = run_build(root, settings=settings)
    assert build.returncode == 1
    assert "Traceback" not in build.stderr
    assert sorted(error_lines(build.stderr)) == sorted(expected)
    assert "build FAILED" in build.stderr and "output was left as it was." in build.stderr
    assert snapshot(root / "output") == before


# 1. A folder 1,000 levels deep was a RecursionError traceback in `make check` and `make html`


@pytest.fixture
def nest():
    """Make a chain of folders `levels` deep under a folder; removed afterwards bottom first, in a loop.

    Python 3.11's `shutil.rmtree`, which pytest uses to clear old temporary
    folders, recurses and would fail on them in a later run.
    """
    made: list[Path] = []

    def make(top: Path, levels: int) -> None:
        path = top
        for _ in range(levels):
            path = path / "d"
            os.mkdir(path)
            made.append(path)

    yield make
    for path in reversed(made):
        os.rmdir(path)


DEPTH_FIX = "move its files into a folder nearer the top: claims, sources and pages need a folder or two at most"


@pytest.mark.parametrize("folder", ["claims", "sources", "pages"])
def test_a_folder_a_thousand_levels_deep_is_one_line_in_check(site: Path, folder: str, nest):
    nest(site / "content" / folder, 1_000)
    done = run_check(site)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "RecursionError" not in done.stderr
    too_deep = f"content/{folder}" + "/d" * 8  # 9 levels under content/
    assert error_lines(done.stderr) == [
        f"{too_deep}:1: error: this directory is nested more than 8 levels deep in the content folder — {DEPTH_FIX}"
    ]


def test_a_folder_a_thousand_levels_deep_stops_the_build_before_pelican_walks_it(built, nest):
    root, before = built
    nest(root / "content/pages", 1_000)
    too_deep = "content/pages" + "/d" * 8
    assert_refused(
        root,
        before,
        [f"{too_deep}:1: error: this directory is nested more than 8 levels deep in the content folder — {DEPTH_FIX}"],
    )


def test_folders_up_to_the_limit_are_read(site: Path):
    nested = site / "content/claims" / "/".join("d" * 7)  # content/claims + 7 = 8 levels under content/
    nested.mkdir(parents=True)
    shutil.move(site / CLAIM, nested / "richest-person.md")
    done = run_check(site)
    assert done.returncode == 0, done.stderr
    assert "check ok: 2 claim files" in done.stderr


# 2. A citation published without registration could be re-pointed later


PUBLISHCONF = """
exec(open("pelicanconf.py", encoding="utf-8").read())
SITEURL = "https://facts.test"
FACTCHECK_REPOSITORY_URL = "https://github.com/example/facts"
FACTCHECK_PUBLISH = True
"""


def test_an_unregistered_url_is_an_error_when_publishing_and_a_warning_in_check(built):
    root, before = built
    (root / "publishconf.py").write_text(PUBLISHCONF, encoding="utf-8")
    shutil.copy(root / OTHER_CLAIM, root / "content/claims/new-claim.md")
    registration = (
        "/claims/new-claim/, /claims/new-claim/oembed.json are not in the permalink registry (content/permalinks.txt)"
    )
    fix = "run `make permalinks` to register them, and commit the file"
    assert_refused(root, before, [f"content/claims/new-claim.md:1: error: {registration} — {fix}"], "publishconf.py")
    check = run_check(root)
    assert check.returncode == 0
    assert f"content/claims/new-claim.md:1: warning: {registration} — {fix}" in check.stderr
    strict = run_check(root, "--strict")
    assert strict.returncode == 1
    assert strict.stderr.splitlines()[-1] == (
        "check FAILED: 3 claim files, 2 source files, 3 evidence files; 0 error(s), 1 warning(s)"
        " (--strict: warnings fail too)"
    )


def test_an_unregistered_paragraph_is_an_error_when_publishing(built):
    root, before = built
    (root / "publishconf.py").write_text(PUBLISHCONF, encoding="utf-8")
    edit(root / "content/sources/beta-letter.md", "Widgets are the future.", "Widgets are the future.\n\nA new one.")
    assert_refused(
        root,
        before,
        [
            "content/sources/beta-letter.md:1: error: 1 paragraph anchor(s) of /sources/beta-letter/ are not in the "
            "permalink registry (content/permalinks.txt) — run `make permalinks` to register them with their text, "
            "and commit the file"
        ],
        "publishconf.py",
    )


def test_a_missing_registry_is_an_error_when_publishing(built):
    root, before = built
    (root / "publishconf.py").write_text(PUBLISHCONF, encoding="utf-8")
    (root / "content/permalinks.txt").unlink()
    assert_refused(
        root,
        before,
        ["content/permalinks.txt:1: error: there is no permalink registry — run `make permalinks` to create it"],
        "publishconf.py",
    )


def test_ci_runs_the_check_strictly_through_make():
    assert "make check STRICT=1\n" in (REPO / ".ci/run").read_text(encoding="utf-8")
    # Not the make that runs the tests (`make test`): its flags would add "Entering directory" lines.
    inherited = ("STRICT", "MAKEFLAGS", "MFLAGS", "MAKELEVEL")
    environment = {key: value for key, value in os.environ.items() if key not in inherited}
    for arguments, strict in ((["STRICT=1"], True), ([], False), (["STRICT=0"], False)):
        done = subprocess.run(
            ["make", "--no-print-directory", "-n", "check", *arguments],
            cwd=REPO,
            env=environment,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
        command = done.stdout.splitlines()[-1]
        assert "-m factcheck check --settings pelicanconf.py" in command
        assert command.split()[-1] == "--strict" if strict else "--strict" not in command


# 3. Commands wrote outside the repository through committed links


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    directory = tmp_path / "outside"
    directory.mkdir()
    return directory


LINK_FIX = "commands write only inside the repository: replace the link with a real folder"


def test_new_claim_never_writes_through_a_linked_claims_folder(site: Path, outside: Path):
    (site / "content/claims").rename(site / "claims-elsewhere")
    (site / "content/claims").symlink_to(outside)
    done = run_factcheck(site, "new-claim", "--source", "alpha-post", "--quote", "richest person", "--slug", "e")
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"error: cannot write content/claims/e.md: content/claims is a symbolic link — {LINK_FIX}"
    ]
    assert list(outside.iterdir()) == []


def test_new_source_never_writes_through_a_linked_sources_folder(site: Path, outside: Path):
    (site / "content/sources").rename(site / "sources-elsewhere")
    (site / "content/sources").symlink_to(outside)
    arguments = ("--title", "T", "--publisher", "P", "--kind", "blog-post", "--slug", "e")
    done = run_factcheck(site, "new-source", *arguments, stdin="Text.\n")
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"error: cannot write content/sources/e.md: content/sources is a symbolic link — {LINK_FIX}"
    ]
    assert list(outside.iterdir()) == []


def test_a_committed_dangling_link_is_never_written_through(site: Path, outside: Path):
    (site / "content/sources/e.md").symlink_to(outside / "e.md")
    arguments = ("--title", "T", "--publisher", "P", "--kind", "blog-post", "--slug", "e")
    done = run_factcheck(site, "new-source", *arguments, stdin="Text.\n")
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "error: content/sources/e.md already exists — choose another SLUG; sources are never overwritten"
    ]
    assert list(outside.iterdir()) == []


def test_schemas_are_never_written_through_a_linked_folder(site: Path, outside: Path):
    (site / "schemas").symlink_to(outside)
    done = run_factcheck(site, "schemas", "--output", "schemas")
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"schemas: error: cannot write schemas/claim.schema.json: schemas is a symbolic link — {LINK_FIX}"
    ]
    assert list(outside.iterdir()) == []


def test_schemas_replace_a_linked_schema_file_not_its_target(site: Path, outside: Path):
    (site / "schemas").mkdir()
    secret = outside / "authorized_keys"
    secret.write_text("ssh-ed25519 AAAA me\n")
    (site / "schemas/claim.schema.json").symlink_to(secret)
    done = run_factcheck(site, "schemas", "--output", "schemas")
    assert done.returncode == 0, done.stderr
    assert secret.read_text() == "ssh-ed25519 AAAA me\n"
    assert not (site / "schemas/claim.schema.json").is_symlink()
    assert '"$schema"' in (site / "schemas/claim.schema.json").read_text()


# 4. Slips in the verdict scale were silently ignored


def test_slips_in_the_verdict_scale_are_one_line_each(site: Path):
    scale = site / "content/verdicts.yaml"
    edit(scale, '  label: "True"\n', '  label: "True"\n  label: Fake\n')
    edit(scale, "  label: Mostly true\n", "  label: Mostly #true\n")
    edit(scale, "  label: Mixed\n", '  label: "Mixed \\x01"\n')
    edit(scale, "  label: Misleading\n", '  label: "Mis\u202eleading"\n')
    done = run_check(site)
    assert done.returncode == 1
    assert error_lines(done.stderr) == [
        "content/verdicts.yaml:9: error: field `label` is given twice — keep one",
        "content/verdicts.yaml:15: error: `#` starts a comment, so the value was cut to 'Mostly' — put the whole "
        "value in double quotes if `#` belongs to it, or a space after `#` for a comment",
        "content/verdicts.yaml:22: error: an invisible control character (U+0001) in a value — delete it: write the "
        r"text itself, never an escape such as `\x01`",
        "content/verdicts.yaml:29: error: a bidirectional control character (U+202E) in a value — delete it: it makes "
        "text display in another order than it reads; right-to-left text needs none",
    ]


# 5. A look-alike name took over a registered claimant or topic page


def test_two_spellings_of_one_claimant_or_topic_are_an_error_naming_both_files(site: Path):
    claims = site / "content/claims"
    for name, claimant, tag in (("a-claim", "Gordon G. Chang", "finance"), ("b-claim", "Gördon G. Chäng", "ﬁnance")):
        shutil.copy(site / OTHER_CLAIM, claims / f"{name}.md")
        edit(claims / f"{name}.md", "claimant: Alpha Corp", f"claimant: {claimant}")
        edit(claims / f"{name}.md", "tags: [widgets]", f"tags: [widgets, {tag}]")
    done = run_check(site)
    assert done.returncode == 1
    assert error_lines(done.stderr) == [
        "content/claims/b-claim.md:4: error: claimant `Gördon G. Chäng` has the same page, /claimants/gordon-g-chang/,"
        " as `Gordon G. Chang` in content/claims/a-claim.md — one claimant, one page: write the claimant exactly as "
        "the other file does (name and claimant_kind)",
        "content/claims/b-claim.md:22: error: the tag `ﬁnance` has the same page, /topics/finance/, as `finance` in "
        "content/claims/a-claim.md — one topic, one page: spell the tag exactly as the other file does",
    ]


def test_one_claimant_as_a_person_and_an_organization_or_a_topic_twice_is_an_error(site: Path):
    shutil.copy(site / OTHER_CLAIM, site / "content/claims/z-claim.md")
    edit(site / "content/claims/z-claim.md", "claimant_kind: organization", "claimant_kind: person")
    edit(site / OTHER_CLAIM, "tags: [widgets]", "tags: [widgets, Widgets]")
    done = run_check(site)
    assert error_lines(done.stderr) == [
        f"{OTHER_CLAIM}:22: error: the tag `Widgets` repeats the topic /topics/widgets/ of an earlier tag — keep one "
        "of them",
        "content/claims/z-claim.md:4: error: claimant `Alpha Corp` (/claimants/alpha-corp/) is a person here and an "
        f"organization in {OTHER_CLAIM} — one claimant, one page: write the claimant exactly as the other file does "
        "(name and claimant_kind)",
    ]


# 6. `make check` passed a page the build rejected: Pelican reads a date from `9999-99-99.md`

DATED_NAME = (
    "content/pages/9999-99-99.md:1: error: Pelican would read `date` from the file name `9999-99-99.md` — rename it "
    "without a date: a page's metadata comes only from its header lines"
)


def test_a_page_named_like_a_date_is_refused_by_check_and_build(built):
    root, before = built
    (root / "content/pages/9999-99-99.md").write_text("Title: Odd\nSlug: odd\n\nText.\n", encoding="utf-8")
    check = run_check(root)
    assert check.returncode == 1
    assert error_lines(check.stderr) == [DATED_NAME]
    assert_refused(root, before, [DATED_NAME])


def test_a_page_name_is_checked_against_the_sites_own_filename_metadata(site: Path):
    (site / "content/pages/2020-01-01-notes.md").write_text("Title: Notes\nSlug: notes\n\nText.\n", encoding="utf-8")
    (site / "content/pages/draft-notes.md").write_text("Title: Draft\nSlug: draft\n\nText.\n", encoding="utf-8")
    settings = site / "pelicanconf.py"
    settings.write_text(settings.read_text() + 'FILENAME_METADATA = r"(?P<status>draft)-.*|(?P<slug>.*)"\n')
    done = run_check(site)
    assert error_lines(done.stderr) == [
        "content/pages/draft-notes.md:1: error: Pelican would read `status` from the file name `draft-notes.md` — "
        "rename it without a date: a page's metadata comes only from its header lines"
    ]


# 7. Control characters, noncharacters and bidi overrides reached published pages


REFERENCE_FIX = "delete the reference: it stands for a character the site does not publish"
RAW_FIX = "delete it: retype the line, or paste it through a plain-text editor"
BIDI_FIX = "delete it: it makes text display in another order than it reads; right-to-left text needs none"


def test_hidden_characters_written_as_references_are_refused_in_claims_and_sources(built):
    root, before = built
    edit(root / CLAIM, "The ranking changed in **2020**.", "The ranking &#1; &#xFFFE; &#x202E; changed.\n\nOk &#x202e;")
    source = (root / "content/sources/beta-letter.md").read_text(encoding="utf-8")
    (root / "content/sources/gamma.md").write_text(source + "\nWidgets &#128; &#x85; &#x9D; win.\n", encoding="utf-8")
    expected = [
        f"{CLAIM}:26: error: an invisible control character (U+0001) in the reasoning, written `&#1;` — "
        f"{REFERENCE_FIX}",
        f"{CLAIM}:28: error: a bidirectional control character (U+202E) in the reasoning, written `&#x202e;` — "
        f"{REFERENCE_FIX}",
        "content/sources/gamma.md:13: error: an invisible control character (U+009D) in the archived text, "
        f"written `&#x9D;` — {REFERENCE_FIX}",  # `&#128;` and `&#x85;` are € and … in HTML: allowed
    ]
    assert error_lines(run_check(root).stderr) == expected
    assert_refused(root, before, expected)


def test_hidden_characters_in_a_page_body_are_refused_raw_or_as_references(built):
    root, before = built
    page = root / "content/pages/about.md"
    edit(page, "Text about about.", "Text \x01 about.\n\nNot \ufffe text.\n\nSneaky \u202e txet.\n\nAnd &#x2066;.")
    expected = [
        f"content/pages/about.md:4: error: an invisible control character (U+0001) in the page — {RAW_FIX}",
        f"content/pages/about.md:6: error: a Unicode noncharacter (U+FFFE) in the page — {RAW_FIX}",
        f"content/pages/about.md:8: error: a bidirectional control character (U+202E) in the page — {BIDI_FIX}",
        f"content/pages/about.md:10: error: a bidirectional control character (U+2066) in the page, written "
        f"`&#x2066;` — {REFERENCE_FIX}",
    ]
    assert error_lines(run_check(root).stderr) == expected
    assert_refused(root, before, expected)


def test_right_to_left_text_needs_no_override_and_passes(site: Path):
    edit(site / CLAIM, "The ranking changed in **2020**.", "The ranking changed: «שלום עולם» and «مرحبا» &rlm;&amp;.")
    done = run_check(site)
    assert done.returncode == 0, done.stderr


def test_a_bidi_override_in_a_front_matter_value_is_refused(site: Path):
    edit(site / CLAIM, "headline: Is the founder", "headline: Is the \u202efounder")
    assert error_lines(run_check(site).stderr) == [
        f"{CLAIM}:3: error: a bidirectional control character (U+202E) in a value — {BIDI_FIX}"
    ]


# 8. Tags accepted HTML


def test_markup_in_a_tag_and_a_tag_that_makes_no_slug_are_refused(site: Path):
    edit(site / CLAIM, "tags: [wealth, Testland Politics]", 'tags: [wealth, "<script>x</script>"]')
    edit(site / OTHER_CLAIM, "tags: [widgets]", 'tags: [widgets, "-x"]')
    assert error_lines(run_check(site).stderr) == [
        f"{OTHER_CLAIM}:22: error: the tag '-x' makes the address `-x`, which is not a valid slug — use words: letters "
        "and digits, separated by spaces or hyphens, with no mark at either end",
        f"{CLAIM}:24: error: item 2 of `tags` contains HTML markup: '<script'… — front matter is plain text; a tag is "
        "a word or two",
    ]


# 9. Terminal escape codes in a file name reached the terminal


def test_a_problem_prints_escapes_for_every_character_that_is_not_printable():
    problem = Problem("content/claims/\x1b[8mx\n.md", 3, "file `\x1b[8mx` is\tbad\u202e", "rename\x07 it")
    assert str(problem) == r"content/claims/\x1b[8mx\n.md:3: error: file `\x1b[8mx` is bad\u202e — rename\x07 it"


def test_a_file_name_with_terminal_escapes_cannot_hide_the_failure(site: Path):
    shutil.copy(site / CLAIM, site / "content/claims/\x1b[8mhidden.md")
    done = run_check(site)
    assert done.returncode == 1
    assert "\x1b" not in done.stderr
    assert error_lines(done.stderr) == [
        r"content/claims/\x1b[8mhidden.md:1: error: file name `\x1b[8mhidden.md` is not a valid slug — rename it "
        "with lower-case letters, digits and hyphens only"
    ]
    assert done.stderr.splitlines()[-1].startswith("check FAILED")


# 10. Floods: 190,000 unknown fields gave 190,011 lines; a 1.9 MB registry line was echoed whole


def test_a_file_with_thousands_of_problems_prints_twenty_and_a_count(site: Path):
    edit(site / CLAIM, "reviewer:", "".join(f"x{i}: 1\n" for i in range(190_000)) + "reviewer:")
    done = run_check(site)
    lines = error_lines(done.stderr)
    assert len(lines) == 21
    assert lines[0].startswith(f"{CLAIM}:22: error: unknown field `x0` — known fields: claim, headline")
    assert lines[-1] == (
        f"{CLAIM}:42: error: … and 189,980 more problems in this file — fix the ones above, then check again"
    )


def test_long_values_are_cut_in_messages(site: Path):
    registry = site / "content/permalinks.txt"
    line = len(registry.read_text().splitlines()) + 1
    registry.write_text(registry.read_text() + "/claims/" + "a" * 1_900_000 + "/\n")
    evidence = "content/evidence/test-wire-2020-06-01-founder-loses-top-spot.md"
    edit(site / evidence, "url: https://testwire.example/founder", "url: ftp://" + "x" * 1_500)
    done = run_check(site)
    assert max(len(line) for line in done.stderr.splitlines()) < 300
    assert error_lines(done.stderr) == [
        f"{evidence}:6: error: `url` is not a web address: 'ftp://{'x' * 73}…' — give a full http(s):// address, or "
        "leave the field out",
        f"content/permalinks.txt:{line}: error: this line is not a registry line — each line is `/url/`, "
        "`/sources/<slug>/#pN <fingerprint>` or `/old/ -> /new/`",
    ]


# Wrong advice: a YAML tag was told about square brackets; a byte-order mark was "no front matter"


def test_a_python_yaml_tag_is_named_as_such(site: Path):
    tag_fix = "remove the tag and write the value itself; put it in double quotes if it starts with `!`"
    edit(site / CLAIM, "reviewer: Fact-check desk", 'reviewer: !!python/object/apply:os.system ["echo hi"]')
    assert error_lines(run_check(site).stderr) == [
        f"{CLAIM}:22: error: the YAML tag `!!python/object/apply:os.system` is not allowed: tags like `!!python/` "
        f"are refused, values are plain text — {tag_fix}"
    ]
    edit(site / "content/verdicts.yaml", '- key: "true"', '- key: !!python/name:os.system ""')
    assert error_lines(run_check(site).stderr) == [
        "content/verdicts.yaml:7: error: the YAML tag `!!python/name:os.system` is not allowed: tags like "
        f"`!!python/` are refused, values are plain text — {tag_fix}"
    ]


def test_a_byte_order_mark_at_the_start_of_a_file_is_accepted(site: Path):
    for name in (CLAIM, "content/permalinks.txt", "content/verdicts.yaml", "content/sources/beta-letter.md"):
        path = site / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    done = run_check(site, "--strict")
    assert done.returncode == 0, done.stderr
