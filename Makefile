# lvzhi — the two commands a newcomer needs are `make demo` and `make test`.

GO    ?= go
BIN   := bin/lvzhi
DATA  ?= lvzhi-data
# The bundled sample corpus: documents the project wrote itself.
SAMPLE := corpus/sample/files

.PHONY: all build test test-race demo eval bench bench-ingest bench-copies bench-workbook bench-web bench-load bench-search fuzz vet lint clean

all: build

build:
	$(GO) build -o $(BIN) ./cmd/lvzhi

vet:
	$(GO) vet ./...
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

# staticcheck, pinned (downloaded through the module proxy on first use).
lint:
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...

# Every test, then the concurrent packages again under the race detector.
test: vet
	$(GO) test -timeout 30m ./...
	$(GO) test -timeout 30m -race -short ./ingest/... ./index/... ./corpus/... ./app/... ./web/... ./cmd/...

# Ingest the sample corpus into ./lvzhi-data — the template-site pages and
# model texts the office collected as reference material first — then show
# the review queue, the versions of a corrected report, a search, the
# comparison of deputies, and write lvzhi-demo.xlsx. Running it again
# changes nothing (documents are identified by their text).
demo: build
	$(BIN) ingest --data $(DATA) --reference $(SAMPLE)/参考材料 $(SAMPLE)/网上下载
	$(BIN) ingest --data $(DATA) $(SAMPLE)
	@echo
	@echo "== 复核队列（前 8 篇）=="
	$(BIN) flags --data $(DATA) --limit 8
	@echo
	@echo "== 同一报告的不同版本：何静的修改稿计入统计，原稿为历史版本 =="
	$(BIN) search --data $(DATA) --deputy 何静 --status all --limit 3
	@echo "-- 其中计入统计的（现行版本）："
	$(BIN) search --data $(DATA) --deputy 何静 --status current --limit 1
	@echo "-- 历史版本（默认检索不显示）："
	$(BIN) search --data $(DATA) --deputy 何静 --status history --limit 1
	@echo
	@echo "== 检索示例：道路 =="
	$(BIN) search --data $(DATA) --limit 3 道路
	@echo
	@echo "== 代表对比（按积分排名，前 8 位）=="
	$(BIN) compare --data $(DATA) --limit 8
	@echo
	$(BIN) export --data $(DATA) -o lvzhi-demo.xlsx

# Precision, recall and F1 of every extracted field on the labelled corpus
# (extract/testdata/eval); make test fails when a field falls below its
# floor in extract/testdata/eval/floors.json. EVALFLAGS=-v lists every miss.
EVAL := extract/testdata/eval
eval:
	$(GO) run ./cmd/lvzhi eval $(EVALFLAGS) $(EVAL)

# Benchmarks report MB/s (b.SetBytes) and allocations; the whole-ingest
# benchmark also reports the peak RSS of the lvzhi process.
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./extract/... ./ingest/... ./index/... ./corpus/... ./export/...
	$(MAKE) bench-ingest
	$(MAKE) bench-copies

bench-ingest:
	LVZHI_BENCH_DOCS=$${LVZHI_BENCH_DOCS:-5000} $(GO) test -run '^$$' -bench BenchmarkIngest -benchtime 1x -timeout 60m ./cmd/lvzhi

# The copy check at scale: fingerprint 100,000 generated reports, reopen the
# index, compute every report's copy ratio, check one new report (p50/p99),
# with the peak RSS of each phase. About 20 minutes on two cores.
bench-copies:
	LVZHI_COPIES_DOCS=$${LVZHI_COPIES_DOCS:-100000} $(GO) test -run '^$$' -bench BenchmarkCorpus -benchtime 1x -timeout 3h ./index/copies

# The workbook of 100,000 generated reports with the comparison, under the
# export's soft memory limit (peak RSS reported).
bench-workbook:
	GOMEMLIMIT=450MiB $(GO) test -run '^$$' -bench Workbook100k -benchtime 1x -timeout 60m ./export

# Warm search latency in the index package (p50/p99 with facets and
# snippets, CPU per search) and the index size per byte of text, on a
# generated corpus; LVZHI_BENCH_DOCS=100000 for the issue's scale
# (LVZHI_BENCH_CACHE keeps the built index between runs).
bench-search:
	LVZHI_BENCH_DOCS=$${LVZHI_BENCH_DOCS:-20000} $(GO) test -run '^$$' -bench 'SearchLatency|Columns' -benchtime 20x -timeout 60m ./index
	$(GO) test -run '^$$' -bench IndexSize -benchtime 1x ./index

# Warm search latency (p50/p99 with facets and snippets) over a data
# directory you built (LVZHI_BENCH_DATA) and ripgrep over its files
# (LVZHI_BENCH_FILES), the same queries in the same run.
bench-web:
	$(GO) test -run '^$$' -bench BenchmarkServe -benchtime 1x -timeout 60m ./web

# The web UI under load: wrk (Debian's package) with 50 connections for 30 s
# on loopback against `lvzhi serve`'s handler, a mix of 400 searches, search
# pages and document pages; fails on any error. LVZHI_BENCH_DATA names a
# data directory to serve (see corpus/corpustest/gencorpus), else 2,000
# generated reports are ingested first.
bench-load:
	$(GO) test -run '^$$' -bench BenchmarkLoad -benchtime 1x -timeout 60m ./web

# A minute of fuzzing per reader; FUZZTIME=10m for a longer campaign.
FUZZTIME ?= 60s
fuzz:
	for f in $$($(GO) test -list 'Fuzz.*' ./ingest | grep ^Fuzz); do \
	  $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 200x ./ingest || exit 1; done

clean:
	rm -rf bin $(DATA) lvzhi-demo.xlsx
