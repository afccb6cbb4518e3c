package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"lvzhi/corpus/lexicon"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
)

// readHTML reads a web page: charset from BOM, <meta> or detection (with a
// GB18030 fallback, never windows-1252), then the article body without the
// page chrome. The page is measured before it is parsed (htmlFits), so
// that its tree stays within the budget.
func readHTML(rd *reading, data []byte) (extracted, error) {
	if len(data) > maxHTMLTree {
		return extracted{}, pageTooLarge(int64(len(data)))
	}
	text, enc, err := decodeHTML(rd, data)
	if err != nil {
		return extracted{}, err
	}
	if err := rd.charge(int64(len(text))); err != nil {
		return extracted{}, err
	}
	if err := htmlFits(rd, text); err != nil {
		return extracted{}, err
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(text))
	if err != nil {
		if strings.Contains(err.Error(), "open stack of elements exceeds") {
			// x/net/html stops at 512 nested elements.
			return extracted{}, reason(ErrCorrupt, "网页元素嵌套过深（超过 512 层）")
		}
		return extracted{}, reason(ErrCorrupt, "网页无法解析（%v）", err)
	}
	if err := rd.check(); err != nil {
		return extracted{}, err
	}
	body, title, err := htmlArticle(rd, doc)
	if err != nil {
		return extracted{}, err
	}
	if strings.TrimSpace(body) == "" {
		return extracted{}, reason(ErrEmpty, "网页中没有正文")
	}
	return extracted{text: body, encoding: enc, title: title}, nil
}

// The tree of a parsed page costs about htmlNodeCost bytes per element
// beside its text and attributes (measured: 250–320 bytes with the maps
// htmlArticle keeps per node); a page may have a tree of at most
// maxHTMLTree bytes, about 100,000 elements, and so a file of at most as
// many bytes. A long report saved from Word as a web page has some tens of
// thousands of elements.
const (
	htmlNodeCost = 320
	maxHTMLTree  = 32 << 20
)

// pageTooLarge is the error for a page of size bytes, past maxHTMLTree:
// every byte of a page is in its tree, or more.
func pageTooLarge(size int64) error {
	return fmt.Errorf("%w（网页 %s，上限 %s）", ErrTooLarge, megabytes(size), megabytes(maxHTMLTree))
}

// htmlFits measures a page with the tokenizer, which holds one token at a
// time, before the parser builds its tree: a tree estimated past
// maxHTMLTree bytes, text outside scripts and styles of more than twice
// MaxText bytes, or one token (a run of text, a script, a tag with its
// attributes) of more than that, makes the file too large.
func htmlFits(rd *reading, text string) error {
	z := html.NewTokenizer(strings.NewReader(text))
	z.SetMaxBuf(int(2 * rd.opt.MaxText))
	elements, size, visible := 0, 0, int64(0)
	code := false // inside a script or a style
	for i := 0; ; i++ {
		if i%4096 == 0 {
			if err := rd.check(); err != nil {
				return err
			}
		}
		switch z.Next() {
		case html.ErrorToken:
			if errors.Is(z.Err(), html.ErrBufferExceeded) {
				return fmt.Errorf("%w（网页中有一段内容超过上限 %s）", ErrTooLarge, megabytes(2*rd.opt.MaxText))
			}
			return nil // io.EOF: the tokenizer reads a string, nothing else fails
		case html.StartTagToken, html.SelfClosingTagToken:
			elements++
			size += htmlNodeCost + len(z.Raw())
			name, _ := z.TagName()
			code = string(name) == "script" || string(name) == "style"
		case html.EndTagToken:
			code = false
		case html.TextToken:
			size += htmlNodeCost/4 + len(z.Raw())
			if !code {
				visible += int64(len(bytes.TrimSpace(z.Raw())))
			}
		case html.CommentToken, html.DoctypeToken:
			size += htmlNodeCost/4 + len(z.Raw())
		}
		if size > maxHTMLTree {
			return fmt.Errorf("%w（网页有 %d 个以上元素，解析后超过上限 %s）", ErrTooLarge, elements, megabytes(maxHTMLTree))
		}
		if visible > 2*rd.opt.MaxText {
			return fmt.Errorf("%w（网页中的文字超过上限 %s）", ErrTooLarge, megabytes(rd.opt.MaxText))
		}
	}
}

var metaCharset = regexp.MustCompile(`(?i)<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)`)

// decodeHTML decodes a page: a BOM wins, then a <meta charset> or
// http-equiv label, then our own detection (UTF-8, else GB18030).
// gb2312/gbk labels are read as GB18030, their superset. A page labelled
// GBK whose bytes are valid UTF-8 with Chinese in them was re-saved as UTF-8
// by an editor that kept the old label: the bytes win, as the odds of GBK
// text being valid UTF-8 are negligible. Any other label (big5,
// shift_jis, windows-1251…) is read as labelled unless our own detection
// reads better as Chinese: a template's label can lie, and then the page
// is read by its bytes and rd is warned.
func decodeHTML(rd *reading, data []byte) (string, string, error) {
	if bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}) || bytes.HasPrefix(data, []byte{0xFF, 0xFE}) ||
		bytes.HasPrefix(data, []byte{0xFE, 0xFF}) || looksUTF16(data) {
		return decodeText(rd, data)
	}
	label := ""
	if m := metaCharset.FindSubmatch(data[:min(len(data), 4096)]); m != nil {
		label = strings.ToLower(string(m[1]))
	}
	switch label {
	case "", "utf-8", "utf8", "gb2312", "gbk", "gb18030", "x-gbk", "euc-cn", "cp936", "windows-936", "iso-8859-1", "windows-1252", "us-ascii":
		// Latin labels on Chinese pages are template defaults nobody
		// changed; detection does better.
		return decodeText(rd, data)
	}
	e, name := charset.Lookup(label)
	if e == nil {
		return decodeText(rd, data)
	}
	if utf8.Valid(data) {
		return decodeText(rd, data)
	}
	out, err := e.NewDecoder().Bytes(data)
	if err != nil {
		return decodeText(rd, data)
	}
	text := string(bytes.ToValidUTF8(out, []byte("\uFFFD")))
	probe := &reading{ctx: rd.ctx, caller: rd.caller, timeout: rd.timeout, opt: rd.opt}
	if det, detEnc, err := decodeText(probe, data); err == nil && plausibility(det) > max(plausibility(text), 0) {
		rd.warnings = append(rd.warnings, probe.warnings...)
		rd.warn(reason(WarnEncoding, "网页标明的编码 %s 与内容不符，已按 %s 读取", label, encName(detEnc)))
		return det, detEnc, nil
	}
	if err := checkText(text); err != nil {
		return "", "", err
	}
	doubtDecoding(rd, text, name, true)
	return text, name, nil
}

// Elements that are never article text.
const chromeTags = "script, style, noscript, iframe, nav, header, footer, aside, form, button, input, select, textarea, svg, canvas, object, embed, template, link, meta, head"

// Class and id words of page chrome (split at spaces, '-' and '_').
var chromeWords = map[string]bool{
	"nav": true, "navbar": true, "navigation": true, "menu": true, "menus": true, "breadcrumb": true, "breadcrumbs": true, "crumb": true, "crumbs": true,
	"footer": true, "foot": true, "header": true, "topbar": true, "sidebar": true, "side": true, "aside": true,
	"ad": true, "ads": true, "advert": true, "advertisement": true, "banner": true, "gg": true, "guanggao": true,
	"share": true, "bdshare": true, "fenxiang": true, "comment": true, "comments": true, "pinglun": true,
	"related": true, "relate": true, "xiangguan": true, "recommend": true, "tuijian": true, "hot": true, "remen": true,
	"tags": true, "tag": true, "copyright": true, "pagination": true, "pager": true, "pages": true,
	"prev": true, "next": true, "prenext": true, "login": true, "search": true, "toolbar": true, "popup": true, "modal": true,
}

// Known article containers of Chinese sites and CMSs, best first.
var contentSelectors = []string{
	".TRS_Editor", ".article-content", ".article_content", ".articleContent", ".con_text", ".content_text",
	"#zoom", ".zoom", "#article", "article", ".article", ".post-content", ".entry-content", ".news_content",
	".newsContent", "#content", ".content", ".detail", "#main", "main",
}

// relatedHeading starts the heading of a related-articles block or a
// page's links to its neighbours (lexicon site.related, site.pager).
var relatedHeading = regexp.MustCompile(`^` + lexicon.Alternation("site.related", "site.related-heading", "site.pager") + `[：:]?`)

// htmlArticle finds the article body of a page and renders it as text, with
// its title (the page's <h1>, else the <title> without the site's name).
// Every step is linear in the page, or bounded per element (maxJudged), and
// rd is checked between steps and in the loops over elements.
func htmlArticle(rd *reading, doc *goquery.Document) (string, string, error) {
	title := ""
	pageTitle := strings.TrimSpace(doc.Find("title").First().Text())
	h1 := doc.Find("h1")
	for i := range h1.Length() {
		if t := strings.Join(strings.Fields(h1.Eq(i).Text()), " "); t != "" {
			title = t
			break
		}
	}
	if title == "" && pageTitle != "" {
		title = siteSuffix.ReplaceAllString(pageTitle, "")
	}

	doc.Find(chromeTags).Remove()
	lengths, sizes := textLengths(doc.Nodes[0])
	total := 0
	if body := doc.Find("body"); body.Length() > 0 {
		total = lengths[body.Get(0)]
	}
	var err error
	doc.Find("[class], [id]").EachWithBreak(func(i int, s *goquery.Selection) bool {
		if i%1024 == 0 {
			if err = rd.check(); err != nil {
				return false
			}
		}
		if isChrome(s) && lengths[s.Get(0)]*10 < total*6 {
			s.Remove()
		}
		return true
	})
	if err != nil {
		return "", "", err
	}
	if err := dropRelated(rd, doc, lengths, sizes); err != nil {
		return "", "", err
	}

	roots := pickContent(doc, lengths)
	if len(roots) == 0 {
		return "", title, rd.check()
	}
	var b strings.Builder
	for _, root := range roots {
		renderNode(&b, root)
		newline(&b)
	}
	text := b.String()
	if title != "" && !strings.Contains(text[:min(len(text), 600)], title) {
		// The <h1> stood outside the content container: it is the
		// document's title line.
		text = title + "\n" + text
	}
	return text, title, rd.check()
}

var siteSuffix = regexp.MustCompile(`\s*(?:[_|｜\-–—]+\s*[^_|｜\-–—]{1,30})+$`)

// isChrome reports whether an element's class or id names page chrome.
func isChrome(s *goquery.Selection) bool {
	for _, attr := range []string{"class", "id"} {
		v, _ := s.Attr(attr)
		for _, w := range strings.FieldsFunc(strings.ToLower(v), func(r rune) bool { return r == ' ' || r == '-' || r == '_' || r == '\t' }) {
			if chromeWords[w] {
				return true
			}
		}
	}
	return false
}

// maxJudged bounds the nodes under an element that dropRelated looks
// through: a heading of "related articles" or a list of links to other
// pages is small, and judging nested elements of a huge subtree one by one
// would be quadratic.
const maxJudged = 2000

// dropRelated removes "related articles" blocks left inside the content: a
// heading such as "猜你喜欢" with the lists after it, and lists whose items
// are all links.
func dropRelated(rd *reading, doc *goquery.Document, lengths, sizes map[*html.Node]int) error {
	var err error
	doc.Find("h2, h3, h4, h5, h6, p, div, span, strong, b, dt").EachWithBreak(func(i int, s *goquery.Selection) bool {
		if i%1024 == 0 {
			if err = rd.check(); err != nil {
				return false
			}
		}
		if n := lengths[s.Get(0)]; n == 0 || n > 40 || sizes[s.Get(0)] > maxJudged {
			return true
		}
		t := strings.TrimSpace(s.Text())
		if !relatedHeading.MatchString(t) {
			return true
		}
		for next := s.Next(); next.Length() > 0; next = s.Next() {
			if !next.Is("ul, ol, dl, div, p") || !linksOnly(next, lengths, sizes) {
				break
			}
			next.Remove()
		}
		s.Remove()
		return true
	})
	if err != nil {
		return err
	}
	doc.Find("ul, ol").EachWithBreak(func(i int, s *goquery.Selection) bool {
		if i%1024 == 0 {
			if err = rd.check(); err != nil {
				return false
			}
		}
		if sizes[s.Get(0)] <= maxJudged && s.Find("li").Length() >= 2 && linksOnly(s, lengths, sizes) {
			s.Remove()
		}
		return true
	})
	return err
}

// linksOnly reports whether (nearly) all the text of s is inside links.
func linksOnly(s *goquery.Selection, lengths, sizes map[*html.Node]int) bool {
	all := lengths[s.Get(0)]
	if all == 0 || sizes[s.Get(0)] > maxJudged {
		return false
	}
	links := 0
	s.Find("a").Each(func(_ int, a *goquery.Selection) { links += lengths[a.Get(0)] })
	return links*10 >= all*9
}

// textLengths measures, once, the characters of text (spaces not counted)
// under every node, and the nodes under it (itself included), so that
// judging many nested elements stays linear.
func textLengths(root *html.Node) (lengths, sizes map[*html.Node]int) {
	lengths, sizes = make(map[*html.Node]int), make(map[*html.Node]int)
	var walk func(*html.Node) (int, int)
	walk = func(n *html.Node) (int, int) {
		total, nodes := 0, 1
		if n.Type == html.TextNode {
			for _, r := range n.Data {
				if r != ' ' && r != '\t' && r != '\n' && r != '\r' && r != '\f' && r != '\u3000' && r != '\u00a0' {
					total++
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			t, k := walk(c)
			total += t
			nodes += k
		}
		lengths[n], sizes[n] = total, nodes
		return total, nodes
	}
	walk(root)
	return lengths, sizes
}

// pickContent chooses the article container: the first known content
// selector holding a fair share of the page's text, else the element whose
// own paragraphs hold the most text. A page may hold its article in
// several containers of the same kind, cut apart by a related-articles
// block or an ad: all of them are the article, in order.
func pickContent(doc *goquery.Document, lengths map[*html.Node]int) []*html.Node {
	body := doc.Find("body")
	if body.Length() == 0 {
		return nil
	}
	total := lengths[body.Get(0)]
	for _, sel := range contentSelectors {
		var matches []*html.Node
		bestLen := 0
		doc.Find(sel).Each(func(_ int, s *goquery.Selection) {
			matches = append(matches, s.Get(0))
			bestLen = max(bestLen, lengths[s.Get(0)])
		})
		if bestLen < 50 || bestLen*10 < total*3 {
			continue
		}
		var roots []*html.Node
		for _, n := range matches {
			if lengths[n] >= minContainer && lengths[n]*partContainer >= bestLen && !insideAny(n, matches) {
				roots = append(roots, n)
			}
		}
		return roots
	}
	var bestNode *html.Node
	bestScore := 0
	doc.Find("div, section, td, article, main").Each(func(_ int, s *goquery.Selection) {
		if n := ownText(s.Get(0), lengths); n > bestScore {
			bestNode, bestScore = s.Get(0), n
		}
	})
	if bestNode != nil && bestScore*10 >= total*3 {
		return []*html.Node{bestNode}
	}
	return []*html.Node{body.Get(0)}
}

// A second container of the article holds at least minContainer characters
// and 1/partContainer of the largest.
const (
	minContainer  = 50
	partContainer = 10
)

// insideAny reports whether n lies inside one of the other nodes.
func insideAny(n *html.Node, others []*html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		for _, o := range others {
			if p == o {
				return true
			}
		}
	}
	return false
}

// ownText is the text length of n's direct text and of its direct children
// that are paragraphs, headings or inline elements: the text that n itself
// presents, not its nested containers'.
func ownText(n *html.Node, lengths map[*html.Node]int) int {
	total := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode:
			total += lengths[c]
		case c.Type == html.ElementNode && (!blockTags[c.Data] || c.Data == "p" || isHeading(c.Data)):
			total += lengths[c]
		}
	}
	return total
}

var blockTags = map[string]bool{
	"p": true, "div": true, "section": true, "article": true, "main": true, "li": true, "ul": true, "ol": true,
	"dl": true, "dt": true, "dd": true, "table": true, "tbody": true, "thead": true, "tfoot": true, "tr": true,
	"blockquote": true, "pre": true, "hr": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true,
	"h6": true, "center": true, "address": true, "figure": true, "figcaption": true, "body": true, "html": true,
	"caption": true, "fieldset": true, "details": true, "summary": true,
}

func isHeading(tag string) bool {
	return len(tag) == 2 && tag[0] == 'h' && tag[1] >= '1' && tag[1] <= '6'
}

// renderNode writes the text of n: block elements on their own lines,
// <br> as a line break, table cells separated by tabs, runs of source
// whitespace collapsed (and dropped between Chinese characters, where a
// source line break is not a space).
func renderNode(b *strings.Builder, n *html.Node) {
	switch n.Type {
	case html.TextNode:
		writeCollapsed(b, n.Data)
		return
	case html.ElementNode:
		switch n.Data {
		case "br":
			b.WriteByte('\n')
			return
		case "img", "script", "style":
			return
		case "td", "th":
			if prev := prevElement(n); prev != nil {
				b.WriteByte('\t')
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				renderNode(b, c)
			}
			return
		}
	}
	block := n.Type == html.ElementNode && blockTags[n.Data]
	if block {
		newline(b)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		renderNode(b, c)
	}
	if block {
		newline(b)
	}
}

// newline ends the current line unless it is already ended: a block
// element starts a line, it does not leave a blank one.
func newline(b *strings.Builder) {
	if s := b.String(); s != "" && !strings.HasSuffix(s, "\n") {
		b.WriteByte('\n')
	}
}

func prevElement(n *html.Node) *html.Node {
	for p := n.PrevSibling; p != nil; p = p.PrevSibling {
		if p.Type == html.ElementNode {
			return p
		}
	}
	return nil
}

// writeCollapsed writes text with runs of whitespace collapsed to one space;
// a run holding a line break between two Chinese characters is dropped.
func writeCollapsed(b *strings.Builder, s string) {
	inSpace, newline := false, false
	var prev rune
	for _, r := range s {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' {
			inSpace = true
			newline = newline || r == '\n' || r == '\r'
			continue
		}
		if inSpace {
			if !(newline && isHan(prev) && isHan(r)) && !atLineStart(b) {
				b.WriteByte(' ')
			}
			inSpace, newline = false, false
		}
		b.WriteRune(r)
		prev = r
	}
	if inSpace && !atLineStart(b) {
		b.WriteByte(' ')
	}
}

// atLineStart reports whether nothing has been written on the current line.
func atLineStart(b *strings.Builder) bool {
	s := b.String()
	return s == "" || s[len(s)-1] == '\n'
}
