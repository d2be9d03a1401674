# Two entry points for a fresh machine with Swift: `make demo` and `make test`.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
KPI := .build/debug/kpi

.PHONY: demo test deps build release bench bench-deps bench-quick fuzz clean example install uninstall completions manual commit-stamp

deps:
	@pkg-config --exists libgit2 || $(SUDO) apt-get install -y libgit2-dev \
	  || ($(SUDO) apt-get update && $(SUDO) apt-get install -y libgit2-dev)

build: deps
	$(SWIFT) build --product kpi

demo: build
	$(KPI) demo


test: deps
	$(SWIFT) build --product kpi
	$(SWIFT) test

# The release binary carries the Swift runtime and Foundation inside it (--static-swift-stdlib),
# so it runs where no Swift toolchain is installed; libgit2 and libcrypto stay the system's.
# It records the commit it is built from for `kpi --version` (docs/install.md).
# SCRATCH: the build folder (the install test gives its own, as `swift test` holds .build).
SCRATCH ?= .build
RELEASE := $(SWIFT) build -c release --static-swift-stdlib --scratch-path $(SCRATCH)
release: deps commit-stamp
	$(RELEASE) --product kpi
	rm -f $(COMMIT_H)

# Sources/CBuildInfo/commit.h: the commit (with -dirty when tracked files differ from it), or
# none outside a git work tree, so the binary says "unknown" as a plain `swift build` does.
# Removed again after the build, so a later plain build does not claim a commit it may not be.
COMMIT_H := Sources/CBuildInfo/commit.h
commit-stamp:
	@c=$$(git rev-parse --short=12 HEAD 2>/dev/null) || c=unknown; \
	if [ "$$c" != unknown ] && ! git diff --quiet HEAD -- 2>/dev/null; then c="$$c-dirty"; fi; \
	printf '#define KPI_BUILD_COMMIT "%s"\n' "$$c" > $(COMMIT_H); \
	touch Sources/CBuildInfo/build_info.c

# Shell completions and the man page, made by the release binary and swift-argument-parser's
# generate-manual (the tool its `swift package plugin generate-manual` runs).
GEN := $(SCRATCH)/generated
completions: release
	mkdir -p $(GEN)
	$(SCRATCH)/release/kpi --generate-completion-script bash > $(GEN)/kpi.bash
	$(SCRATCH)/release/kpi --generate-completion-script zsh > $(GEN)/_kpi
	$(SCRATCH)/release/kpi --generate-completion-script fish > $(GEN)/kpi.fish

# One page per command: kpi.1, kpi.score.1, kpi.goal.set.1 ... (`man kpi`, `man kpi.score`).
# The folder is made afresh, so a command that is gone leaves no page behind.
MAN := $(GEN)/man
manual: release
	$(RELEASE) --product generate-manual
	rm -rf $(MAN) && mkdir -p $(MAN)
	$(SCRATCH)/release/generate-manual $(SCRATCH)/release/kpi --multi-page --output-directory $(MAN) --authors "the KPI Ledger authors"
	sed -i 's/^$$/.Pp/' $(MAN)/*.1   # a help text's blank line: a paragraph break in mdoc, not a warning

# `make install PREFIX=/usr/local DESTDIR=`: builds as the user running it, then copies.
PREFIX ?= /usr/local
DESTDIR ?=
MAN1 := $(DESTDIR)$(PREFIX)/share/man/man1
INSTALLED := $(DESTDIR)$(PREFIX)/bin/kpi \
	$(DESTDIR)$(PREFIX)/share/bash-completion/completions/kpi \
	$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_kpi \
	$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/kpi.fish
# The installed copy drops the debug sections (131 MB → 96 MB); symbols stay for crash backtraces.
install: completions manual
	install -D -m 755 $(SCRATCH)/release/kpi $(DESTDIR)$(PREFIX)/bin/kpi
	if command -v strip >/dev/null; then strip --strip-debug $(DESTDIR)$(PREFIX)/bin/kpi; fi
	install -D -m 644 $(GEN)/kpi.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/kpi
	install -D -m 644 $(GEN)/_kpi $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_kpi
	install -D -m 644 $(GEN)/kpi.fish $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/kpi.fish
	install -d $(MAN1)
	install -m 644 $(MAN)/*.1 $(MAN1)/

# The man pages by name: kpi.1 and kpi.<command>.1 (no other package's page is named so).
uninstall:
	rm -f $(INSTALLED) $(MAN1)/kpi.1 $(MAN1)/kpi.*.1

# The benchmark: every performance target beside its peer (results: BENCHMARKS.md), each row
# marked met / NOT met. Needs git and the plain-text accounting peers hledger and ledger-cli
# (Debian packages, installed by bench-deps when missing), and valgrind for profiles.
bench-deps:
	@missing=$$(for p in hledger ledger; do command -v $$p >/dev/null || echo $$p; done); \
	if [ -n "$$missing" ]; then $(SUDO) apt-get install -y $$missing || ($(SUDO) apt-get update && $(SUDO) apt-get install -y $$missing); fi

# Both built as `make release` builds kpi (the Swift runtime linked in: start-up differs), so the
# benchmark measures the binary users install and the two share one build.
bench: deps bench-deps
	$(RELEASE) --product kpi
	$(RELEASE) --product kpi-bench
	$(SCRATCH)/release/kpi-bench $(BENCH_ARGS)

bench-quick:
	$(MAKE) bench BENCH_ARGS=--quick

# libFuzzer targets for the ledger, value and formula parsers and a workbook's XML, FUZZ_SECONDS each.
FUZZ_SECONDS ?= 60
fuzz:
	Fuzz/run.sh $(FUZZ_SECONDS)

clean:
	rm -rf .build

# Regenerates the example history, the example ledger's files and the README's sample output.
# The history is generated before the build, since `kpi demo` replays the copy built into it.
example: deps
	python3 ledger-example/tools/generate-history.py
	$(SWIFT) build --product kpi
	d=$$(mktemp -d)/northwind && $(KPI) demo $$d >/dev/null && \
	for f in ledger.yaml metrics scorecards people teams goals records reviews calibration .kpi; do rm -rf ledger-example/$$f; cp -r $$d/$$f ledger-example/; done && \
	python3 ledger-example/tools/fill-readme.py . $$d
