/*
 * Service worker of the on-site heritage visit (served at /patrimoine/visite/sw.js, so its
 * scope is /patrimoine/visite/ and it controls only the visit pages).
 *
 * It keeps what a visit page needs without signal: the visit page itself and the files it
 * loads (style, scripts), in the Cache API ("va-visite-v1"). Pages are « network first »
 * (a fresh page when the network answers within a few seconds, else the kept copy); files
 * are « cache first » (their URLs carry the content's hash, ?v=…, so a kept copy is never
 * stale). The page sends {type: "garder", urls: [...]} once the worker is ready, listing its
 * own URL and files, so they are kept even though they were loaded before the worker ran.
 *
 * Entries and photos are NOT kept here: they wait in IndexedDB (static/js/conserve.js) and
 * are sent by the page (static/js/visite.js). Requests other than GET pass untouched.
 */
"use strict";
var CACHE = "va-visite-v1";
var DELAI_MS = 6000;  // on a rural link, wait this long for the network before the kept copy

self.addEventListener("install", function () { self.skipWaiting(); });

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) {
        return n.indexOf("va-visite-") === 0 && n !== CACHE;
      }).map(function (n) { return caches.delete(n); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function same(url) { return new URL(url, self.location.href).origin === self.location.origin; }

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "garder" || !Array.isArray(data.urls)) return;
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(data.urls.filter(same).filter(function (url) {
      var path = new URL(url, self.location.href).pathname;
      return PAGE_VISITE.test(path) || path.indexOf("/static/") === 0;
    }).map(function (url) {
      return fetch(url, { credentials: "same-origin", redirect: "manual" }).then(function (r) {
        if (r.ok && r.type !== "opaqueredirect") return cache.put(url, r);
      }).catch(function () { /* offline now: kept at the next visit */ });
    }));
  }));
});

function withTimeout(promise, ms) {
  return new Promise(function (resolve, reject) {
    var timer = setTimeout(function () { reject(new Error("délai")); }, ms);
    promise.then(function (v) { clearTimeout(timer); resolve(v); },
                 function (e) { clearTimeout(timer); reject(e); });
  });
}

// The visit page of a commune (/patrimoine/visite/46001): the only page kept. The list of
// saved visits (names, notes, photos) is never stored on the phone.
var PAGE_VISITE = /^\/patrimoine\/visite\/[0-9][0-9AB][0-9]{3}$/;

function networkFirst(request) {
  return withTimeout(fetch(request), DELAI_MS).then(function (response) {
    // Only a visit page as such is kept (not a redirect to the login page, not an error).
    if (response.ok && !response.redirected && PAGE_VISITE.test(new URL(request.url).pathname)) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(request.url, copy); });
    }
    return response;
  }).catch(function (err) {
    return caches.match(request.url, { ignoreVary: true }).then(function (kept) {
      if (kept) return kept;
      throw err;
    });
  });
}

function cacheFirst(request) {
  return caches.match(request.url, { ignoreVary: true }).then(function (kept) {
    if (kept) return kept;
    return fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request.url, copy); });
      }
      return response;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || !same(request.url)) return;
  var path = new URL(request.url).pathname;
  if (request.mode === "navigate" && PAGE_VISITE.test(path)) {
    event.respondWith(networkFirst(request));
  } else if (path.indexOf("/static/") === 0) {
    event.respondWith(cacheFirst(request));
  }
});
