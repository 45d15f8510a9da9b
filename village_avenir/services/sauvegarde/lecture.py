"""Reading a backup archive safely: every check is done before the import writes anything.

``Archive.open`` refuses what is not a zip, a member with a dangerous or unexpected name, a
manifest of another format or version, tables or columns unknown to the current schema.
``Archive.verify`` then reads every member and compares its size and SHA-256 with the
manifest. Only then are the rows (``tables``) and files (``pieces``) streamed to the import.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Table

from .format import (
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    SauvegardeInvalide,
    check_member_name,
    piece_member,
    table_member,
)

__all__ = ["Archive"]

MAX_MANIFEST = 20 * 1024 * 1024
_CHUNK = 1024 * 1024
_REFUS = "rien n'a été importé."


def _invalid(message: str) -> SauvegardeInvalide:
    return SauvegardeInvalide(f"{message} : {_REFUS}")


class Archive:
    def __init__(self, zf: zipfile.ZipFile, manifest: dict, known: dict[str, Table]):
        self.zf, self.manifest, self.known = zf, manifest, known

    # -- opening and structural checks ----------------------------------------------------

    @classmethod
    def open(cls, path: Path, known: dict[str, Table]) -> Archive:
        try:
            zf = zipfile.ZipFile(path)
        except FileNotFoundError as exc:
            raise _invalid(f"Fichier introuvable : {path}") from exc
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise _invalid(
                f"« {Path(path).name} » n'est pas une archive de sauvegarde lisible (zip "
                "tronqué ou d'un autre type)"
            ) from exc
        try:
            manifest = cls._check(zf, known)
        except BaseException:
            zf.close()
            raise
        return cls(zf, manifest, known)

    @staticmethod
    def _check(zf: zipfile.ZipFile, known: dict[str, Table]) -> dict:
        names = []
        for info in zf.infolist():
            check_member_name(info.filename)
            if info.is_dir() or (info.external_attr >> 16) & 0o170000 == 0o120000:
                raise _invalid(f"L'archive contient un dossier ou un lien (« {info.filename} »)")
            names.append(info.filename)
        if len(names) != len(set(names)):
            raise _invalid("L'archive contient deux fois le même fichier")
        if MANIFEST not in names:
            raise _invalid("L'archive n'a pas de manifeste (manifest.json)")
        if zf.getinfo(MANIFEST).file_size > MAX_MANIFEST:
            raise _invalid("Le manifeste de l'archive est anormalement gros")
        try:
            manifest = json.loads(zf.read(MANIFEST).decode("utf-8"))
        except (ValueError, zipfile.BadZipFile, OSError, EOFError) as exc:
            raise _invalid("Le manifeste de l'archive est illisible") from exc
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise _invalid("Ce fichier n'est pas une sauvegarde de Village A-Venir")
        if manifest.get("version_format") != FORMAT_VERSION:
            raise _invalid(
                f"Version de format {manifest.get('version_format')!r} non prise en charge "
                f"(cette version de l'application lit la version {FORMAT_VERSION})"
            )
        try:
            expected = Archive._expected_members(manifest, known)
        except (KeyError, TypeError, AttributeError) as exc:
            raise _invalid("Le manifeste de l'archive est incomplet") from exc
        membres = manifest.get("membres")
        if (
            not isinstance(membres, dict)
            or set(membres) != expected
            or not all(
                isinstance(m, dict)
                and isinstance(m.get("taille"), int)
                and isinstance(m.get("sha256"), str)
                for m in membres.values()
            )
        ):
            raise _invalid("La liste des fichiers du manifeste est incohérente")
        if set(names) != expected | {MANIFEST}:
            extra = sorted(set(names) - expected - {MANIFEST})
            raise _invalid(
                "L'archive contient des fichiers inattendus ("
                + ", ".join(f"« {n} »" for n in extra[:5])
                + ")"
                if extra
                else "Il manque des fichiers dans l'archive"
            )
        return manifest

    @staticmethod
    def _expected_members(manifest: dict, known: dict[str, Table]) -> set[str]:
        expected = set()
        for entry in manifest["tables"]:
            name = entry["nom"]
            if name not in known:
                raise _invalid(f"Table inconnue de cette version de l'application : « {name} »")
            if entry["fichier"] != table_member(name):
                raise _invalid(f"Fichier inattendu pour la table « {name} »")
            table, columns = known[name], entry["colonnes"]
            unknown = [c for c in columns if c not in table.columns]
            if unknown:
                raise _invalid(f"Colonnes inconnues dans la table « {name} » : {unknown}")
            for col in table.columns:  # a column added since the export needs a default
                if col.name not in columns and not (
                    col.nullable or col.default is not None or col.server_default is not None
                ):
                    raise _invalid(f"La colonne obligatoire « {name}.{col.name} » manque")
            if not isinstance(entry["lignes"], int):
                raise TypeError
            expected.add(entry["fichier"])
        for entry in manifest["pieces"]:
            expected.add(piece_member(entry["nom"]))
        return expected

    # -- content --------------------------------------------------------------------------

    def verify(self) -> None:
        """Every member's size and SHA-256 against the manifest (and the zip's CRC)."""
        for name, attendu in self.manifest["membres"].items():
            sha, size = hashlib.sha256(), 0
            try:
                with self.zf.open(name) as fh:
                    while chunk := fh.read(_CHUNK):
                        size += len(chunk)
                        if size > attendu["taille"]:
                            break
                        sha.update(chunk)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
                raise _invalid(f"Le fichier « {name} » de l'archive est endommagé") from exc
            if size != attendu["taille"] or sha.hexdigest() != attendu["sha256"]:
                raise _invalid(
                    f"L'empreinte SHA-256 du fichier « {name} » ne correspond pas au manifeste "
                    "(archive modifiée ou abîmée)"
                )

    def tables(self) -> Iterator[tuple[Table, list[str], Iterator[tuple[int, dict]]]]:
        """(table, columns, rows) in the schema's dependency order."""
        entries = {e["nom"]: e for e in self.manifest["tables"]}
        for name, table in self.known.items():
            if name in entries:
                yield table, list(entries[name]["colonnes"]), self._rows(entries[name])

    def _rows(self, entry: dict) -> Iterator[tuple[int, dict]]:
        lineno = 0
        with self.zf.open(entry["fichier"]) as fh:
            for lineno, line in enumerate(fh, start=1):  # noqa: B007 - count checked below
                try:
                    yield lineno, json.loads(line)
                except ValueError as exc:
                    raise _invalid(
                        f"Table « {entry['nom']} », ligne {lineno} : JSON invalide"
                    ) from exc
        if lineno != entry["lignes"]:
            raise _invalid(
                f"La table « {entry['nom']} » a {lineno} lignes au lieu des "
                f"{entry['lignes']} annoncées"
            )

    def pieces(self) -> Iterator[tuple[str, bytes]]:
        for entry in self.manifest["pieces"]:
            yield entry["nom"], self.zf.read(piece_member(entry["nom"]))

    def close(self) -> None:
        self.zf.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()
