// Draws the charts of a page with Vega when JavaScript is on. The libraries are served
// from this site and loaded only here, each checked with Subresource Integrity; the
// static SVG stays in place until a chart is drawn, and stays if anything fails.
(function () {
  var figures = document.querySelectorAll("figure.chart[data-spec]");
  var me = document.currentScript;
  if (!figures.length || !me || !window.fetch) { return; }
  var libraries = ["vega", "vegaLite", "vegaEmbed"].map(function (name) {
    return { src: me.dataset[name + "Src"], integrity: me.dataset[name + "Sri"] };
  });

  function load(index, done) {
    if (index === libraries.length) { done(); return; }
    var script = document.createElement("script");
    script.src = libraries[index].src;
    script.integrity = libraries[index].integrity;
    script.onload = function () { load(index + 1, done); };
    document.head.appendChild(script);
  }

  load(0, function () {
    figures.forEach(function (figure) {
      fetch(figure.dataset.spec).then(function (response) { return response.json(); })
        .then(function (spec) {
          var target = document.createElement("div");
          target.className = "chart-live";
          var image = figure.querySelector("img");
          figure.insertBefore(target, image);
          return window.vegaEmbed(target, spec, {
            ast: true, renderer: "canvas", actions: false, defaultStyle: false,
            tooltip: false, width: Math.min(560, figure.clientWidth - 40)
          }).then(function () {
            image.hidden = true;
            target.setAttribute("aria-hidden", "true");
          });
        })
        .catch(function () { /* the static SVG stays */ });
    });
  });
})();
