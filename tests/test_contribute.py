"""Contributor tools: new-claim, new-source, check FILES=, the JSON Schemas and the docs that teach them."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import jsonschema
import pytest
from conftest import REPO, make_site, run_check, run_factcheck

from factcheck.content import load_verdict_scale
from factcheck.frontmatter import parse_document
from factcheck.schema import json_schema


def factcheck(root: Path, *args: str, stdin: str = "", **env: str) -> subprocess.CompletedProcess:
    return run_factcheck(root, *args, stdin=stdin, env=env)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_site(tmp_path)


def test_new_claim_copies_the_quote_exactly_as_the_source_has_it(root: Path):
    done = factcheck(root, "new-claim", SOURCE="alpha-post", QUOTE='sold "exactly 100 widgets"  last year')
    assert done.returncode == 0, done.stderr
    path = root / "content/claims/sold-exactly-100-widgets-last-year.md"
    text = path.read_text()
    assert 'quote: "sold “exactly 100 widgets” last year"' in text
    assert "  - source: alpha-post  # found in paragraph p1" in text
    assert 'claimant: "Jane Writer"' in text and "claim_date: 2021-01-05" in text
    check = run_check(root)
    assert check.returncode == 1
    assert "sold-exactly-100-widgets-last-year.md:3: error: `claim` is not filled in yet" in check.stderr
    assert "the reasoning is not filled in yet" in check.stderr


def test_new_claim_refuses_to_overwrite(root: Path):
    done = factcheck(root, "new-claim", SOURCE="alpha-post", QUOTE="A paragraph nobody quotes", SLUG="richest-person")
    assert done.returncode == 1
    assert "content/claims/richest-person.md already exists" in done.stderr


def test_new_claim_explains_a_wrong_source_or_quote(root: Path):
    wrong_source = factcheck(root, "new-claim", SOURCE="alpha-pots.md", QUOTE="anything")
    assert "unknown source `alpha-pots` — did you mean `alpha-post`?" in wrong_source.stderr
    wrong_quote = factcheck(root, "new-claim", SOURCE="beta-letter", QUOTE="Widgets are the futur")
    assert wrong_quote.returncode == 1
    assert 'the quote is not in `beta-letter`; closest passage: "Widgets are the future' in wrong_quote.stderr
    assert not list((root / "content/claims").glob("widgets*"))


def test_new_source_from_stdin_keeps_the_text_paragraph_by_paragraph(root: Path):
    text = "First line of the post.\nSecond line, a new paragraph.\n\n\n"
    done = factcheck(
        root,
        "new-source",
        stdin=text,
        TITLE="Gamma post",
        PUBLISHER="Gamma Blog",
        KIND="blog-post",
        URL="https://g.example/p",
    )
    assert done.returncode == 0, done.stderr
    created = (root / "content/sources/gamma-post.md").read_text()
    assert created.endswith("---\nFirst line of the post.\n\nSecond line, a new paragraph.\n")
    assert "author: unknown" in created and 'url: "https://g.example/p"' in created
    assert 'date_note: "FILL IN' in created
    again = factcheck(root, "new-source", stdin=text, TITLE="Gamma post", PUBLISHER="Gamma Blog", KIND="blog-post")
    assert again.returncode == 1 and "already exists" in again.stderr
    bad_kind = factcheck(root, "new-source", stdin=text, TITLE="Delta", PUBLISHER="D", KIND="blogpost")
    assert "unknown kind `blogpost` — did you mean `blog-post`?" in bad_kind.stderr


def test_check_files_reports_only_the_given_files(root: Path):
    claim = root / "content/claims/richest-person.md"
    claim.write_text(claim.read_text().replace("verdict: outdated", "verdict: OUTDATED"))
    source = root / "content/sources/beta-letter.md"
    source.write_text(source.read_text().replace("kind: open-letter", "kind: letter"))
    only = run_check(root, "content/sources/beta-letter.md")
    assert only.returncode == 1
    assert "beta-letter.md:7" in only.stderr and "richest-person" not in only.stderr
    assert only.stderr.strip().endswith("check FAILED: 1 of 7 files; 1 error(s), 0 warning(s)")


def test_committed_json_schemas_are_generated_from_the_model():
    scale = load_verdict_scale(str(REPO / "content/verdicts.yaml"), [])
    for kind in ("claim", "source", "evidence"):
        committed = json.loads((REPO / f"schemas/{kind}.schema.json").read_text())
        assert committed == json_schema(kind, scale.keys), f"run `make schemas` to regenerate {kind}.schema.json"


@pytest.mark.parametrize("kind", ["claims", "sources", "evidence"])
def test_real_content_passes_its_json_schema(kind: str):
    name = kind.removesuffix("s")
    schema = json.loads((REPO / f"schemas/{name}.schema.json").read_text())
    paths = list((REPO / "content" / kind).glob("*.md"))
    assert paths
    for path in paths:
        document = parse_document(str(path), path.read_text(encoding="utf-8"))
        jsonschema.validate(document.data, schema)
        assert path.read_text().splitlines()[1] == f"# yaml-language-server: $schema=../../schemas/{name}.schema.json"


def test_json_schema_catches_what_editors_should_underline():
    schema = json.loads((REPO / "schemas/claim.schema.json").read_text())
    errors = sorted(
        e.message for e in jsonschema.Draft202012Validator(schema).iter_errors({"verdict": "Mostly-true", "clam": "x"})
    )
    assert any("'clam' was unexpected" in e for e in errors)
    assert any("'Mostly-true' is not one of" in e for e in errors)


def test_editor_and_repository_wiring_exists():
    settings = json.loads((REPO / ".vscode/settings.json").read_text())
    assert settings["yaml.schemas"]["./schemas/claim.schema.json"] == ["content/claims/*.md"]
    assert settings["yaml.schemas"]["./schemas/evidence.schema.json"] == ["content/evidence/*.md"]
    assert "make check" in (REPO / ".pre-commit-config.yaml").read_text()
    workflow = (REPO / ".github/workflows/ci.yml").read_text()
    assert ".ci/run" in workflow and "make preview" in workflow and "upload-artifact" in workflow
    assert "add-matcher::.github/factcheck-matcher.json" in workflow
    pages = (REPO / ".github/workflows/pages.yml").read_text()
    assert "make publish SITEURL=" in pages and "actions/deploy-pages" in pages and "upload-pages-artifact" in pages
    ci = (REPO / ".ci/run").read_text()
    assert "make check" in ci and "make test" in ci
    for template in (
        "PULL_REQUEST_TEMPLATE.md",
        "ISSUE_TEMPLATE/propose-a-claim.md",
        "ISSUE_TEMPLATE/report-an-error.md",
    ):
        assert (REPO / ".github" / template).exists()
    contributing = (REPO / "CONTRIBUTING.md").read_text()
    assert "make new-claim" in contributing and "make new-source" in contributing
