// Suggestions while typing: regions, agencies, indicators from /api/suggest, shown in a <datalist>.
// Every string reaches the page as an option's value/label (DOM properties), never as HTML.
(function () {
  "use strict";
  var box = document.getElementById("q"), list = document.getElementById("suggestions");
  if (!box || !list) return;
  var timer = null, last = "";
  var kinds = {Region: "地区", Agency: "单位", Indicator: "指标"};
  box.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var words = box.value.trim().split(/\s+/), word = words[words.length - 1] || "";
      if (word === last || word.length < 1) return;
      last = word;
      fetch("/api/suggest?q=" + encodeURIComponent(word), {headers: {Accept: "application/json"}})
        .then(function (r) { return r.ok ? r.json() : {suggestions: []}; })
        .then(function (data) {
          while (list.firstChild) list.removeChild(list.firstChild);
          var prefix = words.slice(0, -1).join(" ");
          data.suggestions.forEach(function (s) {
            var option = document.createElement("option");
            option.value = (prefix ? prefix + " " : "") + s.label;
            option.label = (kinds[s.kind] || s.kind) + (s.context ? " · " + s.context : "");
            list.appendChild(option);
          });
          window.policykgSuggestions = data.suggestions.length;
        })
        .catch(function () {});
    }, 150);
  });
})();
