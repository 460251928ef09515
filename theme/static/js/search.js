// Starts Pagefind's search box (served from this site; no third-party requests) and
// gives its input the label the page wrote (Pagefind's own has only a placeholder).
window.addEventListener("DOMContentLoaded", function () {
  var element = document.getElementById("search");
  if (!window.PagefindUI || !element) { return; }
  // two bundles: the data pages (this one) and the editors' documents, merged
  new window.PagefindUI({ element: "#search", showSubResults: true, showImages: false,
                          mergeIndex: [{ bundlePath: "/pagefind-content/" }] });
  function label() {
    var input = element.querySelector("input");
    if (!input) { return false; }
    input.setAttribute("aria-label", element.dataset.label);
    input.id = input.id || "search-input";
    return true;
  }
  if (!label()) {
    var watcher = new MutationObserver(function () { if (label()) { watcher.disconnect(); } });
    watcher.observe(element, { childList: true, subtree: true });
  }
});
