package ingest

import (
	"bytes"
	"encoding/base64"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strings"
)

// isMHT reports whether data is a web archive (MHTML): a MIME message whose
// body is multipart/related. Template sites serve them as ".doc" ("Word 网页
// 格式"), and Word saves them as .mht.
func isMHT(data []byte) bool {
	head := bytes.ToLower(data[:min(len(data), 2048)])
	head = bytes.TrimLeft(head, " \t\r\n")
	return (bytes.HasPrefix(head, []byte("mime-version:")) || bytes.HasPrefix(head, []byte("from:")) ||
		bytes.HasPrefix(head, []byte("content-type:"))) && bytes.Contains(head, []byte("multipart/related"))
}

// readMHT reads the HTML part of a web archive; the decoded part counts
// against the budget as it is read.
func readMHT(rd *reading, data []byte) (extracted, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		return extracted{}, reason(ErrCorrupt, "网页存档（MHT）无法解析（%v）", err)
	}
	_, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || params["boundary"] == "" {
		return extracted{}, reason(ErrCorrupt, "网页存档（MHT）缺少分段标记")
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return extracted{}, reason(ErrCorrupt, "网页存档（MHT）不完整（%v）", err)
		}
		ct, cparams, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		if ct != "text/html" {
			continue
		}
		var r io.Reader = p
		switch strings.ToLower(strings.TrimSpace(p.Header.Get("Content-Transfer-Encoding"))) {
		case "quoted-printable":
			r = quotedprintable.NewReader(p)
		case "base64":
			r = base64.NewDecoder(base64.StdEncoding, p) // line breaks are ignored
		}
		body, err := io.ReadAll(&chargedReader{r: r, rd: rd})
		if err != nil {
			if e := rd.check(); e != nil {
				return extracted{}, e
			}
			if errors.Is(err, ErrTooLarge) {
				return extracted{}, err
			}
			return extracted{}, reason(ErrCorrupt, "网页存档（MHT）正文无法解码（%v）", err)
		}
		if cs := strings.ToLower(cparams["charset"]); cs != "" && !bytes.Contains(bytes.ToLower(body[:min(len(body), 4096)]), []byte("charset")) {
			// The part's charset, for pages without a <meta> of their own.
			body = append([]byte(`<meta charset="`+cs+`">`), body...)
		}
		return readHTML(rd, body)
	}
	return extracted{}, reason(ErrEmpty, "网页存档（MHT）中没有网页正文")
}
