"""Typed build settings, from defaults, an optional `reader.toml`, and the command line."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from urllib.parse import urlsplit

from generator.annotate.model import DEFAULT_MODEL
from generator.cache import default_cache_dir
from generator.theme import BUILTIN_TEMPLATES


@dataclass(frozen=True)
class BuildConfig:
    content: Path = Path("seeds")
    out: Path = Path("site")
    # A theme folder searched before the built-in templates, holding only what it changes;
    # by default the built-in templates alone.
    templates: Path = BUILTIN_TEMPLATES
    model: str = DEFAULT_MODEL
    cache_dir: Path | None = None  # None: the user cache folder
    max_file_mb: int = 5
    batch_size: int = 64
    jobs: int = 0  # annotation processes; 0: one per core
    executor: str = "local"  # "local" (this machine's processes) or "dask"
    scheduler: str | None = None  # Dask scheduler address; None: a local cluster of `jobs` workers
    # Where the site will be published (https://example.org/reader/): absolute links in the
    # feed, the sitemap and canonical/OpenGraph URLs. None: every link is relative and no
    # sitemap is written (a sitemap needs absolute URLs).
    base_url: str | None = None
    search: bool = True  # the Pagefind search index (pagefind/) and search.html
    # HTML per part of the search index: its indexer holds about ten times as much at once.
    search_shard_mb: float = 32

    @property
    def cache_path(self) -> Path:
        return self.cache_dir or default_cache_dir()


class ConfigError(ValueError):
    pass


def load_config(path: Path | None, overrides: dict) -> BuildConfig:
    config = BuildConfig()
    if path is not None and path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: not valid TOML ({exc}); fix the file or remove it") from None
        known = {f.name: f for f in fields(BuildConfig)}
        values = {}
        for key, value in data.get("build", data).items():
            if key not in known:
                raise ConfigError(f"{path}: unknown setting '{key}'; known settings: {', '.join(known)}")
            # Relative to the settings file, as written in it: `--config story/reader.toml`
            # builds story/content into story/site.
            values[key] = path.parent / Path(value) if key in ("content", "out", "templates", "cache_dir") else value
        config = replace(config, **values)
    config = replace(config, **{k: v for k, v in overrides.items() if v is not None})
    if config.executor not in ("local", "dask"):
        raise ConfigError(f"{path}: executor must be 'local' or 'dask', got {config.executor!r}")
    if (
        isinstance(config.search_shard_mb, bool)
        or not isinstance(config.search_shard_mb, (int, float))
        or not config.search_shard_mb > 0
    ):
        raise ConfigError(
            f"{path}: search_shard_mb must be a number of megabytes above 0, got {config.search_shard_mb!r}"
        )
    if config.base_url is not None:
        config = replace(config, base_url=normalise_base_url(config.base_url))
    return config


def normalise_base_url(url: str) -> str | None:
    """An absolute http(s) URL ending in a slash; an empty one is none."""
    url = url.strip()
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ConfigError(
            f"base_url {url!r}: expected an absolute http(s) URL such as https://example.org/reader/; "
            "fix --base-url or base_url in the settings file"
        )
    return url if url.endswith("/") else url + "/"
