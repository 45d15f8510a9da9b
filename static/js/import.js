// While a long file is sent and read, show a progress indicator (the page answers when the
// whole file has been checked). Progressive enhancement: without JavaScript nothing changes.
document.addEventListener("submit", function (event) {
  if (event.target.id !== "form-import") return;
  var p = document.getElementById("import-progression");
  if (p) p.hidden = false;
});
