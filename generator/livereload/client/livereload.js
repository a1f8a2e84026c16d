// Injected by `annotated-reader serve` only, never part of a built site: reloads the page
// when a rebuild changed it (or what it reads) and shows build errors over the last good page.
(function () {
  "use strict";
  // The server says which file of the site this page is and the version it was read at.
  var script = document.currentScript;
  var page = script && script.dataset.page ? script.dataset.page : null;
  var read = script && /^\d+$/.test(script.dataset.version || "") ? Number(script.dataset.version) : null;
  var shown = null;
  var overlay = null;

  function showErrors(errors) {
    if (overlay) { overlay.remove(); overlay = null; }
    if (!errors.length) { return; }
    overlay = document.createElement("section");
    overlay.className = "livereload-errors";
    overlay.setAttribute("role", "alert");
    var title = document.createElement("h2");
    title.textContent = "Build problems (the last good pages are shown)";
    overlay.appendChild(title);
    var list = document.createElement("ul");
    errors.forEach(function (line) {
      var item = document.createElement("li");
      item.textContent = line;  // text, never markup
      list.appendChild(item);
    });
    overlay.appendChild(list);
    document.body.appendChild(overlay);
  }

  var style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = "/__livereload/livereload.css";
  document.head.appendChild(style);

  // A file pages read besides themselves: a style sheet, a script, a picture, a font.
  function resource(path) {
    return /\.(css|js|svg|png|jpe?g|gif|webp|avif|ico|woff2?)$/i.test(path);
  }

  function affected(pages) {
    if (pages === null || page === null) { return true; }
    return pages.some(function (path) { return path === page || resource(path); });
  }

  // Told what changed since the page was read, the first message included.
  var source = new EventSource("/__livereload/events" + (read === null ? "" : "?since=" + read));
  source.onmessage = function (event) {
    var state = JSON.parse(event.data);
    var since = shown === null ? read : shown;
    if (since !== null && state.version !== since && affected(state.pages)) {
      document.documentElement.dataset.livereload = "reloading";
      location.reload();
      return;
    }
    shown = state.version;
    document.documentElement.dataset.livereload = String(state.version);
    showErrors(state.errors);
  };
})();
