"""Live reload: `server` serves the output folder and the reload stream (the reload script is
added to responses, never to the built site); `watcher` settles file events into rebuilds.
The serve command (`generator.commands.serve`) wires them to a build session."""

from generator.livereload.server import LiveReloadServer, SiteState
from generator.livereload.watcher import OneFileWatch, RebuildLoop

__all__ = ["LiveReloadServer", "OneFileWatch", "RebuildLoop", "SiteState"]
