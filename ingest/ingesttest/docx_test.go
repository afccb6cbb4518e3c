package ingesttest

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"reflect"
	"strings"
	"testing"
)

// readDocx opens b as a zip, checks that every part is well-formed XML, and
// rebuilds the markup of Docx from word/document.xml: paragraphs, table rows
// "|a|b|", [[page]], [[bookmark]], [[field:X]] (its result skipped), tabs.
func readDocx(t testing.TB, b []byte) (paras []string, parts map[string]string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("docx is not a zip: %v", err)
	}
	parts = map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		parts[f.Name] = string(data)
		d := xml.NewDecoder(bytes.NewReader(data))
		for {
			_, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s is not well-formed XML: %v", f.Name, err)
			}
		}
	}
	doc, ok := parts["word/document.xml"]
	if !ok {
		t.Fatal("no word/document.xml")
	}

	d := xml.NewDecoder(strings.NewReader(doc))
	var (
		para        strings.Builder
		cells       []string
		inTable     bool
		inText      bool
		inInstr     bool
		fieldResult bool // between separate and end: the field's result
	)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			attr := func(name string) string {
				for _, a := range tok.Attr {
					if a.Name.Local == name {
						return a.Value
					}
				}
				return ""
			}
			switch tok.Name.Local {
			case "tbl":
				inTable = true
			case "tr":
				cells = nil
			case "p":
				para.Reset()
			case "t":
				inText = true
			case "instrText":
				inInstr = true
				para.WriteString("[[field:")
			case "tab":
				para.WriteString("\t")
			case "br":
				if attr("type") == "page" {
					para.WriteString("[[page]]")
				}
			case "bookmarkStart":
				if attr("name") != "_GoBack" {
					t.Errorf("bookmark name %q", attr("name"))
				}
				para.WriteString("[[bookmark]]")
			case "fldChar":
				switch attr("fldCharType") {
				case "separate":
					fieldResult = true
				case "end":
					fieldResult = false
				}
			}
		case xml.EndElement:
			switch tok.Name.Local {
			case "t":
				inText = false
			case "instrText":
				inInstr = false
				para.WriteString("]]")
			case "p":
				if inTable {
					cells = append(cells, para.String())
				} else {
					paras = append(paras, para.String())
				}
			case "tr":
				paras = append(paras, "|"+strings.Join(cells, "|")+"|")
			case "tbl":
				inTable = false
			}
		case xml.CharData:
			switch {
			case inInstr:
				s := string(tok)
				s = strings.TrimPrefix(strings.TrimSuffix(s, " "), " ")
				para.WriteString(s)
			case inText && !fieldResult:
				para.WriteString(string(tok))
			}
		}
	}
	return paras, parts
}

func TestDocx(t *testing.T) {
	tests := []struct {
		name  string
		paras []string
		opt   DocxOptions
		want  []string // nil: the same as paras
	}{
		{name: "plain paragraphs", paras: []string{"2023年度人大代表述职报告", "各位选民：", "本人张建华，现任桐林村党支部书记。"}},
		{name: "empty paragraph", paras: []string{"一、学习", "", "二、履职"}},
		{name: "page break mid-sentence", paras: []string{"始终把群众的事作[[page]]为自己的事。"}},
		{name: "bookmark and field", paras: []string{"[[bookmark]]以上报告，请予审议。", "第[[field:PAGE]]页"}},
		{name: "table of activities", paras: []string{
			"全年履职情况如下：",
			"|时间|活动|次数|",
			"|3月|视察食品安全|2|",
			"|5月|专题调研||",
			"表格之后的段落。",
		}},
		{name: "ragged table rows are padded", paras: []string{"|a|b|c|", "|d|"}, want: []string{"|a|b|c|", "|d|||"}},
		{name: "xml special characters", paras: []string{`<建议> & "意见" 'x'`}},
		{name: "tab", paras: []string{"述职人：\t刘桂兰"}},
		{name: "split runs", paras: []string{"提出意见建议9条，均已答复。"}, opt: DocxOptions{SplitRuns: 3}},
		{name: "unknown markup stays text", paras: []string{"[[foo]] 和 [[page 未闭合"}},
		{name: "control characters dropped", paras: []string{"代表\x01\r\n活动\x7f"}, want: []string{"代表活动\x7f"}},
		{name: "no paragraphs", paras: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := Docx(tt.paras, tt.opt)
			if !bytes.Equal(b, Docx(tt.paras, tt.opt)) {
				t.Fatal("Docx is not deterministic")
			}
			got, _ := readDocx(t, b)
			want := tt.want
			if want == nil {
				want = tt.paras
			}
			if len(got) == 0 && len(want) == 0 {
				return
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("read back\n%q\nwant\n%q", got, want)
			}
		})
	}
}

func TestDocxParts(t *testing.T) {
	b := Docx([]string{"正文"}, DocxOptions{Title: "述职报告<2023>", Author: "张建华", SplitRuns: 1})
	_, parts := readDocx(t, b)
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels", "word/styles.xml", "docProps/core.xml", "docProps/app.xml"} {
		if _, ok := parts[name]; !ok {
			t.Errorf("missing part %s", name)
		}
	}
	core := parts["docProps/core.xml"]
	for _, want := range []string{"<dc:title>述职报告&lt;2023&gt;</dc:title>", "<dc:creator>张建华</dc:creator>", "2022-11-30T09:30:00Z"} {
		if !strings.Contains(core, want) {
			t.Errorf("core.xml lacks %s", want)
		}
	}
	if n := strings.Count(parts["word/document.xml"], "<w:r>"); n != 2 {
		t.Errorf("SplitRuns 1 on two characters gave %d runs, want 2", n)
	}
	zr, _ := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if zr.File[0].Name != "[Content_Types].xml" {
		t.Errorf("first part %s, want [Content_Types].xml", zr.File[0].Name)
	}
}

func FuzzDocx(f *testing.F) {
	f.Add("各位选民：\n始终把群众的事作[[page]]为自己的事。\n|时间|活动|\n[[bookmark]]第[[field:PAGE]]页")
	f.Add("|")
	f.Add("[[field:a]]b]]")
	f.Fuzz(func(t *testing.T, s string) {
		paras := strings.Split(s, "\n")
		b := Docx(paras, DocxOptions{SplitRuns: 4})
		got, _ := readDocx(t, b) // well-formed XML in every part, or it fails
		if len(got) != len(paras) && !strings.Contains(s, "|") {
			t.Errorf("%d paragraphs read back, want %d", len(got), len(paras))
		}
	})
}
