package ingest

import (
	"bytes"
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
// page chrome.
func readHTML(data []byte) (extracted, error) {
	text, enc, err := decodeHTML(data)
	if err != nil {
		return extracted{}, err
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(text))
	if err != nil {
		return extracted{}, reason(ErrCorrupt, "网页无法解析（%v）", err)
	}
	body, title := htmlArticle(doc)
	if strings.TrimSpace(body) == "" {
		return extracted{}, reason(ErrEmpty, "网页中没有正文")
	}
	return extracted{text: body, encoding: enc, title: title}, nil
}

var metaCharset = regexp.MustCompile(`(?i)<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)`)

// decodeHTML decodes a page: a BOM wins, then a <meta charset> or
// http-equiv label, then our own detection (UTF-8, else GB18030).
// gb2312/gbk labels are read as GB18030, their superset. A page labelled
// GBK whose bytes are valid UTF-8 with Chinese in them was re-saved as UTF-8
// by an editor that kept the old label: the bytes win, as the odds of GBK
// text being valid UTF-8 are negligible.
func decodeHTML(data []byte) (string, string, error) {
	if bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}) || bytes.HasPrefix(data, []byte{0xFF, 0xFE}) ||
		bytes.HasPrefix(data, []byte{0xFE, 0xFF}) || looksUTF16(data) {
		return decodeText(data)
	}
	label := ""
	if m := metaCharset.FindSubmatch(data[:min(len(data), 4096)]); m != nil {
		label = strings.ToLower(string(m[1]))
	}
	switch label {
	case "", "utf-8", "utf8", "gb2312", "gbk", "gb18030", "x-gbk", "euc-cn", "cp936", "windows-936", "iso-8859-1", "windows-1252", "us-ascii":
		// Latin labels on Chinese pages are template defaults nobody
		// changed; detection does better.
		return decodeText(data)
	}
	e, name := charset.Lookup(label)
	if e == nil {
		return decodeText(data)
	}
	if utf8.Valid(data) {
		return decodeText(data)
	}
	out, err := e.NewDecoder().Bytes(data)
	if err != nil {
		return decodeText(data)
	}
	text := string(bytes.ToValidUTF8(out, []byte("\uFFFD")))
	if err := checkText(text); err != nil {
		return "", "", err
	}
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
func htmlArticle(doc *goquery.Document) (string, string) {
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
	lengths := textLengths(doc.Nodes[0])
	total := 0
	if body := doc.Find("body"); body.Length() > 0 {
		total = lengths[body.Get(0)]
	}
	doc.Find("[class], [id]").Each(func(_ int, s *goquery.Selection) {
		if isChrome(s) && lengths[s.Get(0)]*10 < total*6 {
			s.Remove()
		}
	})
	dropRelated(doc, lengths)

	roots := pickContent(doc, lengths)
	if len(roots) == 0 {
		return "", title
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
	return text, title
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

// dropRelated removes "related articles" blocks left inside the content: a
// heading such as "猜你喜欢" with the lists after it, and lists whose items
// are all links.
func dropRelated(doc *goquery.Document, lengths map[*html.Node]int) {
	doc.Find("h2, h3, h4, h5, h6, p, div, span, strong, b, dt").Each(func(_ int, s *goquery.Selection) {
		if lengths[s.Get(0)] > 40 {
			return
		}
		t := strings.TrimSpace(s.Text())
		if !relatedHeading.MatchString(t) {
			return
		}
		for next := s.Next(); next.Length() > 0; next = s.Next() {
			if !next.Is("ul, ol, dl, div, p") || !linksOnly(next, lengths) {
				break
			}
			next.Remove()
		}
		s.Remove()
	})
	doc.Find("ul, ol").Each(func(_ int, s *goquery.Selection) {
		if s.Find("li").Length() >= 2 && linksOnly(s, lengths) {
			s.Remove()
		}
	})
}

// linksOnly reports whether (nearly) all the text of s is inside links.
func linksOnly(s *goquery.Selection, lengths map[*html.Node]int) bool {
	all := lengths[s.Get(0)]
	if all == 0 {
		return false
	}
	links := 0
	s.Find("a").Each(func(_ int, a *goquery.Selection) { links += lengths[a.Get(0)] })
	return links*10 >= all*9
}

// textLengths measures, once, the characters of text (spaces not counted)
// under every node, so that judging many nested elements stays linear.
func textLengths(root *html.Node) map[*html.Node]int {
	m := make(map[*html.Node]int)
	var walk func(*html.Node) int
	walk = func(n *html.Node) int {
		total := 0
		if n.Type == html.TextNode {
			for _, r := range n.Data {
				if r != ' ' && r != '\t' && r != '\n' && r != '\r' && r != '\f' && r != '\u3000' && r != '\u00a0' {
					total++
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			total += walk(c)
		}
		m[n] = total
		return total
	}
	walk(root)
	return m
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
