// Refuse, before sending, a file larger than its field's data-taille-max (in bytes): the
// server refuses it too, but a request over its global limit would lose the whole form.
// Progressive enhancement: without JavaScript, the server's checks still apply.
document.addEventListener("change", function (event) {
  var input = event.target;
  if (!input.matches || !input.matches("input[type=file][data-taille-max]")) return;
  var max = parseInt(input.getAttribute("data-taille-max"), 10);
  var id = input.id + "-taille";
  var message = document.getElementById(id);
  if (message) message.remove();
  var file = input.files && input.files[0];
  if (!file || file.size <= max) return;
  input.value = "";
  message = document.createElement("p");
  message.id = id;
  message.className = "erreurs";
  message.setAttribute("role", "alert");
  message.textContent = "« " + file.name + " » dépasse la taille autorisée (" +
    Math.round(max / 1048576) + " Mo) : choisissez un fichier plus léger. " +
    "Le reste du formulaire n'est pas perdu.";
  input.insertAdjacentElement("afterend", message);
});
