// Starts Pagefind's search box (served from this site; no third-party requests).
window.addEventListener("DOMContentLoaded", function () {
  if (window.PagefindUI) {
    new window.PagefindUI({ element: "#search", showSubResults: true, showImages: false });
  }
});
