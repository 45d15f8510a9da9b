"""French texts of the e-mails: each function returns (subject, paragraphs). Paragraphs are
plain text; a paragraph that is a bare link becomes an anchor in the HTML part. No private
note, no engineer's address: only what the recipient may read on the site.

Times are Paris time, as on the site (``formatting.heure_locale``); a commune's name after
« de » goes through ``formatting.de_commune`` (« d'Albas », « du Vigan », « des Junies »)."""

from __future__ import annotations

from ...formatting import date_locale, de_commune, heure_locale

SIGNATURE = (
    "Département du Lot — programme Village A-Venir.\n"
    "Ce message est envoyé automatiquement : pour répondre, utilisez l'espace en ligne."
)


def _date(value) -> str:
    """``30/11/2026 à 14:05 (heure de Paris)``: the site's time, said once."""
    return f"{heure_locale(value)} (heure de Paris)"


def invitation(invit, url: str):
    return (
        "Village A-Venir : votre invitation",
        [
            f"Bonjour {invit.nom},",
            "Le Département du Lot vous invite à utiliser l'espace en ligne du programme "
            "Village A-Venir. Ouvrez ce lien pour choisir votre mot de passe :",
            url,
            f"Le lien ne sert qu'une fois et expire le {_date(invit.expire_le)}. Si vous "
            "n'attendiez pas ce message, ignorez-le.",
        ],
    )


def _resume(contenu: dict) -> str:
    items = [i.get("nom") for i in contenu.get("patrimoine") or [] if isinstance(i, dict)]
    lignes = [
        f"Projet : {contenu.get('projet_titre') or 'sans titre'}",
        f"Contact : {contenu.get('contact_nom') or '—'} ({contenu.get('contact_email') or '—'})",
        f"Bâtiments ou sites : {', '.join(n for n in items if n) or 'aucun'}",
        f"Logements vacants connus (déclaration) : {contenu.get('logements_vacants') or '—'}",
    ]
    return "\n".join(lignes)


def depot(cand, campagne, commune_nom, contenu, url):
    return (
        f"Village A-Venir : accusé de réception de la candidature {de_commune(commune_nom)}",
        [
            "Bonjour,",
            f"La candidature {de_commune(commune_nom)} à l'appel « {campagne.nom} » a été déposée le "
            f"{_date(cand.deposee_le)} (candidature n° {cand.id}). Le Département va "
            "l'instruire ; vous serez informé par courriel de chaque étape.",
            "Résumé du dossier déposé :\n" + _resume(contenu),
            "Le dossier complet est consultable ici :",
            url,
        ],
    )


def complement_demande(cand, commune_nom, message, url):
    return (
        f"Village A-Venir : complément demandé pour la candidature {de_commune(commune_nom)}",
        [
            "Bonjour,",
            f"Le Département demande un complément pour la candidature n° {cand.id} "
            f"{de_commune(commune_nom)} :",
            message,
            "Complétez le dossier et répondez depuis l'espace en ligne :",
            url,
        ],
    )


def complement_recu(cand, commune_nom, reponse, url):
    paras = [
        "Bonjour,",
        f"{commune_nom} a transmis le complément demandé pour la candidature n° {cand.id}.",
    ]
    if reponse:
        paras.append("Réponse de la commune :\n" + reponse)
    return (
        f"Village A-Venir : complément reçu {de_commune(commune_nom)}",
        [*paras, "Dossier à instruire :", url],
    )


def decision(cand, commune_nom, etat_libelle, url):
    return (
        f"Village A-Venir : décision sur la candidature {de_commune(commune_nom)}",
        [
            "Bonjour,",
            f"Le Département a pris sa décision sur la candidature n° {cand.id} "
            f"{de_commune(commune_nom)} : « {etat_libelle} ».",
            "Motivation :\n" + (cand.decision_motif or ""),
            "La candidature et son historique restent consultables ici :",
            url,
        ],
    )


def depot_recu(cand, campagne, commune_nom, contenu, url):
    """To the engineers: a new application to instruct."""
    return (
        f"Village A-Venir : nouvelle candidature {de_commune(commune_nom)}",
        [
            "Bonjour,",
            f"La candidature {de_commune(commune_nom)} à l'appel « {campagne.nom} » a été "
            f"déposée le {_date(cand.deposee_le)} (candidature n° {cand.id}). Elle attend "
            "son instruction.",
            "Résumé du dossier déposé :\n" + _resume(contenu),
            "Dossier à instruire :",
            url,
        ],
    )


def complement_accuse(cand, commune_nom, url):
    """To the commune: the acknowledgement the confirmation page promises."""
    return (
        f"Village A-Venir : accusé de réception du complément {de_commune(commune_nom)}",
        [
            "Bonjour,",
            f"Le complément de la candidature n° {cand.id} {de_commune(commune_nom)} a été "
            f"transmis au Département le {_date(cand.etat_depuis)}. Le Département reprend "
            "l'examen du dossier ; vous serez informé par courriel de la suite.",
            "La candidature et son historique restent consultables ici :",
            url,
        ],
    )


def ajournement(cand, commune_nom, date_seance, motivation, url):
    """To the commune: the committee postponed its decision (the application stays in
    instruction)."""
    return (
        f"Village A-Venir : décision ajournée pour la candidature {de_commune(commune_nom)}",
        [
            "Bonjour,",
            f"La commission de sélection du {date_locale(date_seance)} a ajourné sa décision "
            f"sur la candidature n° {cand.id} {de_commune(commune_nom)}. La candidature reste "
            "en instruction : elle sera de nouveau présentée à une prochaine commission.",
            "Motivation de la commission :\n" + (motivation or ""),
            "La candidature et son historique restent consultables ici :",
            url,
        ],
    )


def etape(cand, commune_nom, etat_libelle, url):
    """To the commune: a step of the instruction (not a decision)."""
    return (
        f"Village A-Venir : candidature {de_commune(commune_nom)} « {etat_libelle} »",
        [
            "Bonjour,",
            f"La candidature n° {cand.id} {de_commune(commune_nom)} est maintenant "
            f"« {etat_libelle} » : le Département l'examine. Vous serez informé par courriel "
            "de chaque nouvelle étape.",
            "La candidature et son historique restent consultables ici :",
            url,
        ],
    )


def message_departement(cand, commune_nom, texte, url):
    """To the commune: a message of the Département on its application."""
    return (
        f"Village A-Venir : message du Département sur la candidature {de_commune(commune_nom)}",
        [
            "Bonjour,",
            f"Le Département vous a écrit au sujet de la candidature n° {cand.id} "
            f"{de_commune(commune_nom)} :",
            texte,
            "Répondez depuis l'espace en ligne :",
            url,
        ],
    )


def reponse_commune(cand, commune_nom, texte, url):
    """To the engineers: a commune wrote about its application."""
    return (
        f"Village A-Venir : message {de_commune(commune_nom)}",
        [
            "Bonjour,",
            f"{commune_nom} a écrit au sujet de sa candidature n° {cand.id} :",
            texte,
            "Dossier :",
            url,
        ],
    )


def reinitialisation(user, url, minutes, url_oubli):
    return (
        "Village A-Venir : choisir un nouveau mot de passe",
        [
            f"Bonjour {user.nom},",
            "Une demande de nouveau mot de passe a été faite pour votre compte. Ouvrez ce "
            "lien pour le choisir :",
            url,
            f"Le lien ne sert qu'une fois et expire dans {minutes} minutes. Si vous n'avez "
            "rien demandé, ignorez ce message : votre mot de passe actuel reste valable.",
            f"Lien expiré ? Faites une nouvelle demande : {url_oubli}",
        ],
    )


def compte_verrouille(user, url_oubli):
    return (
        "Village A-Venir : connexions à votre compte ralenties",
        [
            f"Bonjour {user.nom},",
            "Plusieurs tentatives de connexion à votre compte ont échoué. Par sécurité, les "
            "nouveaux essais venant de cet appareil ou de cette connexion doivent attendre, de "
            "plus en plus longtemps à chaque échec ; vos appareils habituels ne sont pas "
            "concernés.",
            "Si c'était vous, vous pouvez choisir un nouveau mot de passe dès maintenant "
            "(cela fonctionne toujours et efface ces échecs) :",
            url_oubli,
            "Si ce n'était pas vous, personne n'a pu entrer : votre mot de passe n'a pas été "
            "trouvé. Choisir un mot de passe long et unique reste la meilleure protection.",
        ],
    )


def patrimoine_declaration(element, commune_nom, url):
    """To the engineers: a commune declared a heritage item (issue 22)."""
    return (
        f"Village A-Venir : {commune_nom} déclare un élément de patrimoine",
        [
            "Bonjour,",
            f"La commune de {commune_nom} a déclaré l'élément de patrimoine « {element.nom} ». "
            "Il attend votre validation avant d'entrer dans l'inventaire et le diagnostic.",
            "Examinez-le ici :",
            url,
        ],
    )


def patrimoine_decision(element, commune_nom, motif, url):
    """To the commune: its declared heritage item was validated or refused (issue 22)."""
    valide = element.statut == "valide"
    paras = [
        "Bonjour,",
        f"L'élément de patrimoine « {element.nom} » déclaré pour {commune_nom} a été "
        + (
            "validé par le Département : il entre dans l'inventaire de la commune."
            if valide
            else "refusé par le Département."
        ),  # fmt: skip
    ]
    if motif:
        paras.append(f"Motif : {motif}")
    paras += ["L'inventaire de la commune est consultable ici :", url]
    return (f"Village A-Venir : élément de patrimoine {'validé' if valide else 'refusé'}", paras)


def patrimoine_visite(commune_nom, date_visite, participants, url):
    """To the commune: the Département recorded an on-site heritage visit (issue 22, item 2);
    sent once per visit, not per item."""
    qui = ", ".join(participants) or "le Département du Lot"
    return (
        f"Village A-Venir : visite du patrimoine {de_commune(commune_nom)}",
        [
            "Bonjour,",
            f"Le Département a enregistré une visite du patrimoine {de_commune(commune_nom)} du "
            f"{date_visite:%d/%m/%Y} (participants : {qui}). Les éléments relevés et leurs "
            "photos apparaissent au fur et à mesure de leur envoi depuis le terrain ; vous "
            "pouvez les consulter ici :",
            url,
        ],
    )
