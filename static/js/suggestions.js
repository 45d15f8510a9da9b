// Suggestions as you type in a commune search field: up to 8 links to the sheets, from
// /api/communes?q=…&limite=8 (same forgiving search as the list). The field needs
// data-suggestions (API URL), data-fiche (sheet URL with CODE) and aria-controls (the list).
// Progressive enhancement: without JavaScript the form still submits to the list page.
(function () {
  function setup(input) {
    var box = document.getElementById(input.getAttribute("aria-controls"));
    if (!box) return;
    var timer = null, last = "";
    function show(data, query) {
      if (input.value.trim() !== query) return;  // an older answer arriving late
      box.textContent = "";
      var status = document.createElement("p");
      var n = data.total;
      status.textContent = n === 0 ? "Aucune commune ne correspond." :
        n + (n > 1 ? " communes correspondent" : " commune correspond") +
        (n > data.communes.length ? " ; les " + data.communes.length + " premières :" : " :");
      box.appendChild(status);
      var list = document.createElement("ul");
      data.communes.forEach(function (c) {
        var li = document.createElement("li"), a = document.createElement("a");
        a.href = input.getAttribute("data-fiche").replace("CODE", c.code_insee);
        a.textContent = c.nom + " (" + c.code_insee + ")";
        li.appendChild(a);
        list.appendChild(li);
      });
      box.appendChild(list);
    }
    input.addEventListener("input", function () {
      var query = input.value.trim();
      clearTimeout(timer);
      if (query.length < 2) { box.textContent = ""; last = ""; return; }
      if (query === last) return;
      timer = setTimeout(function () {
        last = query;
        var url = input.getAttribute("data-suggestions") + "?limite=8&q=" + encodeURIComponent(query);
        fetch(url, {headers: {Accept: "application/json"}})
          .then(function (r) { return r.ok ? r.json() : null; })
          .then(function (data) { if (data) show(data, query); })
          .catch(function () { box.textContent = ""; });
      }, 200);
    });
  }
  document.querySelectorAll("input[data-suggestions]").forEach(setup);
})();
