"""The commune sheet's extension point shows registered sections, in order."""

from jinja2 import ChoiceLoader, DictLoader

from village_avenir.views import sections
from village_avenir.views.fiche_cache import page_cache


def test_registered_sections_are_rendered_in_order(app, client, monkeypatch):
    monkeypatch.setattr(sections, "_PROVIDERS", [])
    with app.app_context():
        page_cache().clear()  # providers registered at run time: forget the public sheets
    loader = ChoiceLoader(
        [DictLoader({"t.html": '<p class="sec">{{ ctx.texte }}</p>'}), app.jinja_loader]
    )
    monkeypatch.setattr(app, "jinja_loader", loader)

    @sections.sheet_section(20)
    def second(session, assessment):
        return sections.Section("t.html", {"texte": "deuxième"})

    @sections.sheet_section(10)
    def first(session, assessment):
        return sections.Section("t.html", {"texte": f"première {assessment.commune.nom}"})

    @sections.sheet_section(15)
    def hidden(session, assessment):
        return None

    html = client.get("/communes/46001").get_data(as_text=True)
    assert '<p class="sec">première Albas</p>' in html
    assert html.index("première Albas") < html.index("deuxième")
