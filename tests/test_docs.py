"""The contributor docs match the code: the field reference is the schema's."""

from conftest import REPO

from factcheck.schema import field_reference


def test_contributing_field_reference_is_generated_from_the_schema():
    assert field_reference() in (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")


def test_readme_gives_the_fresh_machine_commands():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "make html" in readme and "make test" in readme
