/* search.html: Pagefind's shipped UI on this site's index. Results link relative to this
   page's folder, so the site works from any sub-folder of any host. From file:// the
   browser refuses the index fetches: the page says so and does nothing else. */
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
  new window.PagefindUI({
    element: "#search",
    bundlePath: folder + "pagefind/",
    baseUrl: folder,
    showSubResults: true,
    showImages: false,
    autofocus: true,
    openFilters: ["person"]
  });
}());
