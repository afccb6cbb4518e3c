package web

import (
	"net/http"

	"lvzhi/app"
	"lvzhi/corpus"
)

// docJSON is /api/doc/ID: the document as `lvzhi show --json` prints it
// (the SPEC §7 document with origins, versions and siblings), plus the
// names of the documents its copy check refers to.
type docJSON struct {
	*app.DocView
	Sources map[string]corpus.SourceRef `json:"sources"`
}

func (s *server) apiSearch(w http.ResponseWriter, r *http.Request) {
	q, err := parseSearch(r.URL.Query(), s.lim)
	if err != nil {
		s.fail(w, r, err, 0)
		return
	}
	ctx, cancel := s.work(r)
	defer cancel()
	res, err := s.search(ctx, q)
	if err != nil {
		s.fail(w, r, err, 0)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

func (s *server) apiDoc(w http.ResponseWriter, r *http.Request) {
	id, err := parseID("文档编号", r.PathValue("id"))
	if err == nil {
		err = checkParams(r.URL.Query(), noParams)
	}
	if err != nil {
		s.fail(w, r, err, 0)
		return
	}
	ctx, cancel := s.work(r)
	defer cancel()
	d, err := s.b.Show(ctx, id)
	if err != nil {
		s.fail(w, r, err, 0)
		return
	}
	d.Analysis.Normalize()
	writeJSON(w, http.StatusOK, docJSON{DocView: d, Sources: d.Sources})
}

func (s *server) apiFlags(w http.ResponseWriter, r *http.Request) {
	qq, err := parseFlags(r.URL.Query(), s.lim)
	if err != nil {
		s.fail(w, r, err, 0)
		return
	}
	// The API pages like the page does; a client that wants the worst n
	// asks size=n.
	ctx, cancel := s.work(r)
	defer cancel()
	q, err := s.queue(ctx, qq.Filter)
	if err != nil {
		s.fail(w, r, err, 0)
		return
	}
	page := &app.Queue{Total: q.Total, Documents: []app.QueueEntry{}} // q is shared: not changed
	if qq.From < len(q.Documents) {
		page.Documents = q.Documents[qq.From:]
	}
	writeJSON(w, http.StatusOK, page)
}

func (s *server) apiStats(w http.ResponseWriter, r *http.Request) {
	if err := checkParams(r.URL.Query(), noParams); err != nil {
		s.fail(w, r, err, 0)
		return
	}
	ctx, cancel := s.work(r)
	defer cancel()
	st, err := s.stats(ctx)
	if err != nil {
		s.fail(w, r, err, 0)
		return
	}
	writeJSON(w, http.StatusOK, st)
}

func (s *server) apiCompare(w http.ResponseWriter, r *http.Request) {
	if err := checkParams(r.URL.Query(), noParams); err != nil {
		s.fail(w, r, err, 0)
		return
	}
	ctx, cancel := s.work(r)
	defer cancel()
	c, err := s.compare(ctx)
	if err != nil {
		s.fail(w, r, err, 0)
		return
	}
	writeJSON(w, http.StatusOK, c)
}
