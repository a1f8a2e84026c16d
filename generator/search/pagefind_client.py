"""Pagefind's service client, adapted: the packaged client waits 0.1 s before reading each
answer of the service (one answer per page: 100 s for 1,000 pages), so `_FastService` reads
answers as they come; the rest (launch, requests, decoding) is Pagefind's own code."""

from __future__ import annotations

import asyncio
import base64
import json


class SearchUnavailable(RuntimeError):
    pass


def service_class():
    try:
        from pagefind.service import PagefindService
    except ImportError as exc:  # pragma: no cover - a core dependency
        raise SearchUnavailable("the search index needs Pagefind: pip install 'pagefind[extended]'") from exc

    class _FastService(PagefindService):
        """Answers read as they come, of any size (the index comes back as one answer)."""

        async def _wait_for_responses(self) -> None:
            stdout = self._backend.stdout
            assert stdout is not None
            buffer = bytearray()
            try:
                while True:
                    chunk = await stdout.read(1 << 20)
                    if not chunk:
                        raise RuntimeError("Pagefind: the search service stopped")
                    buffer += chunk
                    while (end := buffer.find(b",")) >= 0:
                        message, buffer = bytes(buffer[:end]), buffer[end + 1 :]
                        self._answer(json.loads(base64.b64decode(message)))
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # nothing more will be answered: no request waits for ever
                self._fail_all(exc if isinstance(exc, RuntimeError) else RuntimeError(f"Pagefind: {exc}"))

        def _answer(self, response) -> None:
            if response is None:
                return
            payload = response.get("payload") or {}
            message_id = response.get("message_id")
            if message_id is None:
                try:
                    message_id = json.loads(payload.get("original_message") or "null").get("message_id")
                except (ValueError, AttributeError):
                    message_id = None
            error = RuntimeError(f"Pagefind: {payload.get('message')}") if payload.get("type") == "Error" else None
            # Answered: forgotten (the packaged client keeps every request's future, and small
            # objects kept between the pages' large copies keep the heap from shrinking).
            future = self._responses.pop(message_id, None)
            if future is None:
                if error is not None:  # an error we cannot match to its request: fail them all
                    self._fail_all(error)
                return
            if future.done():
                return
            if error is not None:
                future.set_exception(error)
            else:
                future.set_result(payload)

        _failed: Exception | None = None

        async def send(self, payload):
            if self._failed is not None:  # the service is gone: nothing would answer
                raise self._failed
            return await super().send(payload)

        def _fail_all(self, exc: Exception) -> None:
            self._failed = exc
            for future in self._responses.values():
                if not future.done():
                    future.set_exception(exc)

    return _FastService


async def close_service(index) -> None:
    try:
        await index._service.close()
    except Exception:  # it stopped already
        pass
