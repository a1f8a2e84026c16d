"""Fetching one web page for `add`: redirects followed, a timeout, a size limit and an
honest User-Agent. The standard library's urllib does all of it; no other client is needed."""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message

from generator import __version__
from generator.errors import ArticleError, error
from generator.text import is_web_url

USER_AGENT = f"annotated-reader/{__version__} (fetches the pages its user asked for, one request each)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_REDIRECTS = 10
READ_SECONDS_PER_TIMEOUT = 3  # a whole page may take three times the wait for its first byte


@dataclass(frozen=True)
class FetchedPage:
    url: str  # after redirects
    data: bytes
    charset: str | None  # from the Content-Type header


def _read_within(response, url: str, max_bytes: int, deadline: float, timeout: float) -> bytes:
    """The body, refused when over `max_bytes` or when a server trickles it past the deadline
    (the socket's timeout only bounds the wait for each piece)."""
    chunks, size = [], 0
    while chunk := response.read(65536):
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            raise error(url, "E018", limit_mb=max_bytes // 1_000_000)
        if time.monotonic() > deadline:
            raise error(url, "E016", detail=f"the page took over {READ_SECONDS_PER_TIMEOUT * timeout:g} s to arrive")
    return b"".join(chunks)


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS


def fetch_page(url: str, timeout: float, max_bytes: int) -> FetchedPage:
    """The page at `url`, or an ArticleError naming the URL: not http(s), unreachable, an
    HTTP error, not HTML, too large, or too slow."""
    if not is_web_url(url):
        raise error(url, "E016", detail="only http:// and https:// addresses can be fetched")
    opener = urllib.request.build_opener(_Redirects())
    request = urllib.request.Request(
        url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml"}
    )
    try:
        with opener.open(request, timeout=timeout) as response:
            headers: Message = response.headers
            kind = headers.get_content_type()
            if kind not in HTML_TYPES:
                raise error(url, "E017", kind=kind)
            declared = headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise error(url, "E018", limit_mb=max_bytes // 1_000_000)
            data = _read_within(
                response, url, max_bytes, time.monotonic() + READ_SECONDS_PER_TIMEOUT * timeout, timeout
            )
            return FetchedPage(response.geturl(), data, headers.get_content_charset())
    except ArticleError:
        raise
    except urllib.error.HTTPError as exc:
        raise error(url, "E016", detail=f"HTTP {exc.code} {exc.reason}") from None
    except (TimeoutError, socket.timeout):
        raise error(url, "E016", detail=f"no answer within {timeout:g} s") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (TimeoutError, socket.timeout)):
            raise error(url, "E016", detail=f"no answer within {timeout:g} s") from None
        raise error(url, "E016", detail=str(reason)) from None
    except (OSError, ValueError) as exc:  # connection reset, a malformed address or header
        raise error(url, "E016", detail=str(exc) or type(exc).__name__) from None
