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
PLUGINS = ["pipeline.site"]

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
DRAFT_URL = "drafts/{slug}.html"
DRAFT_SAVE_AS = "drafts/{slug}.html"
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
DEFAULT_PAGINATION = False
SLUGIFY_SOURCE = "basename"

FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
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
