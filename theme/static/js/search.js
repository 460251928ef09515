// Starts Pagefind's search box (served from this site; no third-party requests).
window.addEventListener("DOMContentLoaded", function () {
  if (window.PagefindUI) {
    // two bundles: the data pages (this one) and the editors' documents, merged
    new window.PagefindUI({ element: "#search", showSubResults: true, showImages: false,
                            mergeIndex: [{ bundlePath: "/pagefind-content/" }] });
  }
});
