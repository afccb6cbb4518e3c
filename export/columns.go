package export

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// colKind says how a column's values are formatted.
type colKind uint8

const (
	colText        colKind = iota // short text, one line
	colWrap                       // long text (evidence, titles, messages): wraps within the column
	colInt                        // integer, "0"
	colNumber                     // any number, General
	colScore                      // 0..1 review score, "0.00"
	colPercent                    // 0..1 ratio shown as a percentage, "0.0%"
	colPoints                     // duty points, "0.0"
	colDelta                      // change of a count, "+0;-0;0"
	colDeltaPoints                // change of points, "+0.0;-0.0;0.0"
	numColKinds
)

// numeric reports whether the column holds numbers (right-aligned, no
// text format).
func (k colKind) numeric() bool { return k >= colInt }

// column is one column of a sheet: its header, how it is formatted, how
// wide it is, and how its value is taken from a row of type T. Columns
// never depend on their position: a sheet is a list of them, and a row is
// filled by calling each one's value function.
type column[T any] struct {
	head  string
	kind  colKind
	width float64 // in Excel character units; 0 = a default for the kind
	// tech marks a column that identifies rather than informs (document
	// IDs, file paths, flag codes): such columns come last, are left out of
	// the printed area and never wrap.
	tech bool
	// stack writes the header one character under another, so that a
	// column of small numbers can be narrow.
	stack bool
	value func(T) any
}

// stackNumbers makes the numeric columns of a wide table narrow, their
// headers stacked: 代表对比 and 报告 then print at a readable size.
func stackNumbers[T any](cols []column[T]) []column[T] {
	for i := range cols {
		if cols[i].kind.numeric() {
			cols[i].stack = true
			cols[i].width = 0
		}
	}
	return cols
}

// layout is what a writer needs to know of a table, whatever its rows are
// made of.
type layout struct {
	id     int
	name   string // sheet name, CSV file name, or block title in 汇总
	table  string // Excel table name (ASCII: every spreadsheet accepts it)
	heads  []string
	kinds  []colKind
	widths []float64
	stack  []bool
	// printCols is how many leading columns are printed: the technical
	// columns after them are not.
	printCols int
	// freeze is how many leading columns stay in view when scrolling
	// right (the deputy's name), besides the header row.
	freeze int
}

// table is a layout with the value functions that fill its rows from
// values of type T.
type table[T any] struct {
	layout
	values []func(T) any
}

func newTable[T any](id int, name, tableName string, freeze int, cols ...column[T]) *table[T] {
	t := &table[T]{layout: layout{id: id, name: name, table: tableName, freeze: freeze}}
	t.printCols = len(cols)
	for i, c := range cols {
		t.heads = append(t.heads, c.head)
		t.kinds = append(t.kinds, c.kind)
		t.widths = append(t.widths, c.widthOrDefault())
		t.stack = append(t.stack, c.stack)
		t.values = append(t.values, c.value)
		if c.tech && t.printCols == len(cols) {
			t.printCols = i
		}
	}
	return t
}

// fill sets buf to the row of v and returns it. buf is reused between
// rows: whoever receives the row must not keep it.
func (t *table[T]) fill(buf *[]any, v T) []any {
	if cap(*buf) < len(t.values) {
		*buf = make([]any, len(t.values))
	}
	row := (*buf)[:len(t.values)]
	for i, f := range t.values {
		row[i] = f(v)
	}
	return row
}

// widthOrDefault is the column width: the one given, or enough for the
// header over two lines (headers wrap) and the filter button.
func (c column[T]) widthOrDefault() float64 {
	if c.width > 0 {
		return c.width
	}
	if c.stack {
		switch c.kind {
		case colInt, colDelta:
			return 5 // four digits
		default:
			return 6.5 // 100.0%, 166.5
		}
	}
	w := math.Ceil(displayWidth(c.head)/2) + 3
	if c.kind.numeric() {
		return math.Max(w, 7)
	}
	return math.Max(w, 8)
}

// printWidth is the width of the printed columns.
func (l *layout) printWidth() float64 {
	w := 0.0
	for _, x := range l.widths[:l.printCols] {
		w += x
	}
	return w
}

// portraitWidth is the widest printed table that still reads well on a
// portrait A4 page fitted to its width (about 100 characters at 100 %);
// wider tables print landscape.
const portraitWidth = 100

// landscape reports whether the table prints across the page.
func (l *layout) landscape() bool { return l.printWidth() > portraitWidth }

// Row heights. Spreadsheets size a row to its wrapped text when they lay
// it out, but LibreOffice does not when it opens an .xlsx (its print and
// PDF then cut wrapped text to one line), so the writers set each row's
// height from an estimate of its wrapped lines. The estimate errs on the
// side of room: a line too many is a gap, a line too few hides text.
const (
	lineHeight = 15.0  // points per line of 11-point text
	rowPadding = 2.0   // points above and below the text
	maxHeight  = 409.0 // Excel's limit
	wideChar   = 2.15  // width units of a CJK character at 11 points (a digit is 1)
	narrowChar = 1.1
	cellMargin = 1.0 // width units a cell keeps free
)

// wrappedLines estimates how many lines s takes in a wrapping column of
// the given width.
func wrappedLines(s string, width float64) int {
	usable := max(width-cellMargin, 2)
	lines := 0
	for line := range strings.SplitSeq(s, "\n") {
		w := 0.0
		for _, r := range line {
			if isWide(r) {
				w += wideChar
			} else {
				w += narrowChar
			}
		}
		lines += max(1, int(math.Ceil(w/usable)))
	}
	return lines
}

// rowHeight is the height in points of a row whose wrapping cells hold
// texts; 0 (the default height) when every text fits on one line.
func rowHeight(l *layout, texts func(col int) string) float64 {
	lines := 1
	for c, k := range l.kinds {
		if k != colWrap {
			continue
		}
		if s := texts(c); s != "" {
			lines = max(lines, wrappedLines(s, l.widths[c]))
		}
	}
	if lines == 1 {
		return 0
	}
	return min(float64(lines)*lineHeight+rowPadding, maxHeight)
}

// headerHeight is the height of a table's header row: every header wraps.
func (l *layout) headerHeight() float64 {
	lines := 2 // a header row of even height across sheets
	for c, h := range l.heads {
		if l.stack[c] {
			lines = max(lines, utf8.RuneCountInString(h))
			continue
		}
		// The filter button takes about two units of the header cell.
		lines = max(lines, wrappedLines(h, l.widths[c]-2))
	}
	return min(float64(lines)*lineHeight+rowPadding, maxHeight)
}

// isWide reports whether r takes two width units.
func isWide(r rune) bool {
	return r >= 0x1100 && (unicode.Is(unicode.Han, r) || unicode.In(r, unicode.Hangul, unicode.Hiragana, unicode.Katakana) || (r >= 0xFF01 && r <= 0xFF60) || (r >= 0x3000 && r <= 0x303F) || (r >= 0x2E80 && r <= 0x2FDF) || (r >= 0x2018 && r <= 0x201F) || r == 0x2026 || r == 0x2014)
}

// displayWidth is the width of s in Excel character units: CJK and other
// wide characters take two.
func displayWidth(s string) float64 {
	var w float64
	for _, r := range s {
		if isWide(r) {
			w += 2
		} else {
			w++
		}
	}
	return w
}

// cellString is the text a row value shows, for estimating its height.
func cellString(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case evidence:
		return v.text
	}
	return ""
}
