"""Helpers of the hostile-input tests: read a page's forms and draw hostile values for them
(the database checks are in ``fuzz_checks``).

The forms are read from the HTML the app serves (stdlib ``html.parser``), so a new field or a
new form is fuzzed without touching the tests.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser

from hypothesis import strategies as st

from tests.pdfs import PDF  # a real one-page PDF (the upload check opens it)

# --- forms --------------------------------------------------------------------------------


@dataclass
class Field:
    name: str
    kind: str  # input type, "select", "textarea" or "submit"
    default: str = ""
    options: list[str] = field(default_factory=list)
    checked: bool = True


@dataclass
class Form:
    action: str
    method: str
    enctype: str
    fields: dict[str, Field] = field(default_factory=dict)
    formactions: list[str] = field(default_factory=list)  # the buttons' own routes


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = Form(
                a.get("action", ""), a.get("method", "get").lower(), a.get("enctype", "")
            )
            self.forms.append(self._form)
            return
        if self._form is not None and tag == "button" and a.get("formaction"):
            self._form.formactions.append(a["formaction"])
        if self._form is None or not a.get("name"):
            if tag == "option" and self._select is not None:
                self._option(a)
            return
        name, fields = a["name"], self._form.fields
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "radio"):
                f = fields.setdefault(name, Field(name, kind, a.get("value", "")))
                f.options.append(a.get("value", ""))
                if "checked" in a:
                    f.default = a.get("value", "")
            else:
                fields[name] = Field(
                    name,
                    kind,
                    a.get("value", "on" if kind == "checkbox" else ""),
                    checked=kind != "checkbox" or "checked" in a,
                )
        elif tag == "button" and a.get("type", "submit") == "submit":
            f = fields.setdefault(name, Field(name, "submit", a.get("value", "")))
            f.options.append(a.get("value", ""))
        elif tag == "select":
            self._select = fields[name] = Field(name, "select")
        elif tag == "textarea":
            self._textarea = fields[name] = Field(name, "textarea")

    def _option(self, a):
        value = a.get("value", "")
        self._select.options.append(value)
        if "selected" in a or len(self._select.options) == 1:
            self._select.default = value

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.default += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            if self._textarea is not None:
                self._textarea.default = self._textarea.default.removeprefix("\n")
            self._textarea = None


def forms_of(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    return [f for f in parser.forms if f.method == "post"]


def form_for(html: str, path: str, page: str | None = None) -> Form | None:
    """The POST form of the page whose action is ``path`` (no action: the ``page`` itself), or
    whose button posts it there (``formaction``: the form is returned with that action)."""
    for form in forms_of(html):
        if (form.action or page or path).split("?")[0].split("#")[0] == path:
            return form
        for target in form.formactions:
            if target.split("?")[0].split("#")[0] == path:
                return replace(form, action=target)
    return None


def defaults(form: Form) -> dict[str, str]:
    """What a browser would send when the form is submitted as served (first button)."""
    values = {}
    for f in form.fields.values():
        if f.kind == "file" or (f.kind == "checkbox" and not f.checked):
            continue
        values[f.name] = f.options[0] if f.kind == "submit" and f.options else f.default
    return values


# --- hostile values -----------------------------------------------------------------------

SPECIAL = [
    "", " ", "\x00", "a\x00b", "\u202eevil\u202c", "مرحبا بالعالم", "\ufeff", "\u200b", "٣", "²",
    "-1", "0", "1e308", "-1e308", "1e-320", "NaN", "nan", "inf", "-Infinity", "1,5", "1.5",
    "1 234,5", "0x1F", "99999999999999999999999999999999", "-99999999999999999999",
    "9" * 400, "<script>alert(1)</script>", "'; DROP TABLE commune; --", "../../etc/passwd",
    "%00", "{{ 7*7 }}", "null", "true", "[]", "{}", '{"type": "Point"}', "2026-02-30",
    "31/12/2026", "46001", "00000", "2A004", "x" * 5000, "y" * 200_000, "é" * 300, "\r\n" * 50, "🏚️" * 100,
    # Oversized drafts (issue 14): just over the longest field (20 000), over werkzeug's form
    # limit (500 000 bytes).
    "é" * 20_001, "z" * 600_000,
    # Impossible dates and odd digits.
    "2026-99-99", "0000-01-01", "9999-12-31", "٢٠٢٦-٠١-٠١", "２０２６-01-01", "１２",
]  # fmt: skip
# Spreadsheet formulas (issue 14): every CSV export must neutralise them.
FORMULAS = [
    '=HYPERLINK("http://pirate.test";"Cliquez")',
    "=1+1",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd",
    "@SUM(1+1)*cmd",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C notepad'!'A1'",
]
SPECIAL += FORMULAS
text_values = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)
numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)
hostile = st.one_of(st.sampled_from(SPECIAL), text_values, numbers)

FILE_NAMES = st.one_of(
    st.sampled_from([
        "../../x.pdf", "/etc/passwd.pdf", "C:\\Windows\\x.pdf", "..\\..\\x.pdf", ".pdf",
        "a\x00b.pdf", "n" * 5000 + ".pdf", "délibération ‮fdp.exe", "x.PDF", "x", " ",
    ]),
    text_values.map(lambda s: s + ".pdf"),
)  # fmt: skip
FILE_BYTES = st.one_of(
    st.just(PDF),
    st.binary(max_size=200).map(lambda b: b"%PDF-" + b),
    st.binary(max_size=200),
    st.just(b""),
    st.just(b"\x00" * 1000),
    st.just(b"MZ\x90\x00" + b"\x00" * 60),
)


class Served:
    """Placeholder for « the value the page serves now » (e.g. the current version number)."""

    def __repr__(self):
        return "<valeur servie>"


SERVED = Served()


def value_for(f: Field):
    """A strategy for one field: its served value, one of its options, or something hostile."""
    choices = [st.just(SERVED), hostile]
    if f.options:
        choices.append(st.sampled_from(f.options))
    return st.one_of(*choices)


@st.composite
def submission(draw, form: Form):
    """(mode, fields) for one hostile POST of ``form``. The drawing depends only on the form's
    structure, read once, so that examples replay whatever the page serves later."""
    data: list[tuple[str, object]] = []
    for f in form.fields.values():
        if f.name == "csrf_token":
            continue
        fate = draw(st.integers(0, 9))  # 0: missing, 1: duplicated, else one value
        if fate == 0:
            continue
        if f.kind == "file":
            data.append((f.name, (draw(FILE_BYTES), draw(FILE_NAMES))))
            continue
        for _ in range(2 if fate == 1 else 1):
            data.append((f.name, draw(value_for(f))))
    extra = draw(
        st.lists(
            st.tuples(
                st.sampled_from(
                    ["cid", "code_insee", "role", "x" * 300, "version", "id", "étrange"]
                ),
                hostile,
            ),
            max_size=2,
        )
    )
    data.extend(extra)
    mode = draw(st.sampled_from(["form"] * 6 + ["json", "text", "raw"]))
    return mode, data


def resolve(data: list[tuple[str, object]], served: Form | None, token: str):
    """The fields with the values the page serves now and a valid CSRF token first."""
    now = defaults(served) if served else {}
    out: list[tuple[str, object]] = [("csrf_token", token)]
    for name, value in data:
        out.append((name, now.get(name, "") if value is SERVED else value))
    return out


def send(client, path: str, mode: str, data: list[tuple[str, object]]):
    """POST ``data`` as a form, as JSON, as plain text, or as a form with invalid UTF-8."""
    token = data[0][1]
    if mode == "form":
        from werkzeug.datastructures import MultiDict

        payload = MultiDict()
        for k, v in data:
            payload.add(k, (io.BytesIO(v[0]), v[1]) if isinstance(v, tuple) else v)
        return client.post(path, data=payload, content_type="multipart/form-data")
    # The token travels in the header (a corrupted one in the body would be read first).
    plain = {k: v for k, v in data if not isinstance(v, tuple) and k != "csrf_token"}
    headers = {"X-CSRFToken": token}
    if mode == "json":
        return client.post(path, json=plain, headers=headers)
    if mode == "text":
        return client.post(path, data=json.dumps(plain), content_type="text/plain", headers=headers)
    # Lone surrogates, overlong and truncated UTF-8 sequences: what a raw HTTP client can send.
    from urllib.parse import quote

    bad = ["%ED%A0%80", "%FF", "%C0%AF", "%E2%82", "%00"]
    body = "&".join(
        f"{quote(k)}={bad[i % len(bad)]}{quote(str(v)[:50])}"
        for i, (k, v) in enumerate(plain.items())
    )
    return client.post(
        path, data=body.encode(), headers=headers, content_type="application/x-www-form-urlencoded"
    )
