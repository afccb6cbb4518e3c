// lvzhi web UI: the little behaviour the pages need. Everything works
// without it (links and forms); it adds highlighting of evidence in the
// text and leaves empty form fields out of the URL.
'use strict';

(function () {
  // Forms: leave empty fields out of the query string; filters apply on change.
  document.querySelectorAll('form.search, form#flags-form').forEach(function (form) {
    form.addEventListener('submit', function () {
      form.querySelectorAll('input, select').forEach(function (el) {
        if (el.name && el.value === '') el.disabled = true;
      });
      setTimeout(function () {
        form.querySelectorAll('[disabled]').forEach(function (el) { el.disabled = false; });
      }, 0);
    });
    form.querySelectorAll('select').forEach(function (sel) {
      sel.addEventListener('change', function () {
        if (form.requestSubmit) form.requestSubmit(); else form.submit();
      });
    });
  });

  var text = document.getElementById('text');
  if (!text) return;
  var mode = text.dataset.mode;

  // highlight marks the segments of the text inside [s, e) as the evidence
  // and those inside [ss, se) as its sentence, and scrolls to them.
  function highlight(s, e, ss, se) {
    text.querySelectorAll('.hl, .sent').forEach(function (el) { el.classList.remove('hl', 'sent'); });
    var first = null;
    text.querySelectorAll('[data-o]').forEach(function (el) {
      var o = +el.dataset.o;
      if (o >= ss && o < se) el.classList.add('sent');
      if (o >= s && o < e) {
        el.classList.add('hl');
        if (!first) first = el;
      }
    });
    if (first) first.scrollIntoView({ block: 'center', behavior: 'smooth' });
    return first;
  }

  function activate(row) {
    document.querySelectorAll('.ev.active').forEach(function (el) { el.classList.remove('active'); });
    row.classList.add('active');
    var d = row.dataset;
    highlight(+d.s, +d.e, +d.ss, +d.se);
    history.replaceState(null, '', '#at-' + d.s + '-' + d.e);
  }

  // focusPassage puts passage n of a side-by-side view in focus in both texts.
  function focusPassage(n) {
    document.querySelectorAll('.focus').forEach(function (el) { el.classList.remove('focus'); });
    var firsts = [];
    ['text', 'src-text'].forEach(function (id) {
      var pane = document.getElementById(id);
      if (!pane) return;
      var first = null;
      pane.querySelectorAll('[data-p="' + n + '"]').forEach(function (el) {
        el.classList.add('focus');
        if (!first) first = el;
      });
      if (first) firsts.push([pane, first]);
    });
    document.querySelectorAll('.pairs tr[data-p="' + n + '"]').forEach(function (tr) { tr.classList.add('focus'); });
    firsts.forEach(function (pf) { scrollWithin(pf[0], pf[1]); });
  }

  // scrollWithin scrolls a pane (not the page) to show el in its middle.
  function scrollWithin(pane, el) {
    var top = el.getBoundingClientRect().top - pane.getBoundingClientRect().top + pane.scrollTop;
    pane.scrollTop = Math.max(0, top - pane.clientHeight / 2);
  }

  document.addEventListener('click', function (ev) {
    if (ev.target.closest('a')) return;
    var row = ev.target.closest('.ev[data-s]');
    if (row) { activate(row); return; }
    var pair = ev.target.closest('.pairs tr[data-p]');
    if (pair) { focusPassage(pair.dataset.p); return; }
    var seg = ev.target.closest('.text [data-p]');
    if (!seg) return;
    if (mode === 'compare') {
      focusPassage(seg.dataset.p);
    } else if (seg.dataset.src) {
      // A copied passage: show it beside its source.
      location.href = location.pathname + '?src=' + encodeURIComponent(seg.dataset.src) + '&p=' + seg.dataset.p;
    }
  });
  document.addEventListener('keydown', function (ev) {
    if (ev.key !== 'Enter') return;
    var row = ev.target.closest && ev.target.closest('.ev[data-s]');
    if (row) activate(row);
    var pair = ev.target.closest && ev.target.closest('.pairs tr[data-p]');
    if (pair) focusPassage(pair.dataset.p);
  });

  if (mode === 'compare') {
    var f = document.querySelector('#text .focus');
    if (f) focusPassage(f.dataset.p);
  } else {
    var m = /^#at-(\d+)-(\d+)$/.exec(location.hash);
    if (m) {
      var row = document.querySelector('.ev[data-s="' + m[1] + '"][data-e="' + m[2] + '"]');
      if (row) activate(row);
    }
  }
})();
