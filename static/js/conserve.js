/*
 * Conserve: what a person typed, kept in the browser until the server has it.
 *
 * One small store shared by every page that must never lose an entry: the safety net of the
 * forms (application, replies, opinions, plans) and the offline queue of the heritage visit.
 * Values are kept in IndexedDB (database "village-avenir", store "conserve"), which also holds
 * Blobs (photos); where IndexedDB is refused (some private modes), JSON values fall back to
 * localStorage and Blobs cannot be kept (put() rejects, so the page can say so).
 *
 * Keys are strings "<compte>|<formulaire>|<fiche>": <compte> is the account's opaque key the
 * page gives in <meta name="va-compte">, so that two accounts on one town-hall computer never
 * see each other's drafts, and logout can clear that account's entries (clearPrefix).
 * Every value is stored as {valeur, enregistre_le} (ISO time of the browser).
 *
 * API (every call returns a Promise):
 *   Conserve.put(cle, valeur)       keep a value (replaces the previous one)
 *   Conserve.get(cle)               the record {cle, valeur, enregistre_le} or null
 *   Conserve.remove(cle)            forget one key
 *   Conserve.list(prefix)           every record whose key starts with prefix, oldest first
 *   Conserve.clearPrefix(prefix)    forget every key starting with prefix
 *   Conserve.compte()               the account key of this page ("" when logged out)
 *   Conserve.cle(formulaire, fiche) "<compte>|<formulaire>|<fiche>"
 */
(function () {
  "use strict";
  var DB = "village-avenir", STORE = "conserve", LS = "va-conserve:";
  var dbPromise = null;

  function openDb() {
    if (dbPromise) return dbPromise;
    dbPromise = new Promise(function (resolve, reject) {
      if (!window.indexedDB) { reject(new Error("indexedDB absent")); return; }
      var req;
      try { req = window.indexedDB.open(DB, 1); } catch (e) { reject(e); return; }
      req.onupgradeneeded = function () {
        if (!req.result.objectStoreNames.contains(STORE)) {
          req.result.createObjectStore(STORE, { keyPath: "cle" });
        }
      };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
      req.onblocked = function () { reject(new Error("indexedDB bloquée")); };
    });
    return dbPromise;
  }

  function tx(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var t = db.transaction(STORE, mode);
        var result = work(t.objectStore(STORE));
        t.oncomplete = function () { resolve(result && "result" in result ? result.result : undefined); };
        t.onerror = function () { reject(t.error); };
        t.onabort = function () { reject(t.error); };
      });
    });
  }

  // localStorage fallback, JSON values only.
  var local = {
    put: function (record) {
      if (record.valeur instanceof Blob) throw new Error("Ce navigateur ne peut pas garder de photo.");
      window.localStorage.setItem(LS + record.cle, JSON.stringify(record));
    },
    get: function (cle) {
      var raw = window.localStorage.getItem(LS + cle);
      return raw ? JSON.parse(raw) : null;
    },
    remove: function (cle) { window.localStorage.removeItem(LS + cle); },
    list: function (prefix) {
      var out = [];
      for (var i = 0; i < window.localStorage.length; i++) {
        var k = window.localStorage.key(i);
        if (k && k.indexOf(LS + prefix) === 0) out.push(JSON.parse(window.localStorage.getItem(k)));
      }
      return out;
    }
  };

  function byTime(a, b) { return a.enregistre_le < b.enregistre_le ? -1 : a.enregistre_le > b.enregistre_le ? 1 : 0; }

  function fallback(fn) {
    return function (err) {
      try { return Promise.resolve(fn()); } catch (e) { return Promise.reject(e || err); }
    };
  }

  var Conserve = {
    put: function (cle, valeur) {
      var record = { cle: cle, valeur: valeur, enregistre_le: new Date().toISOString() };
      return tx("readwrite", function (s) { s.put(record); })
        .catch(fallback(function () { local.put(record); }))
        .then(function () { return record; });
    },
    get: function (cle) {
      return tx("readonly", function (s) { return s.get(cle); })
        .then(function (r) { return r || null; })
        .catch(fallback(function () { return local.get(cle); }));
    },
    remove: function (cle) {
      return tx("readwrite", function (s) { s.delete(cle); })
        .catch(fallback(function () { local.remove(cle); }));
    },
    list: function (prefix) {
      var range = window.IDBKeyRange ? IDBKeyRange.bound(prefix, prefix + "\uffff") : null;
      return tx("readonly", function (s) { return s.getAll(range); })
        .catch(fallback(function () { return local.list(prefix); }))
        .then(function (rows) { return (rows || []).sort(byTime); });
    },
    clearPrefix: function (prefix) {
      return Conserve.list(prefix).then(function (rows) {
        return Promise.all(rows.map(function (r) { return Conserve.remove(r.cle); }));
      });
    },
    compte: function () {
      var meta = document.querySelector('meta[name="va-compte"]');
      return meta ? meta.getAttribute("content") || "" : "";
    },
    cle: function (formulaire, fiche) {
      return Conserve.compte() + "|" + formulaire + "|" + (fiche || "");
    }
  };
  window.Conserve = Conserve;
})();
