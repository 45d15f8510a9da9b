// Loading an official file (/diagnostic/imports): show the real upload progress, then
// « lecture en cours » while the server reads and checks the whole file, then put the
// server's answer (preview or refusal) in place of the page's main content.
// Progressive enhancement: without JavaScript the form posts normally and nothing changes.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.id !== "form-import" || !window.FormData || !window.DOMParser) return;
  event.preventDefault();
  var box = document.getElementById("import-progression");
  var bar = box ? box.querySelector("progress") : null;
  var text = box ? box.querySelector("span") : null;
  if (box) box.hidden = false;
  var xhr = new XMLHttpRequest();
  xhr.open("POST", form.action);
  xhr.upload.onprogress = function (e) {
    if (!bar || !e.lengthComputable) return;
    bar.max = e.total;
    bar.value = e.loaded;
    if (text) text.textContent = "Envoi : " + Math.round((100 * e.loaded) / e.total) + " %";
  };
  xhr.upload.onload = function () {
    if (bar) bar.removeAttribute("value"); // indeterminate while the server reads
    if (text) text.textContent = "Fichier reçu : lecture et vérification de toutes les lignes…";
  };
  xhr.onload = function () {
    var doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
    var main = doc.getElementById("contenu");
    var here = document.getElementById("contenu");
    if (main && here) {
      here.innerHTML = main.innerHTML;
      here.scrollIntoView();
    } else {
      form.submit();
    }
  };
  xhr.onerror = function () {
    if (text) text.textContent = "Envoi interrompu : vérifiez la connexion et recommencez.";
  };
  xhr.send(new FormData(form));
});
