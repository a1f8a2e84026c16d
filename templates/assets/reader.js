/* Annotated reader: progressive enhancements. Every page works without this file.
   CSP-safe: no inline script, no eval, no style attributes (classes and `hidden` only).
   - Article: j / k move the focus to the next / previous quote; a person's name shows, on
     hover or focus, a card of their other articles, copied from the "Also mentioned in" list.
   - Index: sort buttons on the column headers (aria-sort) and filters (text, outlet, dates). */
(function () {
  "use strict";

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  /* ---- Keyboard navigation from quote to quote ---- */
  function quoteNavigation(article) {
    var quotes = Array.prototype.slice.call(
      article.querySelectorAll('.quote[data-kind="statement"], .pull-quote'));
    if (!quotes.length) return;
    quotes.forEach(function (q) { q.setAttribute("tabindex", "-1"); });
    var keys = article.querySelector(".keys");
    if (keys) keys.hidden = false;
    document.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
      var step = event.key === "j" ? 1 : event.key === "k" ? -1 : 0;
      if (!step) return;
      var current = quotes.indexOf(document.activeElement);
      var next;
      if (current >= 0) {
        next = current + step;
      } else {
        // Not on a quote: the first quote below (j) or above (k) the top of the window.
        next = step > 0 ? quotes.length : -1;
        for (var i = 0; i < quotes.length; i++) {
          if (quotes[i].getBoundingClientRect().top > 1) { next = step > 0 ? i : i - 1; break; }
        }
      }
      if (next < 0 || next >= quotes.length) return;
      event.preventDefault();
      quotes[next].focus();
      quotes[next].scrollIntoView({ block: "center" });
    });
  }

  /* ---- A card of a person's other articles on hover or focus of their name ---- */
  function personCards(article) {
    var lists = {};
    var items = article.querySelectorAll(".also-mentioned li[data-person-id]");
    for (var i = 0; i < items.length; i++) lists[items[i].getAttribute("data-person-id")] = items[i];
    if (!items.length) return;
    var card = document.createElement("span");
    card.className = "person-card";
    card.id = "person-card";
    card.hidden = true;
    var owner = null, timer = null;

    function fill(item) {
      while (card.firstChild) card.removeChild(card.firstChild);
      var links = item.querySelectorAll("a");
      var title = document.createElement("span");
      title.className = "person-card-title";
      title.textContent = links[0].textContent + " is also in:";
      card.appendChild(title);
      var list = document.createElement("span");
      list.className = "person-card-list";
      for (var i = 1; i < links.length; i++) {
        var link = links[i].cloneNode(true);
        link.className = "person-card-link";
        list.appendChild(link);
      }
      card.appendChild(list);
    }
    function show(name) {
      clearTimeout(timer);
      if (owner === name && !card.hidden) return;
      var item = lists[name.getAttribute("data-entity-id")];
      if (!item) return;
      hide();
      fill(item);
      owner = name;
      name.insertAdjacentElement("afterend", card);
      name.setAttribute("aria-describedby", card.id);
      card.hidden = false;
    }
    function hide() {
      clearTimeout(timer);
      if (owner) owner.removeAttribute("aria-describedby");
      owner = null;
      card.hidden = true;
    }
    function later() { clearTimeout(timer); timer = setTimeout(hide, 300); }
    function nameOf(target) {
      return target && target.closest ? target.closest("a.ent-person[data-entity-id]") : null;
    }
    var body = article.querySelector(".article-body") || article;
    body.addEventListener("mouseover", function (e) {
      var name = nameOf(e.target);
      if (name) show(name); else if (card.contains(e.target)) clearTimeout(timer);
    });
    body.addEventListener("mouseout", function (e) {
      if (nameOf(e.target) || card.contains(e.target)) later();
    });
    body.addEventListener("focusin", function (e) {
      var name = nameOf(e.target);
      if (name) show(name); else if (card.contains(e.target)) clearTimeout(timer);
    });
    body.addEventListener("focusout", function (e) {
      if (nameOf(e.target) || card.contains(e.target)) later();
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && !card.hidden) hide();
    });
  }

  /* ---- Index: sort and filter the articles table ---- */
  function indexTable(table) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var headers = table.querySelectorAll("th[data-sort]");
    var state = { key: "date", dir: "descending" };  // the order the page is written in

    function value(row, key) {
      var v = row.getAttribute("data-" + key) || "";
      return key === "statements" ? Number(v) : v.toLowerCase();
    }
    function sortBy(key, dir) {
      var sign = dir === "ascending" ? 1 : -1;
      var sorted = rows.slice().sort(function (a, b) {
        var x = value(a, key), y = value(b, key);
        if (x < y) return -sign;
        if (x > y) return sign;
        return rows.indexOf(a) - rows.indexOf(b);
      });
      sorted.forEach(function (row) { body.appendChild(row); });
      state = { key: key, dir: dir };
      for (var i = 0; i < headers.length; i++) {
        var h = headers[i];
        if (h.getAttribute("data-sort") === key) h.setAttribute("aria-sort", dir);
        else h.removeAttribute("aria-sort");
      }
    }
    Array.prototype.forEach.call(headers, function (th) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var key = th.getAttribute("data-sort");
        var dir = state.key === key && state.dir === "ascending" ? "descending" : "ascending";
        sortBy(key, dir);
      });
    });
    sortBy(state.key, state.dir);

    var form = document.getElementById("filters");
    if (!form) return;
    var text = document.getElementById("filter-text");
    var outlet = document.getElementById("filter-outlet");
    var from = document.getElementById("filter-from");
    var to = document.getElementById("filter-to");
    var count = document.getElementById("filter-count");
    function apply() {
      var words = text.value.trim().toLowerCase();
      var shown = 0;
      rows.forEach(function (row) {
        var date = row.getAttribute("data-date");
        var haystack = (row.getAttribute("data-title") + " " + row.getAttribute("data-outlet") + " " +
                        row.getAttribute("data-people")).toLowerCase();
        var ok = (!words || haystack.indexOf(words) >= 0) &&
                 (!outlet.value || row.getAttribute("data-outlet") === outlet.value) &&
                 (!from.value || (date && date >= from.value)) &&
                 (!to.value || (date && date <= to.value));
        row.hidden = !ok;
        if (ok) shown++;
      });
      count.textContent = shown + " of " + rows.length + " articles shown";
    }
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.hidden = false;
    apply();
  }

  function start() {
    var article = document.querySelector("article.article");
    if (article) { quoteNavigation(article); personCards(article); }
    var table = document.querySelector("table.articles");
    if (table) indexTable(table);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
