package ingesttest

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// RTFOptions tunes RTF.
type RTFOptions struct {
	Title string // {\info{\title …}}; "" leaves it out
	// Unicode writes every non-ASCII character as \uN followed by its GBK
	// bytes as the fallback (\uc2), as Word does. Otherwise Chinese is
	// written as \'hh GBK byte pairs in a font with \fcharset134, as WPS
	// and older Word do, and only characters GBK lacks as \uN (with "?"
	// as the fallback, \uc1).
	Unicode bool
}

// RTF returns an RTF document (\ansi\ansicpg936) whose body holds one
// paragraph per element of paras, with the markup of Doc:
//
//	|a|b|c|        a table row: \intbl, a \cell after each cell, \row
//	[[page]]       \page
//	[[bookmark]]   {\*\bkmkstart _GoBack}{\*\bkmkend _GoBack}
//	[[field:X]]    {\field{\*\fldinst { X }}{\fldrslt {result}}} (the page number for PAGE)
//	[[hidden:x]]   {\v x}
//	[[br]]         \line
//	a tab          \tab
//
// The header carries a font table (宋体 with \fcharset134, Times New Roman
// with \fcharset0), a colour table, a style sheet and an \info group, so
// that a reader must skip them.
func RTF(paras []string, opt RTFOptions) []byte {
	w := &rtfWriter{opt: opt, page: 1}
	var b strings.Builder
	b.WriteString(`{\rtf1\ansi\ansicpg936\uc1\deff0\deflang1033\deflangfe2052` + "\r\n")
	b.WriteString(`{\fonttbl{\f0\fnil\fprq2\fcharset134 ` + w.enc("宋体") + `;}{\f1\froman\fprq2\fcharset0 Times New Roman;}{\f2\fnil\fprq2\fcharset2 Symbol;}}` + "\r\n")
	b.WriteString(`{\colortbl ;\red0\green0\blue0;}` + "\r\n")
	b.WriteString(`{\stylesheet{\qj\nowidctlpar\fs21 \snext0 Normal;}{\*\cs10 \additive Default Paragraph Font;}}` + "\r\n")
	b.WriteString(`{\*\generator lvzhi ingesttest;}`)
	b.WriteString(`{\info`)
	if opt.Title != "" {
		b.WriteString(`{\title ` + w.enc(opt.Title) + `}`)
	}
	b.WriteString(`{\author lvzhi}{\creatim\yr2024\mo1\dy2\hr3\min4}}` + "\r\n")
	b.WriteString(`{\header\pard\plain\qc\f0 ` + w.enc("某某县人大常委会") + `\par}` + "\r\n")
	b.WriteString(`\paperw11906\paperh16838\margl1800\margr1800\margt1440\margb1440\viewkind1` + "\r\n")
	eachBlock(paras, func(s string) {
		b.WriteString(`\pard\plain\qj\fi420\f0\fs28 `)
		w.inline(&b, s)
		b.WriteString("\\par\r\n")
	}, func(rows [][]string, cols int) { w.table(&b, rows, cols) })
	b.WriteString("}\r\n")
	return []byte(b.String())
}

type rtfWriter struct {
	opt  RTFOptions
	page int
}

func (w *rtfWriter) table(b *strings.Builder, rows [][]string, cols int) {
	width := 8306 / cols
	for _, row := range rows {
		b.WriteString(`\trowd\trgaph108`)
		for c := range cols {
			fmt.Fprintf(b, `\clbrdrt\brdrs\clbrdrl\brdrs\clbrdrb\brdrs\clbrdrr\brdrs\cellx%d`, (c+1)*width)
		}
		b.WriteString("\r\n")
		for _, text := range row {
			b.WriteString(`\pard\plain\intbl\f0\fs24 `)
			w.inline(b, text)
			b.WriteString(`\cell `)
		}
		b.WriteString("\\row\r\n")
	}
	b.WriteString(`\pard`)
}

func (w *rtfWriter) inline(b *strings.Builder, s string) {
	eachMark(s, func(s string) { b.WriteString(w.enc(s)) }, func(tag string) {
		switch {
		case tag == "page":
			b.WriteString(`\page `)
			w.page++
		case tag == "bookmark":
			b.WriteString(`{\*\bkmkstart _GoBack}{\*\bkmkend _GoBack}`)
		case tag == "br":
			b.WriteString(`\line `)
		case strings.HasPrefix(tag, "hidden:"):
			b.WriteString(`{\v ` + w.enc(strings.TrimPrefix(tag, "hidden:")) + `}`)
		case strings.HasPrefix(tag, "field:"):
			instr := strings.TrimPrefix(tag, "field:")
			result := ""
			if strings.EqualFold(instr, "PAGE") {
				result = strconv.Itoa(w.page)
			}
			b.WriteString(`{\field{\*\fldinst {\f1 ` + w.enc(" "+instr+" ") + `}}{\fldrslt {\f1 ` + result + `}}}`)
		default:
			b.WriteString(w.enc("[[" + tag + "]]"))
		}
	})
}

// enc escapes text for RTF in the chosen way.
func (w *rtfWriter) enc(s string) string {
	var b strings.Builder
	gbk := simplifiedchinese.GBK.NewEncoder()
	for _, r := range s {
		switch {
		case r == '\\' || r == '{' || r == '}':
			b.WriteByte('\\')
			b.WriteRune(r)
			continue
		case r == '\t':
			b.WriteString(`\tab `)
			continue
		case r < 0x20:
			continue
		case r < 0x80:
			b.WriteRune(r)
			continue
		}
		bs, err := gbk.Bytes([]byte(string(r)))
		if err != nil || len(bs) == 0 {
			// Not in GBK: \uN for each UTF-16 unit, "?" as the fallback.
			b.WriteString(`{\uc1`)
			for _, u := range utf16.Encode([]rune{r}) {
				fmt.Fprintf(&b, `\u%d?`, int16(u))
			}
			b.WriteString(`}`)
			continue
		}
		if w.opt.Unicode {
			fmt.Fprintf(&b, `{\uc%d\u%d`, len(bs), int16(r))
			for _, c := range bs {
				fmt.Fprintf(&b, `\'%02x`, c)
			}
			b.WriteString("}")
			continue
		}
		for _, c := range bs {
			fmt.Fprintf(&b, `\'%02x`, c)
		}
	}
	return b.String()
}
