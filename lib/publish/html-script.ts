/**
 * The report page's only script (inlined, allowed by its sha256 in the page's Content-Security-Policy): draws the
 * findings table from the embedded JSON (lib/publish/html-data.ts), filters it by every column, searches its text,
 * sorts it by any column, shows rows a page at a time and expands a finding's details. No network, no eval, no
 * inline handlers; text reaches the page through textContent only. Once drawn, `body[data-ready]` is set, and
 * `data-ready-ms` holds the milliseconds since navigation start (the time to interactive the browser test measures).
 */
export const REPORT_SCRIPT = String.raw`(function () {
  'use strict';
  var PAGE = 200;
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var C = {}, D = {};
  data.cols.forEach(function (c, i) { C[c] = i; });
  data.dcols.forEach(function (c, i) { D[c] = i; });
  var rows = [];
  // The rows come in blocks, each with its own strings (lib/publish/html-data.ts tableBlocks): the first page is drawn
  // at once, the rest is read in the background a block per task, or all at once when the reader filters, sorts,
  // searches or asks for more rows.
  function add(block) {
    block.rows.forEach(function (r) { rows.push(rowOf(block, block.s, r)); });
  }
  function rowOf(block, S, r) {
    return {
      r: r, S: S,
      sev: r[C.sev], status: data.status[r[C.status]], access: data.access[r[C.access]], account: S[r[C.account]],
      resource: S[r[C.resource]], principal: S[r[C.principal]], level: S[r[C.level]], source: S[r[C.source]],
      summary: S[r[C.head]] + S[r[C.target]] + S[r[C.where]] + S[r[C.tail]], id: r[C.id], d: block.d[r[C.detail]],
      arn: S[r[C.arnPre]] + S[r[C.arnPost]], name: S[r[C.name]], word: data.words[r[C.word]]
    };
  }
  add(data);
  var pending = Array.prototype.slice.call(document.querySelectorAll('script.report-rows'));
  var loaded = false;
  function readNext() {
    var b = pending.shift();
    if (b) { add(JSON.parse(b.textContent)); b.textContent = ''; }
    if (pending.length === 0 && !loaded) { loaded = true; fillFilters(); }
  }
  function readAll() { while (!loaded) readNext(); }
  function textOf(x) {
    if (x.text === undefined) x.text = (x.account + ' ' + x.resource + ' ' + x.principal + ' ' + x.summary + ' ' + x.id + ' ' + x.source).toLowerCase();
    return x.text;
  }
  var body = document.getElementById('findings-body');
  var shownEl = document.getElementById('findings-shown');
  var more = document.getElementById('findings-more');
  var form = document.getElementById('findings-filters');
  var sortKey = 'sev', sortDir = 1, limit = PAGE, view = rows, open = {};
  var STATUS_ORDER = { 'new': 0, 'changed': 1, 'unchanged': 2, 'not-checked': 3, 'resolved': 4 };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function rich(parent, text) {
    String(text).split('\u0060').forEach(function (part, i) {
      parent.appendChild(i % 2 ? el('code', '', part) : document.createTextNode(part));
    });
    return parent;
  }
  function fill(select, values) {
    values.forEach(function (v) { var o = el('option', '', v); o.value = v; select.appendChild(o); });
  }
  function uniq(key) {
    var seen = {}, out = [];
    rows.forEach(function (x) { if (!seen[x[key]]) { seen[x[key]] = 1; out.push(x[key]); } });
    return out.sort();
  }
  function fillFilters() {
    fill(form.elements.account, uniq('account'));
    fill(form.elements.level, uniq('level'));
    fill(form.elements.source, uniq('source'));
  }

  function cmp(a, b) {
    var k = sortKey, va = a[k], vb = b[k];
    if (k === 'status') { va = STATUS_ORDER[va]; vb = STATUS_ORDER[vb]; }
    var c = va < vb ? -1 : va > vb ? 1 : 0;
    return c * sortDir || a.sev - b.sev || (a.account < b.account ? -1 : a.account > b.account ? 1 : 0) || (a.resource < b.resource ? -1 : 1);
  }
  function matches(x, f) {
    if (f.sev !== '' && data.sev[x.sev] !== f.sev) return false;
    if (f.status === 'open' ? x.status === 'resolved' : f.status !== 'all' && x.status !== f.status) return false;
    if (f.access !== '' && x.access !== f.access) return false;
    if (f.account !== '' && x.account !== f.account) return false;
    if (f.level !== '' && x.level !== f.level) return false;
    if (f.source !== '' && x.source !== f.source) return false;
    return !f.q || f.q.every(function (w) { return textOf(x).indexOf(w) >= 0; });
  }
  function current() {
    var e = form.elements;
    var q = e.q.value.trim().toLowerCase();
    return { sev: e.sev.value, status: e.status.value, access: e.access.value, account: e.account.value, level: e.level.value, source: e.source.value, q: q ? q.split(/\s+/) : null };
  }
  function dl(x) {
    var d = x.d, box = el('div', 'detail-body');
    function v(key) { return x.S[d[D[key]]]; }
    rich(box.appendChild(el('p', 'summary')), x.summary);
    var list = box.appendChild(el('dl'));
    function item(label, value) {
      if (value === undefined || value === null || value === '') return;
      list.appendChild(el('dt', '', label));
      var dd = list.appendChild(el('dd'));
      if (typeof value === 'string') rich(dd, value); else dd.appendChild(value);
    }
    var fix = el('span');
    rich(fix, v('fix') + ' ');
    var a = fix.appendChild(el('a', '', 'AWS documentation'));
    a.href = v('url'); a.rel = 'noopener noreferrer'; a.target = '_blank';
    item('What to do', fix);
    item('Resource', x.arn);
    item('Statements', v('st'));
    item('Actions', v('act'));
    item('Conditions', v('cond'));
    item('Blocked by', v('block') && (v('block') + (v('unblocked') ? ' (' + v('unblocked') + ' without it)' : '')));
    item('May be restricted by', v('may'));
    item('Reached by', v('reach'));
    item('Changed', v('chg'));
    item('Not checked', v('nc'));
    item('Resolved at', v('res'));
    item('Suppressed by', v('sup'));
    item('Notes', v('notes'));
    item('First / last seen', v('seen'));
    item('Finding id', x.id);
    (v('ev') ? v('ev').split('\u0002') : []).forEach(function (text) {
      text = text.split('\u0001').join(x.name).split('\u0003').join(x.account.slice(0, 12));
      var nl = text.indexOf('\n'), json = text.slice(nl + 1);
      try { json = JSON.stringify(JSON.parse(json), null, 2); } catch (err) { /* shown as stored */ }
      box.appendChild(el('div', 'muted', 'Statement ' + text.slice(0, nl)));
      box.appendChild(el('pre', 'statement', json));
    });
    box.appendChild(el('p', 'muted', 'A concrete request that these policies allow is recorded with this finding in report.json (field witness).'));
    return box;
  }
  function cell(tr, label, content, cls) {
    var td = tr.appendChild(el('td', cls || ''));
    td.setAttribute('data-label', label);
    if (typeof content === 'string') td.textContent = content; else td.appendChild(content);
    return td;
  }
  function draw() {
    body.textContent = '';
    var frag = document.createDocumentFragment();
    view.slice(0, limit).forEach(function (x) {
      var tr = frag.appendChild(el('tr', 'row sev-row-' + data.sev[x.sev]));
      tr.id = 'finding-' + x.id;
      tr.setAttribute('data-id', x.id);
      cell(tr, 'Severity', el('span', 'sev sev-' + data.sev[x.sev], data.sev[x.sev]));
      cell(tr, 'Change', x.word || x.status, 'status-' + (x.word ? 'first-read' : x.status));
      cell(tr, 'Access', x.access);
      cell(tr, 'Account', x.account, 'mono');
      cell(tr, 'Resource', x.resource, 'mono');
      cell(tr, 'Principal', x.principal);
      cell(tr, 'Access level', x.level);
      var b = el('button', 'toggle', open[x.id] ? 'Hide' : 'Details');
      b.type = 'button';
      b.setAttribute('aria-expanded', open[x.id] ? 'true' : 'false');
      b.setAttribute('data-id', x.id);
      cell(tr, '', b, 'act');
      if (open[x.id]) {
        var dr = frag.appendChild(el('tr', 'detail'));
        var td = dr.appendChild(el('td'));
        td.colSpan = 8;
        td.appendChild(dl(x));
      }
    });
    body.appendChild(frag);
    // Before every block is read only the default view is shown (its size: the report's open rows); all is the report's count.
    var of = loaded ? view.length : data.open, all = data.total;
    shownEl.textContent = 'Showing ' + Math.min(limit, of) + ' of ' + of + ' findings (' + all + ' in the report)';
    more.hidden = of <= limit;
  }
  // The rows arrive in the default order (severity, account, resource: lib/publish/build-report.ts compareFindings),
  // so the first drawing needs no sort.
  var sorted = false;
  function refresh() {
    var f = current();
    view = rows.filter(function (x) { return matches(x, f); });
    if (sorted) view.sort(cmp);
  }
  function apply() {
    readAll();
    refresh();
    limit = PAGE;
    draw();
  }
  function isDefault(f) {
    return f.sev === '' && f.status === 'open' && f.access === '' && f.account === '' && f.level === '' && f.source === '' && !f.q;
  }
  function background() {
    if (!loaded) { readNext(); if (loaded) { refresh(); draw(); } else setTimeout(background, 0); }
  }
  form.addEventListener('input', apply);
  form.addEventListener('submit', function (e) { e.preventDefault(); apply(); });
  more.addEventListener('click', function () {
    if (!loaded) { readAll(); refresh(); }
    limit += PAGE;
    draw();
  });
  body.addEventListener('click', function (e) {
    var t = e.target.closest ? e.target.closest('button.toggle') : null;
    if (!t) return;
    var id = t.getAttribute('data-id');
    open[id] = !open[id];
    draw();
  });
  Array.prototype.forEach.call(document.querySelectorAll('#findings-table th[data-sort]'), function (th) {
    var b = th.querySelector('button');
    b.addEventListener('click', function () {
      var k = th.getAttribute('data-sort');
      sortDir = sortKey === k ? -sortDir : 1;
      sortKey = k;
      sorted = true;
      Array.prototype.forEach.call(document.querySelectorAll('#findings-table th[data-sort]'), function (o) { o.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', sortDir > 0 ? 'ascending' : 'descending');
      apply();
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll('[data-filter-status]'), function (a) {
    a.addEventListener('click', function (e) {
      e.preventDefault();
      form.elements.status.value = a.getAttribute('data-filter-status');
      apply();
      document.getElementById('findings').scrollIntoView();
    });
  });
  function showHash() {
    var hash = decodeURIComponent(location.hash || '');
    if (hash.indexOf('#finding-') !== 0) return false;
    var id = hash.slice(9, 21);
    form.elements.q.value = id;
    form.elements.status.value = 'all';
    open[id] = true;
    return true;
  }
  window.addEventListener('hashchange', function () {
    if (!showHash()) return;
    apply();
    var row = document.getElementById('finding-' + decodeURIComponent(location.hash).slice(9, 21));
    if (row) row.scrollIntoView();
  });
  // The first page from the first block alone, unless a link or the browser's restored form asks for another view.
  if (pending.length === 0) readNext();
  if (showHash() || !isDefault(current())) apply(); else { refresh(); draw(); }
  document.body.setAttribute('data-ready', '1');
  document.body.setAttribute('data-ready-ms', String(Math.round(performance.now())));
  setTimeout(background, 0);
})();`;
