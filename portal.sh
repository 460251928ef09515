#!/usr/bin/env bash
# The quick start: `./portal.sh site` builds the site from the sample; `./portal.sh test` runs the tests.
set -euo pipefail
cd "$(dirname "$0")"
PY=${PYTHON:-python3}

setup() {
    if [[ ! -x .venv/bin/python ]]; then
        "$PY" -m venv .venv
    fi
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e ".[test]"
}

browser() {
    # Browser tests use Debian's chromium (no browser downloads here) and a Chinese font
    # (fonts-noto-cjk), so that screenshots and layout checks see Chinese as residents do.
    if [[ ! -x /usr/bin/chromium || ! -d /usr/share/fonts/opentype/noto ]]; then
        if command -v apt-get >/dev/null && [[ $(id -u) == 0 ]]; then
            (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null) \
                || echo "chromium or fonts-noto-cjk could not be installed: browser tests may be skipped"
        fi
    fi
}

case "${1:-}" in
    site)
        setup
        .venv/bin/python publish.py build "${@:2}"   # says how to look at the site
        ;;
    test)
        setup
        browser
        .venv/bin/python -m pytest -n 2 "${@:2}"
        ;;
    *)
        echo "usage: ./portal.sh site|test" >&2
        exit 2
        ;;
esac
