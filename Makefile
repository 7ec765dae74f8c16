# Two commands for a fresh machine: `make run` and `make test`.
PY := .venv/bin/python
PIP := .venv/bin/pip
STAMP := .venv/.installed-$(shell cat requirements.txt requirements-dev.txt | sha1sum | cut -c1-12)

.PHONY: install run test test-sqlite test-services lint format bench chromium worker web clean messages

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || python3 -m venv .venv
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-dev.txt
	rm -f .venv/.installed-*
	touch $(STAMP)

install: $(STAMP)

# Debian's Chromium for the browser tests (Playwright cannot download browsers here), and the
# other programs the tests drive: pdftotext, gettext, LibreOffice, the CJK and Arabic fonts.
chromium:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)
	@command -v pdftotext >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils)
	@command -v xgettext >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext)
	@# LibreOffice opens the compendium's Word file in a test, as a delegate's word processor would.
	@command -v soffice >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui)
	@test -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc -a -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei fonts-dejavu-core)

# The portal with its worker and beat, embedded: SQLite, files, mail and broker under var/.
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py publish_demo_papers  # two demo papers public in English, French and Spanish
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@$(PY) manage.py demo_accounts
	@# honcho stops everything when one process ends: a beat that crashes stops the portal, loudly,
	@# instead of leaving it without its periodic jobs (re-queuing, waiting mail, digests).
	@.venv/bin/honcho start; rc=$$?; \
	if [ $$rc -ne 0 ] && [ $$rc -ne 130 ] && [ $$rc -ne 143 ]; then \
		echo >&2 "make run: a process stopped (see above). The web server, the worker and beat must all run, so the portal was stopped."; \
	fi; exit $$rc

# Whole suite on SQLite with in-process tasks; then, where DATABASE_URL and
# CELERY_BROKER_URL are set, again on PostgreSQL with Redis and a real worker. The browser
# tests then run once, in the PostgreSQL pass (they drive the same pages on either database).
test: install chromium
	@if [ -n "$$DATABASE_URL" ] && [ -n "$$CELERY_BROKER_URL" ]; then \
		$(MAKE) --no-print-directory test-sqlite PYTEST_ARGS='-m "not e2e"' && \
		$(MAKE) --no-print-directory test-services; \
	else \
		$(MAKE) --no-print-directory test-sqlite; \
		echo "DATABASE_URL and CELERY_BROKER_URL not set: skipped the PostgreSQL/Redis/worker run"; \
	fi

test-sqlite:
	env -u DATABASE_URL -u CELERY_BROKER_URL -u EMAIL_URL $(PY) -m pytest --create-db -q $(PYTEST_ARGS)

test-services:
	REQUIRE_SERVICES=1 $(PY) -m pytest --create-db -q

# The catalogues of the five languages besides English: add the new strings of the source (then
# translate them: tests/portal/test_i18n.py fails on any untranslated or fuzzy entry), and compile.
MESSAGE_LANGUAGES := -l fr -l es -l ar -l zh_Hans -l ru
messages: install
	@command -v msgfmt >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext)
	$(PY) manage.py makemessages $(MESSAGE_LANGUAGES) -e html,txt,py --no-obsolete \
		--ignore='.venv/*' --ignore='var/*' --ignore='tests/*' --ignore='bench/*' --ignore='static/*'
	$(PY) manage.py compilemessages --ignore='.venv/*' --ignore='var/*'

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	.venv/bin/lint-imports  # the layers of the apps (.importlinter)

format:
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

bench: install chromium
	$(PY) -m bench

clean:
	rm -rf var/
