"""Benchmark of the on-site visit (issue 22): a photo's reduction on the phone, and the visit
page's weight on the rural link of ``scripts/bench_pages.py``. On 127.0.0.1 only.

It prepares a database as ``scripts/bench_pages.py`` does (the Lot, bench accounts only) plus
an engineer, starts gunicorn as deployed (``scripts/bench_http.py``), and drives Debian's
Chromium (Playwright) at 390 px:

1. Photo: the script makes a 12 MP test photo with Pillow (4000 × 3000 px, a noisy picture
   that compresses like a real one, JPEG quality 92, with camera metadata and an EXIF GPS
   position), picks it in the page's « Prendre une photo » field, and measures the time until
   the page says it is kept (decode, canvas at most 1600 px, JPEG under 500 Ko, EXIF GPS
   read, kept in IndexedDB), with the CPU as is and slowed 4× (CDP
   ``Emulation.setCPUThrottlingRate``, roughly a mid-range phone). It prints the original's
   size, the reduced photo's size and dimensions (read back from the browser's store), and
   the median time over the repetitions. Targets: ≤ 500 Ko, ≤ 1600 px, ≤ 3 s slowed 4×.
2. Page: the visit page's first and repeat visit (service worker blocked, see
   :class:`SansWorker`) on the emulated link (1.6 Mbit/s down,
   750 kbit/s up, 150 ms) with ``bench_pages.measure``: bytes on the wire and time to
   ``load``; targets of issue 17 (first visit ≤ 120 Ko and ≤ 2 s, repeat ≤ 40 Ko).

Usage::

    .venv/bin/python scripts/bench_photo_visite.py                 # 12 MP, 5 repetitions
    .venv/bin/python scripts/bench_photo_visite.py --petit         # small photo, once (tests)

Needs Chromium (``/usr/bin/chromium`` or ``VILLAGE_AVENIR_CHROMIUM``) and Playwright.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import re
import statistics
import tempfile
import time
from pathlib import Path

import bench_http as bh  # scripts/ is on sys.path when this file is run
import bench_pages as bp

CIBLE_OCTETS, CIBLE_COTE, CIBLE_SECONDES = 500_000, 1600, 3.0


def make_photo(path: Path, largeur: int, hauteur: int) -> int:
    """A photo-like JPEG (smooth shapes plus sensor-like noise) with camera metadata and an
    EXIF GPS position; returns its size in bytes."""
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(46)  # noqa: S311 - the shapes of a test picture, not a secret
    image = Image.new("RGB", (largeur, hauteur), (150, 170, 200))
    draw = ImageDraw.Draw(image)
    for _ in range(400):  # stones, shadows, leaves
        x, y = rng.randrange(largeur), rng.randrange(hauteur)
        r = rng.randrange(largeur // 80, largeur // 8)
        colour = tuple(rng.randrange(40, 220) for _ in range(3))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    image = image.filter(ImageFilter.GaussianBlur(3))
    grain = Image.frombytes("L", (largeur, hauteur), os.urandom(largeur * hauteur))
    image = Image.blend(image, Image.merge("RGB", (grain, grain, grain)), 0.12)
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "Fabricant du banc", "Téléphone du banc"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (44.0, 26.0, 51.0), "E", (1.0, 26.0, 30.0)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92, exif=exif.tobytes())
    path.write_bytes(out.getvalue())
    return len(out.getvalue())


def prepare(url: str) -> tuple[str, str]:
    """bench_http's database, plus an engineer; returns (engineer email, commune code)."""
    from sqlmodel import select

    from village_avenir import create_app
    from village_avenir.db import get_session
    from village_avenir.models import Candidature, Utilisateur
    from village_avenir.services.comptes import utilisateurs as comptes

    [(_mayor, cid)] = bh.prepare(url, 1)
    engineer = "terrain" + bh.BENCH_DOMAIN
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x" * 32, "ADRESSES_DE_TEST": True}
    )
    with app.test_request_context():
        session = get_session()
        code = session.get(Candidature, cid).code_insee
        if session.exec(select(Utilisateur).where(Utilisateur.email == engineer)).first() is None:
            comptes.create_user(
                session,
                email=engineer,
                nom="Ingénieur de terrain du banc",
                role="ingenieur",
                password=bh.BENCH_PASSWORD,
                qui="bench" + bh.BENCH_DOMAIN,
            )
    return engineer, code


READ_BACK = """async () => {
  const r = await Conserve.get(Conserve.cle("visite-brouillon", document.getElementById("visite").dataset.code));
  const p = r.valeur.photos[r.valeur.photos.length - 1];
  const bmp = await createImageBitmap(p.blob);
  return [p.blob.size, bmp.width, bmp.height, p.latitude, p.longitude];
}"""


def reduce_once(page, photo: Path, n: int) -> tuple[float, list]:
    """Pick ``photo`` in the page's field; seconds until it is kept, and what was kept."""
    from playwright.sync_api import expect

    page.evaluate("document.getElementById('photo-etat').textContent = ''")
    start = time.perf_counter()
    page.set_input_files("#photo", str(photo))
    # Polled from here: the page's CSP forbids the eval that page.wait_for_function uses.
    etat = re.compile(f"^Photo {n} ajoutée|ne peut pas")
    expect(page.locator("#photo-etat")).to_have_text(etat, timeout=120_000)
    seconds = time.perf_counter() - start
    if "ne peut pas" in page.inner_text("#photo-etat"):
        raise SystemExit("Chromium n'a pas pu réduire la photo de test.")
    return seconds, page.evaluate(READ_BACK)


def measure_photos(browser, port: int, cookies, code: str, photo: Path, repetitions: int):
    """[(label, median seconds, kept)] for the CPU as is and slowed 4×."""
    results = []
    for label, rate in (("processeur du poste", 1), ("processeur ralenti 4×", 4)):
        context = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844})
        context.add_cookies(cookies)
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{port}/patrimoine/visite/{code}")
        page.get_by_role("button", name="Commencer la visite").click()
        page.fill("#nom", "Lavoir du banc")
        page.select_option("#type", "lavoir")
        for _ in range(3):  # to the step with the photo field
            page.get_by_role("button", name="Suivant").click()
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
        times, kept = [], None
        for i in range(repetitions):
            if i and i % 6 == 0:  # six photos per item at most: start from an empty list
                page.evaluate("document.querySelectorAll('#photos button').forEach(b => b.click())")
            seconds, kept = reduce_once(page, photo, i % 6 + 1)
            times.append(seconds)
        results.append((label, statistics.median(times), kept))
        context.close()
    return results


class SansWorker:
    """The browser, with service workers blocked in the contexts it opens: the page's own
    CDP session does not see what a worker fetches, so with it the repeat visit would count
    0 Ko. Blocked, the figures are comparable with bench_pages.py's other pages (what the
    network carries when the page is asked again)."""

    def __init__(self, browser):
        self.browser = browser

    def new_context(self, **kwargs):
        return self.browser.new_context(service_workers="block", **kwargs)


def ko(octets: float) -> str:
    return bp.ko(int(octets))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--petit",
        action="store_true",
        help="photo de 1200 × 900 px, une seule fois (test de la suite)",
    )
    parser.add_argument("--repetitions", type=int, default=5)
    args = parser.parse_args(argv)
    if not Path(bp.CHROMIUM).exists():
        raise SystemExit(f"Chromium absent ({bp.CHROMIUM}) : apt-get install chromium")
    from playwright.sync_api import sync_playwright

    tmp = tempfile.TemporaryDirectory(prefix="bench-visite-")
    largeur, hauteur = (1200, 900) if args.petit else (4000, 3000)
    repetitions = 1 if args.petit else args.repetitions
    photo = Path(tmp.name) / "IMG_banc.jpg"
    original = make_photo(photo, largeur, hauteur)
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp.name}/bench.sqlite3"
    print(f"Préparation de la base ({url.split(':', 1)[0]})…", flush=True)
    engineer, code = prepare(url)
    log = tempfile.TemporaryFile()
    port = bh.free_port()
    server = bh.start_server(url, port, 1, 4, log)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=bp.CHROMIUM, args=bp.CHROMIUM_ARGS)
            cookies = bp.browser_cookies(browser, port, engineer)
            photos = measure_photos(browser, port, cookies, code, photo, repetitions)
            first, repeat = bp.measure(
                SansWorker(browser), port, cookies, f"/patrimoine/visite/{code}"
            )
            print(f"Chromium {browser.version}, 390 px ; {os.cpu_count()} cœurs\n")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    mpx = f"{largeur * hauteur / 1e6:.1f}".replace(".", ",")
    print(
        f"Photo de test : {largeur} × {hauteur} px ({mpx} Mpx), {ko(original)} Ko, "
        "métadonnées d'appareil et position EXIF"
    )
    missed = []
    for label, seconds, (octets, w, h, lat, lon) in photos:
        print(
            f"Réduction sur le téléphone, {label:<22} : {bp.sec(seconds)} s (médiane sur "
            f"{repetitions}) → {ko(octets)} Ko, {w} × {h} px, position "
            f"{lat:.5f}, {lon:.5f}".replace(".", ",")
        )
        if octets > CIBLE_OCTETS or max(w, h) > CIBLE_COTE:
            missed.append(f"photo réduite ≤ {CIBLE_OCTETS // 1000} Ko et ≤ {CIBLE_COTE} px")
        if "4×" in label and seconds > CIBLE_SECONDES:
            missed.append(f"réduction ≤ {bp.sec(CIBLE_SECONDES)} s (processeur ralenti 4×)")
    print(
        f"Page de visite, lien rural émulé (service worker bloqué) : 1re visite {ko(first.octets)} Ko en "
        f"{bp.sec(first.load_s)} s ; visite suivante {ko(repeat.octets)} Ko en "
        f"{bp.sec(repeat.load_s)} s"
    )
    if first.octets > bp.FIRST_BYTES or first.load_s > bp.FIRST_SECONDS:
        missed.append("1re visite ≤ 120 Ko et ≤ 2 s")
    if repeat.octets > bp.REPEAT_BYTES:
        missed.append("visite suivante ≤ 40 Ko")
    print(
        "Cibles : "
        + ("toutes atteintes" if not missed else "NON atteintes : " + " ; ".join(missed))
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
