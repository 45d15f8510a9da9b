"""Village A-Venir: eligibility, diagnosis, applications and maps for the Lot's communes.

``create_app`` only wires configuration, database, parameter files, blueprints and CLI commands.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from . import cli, config, db, filet, liens, parametres
from .formatting import register_filters
from .services.comptes.hachage import check_production_method
from .web import auteurs, auth, compression, http, input_guard, limites, static_urls

ROOT = Path(__file__).resolve().parents[1]
csrf = CSRFProtect()


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(config.load(app.instance_path))
    if test_config:
        app.config.from_mapping(test_config)
    app.config["SECRET_KEY"] = config.secret_key(app.config, app.debug)
    # The base of every e-mail link: refused at start when missing outside development.
    app.config["URL_PUBLIQUE"] = config.url_publique(app.config, app.debug)
    check_production_method(app.config)
    secure = config.cookie_secure(app.config, app.debug)
    app.config["SESSION_COOKIE_SECURE"] = app.config["REMEMBER_COOKIE_SECURE"] = secure
    app.json.sort_keys = False
    app.json.ensure_ascii = False

    db.init_app(app)
    http.init_app(app)
    input_guard.register(app)  # before CSRF: a badly encoded form gets its own message
    compression.init_app(app)
    static_urls.init_app(app)
    csrf.init_app(app)
    auth.init_app(app)
    limites.register(app)
    with app.app_context():
        parametres.load_all()  # a broken parameter file stops the start (see parametres.py)
    register_filters(app)
    auteurs.register(app)
    filet.register(app)
    app.jinja_env.globals["is_departement"] = auth.is_departement
    app.jinja_env.globals["has_endpoint"] = lambda name: name in app.view_functions
    app.jinja_env.globals["config_regles_version"] = lambda: parametres.load_regles().version

    from .maps import assets
    from .views import (
        accueil,
        adhesions,
        admin,
        api,
        candidatures,
        cartes,
        commission,
        communes,
        compte,
        diagnostic,
        errors,
        instruction,
        journal_comptes,
        patrimoine,
        plans,
        sante,
    )
    from .views import auth as auth_views

    app.register_blueprint(communes.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(auth_views.bp)
    app.register_blueprint(assets.bp)
    for blueprint in (
        accueil.bp,
        adhesions.bp,
        diagnostic.bp,
        plans.bp,
        patrimoine.bp,
        cartes.bp,
        candidatures.bp,
        instruction.bp,
        commission.bp,
        admin.bp,
        compte.bp,
        journal_comptes.bp,
        sante.bp,
        patrimoine.visite_bp,
    ):
        app.register_blueprint(blueprint)
    errors.register(app)
    liens.init_app(app)  # e-mail links: configured address only, pages checked
    cli.register(app)
    return app
