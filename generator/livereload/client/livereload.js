// Injected by `annotated-reader serve` only, never part of a built site: reloads the page
// when a rebuild changed it (or what it reads) and shows build errors over the last good page.
(function () {
  "use strict";
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

  // This page's file in the site, as the server names changed files ("articles/a.html").
  function here() {
    var path = decodeURIComponent(location.pathname).replace(/^\/+/, "");
    return path === "" || path.charAt(path.length - 1) === "/" ? path + "index.html" : path;
  }

  // A file pages read besides themselves: a style sheet, a script, a picture, a font.
  function resource(path) {
    return /\.(css|js|svg|png|jpe?g|gif|webp|avif|ico|woff2?)$/i.test(path);
  }

  function affected(pages) {
    if (pages === null) { return true; }
    var mine = here();
    return pages.some(function (path) { return path === mine || resource(path); });
  }

  var source = new EventSource("/__livereload/events");
  source.onmessage = function (event) {
    var state = JSON.parse(event.data);
    if (shown !== null && state.version !== shown && affected(state.pages)) {
      document.documentElement.dataset.livereload = "reloading";
      location.reload();
      return;
    }
    shown = state.version;
    document.documentElement.dataset.livereload = String(state.version);
    showErrors(state.errors);
  };
})();
