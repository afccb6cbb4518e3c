package ingest

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/traditionalchinese"

	"lvzhi/corpus"
	"lvzhi/ingest/ingesttest"
)

func gbkBytes(t testing.TB, s string) string {
	t.Helper()
	b, err := ingesttest.Encode(s, "gbk")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func big5Bytes(t testing.TB, s string) string {
	t.Helper()
	b, err := traditionalchinese.Big5.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// warnings joins what rd was warned, "" for nothing.
func warnings(rd *reading) string {
	var ws []string
	for _, w := range rd.warnings {
		if !errors.Is(w, WarnEncoding) {
			ws = append(ws, "not WarnEncoding: "+w.Error())
		}
		ws = append(ws, w.Error())
	}
	return strings.Join(ws, "\n")
}

// TestDecodeMixed decodes texts that mix encodings or hold bytes of none:
// each line the way it reads as Chinese, and a warning that says which.
func TestDecodeMixed(t *testing.T) {
	const big5Text = "各位代表：本人於二〇二一年當選為縣人民代表大會代表。一年來，我認真履行代表職責，積極參加視察和調研活動，提出意見建議五條，推動解決了農村飲水安全問題。"
	tests := []struct {
		name string
		data string
		want string // the decoded text
		enc  string
		warn string // text the warnings must hold; "" for none
	}{
		{"utf-8 with a gbk line",
			"各位代表：\n" + gbkBytes(t, "关于加强农村饮水安全工作的建议已提交镇政府办理。") + "\n全年参加视察活动6次。\n",
			"各位代表：\n关于加强农村饮水安全工作的建议已提交镇政府办理。\n全年参加视察活动6次。\n",
			EncUTF8, "编码混杂：第 2 行按 GBK 解码，其余按 UTF-8"},
		{"gbk with a utf-8 line",
			gbkBytes(t, "各位代表：\n本人于2021年当选为镇人大代表，现将履职情况报告如下。\n") + "全年参加视察活动6次。\n" + gbkBytes(t, "存在的不足是调研不够深入。\n"),
			"各位代表：\n本人于2021年当选为镇人大代表，现将履职情况报告如下。\n全年参加视察活动6次。\n存在的不足是调研不够深入。\n",
			EncGBK, "编码混杂：第 3 行按 UTF-8 解码，其余按 GBK"},
		{"a stray byte in utf-8",
			"各位选民：\n全年参加视察活动6次，\xff走访选民40余户。\n",
			"各位选民：\n全年参加视察活动6次，\uFFFD走访选民40余户。\n",
			EncUTF8, "编码混杂：第 2 行有 1 处无法解码（已替换为 �）"},
		{"a character cut short",
			"各位选民：\n存在的不足是调研不够深入\xe4\xb8",
			"各位选民：\n存在的不足是调研不够深入\uFFFD",
			EncUTF8, "第 2 行有 1 处无法解码"},
		{"a gbk phrase inside a utf-8 line",
			"本人认为" + gbkBytes(t, "应当加强农村饮水安全工作") + "，已将建议提交镇政府办理。\n",
			"本人认为应当加强农村饮水安全工作，已将建议提交镇政府办理。\n",
			EncUTF8, "第 1 行一部分按 UTF-8、一部分按 GBK 解码"},
		{"gbk alone is not mixed",
			gbkBytes(t, encText), encText, EncGBK, ""},
		{"ascii lines do not count",
			"Report 2023\n" + gbkBytes(t, "各位代表：\n本人于2021年当选为镇人大代表。\n") + "END\n",
			"Report 2023\n各位代表：\n本人于2021年当选为镇人大代表。\nEND\n", EncGBK, ""},
		{"rare characters are doubtful",
			gbkBytes(t, strings.Repeat("鼷鼹鼽齄齑龃龉龊，", 4)), strings.Repeat("鼷鼹鼽齄齑龃龉龊，", 4), EncGBK, "按 GBK 解码后常用汉字只占 0%"},
		{"utf-8 alone is not doubted",
			encText, encText, EncUTF8, ""},
	}
	t.Run("big5 is not read as gbk", func(t *testing.T) {
		rd, cancel := newReading(t.Context(), Options{})
		defer cancel()
		if _, _, err := decodeText(rd, []byte(big5Bytes(t, big5Text))); !errors.Is(err, ErrBinary) {
			t.Errorf("err = %v, want ErrBinary", err)
		}
	})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rd, cancel := newReading(t.Context(), Options{})
			defer cancel()
			got, enc, err := decodeText(rd, []byte(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			if tt.want != "" && got != tt.want || enc != tt.enc {
				t.Errorf("decodeText = %q, %s\nwant %q, %s", got, enc, tt.want, tt.enc)
			}
			w := warnings(rd)
			if tt.warn == "" && w != "" || !strings.Contains(w, tt.warn) {
				t.Errorf("warnings %q, want %q", w, tt.warn)
			}
		})
	}
}

// TestDecodeHTMLLabel reads pages whose <meta charset> names an encoding
// detection does not try: a page in that encoding is read by its label, a
// page whose label lies is read by its bytes, with a warning.
func TestDecodeHTMLLabel(t *testing.T) {
	page := func(label, body string) string {
		return `<html><head><meta http-equiv="Content-Type" content="text/html; charset=` + label + `"></head><body><p>` + body + `</p></body></html>`
	}
	const simplified = "各位代表：本人于2021年当选为县人大代表，一年来参加视察活动5次，提出意见建议3条，推动解决了农村饮水安全问题。"
	const traditional = "各位代表：本人於2021年當選為縣人大代表，一年來參加視察活動5次，提出意見建議3條，推動解決了農村飲水安全問題。"
	tests := []struct {
		name, data, want, enc, warn string
	}{
		{"big5 page labelled big5", big5Bytes(t, page("big5", traditional)), traditional, "big5", ""},
		{"gbk page labelled big5", gbkBytes(t, page("big5", simplified)), simplified, EncGBK, "网页标明的编码 big5 与内容不符，已按 GBK 读取"},
		{"gbk page labelled shift_jis", gbkBytes(t, page("shift_jis", simplified)), simplified, EncGBK, "与内容不符"},
		{"gbk page labelled utf-8", gbkBytes(t, page("utf-8", simplified)), simplified, EncGBK, ""},
		{"utf-8 page labelled gb2312", page("gb2312", simplified), simplified, EncUTF8, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rd, cancel := newReading(t.Context(), Options{})
			defer cancel()
			got, enc, err := decodeHTML(rd, []byte(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(got, tt.want) || enc != tt.enc {
				t.Errorf("decodeHTML = %q, %s\nwant it to hold %q, %s", got, enc, tt.want, tt.enc)
			}
			w := warnings(rd)
			if tt.warn == "" && w != "" || !strings.Contains(w, tt.warn) {
				t.Errorf("warnings %q, want %q", w, tt.warn)
			}
		})
	}
}

// TestReadWarnings checks that warnings reach File.Warnings through
// ReadBytes and the pipeline's Summary.Warnings, naming the file.
func TestReadWarnings(t *testing.T) {
	data := "各位代表：\n" + gbkBytes(t, "关于加强农村饮水安全工作的建议已提交镇政府办理。") + "\n全年参加视察活动6次。\n"
	src := NamedSource("mixed.txt", "")
	f, err := ReadBytes(src, []byte(data), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Warnings) != 1 || !errors.Is(f.Warnings[0], WarnEncoding) {
		t.Fatalf("warnings %v", f.Warnings)
	}
	dir := writeFiles(t, 3, map[string][]byte{"mixed.txt": []byte(data)})
	p := &Pipeline{Analyze: analyzeStub, Commit: func(_ context.Context, b []corpus.Entry) (corpus.PutResult, error) {
		return corpus.PutResult{New: len(b)}, nil
	}}
	sum, err := p.Run(t.Context(), []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Warnings) != 1 || sum.Read != 4 || len(sum.Errors) != 0 {
		t.Fatalf("summary %+v", sum)
	}
	var fe *FileError
	if !errors.As(sum.Warnings[0], &fe) || filepath.Base(fe.Path) != "mixed.txt" || !strings.Contains(fe.Error(), "mixed.txt: 文字编码可疑：编码混杂：第 2 行按 GBK 解码") {
		t.Errorf("warning %v", sum.Warnings[0])
	}
}
