package copies

import (
	"slices"
	"sync"
)

// candText is a candidate document in comparison form: its normalised
// characters, the byte offset in its text where each starts, and its
// winnowed k-grams (hash<<32 | position, ascending): a window of the checked
// document that the candidate holds has its minimum k-gram at one of them.
type candText struct {
	chars  []rune
	starts []int32
	occ    []uint64
	text   string
}

func (c *candText) bytes() int { return 8*len(c.chars) + 8*len(c.occ) + len(c.text) + 96 }

// newCandText puts a text in comparison form; sc's buffers are scratch.
func newCandText(text string, opt Options, sc *scratch) *candText {
	var nt normText
	nt.normalize(text)
	sc.chs = kgramHashes(nt.chars, opt.K, sc.chs)
	sc.cpos = winnow(sc.chs, opt.Window, sc.cpos, nil)
	occ := make([]uint64, len(sc.cpos))
	for i, p := range sc.cpos {
		occ[i] = uint64(sc.chs[p])<<32 | uint64(p)
	}
	slices.Sort(occ)
	return &candText{chars: nt.chars, starts: nt.starts, occ: occ, text: text}
}

// positions appends to out the winnowed positions of k-grams of hash h, at
// most limit of them (then false: there are more).
func (c *candText) positions(h uint32, out []int32, limit int) ([]int32, bool) {
	i, _ := slices.BinarySearch(c.occ, uint64(h)<<32)
	for ; i < len(c.occ) && uint32(c.occ[i]>>32) == h; i++ {
		if len(out) == limit {
			return out, false
		}
		out = append(out, int32(uint32(c.occ[i])))
	}
	return out, true
}

// span returns the byte offsets in the text of the normalised characters
// [from, to).
func (c *candText) span(from, to int) (int, int) {
	nt := normText{text: c.text, starts: c.starts}
	return nt.span(from, to)
}

// textCache keeps the comparison form of recently verified candidates, up
// to a byte budget, evicting the least recently used: in a corpus copied
// from templates the same earliest holders are verified again and again.
// Safe for concurrent use; entries are never modified.
type textCache struct {
	mu     sync.Mutex
	budget int
	size   int
	items  map[uint32]*cacheItem
	head   cacheItem // sentinel of the recency ring: head.next is the most recent
}

type cacheItem struct {
	doc        uint32
	t          *candText
	prev, next *cacheItem
}

func newTextCache(budget int) *textCache {
	c := &textCache{budget: budget, items: make(map[uint32]*cacheItem)}
	c.head.prev, c.head.next = &c.head, &c.head
	return c
}

func (c *textCache) unlink(it *cacheItem) {
	it.prev.next, it.next.prev = it.next, it.prev
}

func (c *textCache) front(it *cacheItem) {
	it.prev, it.next = &c.head, c.head.next
	c.head.next.prev = it
	c.head.next = it
}

func (c *textCache) get(doc uint32) *candText {
	c.mu.Lock()
	defer c.mu.Unlock()
	it := c.items[doc]
	if it == nil {
		return nil
	}
	c.unlink(it)
	c.front(it)
	return it.t
}

func (c *textCache) put(doc uint32, t *candText) {
	n := t.bytes()
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.items[doc]; ok || n > c.budget/4 {
		return
	}
	for c.size+n > c.budget && c.head.prev != &c.head {
		old := c.head.prev
		c.unlink(old)
		delete(c.items, old.doc)
		c.size -= old.t.bytes()
	}
	it := &cacheItem{doc: doc, t: t}
	c.front(it)
	c.items[doc] = it
	c.size += n
}

// drop forgets a document (removed: its number is never reused, but its
// memory is freed).
func (c *textCache) drop(doc uint32) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if it := c.items[doc]; it != nil {
		c.unlink(it)
		delete(c.items, doc)
		c.size -= it.t.bytes()
	}
}
