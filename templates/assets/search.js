/* search.html: Pagefind's shipped UI on this site's index. Results link relative to this
   page's folder, so the site works from any sub-folder of any host. A large site's index
   comes in parts: pagefind/indexes.json lists the parts after the first, which the UI
   merges into it. From file:// the browser refuses the index fetches: the page says so
   and does nothing else. */
(function () {
  "use strict";
  function show(id) {
    var note = document.getElementById(id);
    if (note) { note.hidden = false; }
  }
  if (window.location.protocol === "file:") {
    show("search-file-note");
    return;
  }
  if (typeof window.PagefindUI !== "function") {
    show("search-missing-note");
    return;
  }
  var folder = window.location.pathname.replace(/[^\/]*$/, "");
  var bundle = folder + "pagefind/";
  // Pagefind's field has only a title and a placeholder, which vanish as one types: it gets
  // a visible label of its own (axe: label-title-only). The label sits outside #search,
  // which Pagefind's UI owns and redraws.
  function label() {
    var field = document.querySelector("#search .pagefind-ui__search-input");
    var root = document.getElementById("search");
    if (!field || !root || document.getElementById("search-label")) { return; }
    field.id = "search-input";
    var line = document.createElement("p");
    line.className = "search-label";
    line.id = "search-label";
    var text = document.createElement("label");
    text.htmlFor = "search-input";
    text.textContent = "Search articles, people and quotes";
    line.appendChild(text);
    root.parentNode.insertBefore(line, root);
  }
  function start(parts) {
    new window.PagefindUI({
      element: "#search",
      bundlePath: bundle,
      baseUrl: folder,
      mergeIndex: parts.map(function (part) { return { bundlePath: bundle + part }; }),
      showSubResults: true,
      showImages: false,
      autofocus: true,
      openFilters: ["person"]
    });
    label();  // the UI draws its field as it is made
  }
  // Without the list (a copy of the site that lost it), the first part is searched alone.
  fetch(bundle + "indexes.json")
    .then(function (answer) { return answer.ok ? answer.json() : []; })
    .catch(function () { return []; })
    .then(function (parts) {
      start(Array.isArray(parts) ? parts.filter(function (part) { return typeof part === "string"; }) : []);
    });
}());
