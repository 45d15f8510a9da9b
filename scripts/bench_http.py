"""Load benchmark of the served application (issue 6, part 2), on 127.0.0.1 only.

It prepares a database for the benchmark, starts the app under gunicorn (the production
server, ``gunicorn.conf.py``), then drives ``--clients`` concurrent clients for ``--duree``
seconds per phase, each phase against one kind of request:

- ``carte``: the public département map (``/carte``), as an anonymous visitor;
- ``fiche``: a commune sheet (``/communes/<code>``, a random commune of the Lot each time),
  as an anonymous visitor;
- ``api``: the JSON API (``/api/communes/<code>``, random commune), anonymous;
- ``enregistrement``: a logged-in mayor saves their application draft (one account and one
  draft per client; a save is the POST and the GET of the form it redirects to, which
  carries the new version number);
- ``mixte``: the four above, drawn at random (40 % sheet, 30 % API, 20 % map, 10 % save).

For each phase it prints requests per second, p50/p95/p99 latency and the number of
answers that are not 2xx/3xx. After the run it checks that no write was lost: for each
client, the application holds the last title it saved, and the journal holds every
acknowledged save.

The total number of requests is bounded (``--max-requetes``): the script cannot turn into
an unbounded flood. It only ever talks to the server it started on 127.0.0.1.

Usage::

    .venv/bin/python scripts/bench_http.py                       # SQLite in a temporary folder
    DATABASE_URL=postgresql+psycopg://… .venv/bin/python scripts/bench_http.py   # PostgreSQL
    .venv/bin/python scripts/bench_http.py --duree 10 --phases fiche,enregistrement

The PostgreSQL database must be empty or one this script used before: it refuses a
database that holds accounts other than its own (``…@bench.test``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from html.parser import HTMLParser
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BENCH_DOMAIN = "@bench.test"  # reserved domain, accepted with ADRESSES_DE_TEST
BENCH_PASSWORD = "banc-d-essai-" + "x" * 8
PHASES = ("carte", "fiche", "api", "enregistrement", "mixte")
MIX = (("fiche", 40), ("api", 30), ("carte", 20), ("enregistrement", 10))


# --------------------------------------------------------------------------- preparation


def prepare(url: str, clients: int) -> list[tuple[str, int]]:
    """Load the Lot if needed and give each client a mayor account and a draft.

    Returns ``[(email, candidature id), …]``, one per client.
    """
    from sqlmodel import select

    from village_avenir import create_app
    from village_avenir.db import get_session
    from village_avenir.domain.eligibilite import ELIGIBLE
    from village_avenir.models import Utilisateur
    from village_avenir.parametres import load_regles
    from village_avenir.services import campagnes, eligibilite
    from village_avenir.services.candidatures import dossiers as svc
    from village_avenir.services.comptes import utilisateurs as comptes

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": secrets.token_hex(32),
            "URL_PUBLIQUE": "http://127.0.0.1",  # required in production (issue 25)
            "ADRESSES_DE_TEST": True,
        }
    )
    result = app.test_cli_runner().invoke(args=["init-db"])
    if result.exit_code != 0:
        raise SystemExit(f"init-db a échoué : {result.output}")
    with app.app_context():
        session = get_session()
        others = session.exec(
            select(Utilisateur.email).where(~Utilisateur.email.endswith(BENCH_DOMAIN))
        ).all()
        if others:
            raise SystemExit(
                "Cette base contient de vrais comptes : le banc d'essai refuse de l'utiliser."
            )
        if svc.open_campaign(session) is None:
            today = date.today()
            campagnes.create_campaign(
                session,
                nom="Banc d'essai",
                ouverture=today - timedelta(days=1),
                cloture=today + timedelta(days=30),
                regles_version=load_regles().version,
                qui="bench" + BENCH_DOMAIN,
            )
        eligibles = [
            a.commune.code_insee
            for a in eligibilite.assess_all(session, load_regles())
            if a.eligibility.statut == ELIGIBLE
        ]
        out = []
        for i, code in enumerate(eligibles[:clients]):
            email = f"maire{i:02d}{BENCH_DOMAIN}"
            known = session.exec(select(Utilisateur).where(Utilisateur.email == email)).first()
            if known is None:
                comptes.create_user(
                    session,
                    email=email,
                    nom=f"Maire {i}",
                    role="commune",
                    password=BENCH_PASSWORD,
                    qui="bench" + BENCH_DOMAIN,
                    commune_code=code,
                )
            cand = svc.start(session, code_insee=code, statut=ELIGIBLE, raisons=[], qui=email)
            out.append((email, cand.id))
    if len(out) < clients:
        raise SystemExit(f"Seulement {len(out)} communes éligibles pour {clients} clients.")
    return out


def commune_codes(url: str) -> list[str]:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        return [row[0] for row in conn.execute(text("SELECT code_insee FROM commune"))]


# --------------------------------------------------------------------------- server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(
    url: str, port: int, workers: int | None, threads: int | None, log, extra_env=None
):
    """gunicorn with the project's ``gunicorn.conf.py`` (as ``make serve``) on 127.0.0.1;
    ``extra_env``: more environment variables (``scripts/bench_pages.py`` turns compression
    off on a second server)."""
    env = dict(
        os.environ,
        DATABASE_URL=url,
        VILLAGE_AVENIR_SECRET_KEY=secrets.token_hex(32),
        VILLAGE_AVENIR_COOKIE_SECURE="0",  # plain HTTP on 127.0.0.1
        VILLAGE_AVENIR_URL_PUBLIQUE=f"http://127.0.0.1:{port}",  # required in production
        VILLAGE_AVENIR_BIND=f"127.0.0.1:{port}",
        **(extra_env or {}),
    )
    if workers:
        env["WEB_CONCURRENCY"] = str(workers)
    if threads:
        env["VILLAGE_AVENIR_THREADS"] = str(threads)
    cmd = [
        str(Path(sys.executable).with_name("gunicorn")),
        "--config",
        str(ROOT / "gunicorn.conf.py"),
    ]
    proc = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
        cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            conn = HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/sante")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    log.seek(0)
    raise SystemExit("Le serveur n'a pas démarré :\n" + log.read().decode(errors="replace"))


# --------------------------------------------------------------------------- clients


@dataclass
class Stats:
    latences: dict[str, list[float]] = field(default_factory=dict)
    erreurs: dict[str, int] = field(default_factory=dict)
    statuts: dict[int, int] = field(default_factory=dict)

    def add(self, kind: str, seconds: float, status: int) -> None:
        self.latences.setdefault(kind, []).append(seconds)
        self.statuts[status] = self.statuts.get(status, 0) + 1
        if not 200 <= status < 400:
            self.erreurs[kind] = self.erreurs.get(kind, 0) + 1


class Budget:
    """A global, thread-safe bound on the number of requests."""

    def __init__(self, total: int):
        self.left, self.lock = total, threading.Lock()

    def take(self) -> bool:
        with self.lock:
            self.left -= 1
            return self.left >= 0


class FormFields(HTMLParser):
    """The named fields of the first form whose class contains ``marker``, with values."""

    def __init__(self, marker: str):
        super().__init__()
        self.marker, self.inside, self.fields = marker, False, {}
        self.textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = self.marker in a.get("class", "") or self.marker == a.get("action")
        elif self.inside and a.get("name") and tag in {"input", "textarea", "select"}:
            kind = a.get("type", "")
            if kind in {"submit", "file", "button"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            self.fields[a["name"]] = a.get("value", "")
            self.textarea = a["name"] if tag == "textarea" else None

    def handle_data(self, data):
        if self.textarea:
            self.fields[self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self.textarea:
            # Like a browser: the newline right after <textarea> is not part of the value.
            value = self.fields[self.textarea]
            self.fields[self.textarea] = value[2:] if value.startswith("\r\n") else value
            self.textarea = None
        elif tag == "form":
            self.inside = False


def form_fields(page: str, marker: str) -> dict[str, str]:
    parser = FormFields(marker)
    parser.feed(page)
    return parser.fields


class Client:
    def __init__(self, port: int, stats: Stats, budget: Budget, codes: list[str], seed: int):
        self.port, self.stats, self.budget, self.codes = port, stats, budget, codes
        self.rng = random.Random(seed)  # noqa: S311 - load mix, not security
        self.conn = HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}
        self.account: tuple[str, int] | None = None
        self.form: dict[str, str] = {}
        self.saved: list[str] = []  # titles acknowledged by the server, in order
        self.due: float | None = None  # paced mode: when the current request was due

    def request(self, kind, method, path, body=None, record=True, anonymous=False):
        """One request; ``anonymous``: without the session cookie (a public visitor)."""
        headers = {}
        if not anonymous:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            body = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        # In paced mode, latency counts from when the request was due, so that a slow
        # answer delaying the next request is not hidden (« coordinated omission »).
        start = min(time.perf_counter(), self.due) if self.due else time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=headers)
            resp = self.conn.getresponse()
            data = resp.read()
        except OSError:
            self.conn.close()
            self.conn = HTTPConnection("127.0.0.1", self.port, timeout=30)
            if record:
                self.stats.add(kind, time.perf_counter() - start, 599)
            return 599, {}, b""
        if record:
            self.stats.add(kind, time.perf_counter() - start, resp.status)
        for header in resp.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return resp.status, resp.headers, data

    def login(self, email: str, cid: int) -> None:
        self.account = (email, cid)
        _, _, page = self.request("login", "GET", "/connexion", record=False)
        token = form_fields(page.decode(), "formulaire")["csrf_token"]
        status, _, _ = self.request(
            "login",
            "POST",
            "/connexion",
            {"csrf_token": token, "email": email, "mot_de_passe": BENCH_PASSWORD},
            record=False,
        )
        if status != 302:
            raise SystemExit(f"Connexion refusée pour {email} ({status}).")
        self.reload_form()

    def reload_form(self) -> None:
        _, _, page = self.request(
            "enregistrement", "GET", f"/candidatures/{self.account[1]}/dossier"
        )
        self.form = form_fields(page.decode(), "dossier")

    def one(self, kind: str) -> None:
        if kind == "carte":
            self.request(kind, "GET", "/carte", anonymous=True)
        elif kind == "fiche":
            self.request(kind, "GET", f"/communes/{self.rng.choice(self.codes)}", anonymous=True)
        elif kind == "api":
            self.request(
                kind, "GET", f"/api/communes/{self.rng.choice(self.codes)}", anonymous=True
            )
        else:
            title = f"Projet {self.account[0][:7]} n°{len(self.saved) + 1}"
            body = dict(self.form, projet_titre=title)
            status, _, _ = self.request(  # the « Enregistrer le brouillon » button's route
                kind, "POST", f"/candidatures/{self.account[1]}/dossier/enregistrer", body
            )
            if status == 302:
                self.saved.append(title)
            self.reload_form()

    def run(self, phase: str, deadline: float, interval: float | None) -> None:
        """Requests back to back, or one every ``interval`` seconds (paced, open loop)."""
        kinds = [k for k, _ in MIX]
        weights = [w for _, w in MIX]
        self.due = time.perf_counter() + self.rng.random() * interval if interval else None
        while time.monotonic() < deadline and self.budget.take():
            if self.due is not None:
                time.sleep(max(0.0, self.due - time.perf_counter()))
            kind = self.rng.choices(kinds, weights)[0] if phase == "mixte" else phase
            self.one(kind)
            if self.due is not None:
                self.due += interval
        self.due = None


# --------------------------------------------------------------------------- report


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def report(phase: str, stats: Stats, elapsed: float) -> dict:
    rows = {}
    every = [v for vs in stats.latences.values() for v in vs]
    for kind, values in sorted(stats.latences.items()) + [("total", every)]:
        if not values:
            continue
        errors = sum(stats.erreurs.values()) if kind == "total" else stats.erreurs.get(kind, 0)
        rows[kind] = {
            "requetes": len(values),
            "req_s": round(len(values) / elapsed, 1),
            "p50_ms": round(percentile(values, 50) * 1000, 1),
            "p95_ms": round(percentile(values, 95) * 1000, 1),
            "p99_ms": round(percentile(values, 99) * 1000, 1),
            "erreurs": errors,
        }
        r = rows[kind]
        print(
            f"  {phase:<15} {kind:<15} {r['requetes']:>7} req  {r['req_s']:>7.1f} req/s  "
            f"p50 {r['p50_ms']:>6.1f} ms  p95 {r['p95_ms']:>6.1f} ms  "
            f"p99 {r['p99_ms']:>6.1f} ms  non-2xx/3xx {errors}"
        )
    return rows


def check_writes(url: str, clients: list[Client]) -> tuple[int, int]:
    """(acknowledged saves, of which missing from the database)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    acknowledged = missing = 0
    with engine.connect() as conn:
        for client in clients:
            if not client.saved:
                continue
            cid = client.account[1]
            contenu = conn.execute(
                text("SELECT contenu FROM candidature WHERE id = :id"), {"id": cid}
            ).scalar_one()
            journal = conn.execute(
                text(
                    "SELECT apres FROM journal WHERE objet = 'candidature' AND objet_id = :id"
                    " AND action = 'candidature:modification'"
                ),
                {"id": str(cid)},
            ).all()
            titles = set()
            for (apres,) in journal:
                value = json.loads(apres) if isinstance(apres, str) else apres
                if value and "projet_titre" in value:
                    titles.add(value["projet_titre"])
            acknowledged += len(client.saved)
            missing += sum(1 for t in client.saved if t not in titles)
            if json.loads(contenu).get("projet_titre") != client.saved[-1]:
                missing += 1
    return acknowledged, missing


def drive(clients: list[Client], phase: str, seconds: float, interval: float | None):
    """Run ``phase`` on every client at once for ``seconds``: (merged stats, elapsed)."""
    for client in clients:
        client.stats = Stats()
    deadline = time.monotonic() + seconds
    start = time.monotonic()
    threads = [
        threading.Thread(target=c.run, args=(phase, deadline, interval), daemon=True)
        for c in clients
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    merged = Stats()
    for c in clients:
        for kind, values in c.stats.latences.items():
            merged.latences.setdefault(kind, []).extend(values)
        for kind, n in c.stats.erreurs.items():
            merged.erreurs[kind] = merged.erreurs.get(kind, 0) + n
        for code, n in c.stats.statuts.items():
            merged.statuts[code] = merged.statuts.get(code, 0) + n
    return merged, time.monotonic() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--duree", type=float, default=60.0, help="secondes par phase")
    parser.add_argument("--phases", default=",".join(PHASES))
    parser.add_argument("--max-requetes", type=int, default=500_000)
    parser.add_argument("--workers", type=int, default=None, help="workers gunicorn")
    parser.add_argument("--threads", type=int, default=None, help="threads par worker")
    parser.add_argument(
        "--echauffement", type=float, default=5.0, help="secondes de mise en route non mesurées"
    )
    parser.add_argument(
        "--debit",
        type=float,
        default=0,
        help="requêtes par seconde offertes au total (0 : chaque client enchaîne sans pause)",
    )
    args = parser.parse_args(argv)
    phases = [p for p in args.phases.split(",") if p]
    unknown = set(phases) - set(PHASES)
    if unknown:
        parser.error(f"phases inconnues : {', '.join(sorted(unknown))}")

    tmp = tempfile.TemporaryDirectory(prefix="bench-http-")
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp.name}/bench.sqlite3"
    backend = url.split(":", 1)[0]
    print(f"Préparation de la base ({backend})…", flush=True)
    accounts = prepare(url, args.clients)
    codes = commune_codes(url)
    port = free_port()
    log = tempfile.TemporaryFile()
    server = start_server(url, port, args.workers, args.threads, log)
    print(
        f"Machine : {os.cpu_count()} cœurs, {platform.machine()}, Python "
        f"{platform.python_version()} ; base {backend} ; serveur gunicorn sur 127.0.0.1:{port} ; "
        f"{args.clients} clients, {args.duree:g} s par phase, "
        + (f"débit offert {args.debit:g} req/s" if args.debit else "sans pause")
        + f" ; {date.today().isoformat()}",
        flush=True,
    )
    budget = Budget(args.max_requetes)
    clients = [Client(port, Stats(), budget, codes, seed=i) for i in range(args.clients)]
    figures: dict[str, dict] = {}
    statuts: dict[int, int] = {}
    interval = args.clients / args.debit if args.debit > 0 else None
    try:
        for client, (email, cid) in zip(clients, accounts, strict=True):
            client.login(email, cid)
        if args.echauffement > 0:  # every worker loads its templates and caches, unmeasured
            drive(clients, "mixte", args.echauffement, None)
        for phase in phases:
            merged, elapsed = drive(clients, phase, args.duree, interval)
            figures[phase] = report(phase, merged, elapsed)
            for code, n in merged.statuts.items():
                statuts[code] = statuts.get(code, 0) + n
    finally:
        server.terminate()
        server.wait(timeout=30)
    acknowledged, missing = check_writes(url, clients)
    print(f"Écritures : {acknowledged} enregistrements acquittés, {missing} perdus.")
    if budget.left < 0:
        print(f"Plafond de {args.max_requetes} requêtes atteint : phases écourtées.")
    failed = {code: n for code, n in statuts.items() if not 200 <= code < 400}
    if failed:
        print("Réponses en erreur par statut (599 : connexion perdue) :", failed)
    errors = sum(r["total"]["erreurs"] for r in figures.values())
    return 1 if missing or errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
