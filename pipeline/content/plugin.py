"""The editors' Pelican plugin: history, related documents and charts on each document.

Runs when Pelican has read every document (the generators' `finalized` signals), so the
documents can be linked to each other: a policy and its interpretations, the rounds of a
public notice series. Charts are drawn here, after the Markdown was sanitised.
"""

from __future__ import annotations

from pathlib import Path

from pelican import signals

from pipeline.content.charts_md import fill_charts
from pipeline.content.history import content_history, history_of

_HISTORY = "PORTAL_CONTENT_HISTORY"


def _annotate(generator, documents: list) -> None:
    content = Path(generator.settings["PATH"])
    tables = generator.settings.get("PORTAL_TABLES")
    # one `git log` per build, shared by the article and page generators (one context)
    if _HISTORY not in generator.context:
        generator.context[_HISTORY] = content_history(content)
    history = generator.context[_HISTORY]
    for doc in documents:
        doc.history = history_of(Path(doc.source_path), content, history)
        doc.last_updated = doc.history[0].date if doc.history else None
        if tables is not None and getattr(doc, "_content", None):
            doc._content = fill_charts(doc._content, tables, getattr(doc, "lang", "zh"),
                                       Path(generator.output_path))


def _related(articles: list) -> None:
    """`interpretations` of a policy, `policy` of an interpretation, `rounds` of a series."""
    by_slug = {(a.slug, a.lang): a for a in articles}
    for article in articles:
        article.interpretations = []
        article.rounds = []
    for article in articles:
        target = by_slug.get((getattr(article, "interprets", None), article.lang))
        article.policy = target
        if target is not None:
            target.interpretations.append(article)
    series: dict[tuple[str, str], list] = {}
    for article in articles:
        if getattr(article, "series", None):
            series.setdefault((article.series, article.lang), []).append(article)
    for members in series.values():
        members.sort(key=lambda a: int(getattr(a, "round", 0) or 0))
        for article in members:
            article.rounds = members


def articles_finalized(generator) -> None:
    everything = [*generator.articles, *generator.translations, *generator.drafts,
                  *generator.drafts_translations]
    _annotate(generator, everything)
    _related(everything)
    default = generator.settings["DEFAULT_LANG"]
    generator.context["PORTAL_LANG_FEEDS"] = sorted(
        {f"{a.lang}/{a.category.slug}" for a in [*generator.articles, *generator.translations]
         if a.lang != default})


def pages_finalized(generator) -> None:
    _annotate(generator, [*generator.pages, *generator.translations,
                          *getattr(generator, "draft_pages", [])])


def translation_feeds(generator, writer) -> None:
    """Atom feeds of the documents in each other language: all, and one per section
    (Pelican's own feeds are those of the first language)."""
    settings = generator.settings
    everything, by_section = settings.get("PORTAL_LANG_FEED_ATOM"), settings.get(
        "PORTAL_LANG_CATEGORY_FEED_ATOM")
    if not everything:
        return
    default = settings["DEFAULT_LANG"]
    documents = sorted((a for a in [*generator.articles, *generator.translations]
                        if a.lang != default), key=lambda a: (a.date, a.slug), reverse=True)
    for lang in sorted({a.lang for a in documents}):
        mine = [a for a in documents if a.lang == lang]
        path = everything.format(lang=lang)
        writer.write_feed(mine, generator.context, path, path)
    for key in generator.context["PORTAL_LANG_FEEDS"]:  # only non-empty feeds: no clock
        lang, section = key.split("/")
        path = by_section.format(lang=lang, slug=section)
        writer.write_feed([a for a in documents if a.lang == lang and a.category.slug == section],
                          generator.context, path, path)


def translated_sections(generator, writer) -> None:
    """The list pages of every section in each other language, paginated like Pelican's
    own: a document's translation where there is one, else its original."""
    from pipeline.content.contract import SECTIONS

    default = generator.settings["DEFAULT_LANG"]
    template = generator.get_template("affairs_section")
    languages = generator.settings["PORTAL_SETTINGS"].languages
    by_section = dict(generator.categories)
    for lang in (code for code in languages if code != default):
        for section in SECTIONS:
            items = next((a for c, a in by_section.items() if c.slug == section), [])
            path = f"{lang}/affairs/{section}/"
            writer.write_file(f"{path}index.html", template, generator.context,
                              paginated={"articles": items} if items else {},
                              template_name="category",
                              url=path, lang=lang, section=section,
                              page_path=f"affairs/{section}/index.html")


def register() -> None:
    signals.article_generator_finalized.connect(articles_finalized)
    signals.page_generator_finalized.connect(pages_finalized)
    signals.article_writer_finalized.connect(translation_feeds)
    signals.article_writer_finalized.connect(translated_sections)
