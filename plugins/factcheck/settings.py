"""Pelican glue: turn a Pelican settings file or dict into a FactcheckConfig.

The only place that knows how Pelican reads settings and slugifies; the model
and the checker get a plain config object with a slugify function.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping

from pelican.settings import read_settings
from pelican.utils import slugify

from .config import FactcheckConfig


def site_slugify(settings: Mapping) -> Callable[[str], str]:
    """Slugify as Pelican does for this site (SLUG_REGEX_SUBSTITUTIONS)."""
    substitutions = settings["SLUG_REGEX_SUBSTITUTIONS"]

    @functools.cache  # claimants and tags repeat across thousands of claims
    def site_slug(text: str) -> str:
        return slugify(text, regex_subs=substitutions)

    return site_slug


def config_from_settings(settings: Mapping) -> FactcheckConfig:
    return FactcheckConfig.from_settings(settings, site_slugify(settings))


def load_config(settings_file: str) -> FactcheckConfig:
    return config_from_settings(read_settings(settings_file))
