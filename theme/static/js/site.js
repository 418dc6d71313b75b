// Progressive enhancement shared by every page. Everything works without it.
(function () {
  "use strict";
  // The header search box replaces its no-JavaScript fallback link.
  document.querySelectorAll("[data-search-form]").forEach(function (form) { form.hidden = false; });
  document.querySelectorAll("[data-search-fallback]").forEach(function (link) { link.hidden = true; });

  // /claims/: narrow by verdict, claimant, source and topic; sort by date.
  var browse = document.getElementById("browse");
  if (!browse) { return; }
  // Words this script writes: the page gives them in the site's language (`data-say-NAME`, the
  // first of `names` given; {placeholders} filled in here); the English ones are the defaults.
  function say(element, names, english, values) {
    var text = [].concat(names).map(function (name) { return element.getAttribute("data-say-" + name); })
      .filter(Boolean)[0] || english;
    return text.replace(/\{(\w+)\}/g, function (all, key) { return values[key]; });
  }
  var plural = new Intl.PluralRules(document.documentElement.lang || "en");
  function forms(name, n) { return [name + "-" + plural.select(n), name + "-other"]; }

  var cards = Array.prototype.slice.call(document.querySelectorAll(".claim-index .claim-card"));
  var sections = Array.prototype.slice.call(document.querySelectorAll(".claim-index > section"));
  var status = browse.querySelector("[role=status]");
  var controls = Array.prototype.slice.call(browse.querySelectorAll("select"));
  var params = new URLSearchParams(window.location.search);
  browse.hidden = false;

  function matches(card) {
    return controls.every(function (control) {
      var field = control.getAttribute("data-field");
      if (!field || !control.value) { return true; }
      return (card.getAttribute("data-" + field) || "").split(" ").indexOf(control.value) !== -1;
    });
  }

  function apply() {
    var sort = browse.querySelector("[name=sort]").value;
    var key = sort.indexOf("published") === 0 ? "data-published" : "data-made";
    var direction = sort.slice(-3) === "old" ? 1 : -1;
    var shown = 0;
    sections.forEach(function (section) {
      var list = section.querySelector("ul");
      var inSection = cards.filter(function (card) { return card.parentNode === list; });
      inSection.sort(function (a, b) {
        return direction * (a.getAttribute(key) < b.getAttribute(key) ? -1 : a.getAttribute(key) > b.getAttribute(key) ? 1 : 0);
      }).forEach(function (card) { list.appendChild(card); });
      var visible = inSection.filter(function (card) { card.hidden = !matches(card); return !card.hidden; }).length;
      section.hidden = visible === 0;
      var count = section.querySelector("h2 .count");
      if (count) { count.textContent = say(status, forms("claims", visible), visible === 1 ? "{n} claim" : "{n} claims", { n: visible }); }
      shown += visible;
    });
    status.textContent = say(status, "showing", "Showing {shown} of {total} claims.", { shown: shown, total: cards.length });
    var state = new URLSearchParams();
    controls.forEach(function (control) { if (control.value && control.value !== "made-new") { state.set(control.name, control.value); } });
    window.history.replaceState(null, "", state.toString() ? "?" + state.toString() : window.location.pathname);
  }

  controls.forEach(function (control) {
    var wanted = params.get(control.name);
    if (wanted) { control.value = wanted; }
    control.addEventListener("change", apply);
  });
  browse.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  apply();
})();
