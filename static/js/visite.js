/*
 * The on-site heritage visit (templates/patrimoine/visite.html), with or without signal.
 *
 * - The visit's header (date, participants, notes) and the item being typed (a draft, photos
 *   included) are kept in the browser at every change (static/js/conserve.js):
 *   "<compte>|visite-en-cours|<code>" and "<compte>|visite-brouillon|<code>".
 * - A saved item joins the queue "<compte>|visite|<client_uid>" with the visit's header and
 *   its reduced photos (Blobs); the visit itself is queued too, so that a visit without items
 *   is not lost. Each entry and photo has a client_uid made here (crypto.randomUUID): the
 *   server stores each once, so a retry never doubles anything.
 * - The queue is sent on load, when the network returns ("online"), after each save and
 *   every 20 s while something waits; the count of what waits is announced (aria-live).
 *   Before sending, a fresh CSRF token is fetched (/patrimoine/visite/jeton): if the session
 *   ended, the queue stays and the page offers to log in again; after the login the page
 *   comes back here and sends it (same account key, from <meta name="va-compte">).
 * - Photos are reduced before being kept (static/js/photo-visite.js): at most data-cote px,
 *   under data-cible bytes, every metadata dropped; the original's EXIF GPS position, or else
 *   the phone's position, is kept as two numbers.
 */
(function () {
  "use strict";
  var root = document.getElementById("visite");
  if (!root || !window.Conserve || !window.PhotoVisite) return;
  var C = window.Conserve, P = window.PhotoVisite;
  var code = root.dataset.code;
  var ORIGINAL_MAX = +root.dataset.originalMax, CIBLE = +root.dataset.cible;
  var COTE = +root.dataset.cote, PHOTOS_MAX = +root.dataset.photosMax;
  var compte = C.compte();
  var QUEUE = compte + "|visite|";
  var CLE_VISITE = compte + "|visite-en-cours|" + code;
  var CLE_BROUILLON = compte + "|visite-brouillon|" + code;
  var $ = function (id) { return document.getElementById(id); };
  var formVisite = $("form-visite"), formElement = $("form-element");
  var visite = null;       // {client_uid, date, participants, notes, envoyes: [{client_uid, nom}]}
  var brouillon = null;    // {etape, champs, photos: [{client_uid, blob, longitude, latitude}], position}
  var etape = 1, ETAPES = 4;

  function uid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var a = new Uint8Array(16); crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function pluriel(n, un, plusieurs) { return n + " " + (n > 1 ? plusieurs : un); }
  function today() {
    var d = new Date(), p = function (n) { return ("0" + n).slice(-2); };
    return d.getFullYear() + "-" + p(d.getMonth() + 1) + "-" + p(d.getDate());
  }
  function dateFr(iso) { var p = iso.split("-"); return p[2] + "/" + p[1] + "/" + p[0]; }
  function nombreFr(x) { return x.toFixed(5).replace(".", ","); }

  // --- the visit's header -------------------------------------------------------------------
  function showVisite() {
    formVisite.hidden = !!visite;
    $("visite-en-cours").hidden = !visite;
    if (!visite) return;
    $("date-en-cours").textContent = dateFr(visite.date);
    var noms = visite.participants.map(function (c) {
      var box = formVisite.querySelector('input[value="' + c + '"]');
      return box ? box.parentNode.textContent.trim() : c;
    });
    $("participants-en-cours").textContent = noms.length ? "Participants : " + noms.join(", ") + "." : "";
  }

  formVisite.addEventListener("submit", function (e) {
    e.preventDefault();
    var date = formVisite.elements.date.value;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) { $("erreur-visite").textContent = "Indiquez la date de la visite."; return; }
    if (date > today()) { $("erreur-visite").textContent = "La date de la visite ne peut pas être dans le futur."; return; }
    $("erreur-visite").textContent = "";
    visite = {
      client_uid: uid(), date: date, notes: formVisite.elements.notes.value, envoyes: [],
      participants: Array.prototype.filter.call(formVisite.querySelectorAll("input[name=participants]"),
        function (b) { return b.checked; }).map(function (b) { return b.value; })
    };
    C.put(CLE_VISITE, visite)
      .then(function () { return C.put(QUEUE + visite.client_uid, { genre: "visite", code: code, visite: entete() }); })
      .then(function () { showVisite(); allerA(1); $("nom").focus(); return rafraichir(); })
      .then(envoyer);
  });

  function entete() {
    return { client_uid: visite.client_uid, date: visite.date, participants: visite.participants, notes: visite.notes };
  }

  $("terminer").addEventListener("click", function () {
    if (brouillon && (brouillon.champs.nom || brouillon.photos.length) &&
        !window.confirm("L'élément en cours n'est pas enregistré. Terminer quand même la visite ?")) return;
    Promise.all([C.remove(CLE_VISITE), C.remove(CLE_BROUILLON)]).then(function () {
      visite = null; viderElement(); formVisite.reset(); formVisite.elements.date.value = today();
      showVisite(); formVisite.elements.date.focus();
    });
  });

  // --- the item, step by step ---------------------------------------------------------------
  function allerA(n) {
    etape = Math.max(1, Math.min(ETAPES, n));
    formElement.querySelectorAll(".etape").forEach(function (f) { f.hidden = +f.dataset.etape !== etape; });
    $("etape-compteur").textContent = "Étape " + etape + " sur " + ETAPES;
    $("precedent").disabled = etape === 1;
    $("suivant").hidden = etape === ETAPES;
    $("enregistrer").hidden = etape !== ETAPES;
    if (brouillon) { brouillon.etape = etape; garderBrouillon(); }
  }
  $("precedent").addEventListener("click", function () { allerA(etape - 1); });
  $("suivant").addEventListener("click", function () {
    if (etape === 1 && !formElement.elements.nom.value.trim()) {
      $("erreur-element").textContent = "Donnez un nom à l'élément (par exemple « Lavoir du Pech »).";
      $("nom").focus(); return;
    }
    if (etape === 1 && !formElement.elements.type.value) {
      $("erreur-element").textContent = "Choisissez le type de l'élément (« Autre » s'il n'est pas dans la liste).";
      $("type").focus(); return;
    }
    if (etape === 1 && formElement.elements.type.value === "autre" && !formElement.elements.type_autre.value.trim()) {
      $("erreur-element").textContent = "Type « Autre » : précisez lequel (par exemple « sompe »).";
      $("type_autre").focus(); return;
    }
    $("erreur-element").textContent = "";
    allerA(etape + 1);
    var first = formElement.querySelector('.etape[data-etape="' + etape + '"] input, .etape[data-etape="' + etape + '"] select');
    if (first) first.focus();
  });

  var CHAMPS = ["nom", "type", "type_autre", "etat", "usage", "proprietaire", "protection", "notes"];
  function montrerTypeAutre() {
    var autre = formElement.elements.type.value === "autre";
    $("champ-type-autre").hidden = !autre;
    if (!autre) formElement.elements.type_autre.value = "";
  }
  formElement.elements.type.addEventListener("change", montrerTypeAutre);
  function champs() {
    var out = {};
    CHAMPS.forEach(function (n) { var el = formElement.elements[n]; out[n] = el ? (el.value || "") : ""; });
    out.nom = out.nom.trim();
    return out;
  }
  function nouveauBrouillon() { return { etape: 1, champs: champs(), photos: [], position: null }; }
  function garderBrouillon() {
    if (!brouillon) return Promise.resolve();
    brouillon.champs = champs();
    return C.put(CLE_BROUILLON, brouillon).catch(function () {
      $("erreur-element").textContent = "Ce navigateur ne peut pas garder la saisie : envoyez-la avant de fermer la page.";
    });
  }
  formElement.addEventListener("input", garderBrouillon);
  formElement.addEventListener("change", function (e) { if (e.target.id !== "photo") garderBrouillon(); });

  function remplir(b) {
    Object.keys(b.champs).forEach(function (n) {
      var el = formElement.elements[n];
      if (!el) return;
      if (el instanceof RadioNodeList) {
        Array.prototype.forEach.call(el, function (r) { r.checked = r.value === b.champs[n]; });
      } else { el.value = b.champs[n]; }
    });
  }

  function viderElement() {
    formElement.reset();
    $("champ-type-autre").hidden = true;
    brouillon = nouveauBrouillon();
    montrerPhotos(); montrerPosition(); allerA(1);
  }

  function montrerPosition() {
    var p = brouillon && brouillon.position;
    $("position").textContent = p
      ? "Position : " + nombreFr(p.latitude) + " N, " + nombreFr(p.longitude) + " E."
      : "Pas encore de position : celle de la première photo sera prise.";
  }

  $("ma-position").addEventListener("click", function () {
    $("position").textContent = "Recherche de la position…";
    P.positionDuTelephone(15000).then(function (p) {
      if (p) { brouillon.position = p; garderBrouillon(); montrerPosition(); } else {
        $("position").textContent = "Position indisponible (GPS coupé ou refusé) : la photo en donnera peut-être une.";
      }
    });
  });

  // --- photos: reduced here, position kept, metadata dropped ---------------------------------
  function montrerPhotos() {
    var ul = $("photos");
    ul.textContent = "";
    (brouillon ? brouillon.photos : []).forEach(function (p, i) {
      var li = document.createElement("li"), img = document.createElement("img");
      img.alt = "Photo " + (i + 1) + " de l'élément";
      var reader = new FileReader();
      reader.onload = function () { img.src = reader.result; };
      reader.readAsDataURL(p.blob);
      var b = document.createElement("button");
      b.type = "button"; b.className = "secondaire"; b.textContent = "Retirer la photo " + (i + 1);
      b.addEventListener("click", function () {
        brouillon.photos.splice(i, 1); garderBrouillon(); montrerPhotos();
        $("photo-etat").textContent = "Photo retirée.";
      });
      li.appendChild(img); li.appendChild(b); ul.appendChild(li);
    });
  }

  $("photo").addEventListener("change", function (e) {
    var file = e.target.files && e.target.files[0];
    e.target.value = "";
    if (!file) return;
    var etat = $("photo-etat");
    if (brouillon.photos.length >= PHOTOS_MAX) { etat.textContent = PHOTOS_MAX + " photos au plus par élément."; return; }
    if (file.size > ORIGINAL_MAX) {
      etat.textContent = "Cette photo pèse " + (file.size / 1048576).toFixed(1).replace(".", ",") + " Mo : " +
        Math.round(ORIGINAL_MAX / 1048576) + " Mo au plus. Reprenez-la avec une définition plus basse " +
        "(réglages de l'appareil photo).";
      return;
    }
    etat.textContent = "Réduction de la photo…";
    Promise.all([P.reduire(file, COTE, CIBLE), P.positionGps(file)]).then(function (r) {
      var reduite = r[0], pos = r[1] || brouillon.position;
      return (pos ? Promise.resolve(pos) : P.positionDuTelephone(5000)).then(function (p) {
        brouillon.photos.push({ client_uid: uid(), blob: reduite, longitude: p ? p.longitude : null, latitude: p ? p.latitude : null });
        if (!brouillon.position && p) { brouillon.position = p; montrerPosition(); }
        return garderBrouillon().then(function () {
          montrerPhotos();
          etat.textContent = "Photo " + brouillon.photos.length + " ajoutée (" + Math.round(reduite.size / 1000) + " Ko).";
        });
      });
    }).catch(function () {
      etat.textContent = "Cette photo ne peut pas être lue par le navigateur : reprenez-la avec l'appareil photo.";
    });
  });

  // --- saving an item into the queue ---------------------------------------------------------
  formElement.addEventListener("submit", function (e) {
    e.preventDefault();
    if (etape < ETAPES) { $("suivant").click(); return; }  // Enter in a field: next step
    var c = champs();
    if (!c.nom || !c.type) {
      allerA(1); $("erreur-element").textContent = "Donnez un nom et un type à l'élément.";
      $(c.nom ? "type" : "nom").focus(); return;
    }
    var pos = brouillon.position || brouillon.photos.filter(function (p) { return p.latitude !== null; })[0] || null;
    var entree = {
      genre: "element", code: code, visite: entete(),
      element: { client_uid: uid(), nom: c.nom, type: c.type, type_autre: c.type_autre, etat: c.etat, usage: c.usage,
                 proprietaire: c.proprietaire, protection: c.protection, notes: c.notes,
                 longitude: pos ? pos.longitude : null, latitude: pos ? pos.latitude : null },
      photos: brouillon.photos
    };
    C.put(QUEUE + entree.element.client_uid, entree).then(function () {
      return C.remove(CLE_BROUILLON);
    }).then(function () {
      viderElement();
      $("photo-etat").textContent = "";
      $("erreur-element").textContent = "";
      $("nom").focus();
      return rafraichir();
    }).then(envoyer).catch(function () {
      $("erreur-element").textContent = "Ce navigateur n'a pas pu garder l'élément : gardez la page ouverte et réessayez.";
    });
  });

  // --- what waits, what was sent -------------------------------------------------------------
  var enAttente = 0;
  function rafraichir() {
    return C.list(QUEUE).then(function (rows) {
      var elements = rows.filter(function (r) { return r.valeur.genre === "element" && r.valeur.code === code; });
      var attente = elements.filter(function (r) { return !r.valeur.refus; });
      var refuses = elements.filter(function (r) { return r.valeur.refus; });
      var visites = rows.filter(function (r) { return r.valeur.genre === "visite" && r.valeur.code === code; });
      var ailleurs = rows.filter(function (r) { return r.valeur.genre === "element" && r.valeur.code !== code && !r.valeur.refus; }).length;
      enAttente = attente.length + ailleurs;
      var texte = attente.length ? pluriel(attente.length, "élément", "éléments") + " en attente d'envoi."
        : visites.length ? "La visite attend d'être envoyée."
        : ailleurs ? "Rien en attente pour cette commune." : "Rien en attente d'envoi : tout est enregistré.";
      if (ailleurs) texte += " " + pluriel(ailleurs, "élément", "éléments") + " d'autres communes en attente d'envoi, envoyés d'ici aussi.";
      if (refuses.length) texte += " " + pluriel(refuses.length, "élément refusé", "éléments refusés") + " par le serveur : voir la liste.";
      var p = $("attente");
      if (p.textContent !== texte) p.textContent = texte;
      p.classList.toggle("vide", !enAttente && !visites.length && !refuses.length);
      var ul = $("elements");
      ul.textContent = "";
      (visite ? visite.envoyes : []).forEach(function (s) { ligne(ul, s.nom + " : enregistré.", "envoye"); });
      attente.forEach(function (r) {
        ligne(ul, r.valeur.element.nom + " : en attente d'envoi (" + pluriel(r.valeur.photos.length, "photo", "photos") + ").", "en-attente");
      });
      refuses.forEach(function (r) { ligneRefus(ul, r); });
      return rows;
    });
  }
  function ligne(ul, texte, classe) {
    var li = document.createElement("li"); li.className = classe; li.textContent = texte; ul.appendChild(li); return li;
  }
  function ligneRefus(ul, r) {
    var li = ligne(ul, r.valeur.element.nom + " : refusé — " + r.valeur.refus + " ", "refuse");
    var b = document.createElement("button");
    b.type = "button"; b.className = "secondaire"; b.textContent = "Supprimer « " + r.valeur.element.nom + " » du téléphone";
    b.addEventListener("click", function () {
      if (window.confirm("Supprimer définitivement cet élément refusé ?")) C.remove(r.cle).then(rafraichir);
    });
    li.appendChild(b);
  }

  // --- sending ------------------------------------------------------------------------------
  var occupe = false, encore = false, relance = null;
  function plusTard() { if (!relance) relance = setTimeout(function () { relance = null; envoyer(); }, 20000); }
  /* n: items waiting (0: only the visit itself waits). */
  function reconnexion(n) {
    var quoi = n > 1 ? "les " + n + " éléments en attente (ils restent gardés"
      : n === 1 ? "l'élément en attente (il reste gardé" : "la visite en attente (elle reste gardée";
    $("reconnexion-texte").textContent = "Reconnectez-vous pour envoyer " + quoi + " sur ce téléphone).";
    $("reconnexion").hidden = false;
  }

  function jeton() {
    return fetch(root.dataset.jeton, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (r) {
        if (r.status === 401 || r.redirected) return { fin: true };
        if (!r.ok) throw new Error("jeton " + r.status);
        return r.json();
      });
  }

  function envoyerUn(row, token) {
    var v = row.valeur, data = new FormData();
    var photos = v.photos || [];
    data.append("donnees", JSON.stringify({
      visite: v.visite, element: v.genre === "element" ? v.element : null,
      photos: photos.map(function (p) { return { client_uid: p.client_uid, longitude: p.longitude, latitude: p.latitude }; })
    }));
    photos.forEach(function (p) { data.append("photo", p.blob, "photo.jpg"); });
    // an entry made on another commune's visit page goes to that commune's address
    var url = root.dataset.envoi.replace("/" + code + "/envoi", "/" + v.code + "/envoi");
    return fetch(url, {
      method: "POST", body: data, credentials: "same-origin", redirect: "manual",
      headers: { "X-CSRFToken": token, Accept: "application/json" }
    }).then(function (r) {
      var json = (r.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      return (json ? r.json() : Promise.resolve({})).then(function (body) { return { status: r.status, json: json, body: body }; });
    });
  }

  function envoyer() {
    if (occupe) { encore = true; return Promise.resolve(); }
    occupe = true;
    return C.list(QUEUE).then(function (rows) {
      rows = rows.filter(function (r) { return !r.valeur.refus; });  // every commune's
      // a visit's header goes before its items; an item carries the header anyway
      rows.sort(function (a, b) { return (a.valeur.genre === "visite" ? 0 : 1) - (b.valeur.genre === "visite" ? 0 : 1); });
      if (!rows.length) return;
      if (navigator.onLine === false) { $("reseau").textContent = "Pas de réseau : les saisies sont gardées sur ce téléphone."; return; }
      return jeton().then(function (j) {
        if (j.fin || j.compte !== compte) { reconnexion(rows.filter(function (r) { return r.valeur.genre === "element"; }).length); return; }
        $("reconnexion").hidden = true;
        var token = j.jeton, chain = Promise.resolve(true);
        rows.forEach(function (row) {
          chain = chain.then(function (go) {
            if (!go) return false;
            return envoyerUn(row, token).then(function (res) {
              if (res.status === 400 && !res.json) {  // the CSRF token changed: ask again, once
                return jeton().then(function (j2) {
                  if (j2.fin) { reconnexion(enAttente); return { status: 401 }; }
                  token = j2.jeton; return envoyerUn(row, token);
                });
              }
              return res;
            }).then(function (res) { return traiter(row, res); });
          });
        });
        return chain.then(function (go) { if (go) $("reseau").textContent = ""; else plusTard(); });
      });
    }).catch(function () {
      $("reseau").textContent = "Envoi interrompu (réseau) : nouvel essai dans quelques secondes.";
      plusTard();
    }).then(rafraichir).then(function () {
      occupe = false;
      if (encore) { encore = false; return envoyer(); }
    });
  }

  /* Apply the server's answer to one queued entry; false stops this round of sends. */
  function traiter(row, res) {
    var v = row.valeur;
    if (res.status === 200) {
      return C.remove(row.cle).then(function () {
        if (v.genre === "element" && visite && v.visite.client_uid === visite.client_uid) {
          visite.envoyes.push({ client_uid: v.element.client_uid, nom: v.element.nom });
          return C.put(CLE_VISITE, visite);
        }
      }).then(function () {
        if (v.genre === "element") return C.remove(QUEUE + v.visite.client_uid);  // the visit came with it
      }).then(function () { return true; });
    }
    if (res.status === 401 || res.status === 0 || res.status === 302 || res.status === 303) {
      reconnexion(enAttente); return false;
    }
    if ((res.status === 400 || res.status === 404 || res.status === 403) && res.json && res.body.message) {
      v.refus = res.body.message;
      return C.put(row.cle, v).then(function () { return res.status !== 403; });
    }
    return false;  // 413, 429, 5xx: try again later
  }

  // --- start -----------------------------------------------------------------------------------
  window.addEventListener("online", function () { $("reseau").textContent = ""; envoyer(); });
  window.addEventListener("offline", function () {
    $("reseau").textContent = "Pas de réseau : les saisies sont gardées sur ce téléphone.";
  });
  document.addEventListener("visibilitychange", function () { if (!document.hidden) envoyer(); });
  setInterval(function () { if (enAttente) envoyer(); }, 30000);

  if ("serviceWorker" in navigator) {
    var sw = root.dataset.sw;
    navigator.serviceWorker.register(sw, { scope: sw.replace(/sw\.js(\?.*)?$/, "") }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (reg) {
      var urls = [location.href.split("#")[0]];
      document.querySelectorAll('script[src], link[rel="stylesheet"][href], link[rel="icon"][href]').forEach(function (el) {
        urls.push(el.src || el.href);
      });
      if (reg.active) reg.active.postMessage({ type: "garder", urls: urls });
    }).catch(function () { /* no worker (private mode): the page still keeps entries */ });
  }

  // Ask the browser not to evict what waits (photos) when the phone runs short of space.
  if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(function () {});

  formVisite.elements.date.value = today();
  Promise.all([C.get(CLE_VISITE), C.get(CLE_BROUILLON)]).then(function (r) {
    visite = r[0] ? r[0].valeur : null;
    brouillon = r[1] ? r[1].valeur : nouveauBrouillon();
    showVisite();
    if (r[1]) { remplir(brouillon); montrerPhotos(); montrerPosition(); montrerTypeAutre(); }
    allerA(brouillon.etape || 1);
    return rafraichir();
  }).then(envoyer);
})();
