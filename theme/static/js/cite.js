// Copy buttons for the "Cite this" block. Without JavaScript the buttons stay hidden
// and the citations remain selectable text.
(function () {
  "use strict";
  // Words this script writes: the page gives them in the site's language (`data-say-NAME`, the
  // first of `names` given; {placeholders} filled in here); the English ones are the defaults.
  function say(element, names, english, values) {
    var text = [].concat(names).map(function (name) { return element.getAttribute("data-say-" + name); })
      .filter(Boolean)[0] || english;
    return text.replace(/\{(\w+)\}/g, function (all, key) { return values[key]; });
  }
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "copy-buffer";
    document.body.appendChild(area);
    area.select();
    var ok = document.execCommand("copy");
    document.body.removeChild(area);
    return ok ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) { return; }
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      copyText(source.textContent).then(function () {
        button.textContent = say(button, "copied", "Copied", {});
      }, function () {
        button.textContent = say(button, "copy-failed", "Select the text to copy", {});
      }).then(function () {
        window.setTimeout(function () { button.textContent = label; }, 2000);
      });
    });
  });
})();
