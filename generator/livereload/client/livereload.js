// Injected by `annotated-reader serve` only, never part of a built site: reloads the page
// after each rebuild and shows build errors over the last good page.
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

  var source = new EventSource("/__livereload/events");
  source.onmessage = function (event) {
    var state = JSON.parse(event.data);
    if (shown !== null && state.version !== shown) {
      document.documentElement.dataset.livereload = "reloading";
      location.reload();
      return;
    }
    shown = state.version;
    document.documentElement.dataset.livereload = String(state.version);
    showErrors(state.errors);
  };
})();
