// Offline search over the site's pages: the index (STATGRAPH_INDEX, prepended by statgraph) is
// [label, kind, path] triples; paths are relative to the site root given by <body data-root>.
(function () {
  var input = document.getElementById("search");
  var box = document.getElementById("search-results");
  if (!input || !box || typeof STATGRAPH_INDEX === "undefined") { return; }
  var root = document.body.getAttribute("data-root") || "";
  function show(query) {
    box.textContent = "";
    var words = query.toLowerCase().split(/\s+/).filter(function (w) { return w.length > 0; });
    if (words.length === 0) { box.hidden = true; return; }
    var shown = 0;
    for (var i = 0; i < STATGRAPH_INDEX.length && shown < 40; i++) {
      var entry = STATGRAPH_INDEX[i], label = entry[0].toLowerCase();
      if (words.every(function (w) { return label.indexOf(w) >= 0; })) {
        var link = document.createElement("a");
        link.href = root + entry[2];
        link.textContent = entry[0] + " — " + entry[1];  // text, never markup
        box.appendChild(link);
        shown++;
      }
    }
    if (shown === 0) { var none = document.createElement("div"); none.textContent = "no match"; box.appendChild(none); }
    box.hidden = false;
  }
  input.addEventListener("input", function () { show(input.value); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { var first = box.querySelector("a"); if (first) { window.location.href = first.href; } }
  });
})();
