# Two entry points for a fresh machine with Swift: `make demo` and `make test`.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
KPI := .build/debug/kpi

.PHONY: demo test deps build release bench bench-deps bench-quick fuzz clean example

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

release: deps
	$(SWIFT) build -c release

# The benchmark: every performance target beside its peer (results: BENCHMARKS.md), each row
# marked met / NOT met. Needs git and the plain-text accounting peers hledger and ledger-cli
# (Debian packages, installed by bench-deps when missing), and valgrind for profiles.
bench-deps:
	@missing=$$(for p in hledger ledger; do command -v $$p >/dev/null || echo $$p; done); \
	if [ -n "$$missing" ]; then $(SUDO) apt-get install -y $$missing || ($(SUDO) apt-get update && $(SUDO) apt-get install -y $$missing); fi

bench: deps bench-deps
	$(SWIFT) build -c release --product kpi
	$(SWIFT) build -c release --product kpi-bench
	.build/release/kpi-bench $(BENCH_ARGS)

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
	for f in ledger.yaml metrics scorecards people teams goals records reviews .kpi; do rm -rf ledger-example/$$f; cp -r $$d/$$f ledger-example/; done && \
	python3 ledger-example/tools/fill-readme.py . $$d
