package ingesttest

import (
	"strings"
	"testing"
)

// report is a few kilobytes of typical duty-report text.
var report = strings.Repeat("本人张建华，于2016年当选为云溪县第十七届人大代表，现任桐林村党支部书记。全年参加视察活动4次、专题调研2次，提出建议１２件，办结率达９６％。\n", 40)

func BenchmarkEncode(b *testing.B) {
	for _, enc := range []string{"gbk", "gb18030", "utf-16le"} {
		b.Run(enc, func(b *testing.B) {
			b.SetBytes(int64(len(report)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Encode(report, enc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkDocx(b *testing.B) {
	paras := strings.Split(strings.TrimSuffix(report, "\n"), "\n")
	paras = append(paras, "|时间|活动|次数|", "|3月|视察|2次|", "作[[page]]为[[bookmark]]重点")
	b.SetBytes(int64(len(report)))
	b.ReportAllocs()
	for b.Loop() {
		Docx(paras, DocxOptions{SplitRuns: 9})
	}
}

func BenchmarkPDF(b *testing.B) {
	lines := strings.Split(strings.TrimSuffix(report, "\n"), "\n")
	for _, enc := range []string{"ucs2", "gbk-raw"} {
		b.Run(enc, func(b *testing.B) {
			b.SetBytes(int64(len(report)))
			b.ReportAllocs()
			for b.Loop() {
				PDF([][]string{lines}, PDFOptions{Encoding: enc, Wrap: 36})
			}
		})
	}
}

func BenchmarkZip(b *testing.B) {
	entries := []ZipEntry{
		{Name: "2022/清河镇/a.txt", Data: []byte(report), GBKName: true},
		{Name: "2022/石门镇/b.txt", Data: []byte(report)},
	}
	b.SetBytes(int64(2 * len(report)))
	b.ReportAllocs()
	for b.Loop() {
		Zip(entries)
	}
}
