"""Page-weight benchmark on a slow mobile link (issue 17), on 127.0.0.1 only.

It prepares a database (the helpers of ``scripts/bench_http.py``: the Lot, an open
campaign, a mayor with a draft application; plus here an engineer and a plan with one placed
action), starts TWO gunicorn servers on it, one as deployed (compression on) and one with
``VILLAGE_AVENIR_COMPRESSION=0``, then drives Debian's Chromium (Playwright) over the main
page of each role, with the network emulated by the DevTools protocol (CDP): 1.6 Mbit/s
down, 750 kbit/s up, 150 ms round trip.

Each page is opened in a fresh browser profile (empty cache): the « first visit »; then
opened again in the same profile: the « repeat visit » (what a user pays going back to a
page). For each it prints the bytes transferred on the wire (bodies as sent plus headers,
from CDP's ``encodedDataLength``), and the time from the navigation start to the ``load``
event, for both servers, with the ratio. Targets (issue 17), for the compressed server:
first visit ≤ 120 Ko and ≤ 2 s, repeat visit ≤ 40 Ko (1 Ko = 1 000 octets).

Server caches are warmed before measuring (one unmeasured request per page, outside the
browser): the figures are those of a browser, not of a server's first build of the map.

Usage::

    .venv/bin/python scripts/bench_pages.py              # SQLite in a temporary folder
    DATABASE_URL=postgresql+psycopg://… .venv/bin/python scripts/bench_pages.py
    .venv/bin/python scripts/bench_pages.py --pages carte,liste

Needs Chromium (``/usr/bin/chromium`` or ``VILLAGE_AVENIR_CHROMIUM``) and Playwright.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import bench_http as bh  # scripts/ is on sys.path when this file is run

CHROMIUM = (
    os.environ.get("VILLAGE_AVENIR_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
# The emulated link: CDP wants bytes per second and milliseconds.
LINK = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1_600_000 / 8,
    "uploadThroughput": 750_000 / 8,
}
FIRST_BYTES, FIRST_SECONDS, REPEAT_BYTES = 120_000, 2.0, 40_000


@dataclass
class Visit:
    octets: int
    load_s: float


@dataclass
class Page:
    key: str
    label: str
    role: str  # "public", "maire" or "ingenieur"
    path: str


def prepare(url: str) -> tuple[str, str, int, str]:
    """bench_http's mayor and draft, plus an engineer and a plan for the mayor's commune.

    Returns (mayor email, commune code, application id, engineer email)."""
    import shapely
    from sqlmodel import select

    from village_avenir import create_app
    from village_avenir.db import get_session
    from village_avenir.domain.planning import Need
    from village_avenir.models import Candidature, Commune, Utilisateur
    from village_avenir.parametres import load_catalogue_actions
    from village_avenir.services import plans as sp
    from village_avenir.services.comptes import utilisateurs as comptes

    [(mayor, cid)] = bh.prepare(url, 1)
    engineer = "ingenieur" + bh.BENCH_DOMAIN
    # the bench accounts use the reserved domain @bench.test, accepted with ADRESSES_DE_TEST;
    # a production config needs the public address of the e-mail links (issue 25)
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "x" * 32,
            "ADRESSES_DE_TEST": True,
            "URL_PUBLIQUE": "http://127.0.0.1",
        }
    )
    with app.test_request_context():
        session = get_session()
        code = session.get(Candidature, cid).code_insee
        if session.exec(select(Utilisateur).where(Utilisateur.email == engineer)).first() is None:
            comptes.create_user(
                session,
                email=engineer,
                nom="Ingénieur du banc",
                role="ingenieur",
                password=bh.BENCH_PASSWORD,
                qui="bench" + bh.BENCH_DOMAIN,
            )
        if sp.current_version(session, code) is None:
            needs = [Need("logement", "logements_vacants", 50, "visite")]
            version = sp.propose(session, code, needs, load_catalogue_actions(), qui=engineer)
            cle = sp.actions_of(session, version)[0].cle
            centre = shapely.from_wkb(session.get(Commune, code).geometry).representative_point()
            sp.place_action(session, code, cle, centre, qui=engineer)
    return mayor, code, cid, engineer


def pages_of(code: str, cid: int) -> list[Page]:
    """The main page of each role (issue 17's list)."""
    return [
        Page("accueil", "Accueil", "public", "/"),
        Page("liste", "Liste des communes", "public", "/communes"),
        Page("fiche", "Fiche d'une commune", "public", f"/communes/{code}"),
        Page("carte", "Carte du département", "public", "/carte"),
        Page("tableau", "Tableau de la carte", "public", "/carte/tableau"),
        Page("candidature", "Formulaire de candidature", "maire", f"/candidatures/{cid}/dossier"),
        Page("plan", "Plan d'actions", "maire", f"/communes/{code}/plan"),
        Page("instruction", "Instruction", "ingenieur", f"/instruction/{cid}"),
        Page("classement", "Classement", "ingenieur", "/diagnostic/classement"),
    ]


def logged_in(port: int, email: str | None, cid: int) -> bh.Client:
    """A bench_http client on ``port``, logged in as ``email`` (anonymous when None)."""
    client = bh.Client(port, bh.Stats(), bh.Budget(10_000), [], seed=0)
    if email:
        client.login(email, cid)
    return client


def browser_cookies(browser, port: int, email: str | None) -> list[dict]:
    """The cookies of a browser session logged in as ``email`` (none when anonymous).

    Logged in from Chromium itself, in a throwaway profile: the login's identifier (address
    and browser, flask-login's « strong » protection) matches the measured profile's, and
    the login page's files do not land in the cache of the measured profile."""
    if email is None:
        return []
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.goto(f"http://127.0.0.1:{port}/connexion")
    page.fill("input[name=email]", email)
    page.fill("input[name=mot_de_passe]", bh.BENCH_PASSWORD)
    with page.expect_navigation():
        page.click("form.formulaire button[type=submit]")
    if "/connexion" in page.url:
        raise SystemExit(f"Connexion refusée pour {email} dans Chromium.")
    cookies = context.cookies()
    context.close()
    return cookies


def measure(browser, port: int, cookies: list[dict], path: str) -> tuple[Visit, Visit]:
    """(first, repeat) visit of ``path`` in a fresh profile on the emulated link."""
    base = f"http://127.0.0.1:{port}"
    context = browser.new_context(locale="fr-FR")
    context.add_cookies(cookies)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    received = [0]

    def finished(event):
        received[0] += int(event.get("encodedDataLength", 0))

    def redirected(event):  # a redirect's answer never gets a loadingFinished event
        if "redirectResponse" in event:
            received[0] += int(event["redirectResponse"].get("encodedDataLength", 0))

    cdp.on("Network.loadingFinished", finished)
    cdp.on("Network.requestWillBeSent", redirected)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", LINK)
    visits = []
    try:
        for _ in range(2):
            received[0] = 0
            answer = page.goto(base + path, wait_until="load")
            if answer is None or answer.status != 200 or "/connexion" in page.url:
                raise SystemExit(f"{path} : réponse {answer and answer.status} ({page.url})")
            load_ms = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventStart")
            page.wait_for_timeout(300)  # the last CDP events
            visits.append(Visit(received[0], load_ms / 1000))
    finally:
        context.close()
    return visits[0], visits[1]


def ko(octets: int) -> str:
    return f"{octets / 1000:,.1f}".replace(",", "\u202f").replace(".", ",")


def sec(seconds: float) -> str:
    return f"{seconds:.2f}".replace(".", ",")


def verdict(ok: bool) -> str:
    return "atteinte" if ok else "NON atteinte"


def report(results: list[tuple[Page, Visit, Visit, Visit, Visit]]) -> int:
    """Print the table; returns the number of targets not met."""
    head = (
        f"{'Page':<27}{'rôle':<10}{'1re visite : Ko':>17}{'sans':>9}{'÷':>6}"
        f"{'load s':>8}{'sans':>7}{'suivante : Ko':>15}{'sans':>8}{'load s':>8}"
        f"{'cibles':>8}"
    )
    print(head)
    print("-" * len(head))
    missed = []
    for page, first, repeat, first_off, repeat_off in results:
        ratio = first_off.octets / first.octets if first.octets else 0
        checks = {
            f"1re visite ≤ {FIRST_BYTES // 1000} Ko": first.octets <= FIRST_BYTES,
            f"1re visite ≤ {sec(FIRST_SECONDS)} s": first.load_s <= FIRST_SECONDS,
            f"visite suivante ≤ {REPEAT_BYTES // 1000} Ko": repeat.octets <= REPEAT_BYTES,
        }
        print(
            f"{page.label:<27}{page.role:<10}{ko(first.octets):>17}{ko(first_off.octets):>9}"
            f"{f'{ratio:.1f}'.replace('.', ','):>6}{sec(first.load_s):>8}{sec(first_off.load_s):>7}"
            f"{ko(repeat.octets):>15}{ko(repeat_off.octets):>8}{sec(repeat.load_s):>8}"
            f"{'oui' if all(checks.values()) else 'NON':>8}"
        )
        missed += [f"{page.label} : {name}" for name, ok in checks.items() if not ok]
    print()
    print("Cibles (serveur avec compression) :")
    for name in (
        f"1re visite ≤ {FIRST_BYTES // 1000} Ko",
        f"1re visite ≤ {sec(FIRST_SECONDS)} s",
        f"visite suivante ≤ {REPEAT_BYTES // 1000} Ko",
    ):
        misses = [m for m in missed if m.endswith(name)]
        print(
            f"  {name:<28} {verdict(not misses)}"
            + (f" ({', '.join(m.split(' : ')[0] for m in misses)})" if misses else "")
        )
    total = [sum(r[i].octets for r in results) for i in (1, 3)]
    print(
        f"Total des 1res visites : {ko(total[0])} Ko compressés contre {ko(total[1])} Ko "
        f"sans compression (÷{total[1] / max(total[0], 1):.1f}).".replace(".", ",", 1)
    )
    return len(missed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", default="", help="clés des pages (défaut : toutes)")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"Chromium absent ({CHROMIUM}) : apt-get install chromium")
    from playwright.sync_api import sync_playwright

    tmp = tempfile.TemporaryDirectory(prefix="bench-pages-")
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp.name}/bench.sqlite3"
    print(f"Préparation de la base ({url.split(':', 1)[0]})…", flush=True)
    mayor, code, cid, engineer = prepare(url)
    pages = pages_of(code, cid)
    if args.pages:
        wanted = set(args.pages.split(","))
        pages = [p for p in pages if p.key in wanted]
    log = tempfile.TemporaryFile()
    ports = {"avec": bh.free_port(), "sans": bh.free_port()}
    servers = [
        bh.start_server(url, ports["avec"], 1, 4, log),
        bh.start_server(url, ports["sans"], 1, 4, log, {"VILLAGE_AVENIR_COMPRESSION": "0"}),
    ]
    results = []
    try:
        accounts = {"public": None, "maire": mayor, "ingenieur": engineer}
        clients = {
            (mode, role): logged_in(port, email, cid)
            for mode, port in ports.items()
            for role, email in accounts.items()
        }
        for (_mode, role), client in clients.items():  # warm the servers' caches, unmeasured
            for page in pages:
                if page.role == role:
                    client.request("warm", "GET", page.path, record=False)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            print(
                f"Chromium {browser.version} ; lien émulé 1,6 Mbit/s descendant, 750 kbit/s "
                f"montant, 150 ms aller-retour ; {os.cpu_count()} cœurs, {platform.machine()}, "
                f"Python {platform.python_version()} ; {date.today().isoformat()}\n"
                "Ko transférés (corps et en-têtes) et secondes jusqu'à « load » ; « sans » : "
                "même page, compression coupée ; « ÷ » : rapport des octets.\n",
                flush=True,
            )
            cookies = {
                (mode, role): browser_cookies(browser, port, email)
                for mode, port in ports.items()
                for role, email in accounts.items()
            }
            for page in pages:
                seen = {}
                for mode, port in ports.items():
                    seen[mode] = measure(browser, port, cookies[(mode, page.role)], page.path)
                results.append((page, *seen["avec"], *seen["sans"]))
            browser.close()
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
    report(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
