# tolk — the README's commands. Nothing hidden: every step is here.
#
#   make demo    build tolk and run it on the sample site (content/ + locales/ → public/)
#   make test    run the whole test suite (first installs Debian's hugo and jekyll, apertium-apy and apertium-eng-spa (make mt-deps), Translate Toolkit 3.20.4 in .build-tt/venv: make tt-venv,
#                and MkDocs with mkdocs-material in .build-mkdocs/venv: make mkdocs-venv), then make fuzz-smoke
#   make bench   time sync, status and build on a generated 1,000-post blog
#   make bench-markdown   time extraction + merge on a generated 5,000-post blog
#   make bench-sync       time sync of a generated 5,000-post blog into 10 locales
#   make bench-build      time tolk build of a generated 5,000-post blog in 10 translated locales
#   make bench-adopt      time tolk adopt of a generated 5,000-post blog built into one locale
#   make bench-import     time tolk import of a fully translated XLIFF 2.0 export of a generated 5,000-post blog, one locale
#   make status-screenshots   the HTML status report in headless Chromium at phone and desktop widths
#   make preview-screenshots  tolk build --html on the sample site, home and a post of en/ru/ar/ja in headless Chromium
#   make fuzz         libFuzzer on the PO, XLIFF, Markdown, front matter and tolk.yaml readers (FUZZ_SECONDS each), then ThreadSanitizer on sync + build
#   make fuzz-smoke   builds the fuzz targets and replays every seed once (no mutation, no ThreadSanitizer); part of make test
#   make soak         concurrent import / sync / build with kill -9 on a generated blog for SOAK_SECONDS, then checks the catalogs

SWIFT        ?= swift
BENCH_POSTS  ?= 1000
# What tolk needs from Debian: ICU, cmark-gfm with its GFM extensions, pkg-config to find them,
# and gettext (msgfmt/msgcat), which the tests use as a real client of the catalogs tolk writes;
# python3-venv for the tests' Translate Toolkit from PyPI (tt-venv); libxml2-utils: xmllint, which
# validates tolk's XLIFF 2.0 against the OASIS schema in the tests; libjemalloc-dev: the allocator
# the tolk binary is linked with (Package.swift).
DEB_PACKAGES := libicu-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libunistring-dev libjemalloc-dev pkg-config gettext translate-toolkit python3-venv libxml2-utils
# Headless Chromium and fonts for Arabic and CJK: the browser checks of the status report and the preview.
# make test installs them when run as root; elsewhere those two tests say they are skipped, and why.
BROWSER_PACKAGES := chromium fonts-noto-core fonts-noto-cjk
# The site generators the tests build tolk's output with and fail without: Debian's Hugo (0.111) and
# Jekyll (4.3, run with --safe: no plugins, no gems from the network).
GENERATOR_PACKAGES := hugo jekyll
# The real machine-translation engine tolk translate's end-to-end test runs (required: it fails without
# them): Apertium's APy server and its English→Spanish pair, started by the test on a loopback port.
MT_PACKAGES := apertium-apy apertium-eng-spa
TOLK_RELEASE := .build/release/tolk

.PHONY: demo test generator-deps mt-deps tt-venv mkdocs-venv bench bench-markdown bench-sync bench-build bench-adopt bench-import status-screenshots preview-screenshots deps browser-deps build clean

## $(call install_debian_packages,PACKAGES,WHO[,optional]): install the missing ones when run as root; otherwise
## say exactly what to install and fail, or, with "optional", only say what is skipped without them.
define install_debian_packages
	@missing=""; \
	for package in $(1); do \
	  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  elif [ "$(3)" = "optional" ]; then \
	    echo "note: $(2) skipped without$$missing (sudo apt-get install$$missing)"; \
	  else \
	    echo "$(2) these Debian packages:$$missing"; \
	    echo "Install them with:  sudo apt-get install$$missing"; \
	    exit 1; \
	  fi; \
	fi
endef

## Install missing Debian packages when run as root; otherwise say exactly what to install.
deps:
	$(call install_debian_packages,$(DEB_PACKAGES),tolk needs)

## The browser for the HTML checks: installed when run as root, otherwise only a note (the tests skip).
browser-deps:
	$(call install_debian_packages,$(BROWSER_PACKAGES),the browser checks are,optional)

## The generators the tests run (required: their tests fail without them).
generator-deps:
	$(call install_debian_packages,$(GENERATOR_PACKAGES),the generator tests need)

## The machine-translation engine the tolk translate test runs (required: the test fails without it).
mt-deps:
	$(call install_debian_packages,$(MT_PACKAGES),the machine-translation test needs)

build: deps
	$(SWIFT) build -c release --product tolk

demo: build
	@echo "\n$$ tolk sync" && $(TOLK_RELEASE) sync
	@echo "\n$$ tolk status" && $(TOLK_RELEASE) status
	@echo "\n$$ tolk build --html" && $(TOLK_RELEASE) build --html
	@echo "\n$$ head -17 public/ru/posts/why-plural-rules-are-hard.md" && head -17 public/ru/posts/why-plural-rules-are-hard.md
	@echo "\n$$ grep -h '^reading_time' public/ru/posts/*.md | sort -u" && grep -h '^reading_time' public/ru/posts/*.md | sort -u

test: deps browser-deps generator-deps mt-deps tt-venv mkdocs-venv
	$(SWIFT) build --build-tests
	$(SWIFT) test
	$(MAKE) --no-print-directory fuzz-smoke

## Translate Toolkit from PyPI in a venv of its own, for the test that reads tolk's XLIFF 2.0 with its
## XLIFF 2.0 store (translate.storage.xliff2, which Debian's 3.8 lacks; it needs Python 3.11 or later).
## Made once: the stamp names the version, so changing TT_VERSION makes it again.
TT_VERSION := 3.20.4
TT_VENV    := .build-tt/venv
TT_STAMP   := $(TT_VENV)/.translate-toolkit-$(TT_VERSION)
tt-venv: $(TT_STAMP)
$(TT_STAMP):
	@python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Translate Toolkit $(TT_VERSION) needs Python 3.11 or later; python3 is $$(python3 --version 2>&1)"; exit 1; }
	@echo "Installing translate-toolkit==$(TT_VERSION) into $(TT_VENV)"
	@rm -rf $(TT_VENV)
	@python3 -m venv $(TT_VENV)
	@$(TT_VENV)/bin/pip install --quiet --disable-pip-version-check translate-toolkit==$(TT_VERSION) || { rm -rf $(TT_VENV); exit 1; }
	@touch $@

## MkDocs, mkdocs-material and mkdocs-static-i18n from PyPI in a venv of their own, for the tests that
## build the MkDocs fixture site and its pseudo-locale with real `mkdocs build --strict` (issue 17) and the
## multilingual site with tolk's i18n wiring (issue 18). Made once per pin.
MKDOCS_VERSION          := 1.6.1
MKDOCS_MATERIAL_VERSION := 9.6.23
MKDOCS_I18N_VERSION     := 1.3.1
MKDOCS_VENV  := .build-mkdocs/venv
MKDOCS_STAMP := $(MKDOCS_VENV)/.mkdocs-$(MKDOCS_VERSION)-material-$(MKDOCS_MATERIAL_VERSION)-i18n-$(MKDOCS_I18N_VERSION)
mkdocs-venv: $(MKDOCS_STAMP)
$(MKDOCS_STAMP):
	@echo "Installing mkdocs==$(MKDOCS_VERSION) mkdocs-material==$(MKDOCS_MATERIAL_VERSION) mkdocs-static-i18n==$(MKDOCS_I18N_VERSION) into $(MKDOCS_VENV)"
	@rm -rf $(MKDOCS_VENV)
	@python3 -m venv $(MKDOCS_VENV)
	@$(MKDOCS_VENV)/bin/pip install --quiet --disable-pip-version-check mkdocs==$(MKDOCS_VERSION) mkdocs-material==$(MKDOCS_MATERIAL_VERSION) mkdocs-static-i18n==$(MKDOCS_I18N_VERSION) || { rm -rf $(MKDOCS_VENV); exit 1; }
	@touch $@

bench: build
	python3 .ci/bench.py --posts $(BENCH_POSTS) --tolk $(TOLK_RELEASE)

## Markdown extraction and merge only, on the 5,000-post corpus (issue: extract + identity merge < 3 s).
## BENCH_SITE_GENERATOR=hugo reads the same pages in Hugo's dialect (the cost of scanning for shortcodes).
BENCH_SITE_GENERATOR ?=
bench-markdown: build
	python3 .ci/bench.py --posts 5000 --only markdown --tolk $(TOLK_RELEASE) $(if $(BENCH_SITE_GENERATOR),--site-generator $(BENCH_SITE_GENERATOR))

## Sync only, 5,000 posts into 10 locales: first sync, unchanged, after 2% of paragraphs edited (issue: each < 5 s).
## The site lives on tmpfs when there is one: on a journal-less ext4 (this machine's disk), creating
## 55,000 files right after the previous run deleted as many costs 10-25 s of kernel time on its own.
## BENCH_SITE_DIR=bench-out times the disk as well.
BENCH_SITE_DIR ?= $(shell [ -d /dev/shm ] && [ -w /dev/shm ] && echo /dev/shm/tolk-bench || echo bench-out)
bench-sync: build
	python3 .ci/bench.py --posts 5000 --only sync --tolk $(TOLK_RELEASE) --site-dir $(BENCH_SITE_DIR)

## Build only: 5,000 posts translated into 10 locales (+ the source): first build, no-op rebuild (issue: < 1 s),
## one post edited, and after 2% of paragraphs edited and synced. Peers (../shared/bench/README.md), one locale:
## po4a-translate 116 s, mdpo po2md 22 s.
bench-build: build
	python3 .ci/bench.py --posts 5000 --only build --tolk $(TOLK_RELEASE) --site-dir $(BENCH_SITE_DIR)

## tolk adopt of the 5,000-post corpus built into one locale (ru), catalogs removed, beside a first sync
## of the same corpus into that locale (issue 19: adopt runs at the same order as a sync).
bench-adopt: build
	python3 .ci/bench.py --posts 5000 --only adopt --tolk $(TOLK_RELEASE) --site-dir $(BENCH_SITE_DIR)

## tolk import of one locale (ru) of the 5,000-post corpus: every message exported as XLIFF 2.0 after a stand-in
## translator filled the catalogs, each target changed, imported; then imported again (issue 21: <= 4 s).
bench-import: build
	python3 .ci/bench.py --posts 5000 --only import --tolk $(TOLK_RELEASE) --site-dir $(BENCH_SITE_DIR)

## The sample site's HTML status report opened in headless Chromium at 390 px (phone) and 1280 px
## (desktop): $(STATUS_REPORT_DIR)/status-phone.png and status-desktop.png. Fails when the browser logs a
## console message or the page refers to anything outside itself. As root it installs Debian's chromium,
## and fonts for Arabic and CJK so the screenshots show those scripts; otherwise it says what to install.
STATUS_REPORT_DIR   ?= public/status-report
status-screenshots: build
	$(call install_debian_packages,$(BROWSER_PACKAGES),The screenshots need)
	@mkdir -p $(STATUS_REPORT_DIR)
	$(TOLK_RELEASE) status --format html -o $(STATUS_REPORT_DIR)/status.html
	python3 .ci/render_status_html.py $(STATUS_REPORT_DIR)/status.html

## tolk build --html on the sample site, then home and the newest post of en, ru, ar and ja in headless Chromium at
## 1280 px and 390 px: $(PREVIEW_SHOTS_DIR)/preview-<locale>-<home|post>-<desktop|phone>.png. Fails on a console message,
## a page that loads anything from outside preview/, a broken local link, or a page without lang/dir or skip link.
PREVIEW_SHOTS_DIR ?= public/preview-screenshots
preview-screenshots: build
	$(call install_debian_packages,$(BROWSER_PACKAGES),The screenshots need)
	$(TOLK_RELEASE) build --html
	python3 .ci/render_preview_html.py preview --out $(PREVIEW_SHOTS_DIR)

clean:
	rm -rf .build .build-tt public preview bench-out

## Fuzzing (README, "Fuzzing and soak"). The targets are built only with TOLK_FUZZ=1, into .build-fuzz, with
## ASan and libFuzzer; each runs from its seeds in Tests/Fuzz/<Name>/seeds, copied to .build-fuzz/corpus/<Name>.
## Anything found (crash, invariant broken, hang over 10 s, over 2 GB) is saved in .build-fuzz/artifacts/<Name>/
## and fails the target. fuzz also builds tolk with ThreadSanitizer (.build-tsan) and runs sync and build on a copy
## of the sample site: any report fails it.
FUZZ_SECONDS       ?= 60
.PHONY: fuzz fuzz-smoke soak
fuzz: deps
	bash .ci/fuzz.sh build
	@status=0; \
	bash .ci/fuzz.sh run $(FUZZ_SECONDS) || status=1; \
	bash .ci/fuzz.sh tsan || status=1; \
	exit $$status

fuzz-smoke: deps
	bash .ci/fuzz.sh build
	bash .ci/fuzz.sh smoke

## Soak: a generated blog of SOAK_POSTS posts; for SOAK_SECONDS, loops of tolk import (of exports filled with
## marked translations), sync and build run at once while tolk processes are killed with kill -9 at random;
## then every catalog must pass msgfmt --check-format, no temporary file may be left after a last sync, and
## every translation must come from one of the imports.
SOAK_SECONDS ?= 120
SOAK_POSTS   ?= 300
soak: build
	python3 .ci/soak.py --tolk $(TOLK_RELEASE) --seconds $(SOAK_SECONDS) --posts $(SOAK_POSTS)
