/*
 * Photos of the on-site visit, handled on the phone (used by static/js/visite.js and by
 * scripts/bench_photo_visite.py through the page):
 *
 *   PhotoVisite.reduire(file, cote, cible)  → Promise<Blob>: the photo decoded
 *     (createImageBitmap, oriented as seen), drawn on a canvas at most ``cote`` px on its
 *     longest side, re-encoded as JPEG, quality then size lowered until it weighs at most
 *     ``cible`` bytes. Re-encoding through a canvas keeps the pixels only: no EXIF, no camera,
 *     no date, no GPS in the result.
 *   PhotoVisite.positionGps(file)  → Promise<{latitude, longitude} | null>: the EXIF GPS
 *     position of the original JPEG (read from its first 256 KB), before it is dropped.
 *   PhotoVisite.positionDuTelephone(delai)  → Promise<{latitude, longitude} | null>: the
 *     phone's position (geolocation), null when refused or not found within ``delai`` ms.
 */
(function () {
  "use strict";
  function positionDuTelephone(delai) {
    return new Promise(function (resolve) {
      if (!navigator.geolocation) { resolve(null); return; }
      navigator.geolocation.getCurrentPosition(
        function (p) { resolve({ longitude: p.coords.longitude, latitude: p.coords.latitude }); },
        function () { resolve(null); },
        { enableHighAccuracy: true, timeout: delai, maximumAge: 60000 });
    });
  }


  function toBlob(canvas, q) {
    return new Promise(function (resolve, reject) {
      canvas.toBlob(function (b) { if (b) resolve(b); else reject(new Error("encodage")); }, "image/jpeg", q);
    });
  }

  /* The photo as JPEG, longest side ≤ COTE px, under CIBLE bytes (quality, then size lowered). */
  function reduire(file, COTE, CIBLE) {
    return createImageBitmap(file, { imageOrientation: "from-image" }).then(function (bmp) {
      var scale = Math.min(1, COTE / Math.max(bmp.width, bmp.height));
      function essai(s, q) {
        var canvas = document.createElement("canvas");
        canvas.width = Math.max(1, Math.round(bmp.width * s));
        canvas.height = Math.max(1, Math.round(bmp.height * s));
        canvas.getContext("2d").drawImage(bmp, 0, 0, canvas.width, canvas.height);
        return toBlob(canvas, q).then(function (blob) {
          if (blob.size <= CIBLE) { if (bmp.close) bmp.close(); return blob; }
          if (q > 0.55) return essai(s, Math.round((q - 0.1) * 100) / 100);
          return essai(s * 0.8, 0.8);
        });
      }
      return essai(scale, 0.85);
    });
  }

  /* The EXIF GPS position of a JPEG (degrees, WGS84), or null. Reads the first 256 KB only. */
  function positionGps(file) {
    return file.slice(0, 262144).arrayBuffer().then(function (buf) {
      var v = new DataView(buf);
      if (v.byteLength < 4 || v.getUint16(0) !== 0xFFD8) return null;
      var off = 2;
      while (off + 4 <= v.byteLength) {
        var marker = v.getUint16(off), size = v.getUint16(off + 2);
        if (marker === 0xFFE1 && v.getUint32(off + 4) === 0x45786966) return lireTiff(v, off + 10);
        if ((marker & 0xFF00) !== 0xFF00) return null;
        off += 2 + size;
      }
      return null;
    }).catch(function () { return null; });
  }
  function lireTiff(v, t) {
    var le = v.getUint16(t) === 0x4949;
    var u16 = function (o) { return v.getUint16(t + o, le); }, u32 = function (o) { return v.getUint32(t + o, le); };
    function tags(ifd) {
      var out = {}, n = u16(ifd);
      for (var i = 0; i < n; i++) {
        var e = ifd + 2 + i * 12;
        out[u16(e)] = { type: u16(e + 2), count: u32(e + 4), at: e + 8 };
      }
      return out;
    }
    var ifd0 = tags(u32(4));
    if (!ifd0[0x8825]) return null;
    var gps = tags(u32(ifd0[0x8825].at));
    function degres(tag, ref) {
      if (!gps[tag] || !gps[ref] || gps[tag].count !== 3) return null;
      var base = u32(gps[tag].at), x = 0;
      for (var i = 0; i < 3; i++) {
        var den = u32(base + i * 8 + 4);
        if (!den) return null;
        x += u32(base + i * 8) / den / Math.pow(60, i);
      }
      var r = String.fromCharCode(v.getUint8(t + gps[ref].at));
      return r === "S" || r === "W" ? -x : x;
    }
    var lat = degres(2, 1), lon = degres(4, 3);
    return lat === null || lon === null ? null : { latitude: lat, longitude: lon };
  }


  window.PhotoVisite = { reduire: reduire, positionGps: positionGps, positionDuTelephone: positionDuTelephone };
})();
