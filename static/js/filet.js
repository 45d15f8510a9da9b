/*
 * Filet: the safety net of every form a person types into (issue 23).
 *
 * Opt-in: <form data-conserve="<formulaire>" data-fiche="<id>"> (formulaire and fiche: letters,
 * digits, "_", "-", "." or ":"). What is typed is kept in the browser through
 * static/js/conserve.js (one store, per account: key "<compte>|<formulaire>|<fiche>") as soon
 * as it is typed, and offered back with a plain notice when the page opens again with other
 * values (after a failed save, an ended session, an offline moment, a reload or Back). Leaving
 * the page with changes not sent asks first (beforeunload). A submit while offline is not
 * sent: the page says so and keeps everything.
 *
 * Forgetting: on submit the form gets a hidden field va_filet="<formulaire>|<fiche>"; when the
 * server took the save it writes <meta name="va-enregistre" content="<formulaire>|<fiche>"> in
 * the next page (village_avenir/filet.py), and the draft is removed. At logout the next page
 * carries <meta name="va-fin-compte" content="<compte>">: every draft of that account goes,
 * except the heritage visit's queue ("<compte>|visite|…"): those are entries made on site and
 * not yet on the server, sent after the next login (static/js/visite.js), never dropped.
 *
 * Not kept: passwords, files, hidden fields (CSRF token, version), fields marked
 * data-conserve-ignorer. Logged-out pages keep nothing (no account key).
 * No framework, no inline script (CSP: script-src 'self').
 */
(function () {
  "use strict";
  var SKIP = { password: 1, file: 1, hidden: 1, submit: 1, button: 1, reset: 1, image: 1 };

  function metas(name) {
    return Array.prototype.map.call(
      document.querySelectorAll('meta[name="' + name + '"]'),
      function (m) { return m.getAttribute("content") || ""; });
  }

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && !el.disabled && !SKIP[el.type] && !el.hasAttribute("data-conserve-ignorer");
    });
  }

  function snapshot(form) {
    var out = {};
    fields(form).forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) out[el.name + "=" + el.value] = true;
      } else {
        out[el.name] = el.value;
      }
    });
    return out;
  }

  function same(a, b) {
    var ka = Object.keys(a), kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    for (var i = 0; i < ka.length; i++) if (a[ka[i]] !== b[ka[i]]) return false;
    return true;
  }

  // Puts the kept values back; returns how many kept fields have no place on this page (a
  // heritage block added in the draft but not on the page, say).
  function restore(form, champs) {
    var placed = {};
    fields(form).forEach(function (el) {
      placed[el.name] = true;
      placed[el.name + "=" + el.value] = true;
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = !!champs[el.name + "=" + el.value];
      } else if (Object.prototype.hasOwnProperty.call(champs, el.name)) {
        el.value = champs[el.name];
      }
      el.dispatchEvent(new Event("input", { bubbles: true }));
    });
    var extras = {};
    Object.keys(champs).forEach(function (k) { if (!placed[k] && champs[k]) extras[k] = champs[k]; });
    return extras;
  }

  function when(iso) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) return "";
    return " le " + d.toLocaleDateString("fr-FR") + " à " +
      d.toLocaleTimeString("fr-FR", { hour: "2-digit", minute: "2-digit" });
  }

  function notice(form, cls, text) {
    var old = form.parentNode.querySelector(".filet-avis[data-pour='" + form.id + "']");
    if (old) old.parentNode.removeChild(old);
    var box = document.createElement("div");
    box.className = "message filet-avis " + cls;
    box.setAttribute("role", cls === "erreur" ? "alert" : "status");
    box.setAttribute("data-pour", form.id);
    var p = document.createElement("p");
    p.textContent = text;
    box.appendChild(p);
    form.parentNode.insertBefore(box, form);
    return box;
  }

  function button(box, label, cls, onclick) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    if (cls) b.className = cls;
    b.addEventListener("click", onclick);
    box.appendChild(b);
    return b;
  }

  function watch(form, index) {
    var Conserve = window.Conserve;
    if (!form.id) form.id = "filet-formulaire-" + index;
    var nom = form.getAttribute("data-conserve"), fiche = form.getAttribute("data-fiche") || "";
    var cle = Conserve.cle(nom, fiche);
    var initial = snapshot(form), sending = false, timer = null;
    var extras = {};  // kept values with no field on this page: never dropped by a later keep

    function keep() {
      var now = snapshot(form);
      if (same(now, initial) && !Object.keys(extras).length) return Promise.resolve();
      var champs = {};
      Object.keys(extras).forEach(function (k) { champs[k] = extras[k]; });
      Object.keys(now).forEach(function (k) { champs[k] = now[k]; });
      return Conserve.put(cle, { champs: champs, page: location.pathname }).catch(function () {});
    }

    form.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(keep, 300);
    });
    form.addEventListener("change", keep);

    form.addEventListener("submit", function (event) {
      clearTimeout(timer);
      keep();
      if (navigator.onLine === false) {
        event.preventDefault();
        notice(form, "erreur", "Pas de connexion au réseau : rien n'a été envoyé. Ce que vous " +
          "avez tapé est gardé dans ce navigateur ; enregistrez à nouveau quand la connexion revient.");
        return;
      }
      var marker = form.querySelector("input[name=va_filet]");
      if (Object.keys(extras).length) {  // values still waiting for their block: keep the draft
        if (marker) marker.parentNode.removeChild(marker);
        sending = true;
        setTimeout(function () { sending = false; }, 4000);
        return;
      }
      if (!marker) {
        marker = document.createElement("input");
        marker.type = "hidden";
        marker.name = "va_filet";
        form.appendChild(marker);
      }
      marker.value = nom + "|" + fiche;
      sending = true;
      setTimeout(function () { sending = false; }, 4000);  // a download, or a blocked submit
    });

    window.addEventListener("beforeunload", function (event) {
      if (sending || same(snapshot(form), initial)) return;
      keep();
      event.preventDefault();
      event.returnValue = "";  // the browser shows its own « Quitter la page ? »
    });

    Conserve.get(cle).then(function (record) {
      if (!record || !record.valeur || !record.valeur.champs) return;
      if (same(record.valeur.champs, snapshot(form))) return;
      var box = notice(form, "info", "Ce navigateur a gardé une saisie de ce formulaire qui " +
        "n'a pas été enregistrée" + when(record.enregistre_le) + ". Vous pouvez la reprendre " +
        "puis l'enregistrer, ou l'écarter.");
      button(box, "Reprendre cette saisie", "", function () {
        extras = restore(form, record.valeur.champs);
        var sans = Object.keys(extras).length;
        notice(form, "info", "Saisie reprise : vérifiez-la puis enregistrez." + (sans ?
          " " + sans + " champ(s) gardé(s) n'ont pas leur place sur cette page (un bloc ajouté " +
          "depuis) : ils restent gardés dans ce navigateur ; ajoutez le bloc, puis reprenez " +
          "la saisie." : ""));
      });
      button(box, "L'écarter", "secondaire", function () {
        Conserve.remove(cle);
        box.parentNode.removeChild(box);
      });
    }).catch(function () {});
  }

  function start() {
    var Conserve = window.Conserve;
    if (!Conserve) return;
    var compte = Conserve.compte();
    var done = [];
    metas("va-fin-compte").forEach(function (c) {
      if (!c) return;
      done.push(Conserve.list(c + "|").then(function (rows) {
        return Promise.all(rows.filter(function (r) {
          return r.cle.indexOf(c + "|visite|") !== 0;  // the visit's unsent queue stays
        }).map(function (r) { return Conserve.remove(r.cle); }));
      }));
    });
    metas("va-enregistre").forEach(function (c) {
      if (compte && c) done.push(Conserve.remove(compte + "|" + c));
    });
    Promise.all(done).catch(function () {}).then(function () {
      if (!compte) return;  // logged out: nothing is kept
      Array.prototype.forEach.call(document.querySelectorAll("form[data-conserve]"), watch);
      document.documentElement.setAttribute("data-filet", "pret");
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
