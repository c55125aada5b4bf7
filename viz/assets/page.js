// The page's own script: data parsed as JSON, every string reaches the DOM through textContent.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("policykg-data").textContent);
  function tip(t) {
    var box = document.createElement("div");
    var head = document.createElement("div"); head.className = "tip-head"; head.textContent = t.head;
    box.appendChild(head);
    t.rows.forEach(function (row) {
      var line = document.createElement("div"); line.className = "tip-row";
      var key = document.createElement("b"); key.textContent = row[0];
      line.appendChild(key); line.appendChild(document.createTextNode(row[1])); box.appendChild(line);
    });
    if (t.quote) { var q = document.createElement("div"); q.className = "tip-quote"; q.textContent = t.quote;
                   box.appendChild(q); }
    if (t.evidence) { var e = document.createElement("div"); e.className = "tip-ev"; e.textContent = t.evidence;
                      box.appendChild(e); }
    return box;
  }
  data.nodes.forEach(function (n) { n.title = tip(n.tip); delete n.tip; });
  data.edges.forEach(function (e, i) { e.id = "e" + i; if (e.tip) { e.title = tip(e.tip); delete e.tip; } });
  var nodes = new vis.DataSet(data.nodes), edges = new vis.DataSet(data.edges);
  var network = new vis.Network(document.getElementById("network"), {nodes: nodes, edges: edges}, data.options);
  var state = {network: network, stats: data.stats, ready: false};
  window.policykg = state;
  function done() {
    if (state.ready) return;
    if (data.layout === "force") network.setOptions({physics: {enabled: false}});
    network.fit(); state.ready = true;
  }
  if (!data.nodes.length) done();  // nothing to lay out: no stabilisation event will come
  else if (data.layout === "force") { network.once("stabilizationIterationsDone", done); setTimeout(done, 15000); }
  else { network.once("afterDrawing", done); setTimeout(done, 3000); }
  network.on("doubleClick", function (p) {
    if (!p.nodes.length) return;
    var url = nodes.get(p.nodes[0]).url;
    // only the relative links write_index made: no scheme, no protocol-relative URL
    if (url && !/^[a-z][a-z0-9+.-]*:/i.test(url) && url.indexOf("//") !== 0) window.location.href = url;
  });
})();
