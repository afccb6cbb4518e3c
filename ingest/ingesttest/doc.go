// Package ingesttest builds the bytes of the files lvzhi reads: text in every
// encoding an office produces, minimal Word documents (.docx, .doc, .wps),
// RTF, PDFs with a Chinese text layer, and zip batches. The sample-corpus generator (cmd/mksample)
// writes the bundled corpus with it, and the tests of package ingest build
// their fixtures with it, so both see exactly the same kind of bytes.
//
// Every builder is deterministic: the same input gives the same bytes on
// every run and machine (fixed timestamps, fixed member order, no maps
// iterated), so generated files can be committed and compared byte for byte.
//
// The builders:
//
//   - Encode(text, encoding) encodes UTF-8 text as utf-8, utf-8-bom, gbk,
//     gb18030, utf-16le or utf-16be (the UTF-16 forms with a BOM, as Windows
//     Notepad writes them). A character the encoding cannot hold is an error.
//   - Docx(paras, opt) writes a .docx whose body holds one paragraph per
//     element of paras, with a small markup (see Docx).
//   - PDF(pages, opt) writes a PDF with one page per element of pages and
//     one text line per string, in a CJK Type0 font (see PDFOptions).
//   - Doc(paras, opt) writes a Word 97-2003 .doc (also what WPS Office saves
//     as .wps): an OLE compound file with 8-bit and UTF-16 pieces, table
//     and hidden-text properties, fields and a SummaryInformation title;
//     Compound(streams) writes the compound file itself.
//   - RTF(paras, opt) writes an RTF document with \ansicpg936, Chinese as
//     \'hh GBK byte pairs or \uN escapes.
//   - Zip(entries) writes a zip archive; member names may be stored in GBK
//     without the UTF-8 flag, as zips made on Chinese Windows are.
package ingesttest
