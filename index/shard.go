package index

// Sharding. A generation may hold one bleve index per shard instead of a
// single one, the reports split by year:
//
//	DIR/gen-000003/shards.json    {"by": "year"}: the scheme; its presence marks the layout
//	DIR/gen-000003/shards/2021/   a bleve (scorch) index of the reports of 2021
//	DIR/gen-000003/shards/none/   … of the reports without a year
//
// A generation without shards.json is one bleve index, as before sharding,
// and opens and works exactly as it did. Rebuild chooses the scheme
// (RebuildOptions); it is recorded in the generation, so later opens and
// Puts follow it until the next Rebuild.
//
// Put routes each report to the shard of its year, creating the shard on
// first use, and takes a report whose year changed out of the shard that
// held it. Delete, Count and Has work across shards. Whatever goes through
// bleve's own API (searchBleve, IDs, Has) sees the shards through
// bleve.NewIndexAlias, which searches them concurrently and merges the
// hits by the request's sort order. The fast path (searchColumns) runs per
// shard, concurrently, and merges: totals add, facet counts add by value
// (each shard numbers its values apart, so they merge by name), and the
// best hits of every shard merge by the same order (year, score, ID). A
// query restricted to years visits only the shards of those years.
//
// What sharding changes: bleve scores with TF-IDF, and the document
// frequencies behind idf are each shard's own, so scores (and the order of
// hits that tie on year) differ from those of one index holding the same
// reports. Totals, facet counts and the set of documents found do not, and
// neither does any order that does not depend on scores (browsing, sorting
// by year).

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"lvzhi/corpus"
)

// Sharding is how a generation splits its reports into bleve indexes.
type Sharding string

const (
	ShardNone Sharding = "none" // one bleve index, the layout before sharding
	ShardYear Sharding = "year" // one bleve index per year, and one for reports without a year
)

// RebuildOptions says how Rebuild lays out the new generation.
type RebuildOptions struct {
	ShardBy Sharding // "" is ShardNone
}

const (
	shardsFile  = "shards.json"
	shardsDir   = "shards"
	noYearShard = "none"
	// rebuildBuffered is the most reports a sharded Rebuild holds in its
	// per-shard batches: when they reach it, the largest is put.
	rebuildBuffered = 4 * RebuildBatch
	// allFacetTerms is the facet size the alias asks every shard for, so
	// that merged counts are exact before they are cut to facetSize.
	allFacetTerms = 1 << 20
)

// shardPattern matches the directory names of shards: a year or "none".
var shardPattern = regexp.MustCompile(`^(none|-?[0-9]{1,10})$`)

// shardsMeta is the content of shards.json.
type shardsMeta struct {
	By Sharding `json:"by"`
}

// sharding checks the scheme of Rebuild's options.
func sharding(opts []RebuildOptions) (Sharding, error) {
	if len(opts) > 1 {
		return "", corpus.Errorf(corpus.EINTERNAL, "重建索引失败: 选项只能给一组")
	}
	by := ShardNone
	if len(opts) == 1 && opts[0].ShardBy != "" {
		by = opts[0].ShardBy
	}
	switch by {
	case ShardNone, ShardYear:
		return by, nil
	}
	return "", corpus.Errorf(corpus.EINVALID, "未知的分片方式“%s”: 应为 year（按年份）或 none（不分片）", by)
}

// Sharding is the scheme of the open generation.
func (ix *Index) Sharding() Sharding {
	if ix.shards == nil {
		return ShardNone
	}
	return ix.shards.by
}

// Shards lists the shards of the open generation ("2021", …, "none"),
// oldest year first; nil when it is one bleve index.
func (ix *Index) Shards() []string {
	if ix.shards == nil {
		return nil
	}
	var keys []string
	for _, sh := range ix.shards.list() {
		keys = append(keys, sh.key)
	}
	return keys
}

// shard is one bleve index of a sharded generation. Its Index has no
// shards of its own, so every method of Index works on it alone.
type shard struct {
	key string
	*Index
}

// shardSet is the shards of an open sharded generation.
type shardSet struct {
	by   Sharding
	dir  string // the index directory, for messages
	path string // the generation's directory
	opt  Options
	// fresh is set while Rebuild fills a new generation: its reports come
	// from the store, one per ID, so no report can sit in another shard.
	fresh bool

	mu    sync.RWMutex
	subs  map[string]*shard
	alias bleve.IndexAlias

	writeMu sync.Mutex // one Put or Delete at a time: moves between shards are not atomic
}

// key is the shard a report belongs to.
func (s *shardSet) key(r *corpus.Report) string {
	if r.Year == nil {
		return noYearShard
	}
	return strconv.Itoa(*r.Year)
}

// list returns the shards, oldest year first and "none" last.
func (s *shardSet) list() []*shard {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]*shard, 0, len(s.subs))
	for _, sh := range s.subs {
		out = append(out, sh)
	}
	slices.SortFunc(out, func(a, b *shard) int { return compareKeys(a.key, b.key) })
	return out
}

func compareKeys(a, b string) int {
	ya, ea := strconv.Atoi(a)
	yb, eb := strconv.Atoi(b)
	switch {
	case ea != nil && eb != nil:
		return strings.Compare(a, b)
	case ea != nil:
		return 1
	case eb != nil:
		return -1
	}
	return ya - yb
}

// selectFor returns the shards that can hold documents q finds: those of
// its years when it filters by year (never "none": a document without a
// year passes no year filter), else all.
func (s *shardSet) selectFor(q Query) []*shard {
	all := s.list()
	if q.Year == 0 && q.YearFrom == 0 && q.YearTo == 0 {
		return all
	}
	var out []*shard
	for _, sh := range all {
		y, err := strconv.Atoi(sh.key)
		switch {
		case err != nil:
		case q.Year != 0 && y != q.Year:
		case q.YearFrom != 0 && y < q.YearFrom:
		case q.YearTo != 0 && y > q.YearTo:
		default:
			out = append(out, sh)
		}
	}
	return out
}

// readShardsMeta reads the scheme of the generation at path, nil when it
// is one bleve index.
func readShardsMeta(path string) (*shardsMeta, error) {
	b, err := os.ReadFile(filepath.Join(path, shardsFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	var m shardsMeta
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", shardsFile, err)
	}
	if m.By != ShardYear {
		return nil, fmt.Errorf("%s: 未知的分片方式 %q（可能由更新版本的 lvzhi 写入）", shardsFile, m.By)
	}
	return &m, nil
}

// openLayout opens the generation at path in either layout: one bleve
// index, or (when it holds shards.json) one per shard behind an alias.
// dir is the index directory, for messages.
func openLayout(dir, path string, opt Options) (bleve.Index, *shardSet, error) {
	meta, err := readShardsMeta(path)
	if err != nil {
		return nil, nil, err
	}
	if meta == nil {
		bi, err := openGen(path, opt)
		return bi, nil, err
	}
	set := &shardSet{by: meta.By, dir: dir, path: path, opt: opt, subs: map[string]*shard{}}
	sd := filepath.Join(path, shardsDir)
	entries, err := os.ReadDir(sd)
	if err != nil {
		return nil, nil, err
	}
	var bis []bleve.Index
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() || !shardPattern.MatchString(name) {
			// A shard a killed writer was creating.
			if !opt.ReadOnly && strings.Contains(name, ".tmp-") && builderGone(name) {
				_ = os.RemoveAll(filepath.Join(sd, name))
			}
			continue
		}
		bi, err := openGen(filepath.Join(sd, name), opt)
		if err != nil {
			_ = set.close()
			return nil, nil, fmt.Errorf("分片 %s: %w", name, err)
		}
		set.subs[name] = set.newShard(name, bi)
		bis = append(bis, bi)
	}
	var m mapping.IndexMapping = newMapping()
	if len(bis) > 0 {
		m = bis[0].Mapping() // every shard of a generation has the same
	}
	alias := bleve.NewIndexAlias(bis...)
	if err := alias.SetIndexMapping(m); err != nil {
		_ = set.close()
		return nil, nil, err
	}
	set.alias = alias
	return &shardedBleve{IndexAlias: set.alias, set: set}, set, nil
}

func (s *shardSet) newShard(key string, bi bleve.Index) *shard {
	return &shard{key: key, Index: &Index{
		dir:      s.dir,
		gen:      filepath.Join(filepath.Base(s.path), shardsDir, key),
		bi:       bi,
		readOnly: s.opt.ReadOnly,
	}}
}

// create returns the shard of key, creating it first if absent.
func (s *shardSet) create(key string) (*shard, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sh := s.subs[key]; sh != nil {
		return sh, nil
	}
	sd := filepath.Join(s.path, shardsDir)
	tmp, err := buildEmpty(sd, key)
	if err != nil {
		return nil, err
	}
	path := filepath.Join(sd, key)
	if err := os.Rename(tmp, path); err != nil {
		_ = os.RemoveAll(tmp)
		return nil, &corpus.Error{Code: corpus.EINTERNAL, Message: fmt.Sprintf("创建索引 %s 的分片 %s 失败", s.dir, key), Err: err}
	}
	syncDir(sd)
	bi, err := openGen(path, s.opt)
	if err != nil {
		return nil, &corpus.Error{Code: corpus.EINTERNAL, Message: fmt.Sprintf("打开索引 %s 的分片 %s 失败", s.dir, key), Err: err}
	}
	sh := s.newShard(key, bi)
	s.subs[key] = sh
	s.alias.Add(bi)
	return sh, nil
}

// close closes every shard.
func (s *shardSet) close() error {
	var first error
	for _, sh := range s.list() {
		if err := sh.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// buildLayout creates a new empty generation in a temporary directory in
// dir, in the layout of by, and returns its path.
func buildLayout(dir, gen string, by Sharding) (string, error) {
	if by == ShardNone {
		return buildEmpty(dir, gen)
	}
	tmp, err := os.MkdirTemp(dir, fmt.Sprintf("%s.tmp-%d-", gen, os.Getpid()))
	if err == nil {
		err = os.Mkdir(filepath.Join(tmp, shardsDir), 0o755)
		if err == nil {
			var b []byte
			b, err = json.Marshal(shardsMeta{By: by})
			if err == nil {
				err = os.WriteFile(filepath.Join(tmp, shardsFile), append(b, '\n'), 0o644)
			}
		}
		if err != nil {
			_ = os.RemoveAll(tmp)
		}
	}
	if err != nil {
		return "", &corpus.Error{Code: corpus.EINTERNAL, Message: fmt.Sprintf("创建索引 %s 失败", dir), Err: err}
	}
	// The shard of reports without a year always exists, so that the
	// alias is never empty.
	sd := filepath.Join(tmp, shardsDir)
	none, err := buildEmpty(sd, noYearShard)
	if err == nil {
		err = os.Rename(none, filepath.Join(sd, noYearShard))
	}
	if err != nil {
		_ = os.RemoveAll(tmp)
		var ce *corpus.Error
		if errors.As(err, &ce) {
			return "", err
		}
		return "", &corpus.Error{Code: corpus.EINTERNAL, Message: fmt.Sprintf("创建索引 %s 失败", dir), Err: err}
	}
	return tmp, nil
}

// shardedBleve is the bleve index of a sharded generation: bleve's alias
// over the shards, with what the alias does not do for several indexes
// (dictionaries, closing the shards, failing on a shard's error, exact
// facet counts).
type shardedBleve struct {
	bleve.IndexAlias
	set *shardSet
}

// Close closes the alias and every shard.
func (sb *shardedBleve) Close() error {
	_ = sb.IndexAlias.Close()
	return sb.set.close()
}

// DocCount is the number of documents of all shards; unlike the alias it
// fails when a shard does.
func (sb *shardedBleve) DocCount() (uint64, error) {
	var n uint64
	for _, sh := range sb.set.list() {
		c, err := sh.bi.DocCount()
		if err != nil {
			return 0, fmt.Errorf("分片 %s: %w", sh.key, err)
		}
		n += c
	}
	return n, nil
}

func (sb *shardedBleve) Search(req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	return sb.SearchInContext(context.Background(), req)
}

// SearchInContext searches every shard through the alias. Facets are
// counted in full in each shard and cut to the requested size after they
// are merged, so their counts are exact (the alias alone cuts each shard's
// facets first); a shard that fails fails the search.
func (sb *shardedBleve) SearchInContext(ctx context.Context, req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	if len(sb.set.list()) == 0 {
		return &bleve.SearchResult{Status: &bleve.SearchStatus{}, Hits: search.DocumentMatchCollection{}, Facets: search.FacetResults{}}, nil
	}
	r := *req
	if len(req.Facets) > 0 {
		r.Facets = make(bleve.FacetsRequest, len(req.Facets))
		for name, fr := range req.Facets {
			all := *fr
			all.Size = allFacetTerms
			r.Facets[name] = &all
		}
	}
	res, err := sb.IndexAlias.SearchInContext(ctx, &r)
	if err != nil {
		return nil, err
	}
	if res.Status != nil && res.Status.Failed > 0 {
		for name, err := range res.Status.Errors {
			return nil, fmt.Errorf("分片 %s: %w", name, err)
		}
		return nil, errors.New("分片搜索失败")
	}
	for name, fr := range req.Facets {
		res.Facets.Fixup(name, fr.Size)
	}
	return res, nil
}

// FieldDictPrefix lists the terms of field starting with prefix in any
// shard, in order, each once (the alias does this for one index only).
func (sb *shardedBleve) FieldDictPrefix(field string, prefix []byte) (index.FieldDict, error) {
	md := &mergedDict{}
	for _, sh := range sb.set.list() {
		d, err := sh.bi.FieldDictPrefix(field, prefix)
		if err != nil {
			_ = md.Close()
			return nil, err
		}
		md.dicts = append(md.dicts, d)
	}
	if err := md.start(); err != nil {
		_ = md.Close()
		return nil, err
	}
	return md, nil
}

// mergedDict merges the term dictionaries of several shards.
type mergedDict struct {
	dicts []index.FieldDict
	heads []index.DictEntry // the next entry of each dictionary
	live  []bool            // whether heads[i] holds one
	entry index.DictEntry
}

func (md *mergedDict) start() error {
	md.heads = make([]index.DictEntry, len(md.dicts))
	md.live = make([]bool, len(md.dicts))
	for i := range md.dicts {
		if err := md.advance(i); err != nil {
			return err
		}
	}
	return nil
}

func (md *mergedDict) advance(i int) error {
	e, err := md.dicts[i].Next()
	if err != nil {
		return err
	}
	md.live[i] = e != nil
	if e != nil {
		md.heads[i] = *e
	}
	return nil
}

func (md *mergedDict) Next() (*index.DictEntry, error) {
	least := -1
	for i, ok := range md.live {
		if ok && (least < 0 || md.heads[i].Term < md.heads[least].Term) {
			least = i
		}
	}
	if least < 0 {
		return nil, nil
	}
	md.entry = index.DictEntry{Term: md.heads[least].Term}
	for i, ok := range md.live {
		if ok && md.heads[i].Term == md.entry.Term {
			md.entry.Count += md.heads[i].Count
			if err := md.advance(i); err != nil {
				return nil, err
			}
		}
	}
	return &md.entry, nil
}

func (md *mergedDict) Close() error {
	var first error
	for _, d := range md.dicts {
		if err := d.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

func (md *mergedDict) Cardinality() int {
	n := 0
	for _, d := range md.dicts {
		n += d.Cardinality()
	}
	return n
}

func (md *mergedDict) BytesRead() uint64 {
	var n uint64
	for _, d := range md.dicts {
		n += d.BytesRead()
	}
	return n
}

// searchFast is the column search of the index, per shard when it has
// shards. ok is false when the columns cannot read it (see searchColumns).
func (ix *Index) searchFast(ctx context.Context, q Query, size int) (*Result, bool, error) {
	if ix.shards == nil {
		return ix.searchColumns(ctx, q, size)
	}
	return ix.searchShards(ctx, q, size)
}

// shardScan is what one shard found for a sharded search.
type shardScan struct {
	r      index.IndexReader // open until the page's hits are read
	cols   *snapColumns
	total  uint64
	counts [numCols][]uint32
	top    []hitRef // the shard's best From+Size hits, unordered
}

// searchShards is searchColumns over the shards q can find documents in:
// each shard is scanned as searchColumns scans an index, all at once, and
// the results merged.
func (ix *Index) searchShards(ctx context.Context, q Query, size int) (*Result, bool, error) {
	if err := ctx.Err(); err != nil {
		return nil, true, err
	}
	shards := ix.shards.selectFor(q)
	// The text query is built as the index would build it; a query of one
	// shard asks only that shard's dictionary.
	build := ix
	if len(shards) == 1 {
		build = shards[0].Index
	}
	textQ, marks, browse, err := build.buildText(q)
	if err != nil {
		return nil, true, err
	}
	k := q.From + size
	scans := make([]*shardScan, len(shards))
	oks := make([]bool, len(shards))
	errs := make([]error, len(shards))
	var wg sync.WaitGroup
	for i, sh := range shards {
		wg.Add(1)
		go func() {
			defer wg.Done()
			scans[i], oks[i], errs[i] = sh.scanShard(ctx, q, textQ, browse, k)
		}()
	}
	wg.Wait()
	defer func() {
		for _, s := range scans {
			if s != nil {
				s.close()
			}
		}
	}()
	for i := range shards {
		if errs[i] != nil {
			return nil, true, errs[i]
		}
		if !oks[i] {
			return nil, false, nil
		}
	}

	// The columns of all shards side by side, so that topHits orders hits
	// of different shards as it orders those of different segments.
	merged := &snapColumns{}
	first := make([]int, len(scans)) // each shard's first segment in merged
	var total uint64
	var counts [numCols]map[string]int
	for c := range counts {
		counts[c] = map[string]int{}
	}
	for i, s := range scans {
		first[i] = len(merged.segs)
		merged.segs = append(merged.segs, s.cols.segs...)
		total += s.total
		for c := range counts {
			for t, n := range s.counts[c] {
				if n > 0 {
					counts[c][s.cols.names[c][t]] += int(n)
				}
			}
		}
	}
	top := topHits{cols: merged, order: q.hitOrder(browse), k: k}
	for i, s := range scans {
		for _, h := range s.top {
			h.seg += int32(first[i])
			top.add(h)
		}
	}

	page := top.sorted()
	page = page[min(q.From, len(page)):]
	res := &Result{Total: total, Hits: make([]Hit, 0, len(page)), Facets: make(map[string]Facet, len(facetFields))}
	for _, h := range page {
		i := 0
		for i+1 < len(first) && first[i+1] <= int(h.seg) {
			i++
		}
		dm, err := loadHit(scans[i].r, merged.segs[h.seg].ids[h.doc], h.score)
		if err != nil {
			return nil, true, err
		}
		res.Hits = append(res.Hits, hit(dm, marks))
	}
	for c, ff := range facetFields {
		names := make([]string, 0, len(counts[c]))
		ns := make([]uint32, 0, len(counts[c]))
		for term, n := range counts[c] {
			names = append(names, term)
			ns = append(ns, uint32(n))
		}
		res.Facets[ff.name] = topTerms(names, ns, facetSize)
	}
	return res, true, nil
}

// scanShard scans the index (one shard of a sharded search, or the whole
// of an unsharded one) for the documents q finds, in parts, one per core,
// on a large index: each part runs its own searcher over a range of
// documents, and the parts' counts and best hits are merged. ok is false
// when the columns cannot read it. The caller closes the result's reader.
func (ix *Index) scanShard(ctx context.Context, q Query, textQ query.Query, browse bool, k int) (_ *shardScan, ok bool, err error) {
	adv, err := ix.bi.Advanced()
	if err != nil {
		return nil, true, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, true, err
	}
	defer func() {
		if !ok || err != nil {
			_ = r.Close()
		}
	}()
	snap := snapshotOf(r)
	if snap == nil {
		return nil, false, nil
	}
	cols, err := ix.cols.columns(snap)
	if err != nil {
		return nil, true, err
	}
	// One word, the commonest search, is read without bleve's searcher
	// tree (see wordscan.go).
	var plan *wordPlan
	if textQ != nil && !browse && wordScanOn {
		if ngram := ix.bi.Mapping().AnalyzerNamed(AnalyzerNgram); ngram != nil {
			plan, _ = queryBuilder{ngram: ngram, dict: ix.dictPrefix}.wordPlanOf(q.Text)
		}
	}
	f := q.columnFilter(cols)
	order := q.hitOrder(browse)
	var end uint64
	if n := len(cols.ss); n > 0 {
		end = cols.offsets[n-1] + cols.ss[n-1].Segment().Count()
	}
	parts := 1
	if end >= 2*minPartDocs {
		parts = min(runtime.GOMAXPROCS(0), maxParts, int(end/minPartDocs))
	}
	scans := make([]*scan, parts)
	errs := make(chan error, parts)
	for i := range scans {
		sc := &scan{cols: cols, f: &f, top: topHits{cols: cols, order: order, k: k}}
		for c := range sc.counts {
			sc.counts[c] = getCounts(len(cols.names[c]))
		}
		scans[i] = sc
		lo, hi := end*uint64(i)/uint64(parts), end*uint64(i+1)/uint64(parts)
		run := func() error {
			switch {
			case f.none:
				return nil
			case textQ == nil:
				return sc.browse(ctx, lo, hi)
			case plan != nil:
				return sc.searchWord(ctx, plan, r, lo, hi)
			}
			return sc.search(ctx, textQ, r, ix.bi.Mapping(), browse, lo, hi)
		}
		if i == parts-1 {
			errs <- run()
		} else {
			go func() { errs <- run() }()
		}
	}
	for range scans {
		if e := <-errs; e != nil && err == nil {
			err = e
		}
	}
	if err != nil {
		return nil, true, err
	}
	out := &shardScan{r: r, cols: cols, counts: scans[0].counts}
	for _, sc := range scans {
		out.total += sc.total
		out.top = append(out.top, sc.top.h...)
		if sc != scans[0] {
			for c := range out.counts {
				for t, n := range sc.counts[c] {
					out.counts[c][t] += n
				}
				putCounts(sc.counts[c])
			}
		}
	}
	return out, true, nil
}

// close closes the scan's reader and gives its facet counts back.
func (s *shardScan) close() {
	_ = s.r.Close()
	for c := range s.counts {
		putCounts(s.counts[c])
		s.counts[c] = nil
	}
}

// countsPool holds the facet count arrays of finished scans: a deputy
// facet has a term for nearly every report, so a search of a common word
// would otherwise allocate a counter per report and part, and the
// collections that follow show in its latency's tail.
var countsPool sync.Pool // of *[]uint32

// getCounts returns n zeroed counters.
func getCounts(n int) []uint32 {
	if p, ok := countsPool.Get().(*[]uint32); ok && cap(*p) >= n {
		s := (*p)[:n]
		clear(s)
		return s
	}
	return make([]uint32, n)
}

// putCounts gives counters back to the pool.
func putCounts(s []uint32) {
	if cap(s) > 0 {
		countsPool.Put(&s)
	}
}

// putShards puts reports (unique IDs) into the shards of their years,
// creating shards on first use. A report that another shard holds (its
// year changed) is deleted there first: if Put fails midway, the report is
// missing rather than found twice, and putting it again is harmless.
func (ix *Index) putShards(ctx context.Context, reports []*corpus.Report) error {
	set := ix.shards
	set.writeMu.Lock()
	defer set.writeMu.Unlock()
	groups := map[string][]*corpus.Report{}
	for _, r := range reports {
		k := set.key(r)
		groups[k] = append(groups[k], r)
	}
	if !set.fresh {
		for _, sh := range set.list() {
			var elsewhere []string
			for k, g := range groups {
				if k != sh.key {
					for _, r := range g {
						elsewhere = append(elsewhere, r.ID)
					}
				}
			}
			if err := sh.deleteHeld(ctx, elsewhere); err != nil {
				return err
			}
		}
	}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, compareKeys)
	// Bleve batches as Put makes them for one index (building a segment
	// is single-threaded): the reports split in up to one part per core,
	// here each part within one shard, a shard's reports in one batch
	// where they fit. The batches are committed concurrently, a part's
	// worth at a time.
	parts := ix.parallel
	if parts <= 0 {
		parts = min(runtime.GOMAXPROCS(0), 4)
	}
	parts = max(1, min(parts, len(reports)/minSubBatch))
	size := (len(reports) + parts - 1) / parts
	type job struct {
		sh      *shard
		reports []*corpus.Report
	}
	var jobs []job
	for _, k := range keys {
		sh, err := set.create(k)
		if err != nil {
			return err
		}
		g := groups[k]
		for i := 0; i < len(g); i += size {
			jobs = append(jobs, job{sh, g[i:min(i+size, len(g))]})
		}
	}
	sem := make(chan struct{}, parts)
	errs := make(chan error, len(jobs))
	for _, j := range jobs {
		sem <- struct{}{}
		go func() {
			defer func() { <-sem }()
			errs <- j.sh.put(ctx, j.reports)
		}()
	}
	var first error
	for range jobs {
		if err := <-errs; err != nil && first == nil {
			first = err
		}
	}
	return first
}

// deleteShards deletes ids from every shard that holds them.
func (ix *Index) deleteShards(ctx context.Context, ids []string) error {
	set := ix.shards
	set.writeMu.Lock()
	defer set.writeMu.Unlock()
	for _, sh := range set.list() {
		if err := sh.deleteHeld(ctx, ids); err != nil {
			return err
		}
	}
	return nil
}

// deleteHeld deletes those of ids that the index holds; it writes nothing
// when it holds none (a batch of deletes costs a new snapshot on disk).
func (ix *Index) deleteHeld(ctx context.Context, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	req := bleve.NewSearchRequestOptions(query.NewDocIDQuery(ids), len(ids), 0, false)
	req.Score = "none"
	res, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return &corpus.Error{Code: corpus.EINTERNAL, Message: fmt.Sprintf("读取索引 %s 失败", ix.dir), Err: err}
	}
	if len(res.Hits) == 0 {
		return nil
	}
	held := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		held[i] = h.ID
	}
	return ix.Delete(ctx, held)
}

// rebuildBatches groups the reports of a rebuild into the batches it puts:
// for one index, runs of RebuildBatch in the order they come; for shards,
// a batch per shard, put when it holds RebuildBatch reports, and all of
// them together when they hold rebuildBuffered. So memory stays bounded
// and a shard's segments are not much smaller than one index's (Put gives
// each shard's reports of a batch one bleve batch where it can).
type rebuildBatches struct {
	key  func(*corpus.Report) string
	bufs map[string][]*corpus.Report
	held int
}

func (ix *Index) rebuildBatches() *rebuildBatches {
	b := &rebuildBatches{key: func(*corpus.Report) string { return "" }, bufs: map[string][]*corpus.Report{}}
	if ix.shards != nil {
		b.key = ix.shards.key
	}
	return b
}

// add adds a report and returns a batch to put now, or nil.
func (b *rebuildBatches) add(r *corpus.Report) []*corpus.Report {
	k := b.key(r)
	b.bufs[k] = append(b.bufs[k], r)
	b.held++
	if len(b.bufs[k]) >= RebuildBatch {
		return b.take(k)
	}
	if b.held >= rebuildBuffered {
		var all []*corpus.Report
		for _, batch := range b.rest() {
			all = append(all, batch...)
		}
		return all
	}
	return nil
}

func (b *rebuildBatches) take(k string) []*corpus.Report {
	out := b.bufs[k]
	delete(b.bufs, k)
	b.held -= len(out)
	return out
}

// rest returns the batches left, in a fixed order.
func (b *rebuildBatches) rest() [][]*corpus.Report {
	keys := make([]string, 0, len(b.bufs))
	for k := range b.bufs {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, compareKeys)
	var out [][]*corpus.Report
	for _, k := range keys {
		out = append(out, b.take(k))
	}
	return out
}
