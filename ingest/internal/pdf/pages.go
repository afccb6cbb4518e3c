// This file is lvzhi's, not upstream's (see VENDORED.md).

package pdf

import (
	"errors"
	"fmt"
)

// Errors of PageTree.
var (
	ErrPageTreeLoop = errors.New("pdf: the page tree loops")
	ErrTooManyPages = errors.New("pdf: too many pages")
)

// maxTreeDepth bounds the depth of a page tree; real ones are a few levels.
const maxTreeDepth = 64

// PageTree returns the pages of the document in order, walking the page
// tree once. Upstream's Page(i) walked the tree from the root for every
// page (quadratic) and looped forever on a tree that lists itself. Here a
// node reached twice is ErrPageTreeLoop, so is a tree deeper than 64, and
// more than max pages is ErrTooManyPages. Page nodes are /Type /Page;
// nodes without a /Type are followed when they have /Kids.
func (r *Reader) PageTree(max int) (pages []Page, err error) {
	seen := map[objptr]bool{}
	var walk func(from objptr, raw object, depth int) error
	walk = func(from objptr, raw object, depth int) error {
		if ptr, ok := raw.(objptr); ok {
			if seen[ptr] {
				return fmt.Errorf("%w: object %d is reached twice", ErrPageTreeLoop, ptr.id)
			}
			seen[ptr] = true
		}
		if depth > maxTreeDepth {
			return fmt.Errorf("%w: deeper than %d", ErrPageTreeLoop, maxTreeDepth)
		}
		r.lim.check()
		v := r.resolve(from, raw)
		typ := v.Key("Type").Name()
		if typ == "Page" {
			if len(pages) >= max {
				return fmt.Errorf("%w: more than %d", ErrTooManyPages, max)
			}
			pages = append(pages, Page{v})
			return nil
		}
		kids := v.Key("Kids")
		if typ != "Pages" && kids.Kind() != Array {
			return nil
		}
		arr, _ := kids.data.(array)
		for _, k := range arr {
			if err := walk(kids.ptr, k, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	root, _ := r.resolve(r.trailerptr, r.trailer["Root"]).data.(dict)
	if root == nil {
		return nil, nil
	}
	if err := walk(r.trailerptr, root["Pages"], 0); err != nil {
		return nil, err
	}
	return pages, nil
}

// Ref returns the number and generation of the object v was read from: v
// itself when it was reached through a reference, else the object that
// holds it.
func (v Value) Ref() (id uint32, gen uint16) { return v.ptr.id, v.ptr.gen }
