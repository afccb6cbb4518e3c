package app

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"lvzhi/corpus"
)

// Deputies across reports. A counted duty report belongs to a deputy by
// the name and seat it states (DeputyKey: name, region, levels), never by
// a placeholder or a masked name. The office can correct this with an
// override file (OverridesFile in the data directory, or --deputies FILE):
// each line sends the reports matching a selector to a deputy it names,
// which merges the spellings of one person's seat, or splits two people of
// the same name and seat by years or by document.
//
//	# selector                         =>  deputy
//	张建华|云溪县|县                     =>  张建华（桐林村）
//	张建华||县                           =>  张建华（桐林村）
//	王芳|清河镇|镇 2015-2019             =>  王芳（东村）
//	王芳|清河镇|镇 2020-                 =>  王芳（西村）
//	3f2a9c41                             =>  王芳（西村）
//
// A selector is a deputy key as `lvzhi deputies` prints it, optionally
// followed by a year or a range of years, or a document ID (or a prefix of
// at least 8 digits). The first matching line wins; lines are checked when
// the file is read, and an error names the file and line.

// OverridesFile is the name of the override file in a data directory.
const OverridesFile = "deputies.txt"

// override is one line of the override file.
type override struct {
	line     int
	key      string // a deputy key, "" for a document selector
	doc      string // a document ID prefix
	from, to int    // years, 0 = open
	deputy   string // the deputy's label
}

// Overrides are the office's corrections of deputy identity.
type Overrides struct {
	Path  string
	lines []override
}

// ReadOverrides reads an override file; a missing file is no overrides.
func ReadOverrides(path string) (*Overrides, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return &Overrides{Path: path}, nil
	}
	if err != nil {
		return nil, corpus.Errorf(corpus.EINVALID, "无法读取代表对应表 %s: %v", path, err)
	}
	defer f.Close()
	return parseOverrides(path, f)
}

func parseOverrides(path string, r io.Reader) (*Overrides, error) {
	o := &Overrides{Path: path}
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if i := strings.Index(line, "#"); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		bad := func(format string, args ...any) error {
			return corpus.Errorf(corpus.EINVALID, "代表对应表 %s 第 %d 行: %s", path, n, fmt.Sprintf(format, args...))
		}
		sel, deputy, ok := strings.Cut(line, "=>")
		if !ok {
			return nil, bad("缺少 =>（格式：选择 => 代表）")
		}
		sel, deputy = strings.TrimSpace(sel), strings.TrimSpace(deputy)
		if deputy == "" {
			return nil, bad("=> 后面缺少代表名称")
		}
		if corpus.MaskedName(deputy) {
			return nil, bad("代表名称 %q 是占位符", deputy)
		}
		ov := override{line: n, deputy: deputy}
		fields := strings.Fields(sel)
		switch {
		case len(fields) == 1 && looksLikeID(fields[0]) && !strings.Contains(fields[0], "|"):
			if len(fields[0]) < 8 {
				return nil, bad("文档编号 %q 太短：至少写 8 位", fields[0])
			}
			ov.doc = strings.ToLower(fields[0])
		case len(fields) >= 1 && strings.Count(fields[0], "|") == 2:
			ov.key = normalizeKey(fields[0])
			if len(fields) > 2 {
				return nil, bad("选择 %q 多了内容：应为 姓名|地区|层级，后面可加年份（如 2019 或 2015-2019）", sel)
			}
			if len(fields) == 2 {
				var err error
				if ov.from, ov.to, err = parseYearRange(fields[1]); err != nil {
					return nil, bad("年份 %q 无效：%v", fields[1], err)
				}
			}
		default:
			return nil, bad("选择 %q 无效：应为 姓名|地区|层级（可加年份）或文档编号", sel)
		}
		o.lines = append(o.lines, ov)
	}
	if err := sc.Err(); err != nil {
		return nil, corpus.Errorf(corpus.EINVALID, "无法读取代表对应表 %s: %v", path, err)
	}
	return o, nil
}

// normalizeKey puts a key's levels in the order DeputyKey gives them.
func normalizeKey(k string) string {
	parts := strings.SplitN(k, "|", 3)
	levels := strings.FieldsFunc(parts[2], func(r rune) bool { return r == '、' || r == ',' || r == '，' })
	slices.Sort(levels)
	return parts[0] + "|" + parts[1] + "|" + strings.Join(levels, "、")
}

// parseYearRange reads 2019, 2015-2019, 2020- or -2014.
func parseYearRange(s string) (int, int, error) {
	a, b, isRange := strings.Cut(s, "-")
	year := func(t string) (int, error) {
		if t == "" {
			return 0, nil
		}
		y, err := strconv.Atoi(t)
		if err != nil || y < 1949 || y > 2200 {
			return 0, fmt.Errorf("应为四位年份")
		}
		return y, nil
	}
	from, err := year(a)
	if err != nil {
		return 0, 0, err
	}
	if !isRange {
		if from == 0 {
			return 0, 0, fmt.Errorf("应为四位年份")
		}
		return from, from, nil
	}
	to, err := year(b)
	if err != nil {
		return 0, 0, err
	}
	if from != 0 && to != 0 && from > to {
		return 0, 0, fmt.Errorf("起始年晚于截止年")
	}
	return from, to, nil
}

// resolve returns the deputy a report belongs to under the overrides: the
// label of the first matching line, and whether a line matched.
func (o *Overrides) resolve(key, id string, year int) (string, bool) {
	if o == nil {
		return "", false
	}
	for _, ov := range o.lines {
		switch {
		case ov.doc != "":
			if strings.HasPrefix(id, ov.doc) {
				return ov.deputy, true
			}
		case ov.key == key && key != "":
			if ov.from != 0 && (year == 0 || year < ov.from) || ov.to != 0 && (year == 0 || year > ov.to) {
				continue
			}
			return ov.deputy, true
		}
	}
	return "", false
}

// personID is a stable identifier of a deputy key or override label.
func personID(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:6])
}

// overridesPath is the override file of a data directory, or the one given.
func (a *App) overridesPath(given string) string {
	if given != "" {
		return given
	}
	return filepath.Join(a.dir, OverridesFile)
}

// OverridesTemplate is the commented starter of an override file, which
// `lvzhi deputies --template` prints.
const OverridesTemplate = `# lvzhi 代表对应表：纠正"哪些报告属于同一位代表"。
# 默认情况下，报告按其中写明的 姓名|地区|层级 归属代表（lvzhi deputies 列出每位代表的写法）。
# 每行一条：选择 => 代表。选择可以是：
#   姓名|地区|层级              该写法的全部报告（地区或层级未写明时留空，如 张建华||县）
#   姓名|地区|层级 2015-2019    只限这些年份（也可写 2019、2020-、-2014）
#   文档编号（至少 8 位）         单篇报告
# 代表：在表格中显示的名称，同一名称即同一位代表。按第一条匹配的行归属。
# 例：
#   张建华|云溪县|县      =>  张建华（桐林村）
#   张建华||县            =>  张建华（桐林村）      # 未写地区的报告并入
#   王芳|清河镇|镇 -2019  =>  王芳（东村）          # 同名同席位的两位代表按年份分开
#   王芳|清河镇|镇 2020-  =>  王芳（西村）
`
