package main

import (
	"lvzhi/corpus"
)

// The allowed values of enumerated options, each with the Chinese label
// lvzhi prints (both are accepted on the command line).

func kindChoices() []choice {
	var cs []choice
	for _, k := range corpus.Kinds {
		cs = append(cs, choice{string(k), k.Label()})
	}
	return cs
}

func flagChoices() []choice {
	var cs []choice
	for _, c := range corpus.FlagCodes {
		cs = append(cs, choice{c, corpus.FlagLabel(c)})
	}
	return cs
}

func statusChoices() []choice {
	cs := []choice{}
	for _, s := range []corpus.Status{corpus.StatusCurrent, corpus.StatusReference, corpus.StatusHistory} {
		cs = append(cs, choice{string(s), s.Label()})
	}
	return append(cs, choice{"all", "全部"})
}

func severityChoices() []choice {
	var cs []choice
	for _, s := range []corpus.Severity{corpus.SeverityHigh, corpus.SeverityMedium, corpus.SeverityLow} {
		cs = append(cs, choice{string(s), s.Label()})
	}
	return cs
}

var sortChoices = []choice{{"relevance", "相关度"}, {"year", "年份"}, {"-year", "年份降序"}}

var levelChoices = []choice{{"全国", "全国"}, {"省", "省"}, {"市", "市"}, {"县", "县"}, {"区", "区"}, {"旗", "旗"}, {"乡", "乡"}, {"镇", "镇"}}

var colorChoices = []choice{{"auto", "自动"}, {"always", "总是"}, {"never", "从不"}}

var shardChoices = []choice{{"year", "按年份"}, {"none", "不分片"}}
