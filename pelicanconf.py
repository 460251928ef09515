"""Pelican settings for a local preview (`python publish.py serve`)."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from pipeline.site.jinja import GLOBALS  # noqa: E402
from pipeline.site.names import FILTERS  # noqa: E402

AUTHOR = "示范区人民政府办公室"
SITENAME = "政务服务公开平台"
SITENAME_EN = "Open Government Service Portal"
SITEURL = ""
DEFAULT_LANG = "zh"
TIMEZONE = "Asia/Shanghai"
DEFAULT_DATE_FORMAT = "%Y-%m-%d"

PATH = str(ROOT / "content")
THEME = str(ROOT / "theme")
ARTICLE_PATHS = ["affairs"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["affairs/files"]
USE_FOLDER_AS_CATEGORY = True

PLUGIN_PATHS = []
PLUGINS = ["pipeline.site", "pipeline.content.plugin"]

# Editors' sections live under /affairs/; the portal's own home page is /index.html.
INDEX_SAVE_AS = "affairs/index.html"
INDEX_URL = "affairs/"
DIRECT_TEMPLATES = ["index"]
ARTICLE_URL = "affairs/{category}/{slug}.html"
ARTICLE_SAVE_AS = "affairs/{category}/{slug}.html"
ARTICLE_LANG_URL = "en/affairs/{category}/{slug}.html"
ARTICLE_LANG_SAVE_AS = "en/affairs/{category}/{slug}.html"
PAGE_URL = "pages/{slug}.html"
PAGE_SAVE_AS = "pages/{slug}.html"
PAGE_LANG_URL = "en/pages/{slug}.html"
PAGE_LANG_SAVE_AS = "en/pages/{slug}.html"
CATEGORY_URL = "affairs/{slug}/"
CATEGORY_SAVE_AS = "affairs/{slug}/index.html"
# Drafts are never written (pipeline/content/drafts.py; the preview asks for them)
DRAFT_URL = DRAFT_SAVE_AS = DRAFT_LANG_URL = DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_URL = DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_LANG_URL = DRAFT_PAGE_LANG_SAVE_AS = ""
PORTAL_SHOW_DRAFTS = False
TAG_URL = "affairs/tags/{slug}/"
TAG_SAVE_AS = "affairs/tags/{slug}/index.html"
TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
DEFAULT_PAGINATION = 10
PAGINATED_TEMPLATES = {"category": None, "tag": None}
PAGINATION_PATTERNS = [
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
]
SLUGIFY_SOURCE = "basename"

# Atom feeds of the editors' documents: all, per section, per tag, and the English ones
FEED_ALL_ATOM = "affairs/feed.atom.xml"
CATEGORY_FEED_ATOM = "affairs/{slug}/feed.atom.xml"
TAG_FEED_ATOM = "affairs/tags/{slug}/feed.atom.xml"
TRANSLATION_FEED_ATOM = None  # per language and section: pipeline/content/plugin.py
PORTAL_LANG_FEED_ATOM = "{lang}/affairs/feed.atom.xml"
PORTAL_LANG_CATEGORY_FEED_ATOM = "{lang}/affairs/{slug}/feed.atom.xml"
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = False
OUTPUT_RETENTION = []
LOAD_CONTENT_CACHE = False
CACHE_CONTENT = False

JINJA_ENVIRONMENT = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True,
                     "extensions": []}
JINJA_GLOBALS = GLOBALS
JINJA_FILTERS = FILTERS  # name (reference lists' names per language), zh (lang="zh")

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.toc": {},
        "markdown.extensions.meta": {},
    },
    "output_format": "html5",
}
