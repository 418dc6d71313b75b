"""How readers reach the desk: the links the site gives for reporting an error, proposing a claim or writing.

Owns turning two validated settings (`config.py`: FACTCHECK_REPOSITORY_URL,
the source repository where issues are filed, and FACTCHECK_CONTACT, an e-mail
or https address) into the addresses the theme links, computed here once so
templates only print them. The error report a page links opens the
repository's own form, `.github/ISSUE_TEMPLATE/report-an-error.md`, with the
page's permanent address filled in: the sections below are that form's, and a
test keeps them in step. Where a setting is empty there is no link: the site
never promises a channel it does not have. No Pelican import.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

REPORT_TEMPLATE = "report-an-error.md"  # in the repository's .github/ISSUE_TEMPLATE/
PROPOSE_TEMPLATE = "propose-a-claim.md"
REPORT_TITLE = "Correction: "  # the form's own `title:`
# The form's sections, in its order: (bold label, hint after it). The page's address goes under the first.
REPORT_SECTIONS = (
    ("The page", "(its address, e.g. /claims/richest-man-in-china/)"),
    ("What is wrong", ""),
    ("The evidence", "(outlet, headline, date, and its address; if you read it on another site, say which)"),
)
REPORT_CLOSING = (
    "We review every report against the evidence, with the same standard as the original check. "
    "Corrections are logged on the claim page and listed on /corrections/."
)
MAX_TITLE_CHARS = 200  # GitHub's limit is 256; a headline is rarely near it


@dataclass(frozen=True)
class Desk:
    """The desk's addresses, as the settings give them ("" when not set)."""

    repository: str = ""  # https://HOST/OWNER/REPO, validated by config
    contact: str = ""  # an e-mail address or an https address, validated by config

    @property
    def reachable(self) -> bool:
        """Whether the site has any way to reach the desk to show."""
        return bool(self.repository or self.contact)

    @property
    def issues_url(self) -> str:
        """The repository's issue tracker: earlier reports and questions."""
        return f"{self.repository}/issues" if self.repository else ""

    @property
    def new_issue_url(self) -> str:
        """GitHub's chooser of the repository's forms (report an error, propose a claim) and a blank issue."""
        return f"{self.repository}/issues/new/choose" if self.repository else ""

    @property
    def propose_url(self) -> str:
        return self._new_issue(template=PROPOSE_TEMPLATE)

    @property
    def contributing_url(self) -> str:
        """CONTRIBUTING.md on the default branch (GitHub resolves HEAD to it)."""
        return f"{self.repository}/blob/HEAD/CONTRIBUTING.md" if self.repository else ""

    @property
    def contact_href(self) -> str:
        """FACTCHECK_CONTACT as a link: an e-mail address becomes mailto:."""
        if not self.contact or self.contact.startswith("https://"):
            return self.contact
        return f"mailto:{self.contact}"

    def report_url(self, title: str = "", permalink: str = "") -> str:
        """The error-report form, with the page's title and permanent address filled in when given."""
        if not permalink:
            return self._new_issue(template=REPORT_TEMPLATE)
        if len(title) > MAX_TITLE_CHARS:
            title = title[: MAX_TITLE_CHARS - 1].rstrip() + "…"
        return self._new_issue(template=REPORT_TEMPLATE, title=REPORT_TITLE + title, body=report_body(title, permalink))

    def _new_issue(self, **fields: str) -> str:
        if not self.repository:
            return ""
        return f"{self.repository}/issues/new?{urlencode(fields, quote_via=quote)}"


def report_body(title: str, permalink: str) -> str:
    """The form's text with the page named under its first section and the other sections left to fill in."""
    parts = []
    for index, (label, hint) in enumerate(REPORT_SECTIONS):
        parts.append(f"**{label}** {hint}".rstrip())
        parts.append(f"{title}\n{permalink}" if index == 0 else "")
    parts.append(REPORT_CLOSING)
    return "\n\n".join(parts) + "\n"
