// The static SVG is the chart. The interactive version (Vega, served from this site and
// checked with Subresource Integrity) loads only when the reader asks for it (the button
// under each chart) or when the chart scrolls into view; the libraries load once per
// page, each specification is fetched once, and each chart is drawn once. If anything
// fails, the SVG stays.
(function () {
  var figures = document.querySelectorAll("figure.chart[data-spec]");
  var me = document.currentScript;
  if (!figures.length || !me || !window.fetch || !window.Promise) { return; }
  var libraries = ["vega", "vegaLite", "vegaEmbed"].map(function (name) {
    return { src: me.dataset[name + "Src"], integrity: me.dataset[name + "Sri"] };
  });
  var loading = null;
  var specs = {};

  function loadScript(library) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = library.src;
      script.integrity = library.integrity;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function loadLibraries() {
    if (!loading) {
      loading = libraries.reduce(function (done, library) {
        return done.then(function () { return loadScript(library); });
      }, Promise.resolve());
    }
    return loading;
  }

  function fetchSpec(url) {
    if (!specs[url]) {
      specs[url] = fetch(url).then(function (response) {
        if (!response.ok) { throw new Error(url + ": " + response.status); }
        return response.json();
      });
    }
    return specs[url];
  }

  function draw(figure) {
    if (figure.dataset.live) { return; }
    figure.dataset.live = "loading";
    var button = figure.querySelector("button.chart-live-button");
    if (button) { button.disabled = true; }
    Promise.all([loadLibraries(), fetchSpec(figure.dataset.spec)]).then(function (got) {
      var spec = JSON.parse(JSON.stringify(got[1]));
      var image = figure.querySelector("img");
      var target = document.createElement("div");
      target.className = "chart-live";
      figure.insertBefore(target, image);
      // the whole chart, legend included, fits the figure's width: no sideways scrolling
      spec.width = Math.max(200, Math.min(720, figure.clientWidth - 8));
      spec.autosize = { type: "fit-x", contains: "padding" };
      if (spec.width < 480) {  // on a phone the legend goes under the chart, in columns
        spec.config = spec.config || {};
        spec.config.legend = Object.assign({}, spec.config.legend,
                                           { orient: "bottom", columns: 3 });
      }
      return window.vegaEmbed(target, spec, {
        ast: true, renderer: "canvas", actions: false, defaultStyle: false, tooltip: false
      }).then(function () {
        image.hidden = true;
        target.setAttribute("aria-hidden", "true");
        figure.dataset.live = "drawn";
        if (button) { button.hidden = true; }
      });
    }).catch(function () {
      figure.dataset.live = "failed";
      if (button) { button.hidden = true; }
    });
  }

  var watcher = window.IntersectionObserver ? new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) {
        watcher.unobserve(entry.target);
        draw(entry.target);
      }
    });
  }, { rootMargin: "0px 0px 100px 0px" }) : null;

  figures.forEach(function (figure) {
    var button = figure.querySelector("button.chart-live-button");
    if (button) {
      button.hidden = false;
      button.addEventListener("click", function () { draw(figure); });
    }
    if (watcher && figure.dataset.auto === "in-view") { watcher.observe(figure); }
  });
})();
