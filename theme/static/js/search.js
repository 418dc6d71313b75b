// The /search/ page: Pagefind's index, our own results list (verdict badges, filters).
(function () {
  "use strict";
  var root = document.getElementById("search");
  if (!root) { return; }
  // Words this script writes: the page gives them in the site's language (`data-say-NAME`, the
  // first of `names` given; {placeholders} filled in here); the English ones are the defaults.
  function say(element, names, english, values) {
    var text = [].concat(names).map(function (name) { return element.getAttribute("data-say-" + name); })
      .filter(Boolean)[0] || english;
    return text.replace(/\{(\w+)\}/g, function (all, key) { return values[key]; });
  }
  var plural = new Intl.PluralRules(document.documentElement.lang || "en");
  function forms(name, n) { return [name + "-" + plural.select(n), name + "-other"]; }

  var base = root.getAttribute("data-base") || "";
  var form = root.querySelector("form");
  var input = form.querySelector("input[name=q]");
  var status = root.querySelector(".search-status");
  var list = root.querySelector(".search-results");
  var empty = root.querySelector("[data-search-empty]");
  var filtered = root.querySelector("[data-search-filtered]");
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
  var params = new URLSearchParams(window.location.search);
  var pagefind = null;
  var pending = 0;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function chosenFilters() {
    var filters = {};
    selects.forEach(function (select) {
      if (select.value) { filters[select.getAttribute("data-filter")] = select.value; }
    });
    return filters;
  }

  function render(results, query) {
    list.textContent = "";
    results.forEach(function (data) {
      var item = element("li", "search-result");
      var key = data.meta.verdict_key || "source";
      // A source document is not a verdict: its label is outlined, never in a verdict's colour.
      var badge = element("span", key === "source" ? "badge badge-document" : "badge verdict-" + key, data.meta.verdict || "");
      var link = element("a", "search-result-title", data.meta.title || data.url);
      link.href = data.url;
      var excerpt = element("p", "search-result-excerpt");
      excerpt.innerHTML = data.excerpt;  // Pagefind escapes page text and adds only <mark>.
      item.appendChild(badge);
      item.appendChild(document.createTextNode(" "));
      item.appendChild(link);
      item.appendChild(excerpt);
      list.appendChild(item);
    });
    var count = results.length;
    var asked = query || Object.keys(chosenFilters()).length;
    var found = count
      ? say(status, forms("results", count), count === 1 ? "{n} result" : "{n} results", { n: count })
      : say(status, "results-none", "No results", {});
    status.textContent = asked ? found + (query ? say(status, "for", " for “{query}”", { query: query }) : "") : "";
    empty.hidden = !(asked && count === 0);
    filtered.hidden = !Object.keys(chosenFilters()).length;
  }

  function run() {
    var query = input.value.trim();
    var filters = chosenFilters();
    var state = new URLSearchParams();
    if (query) { state.set("q", query); }
    Object.keys(filters).forEach(function (name) { state.set(name, filters[name]); });
    window.history.replaceState(null, "", state.toString() ? "?" + state.toString() : window.location.pathname);
    if (!query && !Object.keys(filters).length) { render([], ""); return; }
    var ticket = ++pending;
    pagefind.search(query || null, { filters: filters }).then(function (search) {
      return Promise.all(search.results.slice(0, 30).map(function (r) { return r.data(); }));
    }).then(function (results) {
      if (ticket === pending) { render(results, query); }
    });
  }

  function fillSelects(filters) {
    selects.forEach(function (select) {
      var values = Object.keys(filters[select.getAttribute("data-filter")] || {}).sort();
      values.forEach(function (value) {
        var option = element("option", "", value);
        option.value = value;
        select.appendChild(option);
      });
      var wanted = params.get(select.name);
      if (wanted) { select.value = wanted; }
    });
  }

  import(base + "/pagefind/pagefind.js").then(function (module) {
    pagefind = module;
    return pagefind.options({ baseUrl: (base || "") + "/" });
  }).then(function () {
    // A large site's index comes in shards (each small enough to build on a CI runner); shards.json lists the rest.
    return fetch(base + "/pagefind/shards.json").then(function (response) { return response.json(); });
  }).then(function (shards) {
    return Promise.all(shards.map(function (shard) {
      return pagefind.mergeIndex(base + "/pagefind/" + shard, { baseUrl: (base || "") + "/" });
    }));
  }).then(function () {
    return pagefind.filters();
  }).then(function (filters) {
    fillSelects(filters);
    input.value = params.get("q") || "";
    var timer = null;
    input.addEventListener("input", function () { window.clearTimeout(timer); timer = window.setTimeout(run, 150); });
    selects.forEach(function (select) { select.addEventListener("change", run); });
    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
    Array.prototype.forEach.call(root.querySelectorAll("[data-search-example]"), function (example) {
      example.addEventListener("click", function () { input.value = example.textContent; run(); input.focus(); });
    });
    root.querySelector("[data-search-clear]").addEventListener("click", function () {
      selects.forEach(function (select) { select.value = ""; });
      run();
      input.focus();
    });
    run();
    input.focus();
  }).catch(function () {
    status.textContent = say(status, "unavailable", "Search is not available right now. Browse all claims instead.", {});
  });
})();
