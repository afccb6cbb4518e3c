package ingesttest_test

import (
	"archive/zip"
	"bytes"
	"fmt"

	"lvzhi/ingest/ingesttest"
)

func ExampleEncode() {
	b, err := ingesttest.Encode("代表", "gbk")
	if err != nil {
		panic(err)
	}
	fmt.Printf("% X\n", b)
	_, err = ingesttest.Encode("咬𬌗", "gbk")
	fmt.Println(err)
	// Output:
	// B4 FA B1 ED
	// ingesttest: gbk cannot encode '𬌗' (U+2C317) at byte 3
}

func ExampleZip() {
	b := ingesttest.Zip([]ingesttest.ZipEntry{
		{Name: "2022/石门镇/述职.txt", Data: []byte("述职"), GBKName: true},
		{Name: "../../逃逸.txt", Data: []byte("x")},
	})
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		panic(err)
	}
	for _, f := range zr.File {
		if f.Flags&0x800 != 0 { // the UTF-8 flag
			fmt.Println("utf-8:", f.Name)
			continue
		}
		fmt.Print("raw:   ")
		for _, c := range []byte(f.Name) {
			if c < 0x80 {
				fmt.Printf("%c", c)
			} else {
				fmt.Printf("\\x%02X", c)
			}
		}
		fmt.Println()
	}
	// Output:
	// utf-8: ../../逃逸.txt
	// raw:   2022/\xCA\xAF\xC3\xC5\xD5\xF2/\xCA\xF6\xD6\xB0.txt
}
