"""Population bands of the communes: the ranking page's filter and the portrait's peers.

Pure (stdlib only). ``POP_BANDS``: key → (French label, lowest, highest population), bounds
included. :func:`in_band` keeps a commune in a band (no band or an unknown key keeps every
commune; an unknown population is in no band); :func:`band_of` names a population's band.
"""

from __future__ import annotations

__all__ = ["POP_BANDS", "band_of", "in_band"]

POP_BANDS = {
    "0-199": ("moins de 200 habitants", 0, 199),
    "200-499": ("200 à 499 habitants", 200, 499),
    "500-999": ("500 à 999 habitants", 500, 999),
    "1000-1999": ("1 000 à 1 999 habitants", 1000, 1999),
    "2000+": ("2 000 habitants et plus", 2000, 10**9),
}


def in_band(population: int | None, band: str | None) -> bool:
    """Whether a commune of ``population`` is kept by the filter ``band`` (None: no filter)."""
    if not band or band not in POP_BANDS:
        return True
    _, lo, hi = POP_BANDS[band]
    return population is not None and lo <= population <= hi


def band_of(population: int | None) -> str | None:
    """The key of the band of ``population``, None when unknown."""
    if population is None:
        return None
    return next((k for k, (_, lo, hi) in POP_BANDS.items() if lo <= population <= hi), None)
