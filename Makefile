# pnyx - a static site generator in C.
#
#   make            build ./pnyx (optimised)
#   make serve      install missing packages, build pnyx, serve the bundled site on :4000, live
#   make site       the same, but only build the bundled site into _site/
#   make test       everything under AddressSanitizer + UBSan, with -Werror
#   make bench      the 10,000-page benchmark
#   make load       pnyx serve under load: 1,000 clients, slow and hostile ones (part of make test)
#   make fuzz       each libFuzzer target for FUZZ_SECONDS seconds (tests/fuzz/)
#   make deps       install the Debian packages pnyx needs (apt-get, through sudo when not root)

PREFIX ?= /usr/local
CC ?= cc
BUILD ?= build

# Libraries found with pkg-config, and the Debian packages that bring them.
PKG_MODULES := libcmark-gfm yaml-0.1 libmicrohttpd libcurl
# BUILD_PACKAGES build pnyx and run it on any site (sassc: Sass pages);
# .github/workflows/pages.yml installs the same list (make test checks it).
BUILD_PACKAGES := gcc make pkg-config libc6-dev libcmark-gfm-dev libcmark-gfm-extensions-dev \
	libyaml-dev libmicrohttpd-dev libcurl4-openssl-dev sassc
DEB_PACKAGES := $(BUILD_PACKAGES) libcmocka-dev cmark-gfm libxml2-utils jq time \
	curl chromium nodejs poppler-utils clang libclang-rt-14-dev valgrind

PKG_CFLAGS := $(shell pkg-config --cflags $(PKG_MODULES) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKG_MODULES) 2>/dev/null)

WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
BASE_CFLAGS := -std=c11 -D_GNU_SOURCE -pthread $(WARN) $(PKG_CFLAGS) -MMD -MP
RELEASE_CFLAGS := $(BASE_CFLAGS) -O2 -g
SAN_CFLAGS := $(BASE_CFLAGS) -O1 -g -Werror -fsanitize=address,undefined,float-cast-overflow \
	-fno-omit-frame-pointer -fno-sanitize-recover=undefined
LIBS := $(PKG_LIBS) -pthread -ldl -lm

SRC := $(sort $(wildcard src/*.c src/liquid/*.c))
LIB_SRC := $(filter-out src/main.c,$(SRC))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))

REL := $(BUILD)/release
SAN := $(BUILD)/san

REL_OBJ := $(LIB_SRC:%.c=$(REL)/%.o)
SAN_OBJ := $(LIB_SRC:%.c=$(SAN)/%.o)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(SAN)/tests/%)

.PHONY: all deps check-deps site serve test workflow unit golden cli new links jekyll outputs http browser theme slides liquid-suite bench install clean regen \
	load load-rebuilds fuzz fuzz-smoke fuzz-build hostile

all: check-deps pnyx

# One line naming what to install, instead of a wall of compiler errors.
check-deps:
	@for m in $(PKG_MODULES); do \
	  pkg-config --exists $$m 2>/dev/null || { \
	    case $$m in libcmark-gfm) p=libcmark-gfm-dev;; yaml-0.1) p=libyaml-dev;; libmicrohttpd) p=libmicrohttpd-dev;; libcurl) p=libcurl4-openssl-dev;; *) p=$$m;; esac; \
	    echo "pnyx: missing library $$m: install the Debian package $$p (or run 'make deps')" >&2; exit 1; }; \
	done

deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing$$missing"; \
	  SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

pnyx: $(REL)/pnyx
	cp $< $@

$(REL)/pnyx: $(REL_OBJ) $(REL)/src/main.o
	$(CC) $(RELEASE_CFLAGS) -o $@ $^ $(LIBS)

$(SAN)/pnyx: $(SAN_OBJ) $(SAN)/src/main.o
	$(CC) $(SAN_CFLAGS) -o $@ $^ $(LIBS)

$(REL)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(RELEASE_CFLAGS) -c -o $@ $<

$(SAN)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(SAN_CFLAGS) -c -o $@ $<

$(SAN)/libpnyx.a: $(SAN_OBJ)
	rm -f $@ && ar rcs $@ $^

$(SAN)/tests/%: tests/unit/%.c $(SAN)/libpnyx.a
	@mkdir -p $(dir $@)
	$(CC) $(SAN_CFLAGS) -Isrc -o $@ $< $(SAN)/libpnyx.a $(LIBS) -lcmocka

# The bundled site, from a fresh machine.
site: deps
	$(MAKE) all
	./pnyx build

# The bundled site on http://127.0.0.1:4000/, rebuilt and reloaded on every change.
serve: deps
	$(MAKE) all
	./pnyx serve

export ASAN_OPTIONS := detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS := print_stacktrace=1:halt_on_error=1

# deps first, then a fresh make: pkg-config flags are read when make starts.
test: deps
	@$(MAKE) --no-print-directory check-deps workflow unit liquid-suite golden cli new links jekyll outputs http browser theme slides load fuzz-smoke hostile
	@echo "make test: all passed"

# The GitHub Pages workflow installs what the build needs, no less.
workflow:
	@missing=""; for p in $(BUILD_PACKAGES); do \
	  grep -Eq "(^|[[:space:]])$$p([[:space:]]|\\\\|$$)" .github/workflows/pages.yml || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then echo "workflow: FAIL: .github/workflows/pages.yml does not install$$missing" >&2; exit 1; fi; \
	echo "workflow: pages.yml installs the $(words $(BUILD_PACKAGES)) build packages"

unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; $$t; done

golden: $(SAN)/pnyx
	@sh tests/golden.sh $(SAN)/pnyx

cli: $(SAN)/pnyx
	@sh tests/cli.sh $(SAN)/pnyx

new: $(SAN)/pnyx
	@sh tests/new.sh $(SAN)/pnyx

links: $(SAN)/pnyx
	@sh tests/links.sh $(SAN)/pnyx

# Jekyll sites built unchanged, compared with `jekyll build`'s output (checked in).
jekyll: $(SAN)/pnyx
	@sh tests/jekyll.sh $(SAN)/pnyx

outputs: $(SAN)/pnyx
	@sh tests/outputs.sh $(SAN)/pnyx

# pnyx serve over HTTP with curl.
http: $(SAN)/pnyx
	@sh tests/serve.sh $(SAN)/pnyx
	@sh tests/rebuild.sh $(SAN)/pnyx

# Browser tests: npm packages pinned in tests/browser/package-lock.json, installed
# with npm ci when they change; the browser is Debian's chromium, never downloaded.
BROWSER_DIR := tests/browser

$(BROWSER_DIR)/node_modules/.package-lock.json: $(BROWSER_DIR)/package.json $(BROWSER_DIR)/package-lock.json
	@command -v npm >/dev/null || { echo "make browser: npm is missing: install Node.js with npm" >&2; exit 1; }
	cd $(BROWSER_DIR) && npm ci --no-audit --no-fund --ignore-scripts
	@touch $@

browser: $(SAN)/pnyx $(BROWSER_DIR)/node_modules/.package-lock.json
	@node $(BROWSER_DIR)/live.test.mjs $(SAN)/pnyx

# The bundled site's theme: html-validate, axe-core, 320 px, search, screenshots.
theme: $(SAN)/pnyx $(BROWSER_DIR)/node_modules/.package-lock.json
	@sh tests/theme.sh $(SAN)/pnyx

# Slide decks: `pnyx slides --pdf` (pages counted with pdfinfo) and the deck in headless Chromium.
slides: $(SAN)/pnyx $(BROWSER_DIR)/node_modules/.package-lock.json
	@sh tests/slides.sh $(SAN)/pnyx

# The golden Liquid conformance suite. Fails when fewer than
# LIQUID_SUITE_MIN cases pass (the count reached so far: a regression guard).
SUITE ?= tests/liquid-suite/golden_liquid.json
LIQUID_SUITE_MIN ?= 1053

$(SAN)/liquid_suite: tests/liquid_suite.c $(SAN)/libpnyx.a
	@mkdir -p $(dir $@)
	$(CC) $(SAN_CFLAGS) -Isrc -o $@ $< $(SAN)/libpnyx.a $(LIBS)

liquid-suite: $(SAN)/liquid_suite
	@LIQUID_SUITE_MIN=$(LIQUID_SUITE_MIN) $(SAN)/liquid_suite $(SUITE)

# Rewrites the expected output of the golden sites (review the diff!).
regen: $(SAN)/pnyx
	@REGEN=1 sh tests/golden.sh $(SAN)/pnyx

# The 10,000-page benchmark (tests/bench/): the generator and the
# cmark-gfm baseline are built here; the site goes to $(BUILD)/bench, out of git.
BENCH_DIR := $(BUILD)/bench

bench: check-deps pnyx $(BENCH_DIR)/gensite $(BENCH_DIR)/cmark_alone
	@BENCH=$(BENCH_DIR) sh tests/bench/bench.sh
	@BENCH=$(BENCH_DIR) sh tests/bench/serve_bench.sh
	@BENCH=$(BENCH_DIR) sh tests/bench/bench_others.sh

$(BENCH_DIR)/gensite: tests/bench/gensite.c
	@mkdir -p $(dir $@)
	$(CC) $(RELEASE_CFLAGS) -o $@ $<

$(BENCH_DIR)/cmark_alone: tests/bench/cmark_alone.c
	@mkdir -p $(dir $@)
	$(CC) $(RELEASE_CFLAGS) -o $@ $< $(LIBS)

# pnyx serve under load (tests/load/): 1,000 clients while pages change,
# 200 slow ones, event streams and hostile requests, then memory and open
# files back to where they were, and memory over 200 rebuilds, on the
# release build (its memory is what is measured); then a shorter run on
# the sanitized build. The request-path fuzzer is tests/fuzz/fuzz_route.c.
LOAD_DIR := $(BUILD)/load

load: $(REL)/pnyx $(SAN)/pnyx $(LOAD_DIR)/loadgen $(BENCH_DIR)/gensite
	@sh tests/load/load.sh $(REL)/pnyx $(LOAD_DIR)/loadgen $(BENCH_DIR)/gensite
	@echo "load: again, smaller, under AddressSanitizer + UBSan"
	@CONNS=200 SLOW=0 SSE=10 SECONDS_LOAD=4 REBUILDS=0 MEMORY_CHECKS=0 \
		sh tests/load/load.sh $(SAN)/pnyx $(LOAD_DIR)/loadgen $(BENCH_DIR)/gensite

# The server's memory over 1,000 rebuilds (about a minute).
load-rebuilds: $(REL)/pnyx $(LOAD_DIR)/loadgen $(BENCH_DIR)/gensite
	@REBUILDS=1000 REBUILDS_ONLY=1 sh tests/load/load.sh $(REL)/pnyx $(LOAD_DIR)/loadgen $(BENCH_DIR)/gensite

$(LOAD_DIR)/loadgen: tests/load/loadgen.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O2 -g $(WARN) -Werror -o $@ $<

# Fuzzing (tests/fuzz/README.md): clang libFuzzer targets linked against the
# src/ objects compiled by clang with the same sanitizers, in $(FUZZ)/.
FUZZ := $(BUILD)/fuzz
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_RUNS ?=
FUZZ_TARGETS := $(patsubst tests/fuzz/fuzz_%.c,%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_CFLAGS := $(BASE_CFLAGS) -O1 -g $(FUZZ_SAN) -fsanitize=fuzzer-no-link
FUZZ_OBJ := $(LIB_SRC:%.c=$(FUZZ)/%.o)
FUZZ_BIN := $(FUZZ_TARGETS:%=$(FUZZ)/fuzz_%)
# Leaks are checked per input; a run stops at its first crash.
FUZZ_ENV := ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

$(FUZZ)/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

$(FUZZ)/libpnyx.a: $(FUZZ_OBJ)
	rm -f $@ && ar rcs $@ $^

$(FUZZ)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ)/libpnyx.a
	$(FUZZ_CC) $(BASE_CFLAGS) -O1 -g $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $< $(FUZZ)/libpnyx.a $(LIBS)

fuzz-build: $(FUZZ_BIN)

# Each target over its seed corpus and regression inputs, then 3 s of new inputs.
fuzz-smoke: $(FUZZ_BIN)
	@FUZZ=$(FUZZ) $(FUZZ_ENV) sh tests/fuzz/run.sh smoke 3 $(FUZZ_TARGETS)

# Each target for FUZZ_SECONDS seconds (0: no limit) or FUZZ_RUNS executions,
# whichever comes first; new inputs go to $(FUZZ)/corpus/T, crashes to
# $(FUZZ)/crashes/T.
fuzz: $(FUZZ_BIN)
	@FUZZ=$(FUZZ) FUZZ_RUNS=$(FUZZ_RUNS) $(FUZZ_ENV) sh tests/fuzz/run.sh long $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# The hostile-input catalogue (tests/hostile/) against the sanitized build
# (the release one for the 100 MB cases), then the release build under
# valgrind on the bundled site and on 2,000 generated pages, and the
# sanitized one under LeakSanitizer on the 10,000 pages of the benchmark.
hostile: $(SAN)/pnyx pnyx $(BENCH_DIR)/gensite
	@GENSITE=$(BENCH_DIR)/gensite sh tests/hostile.sh $(SAN)/pnyx ./pnyx

install: pnyx
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 pnyx $(DESTDIR)$(PREFIX)/bin/pnyx

clean:
	rm -rf $(BUILD) pnyx _site

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
