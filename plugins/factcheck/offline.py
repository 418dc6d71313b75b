"""Post-processing for a site read from a folder on disk: links that name their `index.html`.

Owns one rewrite, used for the downloadable preview of a pull request: a
browser opening `file://…/claims/x/` shows a directory listing, not the page,
so every relative link to a directory gets `index.html` appended. Built with
RELATIVE_URLS, the preview then works offline, with no link to production.
Published builds never pass through here.
"""

from __future__ import annotations

import os
import re

# href/src/action values with no scheme (no `:`): `../claims/x/`, `./`, `..`, `../sources/y/#p3`.
_RELATIVE_LINK = re.compile(r'(?P<attr>\b(?:href|src|action)=")(?P<path>[^":?#]*)(?P<rest>[?#][^"]*)?"')


def _with_index(match: re.Match) -> str:
    path, rest = match["path"], match["rest"] or ""
    if path in (".", ".."):
        path += "/"
    if path.startswith("/") or not path.endswith("/"):
        return match.group(0)  # a file, this page's own fragment, or a root-relative link
    return f'{match["attr"]}{path}index.html{rest}"'


def link_index_files(site: str) -> None:
    """Append `index.html` to every relative directory link in the HTML files under `site`."""
    for root, _, names in os.walk(site):
        for name in names:
            if not name.endswith(".html"):
                continue
            path = os.path.join(root, name)
            with open(path, encoding="utf-8") as handle:
                html = handle.read()
            rewritten = _RELATIVE_LINK.sub(_with_index, html)
            if rewritten != html:
                os.unlink(path)  # never write into a file another directory may share
                with open(path, "w", encoding="utf-8") as handle:
                    handle.write(rewritten)
