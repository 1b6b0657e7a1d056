/*
 * Promise Monitor dashboard script. The pages are complete without it; it adds: a filter box, refreshing without a
 * reload (the page itself, polled with ETags, its live parts swapped in), relative times that keep up, STALE marks
 * and the "executor not running" notice as time passes, the rerun button without leaving the page, and the
 * services of related monitors (monitor-url-list) read from their monitor.haljson and status files.
 */
(function () {
  'use strict';

  var body = document.body;
  var root = body.getAttribute('data-root') || '';
  var refreshMs = Math.max(1, parseInt(body.getAttribute('data-refresh'), 10) || 30) * 1000;
  var oldAfterMs = (parseInt(body.getAttribute('data-heartbeat-old-after'), 10) || 180) * 1000;
  var clockOffset = 0;          // server time minus browser time, from Date headers of our own server
  var etags = {};               // url -> {etag, text}
  var rerunNotes = {};          // service id -> {text, problem}
  var pageTimer = null;

  function now() { return Date.now() + clockOffset; }

  function noteServerTime(response) {
    var date = response.headers.get('Date');
    if (date) {
      var t = Date.parse(date);
      if (!isNaN(t)) { clockOffset = t - Date.now(); }
    }
  }

  /* GET with If-None-Match; resolves to {changed, text, response}. The browser cache is bypassed so a 304 reaches us. */
  function getConditional(url, options) {
    var known = etags[url];
    var headers = {};
    if (known && known.etag) { headers['If-None-Match'] = known.etag; }
    var init = { cache: 'no-store', headers: headers, credentials: 'same-origin' };
    if (options && options.mode) { init.mode = options.mode; init.credentials = 'omit'; }
    return fetch(url, init).then(function (response) {
      if (response.status === 304 && known) {
        return { changed: false, text: known.text, response: response };
      }
      if (!response.ok) {
        throw new Error('HTTP ' + response.status);
      }
      return response.text().then(function (text) {
        etags[url] = { etag: response.headers.get('ETag'), text: text };
        return { changed: true, text: text, response: response };
      });
    });
  }

  function pad(n) { return (n < 10 ? '0' : '') + n; }

  function absolute(t) {
    var d = new Date(t);
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + pad(d.getHours()) + ':' +
      pad(d.getMinutes()) + ':' + pad(d.getSeconds());
  }

  /* The same wording as the server's PageModels.ago. */
  function ago(t) {
    var s = Math.floor((now() - t) / 1000);
    if (s < 0) { return 'in the future'; }
    if (s < 5) { return 'just now'; }
    if (s < 60) { return s + ' s ago'; }
    if (s < 3600) { return Math.floor(s / 60) + ' min ago'; }
    if (s < 86400) { return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min ago'; }
    return Math.floor(s / 86400) + ' d ' + Math.floor((s % 86400) / 3600) + ' h ago';
  }

  function updateTimes() {
    var times = document.querySelectorAll('time[data-ago]');
    for (var i = 0; i < times.length; i++) {
      var t = Date.parse(times[i].getAttribute('datetime'));
      if (!isNaN(t)) { times[i].textContent = ago(t); }
    }
  }

  /* A status older than twice its period plus its timeout is STALE; the server marked those it knew of. */
  function markStale() {
    var rows = document.querySelectorAll('.service[data-stale-after]');
    for (var i = 0; i < rows.length; i++) {
      var after = parseInt(rows[i].getAttribute('data-stale-after'), 10);
      if (!after || now() <= after || rows[i].classList.contains('stale')) { continue; }
      rows[i].classList.add('stale');
      var status = rows[i].querySelector('.status');
      if (status && !status.querySelector('.stale-badge')) {
        var badge = document.createElement('span');
        badge.className = 'badge stale-badge';
        badge.textContent = 'STALE';
        badge.title = 'no result for longer than twice its period plus its timeout';
        status.appendChild(document.createTextNode(' '));
        status.appendChild(badge);
      }
    }
    recount();
  }

  /*
   * The counts at the head of the index, from the rows as they are now: the server counted the rows it rendered,
   * and this page has since marked some STALE or shown a rerun's result.
   */
  function recount() {
    var counts = document.getElementById('counts');
    // while rows are missing, the server's counts are the right ones
    var tbody = document.getElementById('rows');
    if (!counts || (tbody && tbody.hasAttribute('data-partial'))) { return; }
    var n = {};
    var rows = document.querySelectorAll('#rows .service[data-service]');
    for (var i = 0; i < rows.length; i++) {
      var status = rows[i].getAttribute('data-status') || 'PENDING';
      n[status] = (n[status] || 0) + 1;
      if (rows[i].classList.contains('stale')) { n.STALE = (n.STALE || 0) + 1; }
    }
    var items = counts.querySelectorAll('li');
    for (var j = 0; j < items.length; j++) {
      var match = /(?:^|\s)s-([a-z]+)/.exec(items[j].className);
      var number = items[j].querySelector('.n');
      if (match && number) { number.textContent = String(n[match[1].toUpperCase()] || 0); }
    }
  }

  /*
   * ---- strip of the last runs ----
   * The page gives one hover text per group of like runs (their times, status and message); the strip's data-runs
   * holds every run's start (epoch seconds, then seconds since the one before, "60*19" for nineteen times 60), so a
   * cell gets its own time here.
   */
  function cellTip(event) {
    var cell = event.target;
    if (cell.tagName !== 'I' || cell.title) { return; }
    var group = cell.parentNode;
    var strip = group && group.parentNode;
    if (!strip || !strip.classList || !strip.classList.contains('strip')) { return; }
    var runs = [];
    (strip.getAttribute('data-runs') || '').split(' ').forEach(function (part) {
      var step = part.split('*');
      for (var n = parseInt(step[1] || '1', 10); n > 0; n--) { runs.push(parseInt(step[0], 10)); }
    });
    var index = Array.prototype.indexOf.call(strip.querySelectorAll('i'), cell);
    if (index < 0 || index >= runs.length) { return; }
    var t = 0;
    for (var i = 0; i <= index; i++) { t += runs[i]; }
    if (isNaN(t)) { return; }
    var tip = group.title || '';
    var what = tip.indexOf(group.className.toUpperCase() + ': ');
    cell.title = absolute(t * 1000) + ' ' + (what >= 0 ? tip.slice(what) : tip);
  }

  document.addEventListener('mouseover', cellTip);

  /*
   * ---- rows drawn from rows.json ----
   * With many services the index lists the first ones only (bad ones first); rows.json holds every row, in the same
   * order, and the others are drawn here with the markup of row.html.hbs. Links are made from the id as the server
   * makes them (UrlLayout.segment); relative times come from the ISO times, as updateTimes does for every page.
   */
  var rowsData = null;

  function esc(text) {
    return String(text === undefined || text === null ? '' : text).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#x27;' }[c];
    });
  }

  function segment(id) {
    return encodeURIComponent(id).replace(/[!'()*]/g, function (c) {
      return '%' + c.charCodeAt(0).toString(16).toUpperCase();
    });
  }

  function rowHtml(r) {
    var seg = segment(r.id);
    var page = root + 'service/' + seg;
    var status = root + 'public/' + seg + '.status.json';
    var h = '<tr id="s-' + seg + '" class="service s-' + esc(r.cls) + (r.stale ? ' stale' : '') + esc(r.rowClass) +
      '" data-service="' +
      esc(r.id) + '" data-status="' + esc(r.status) + '" data-status-href="' + esc(status) + '" data-start="' +
      esc(r.startIso) + '" data-stale-after="' + esc(r.staleAfterMs) + '">\n';
    h += '<td class="status"><span class="badge">' + esc(r.status) + '</span>' + (r.stale ?
      ' <span class="badge stale-badge" title="' + esc(r.staleText) + '">STALE</span>' : '') + '</td>\n';
    h += '<td class="title"><a href="' + esc(page) + '.html">' + esc(r.title) + '</a> <span class="id">' + esc(r.id) +
      '</span></td>\n';
    h += '<td class="message"><span class="text">' + esc(r.message) + '</span>' +
      [['maintenanceText', 'maintenance'], ['blockedText', 'blocked-by'], ['attemptText', 'attempt'],
        ['flappingText', 'flapping'], ['blockingText', 'blocking']].map(function (q) {
        return r[q[0]] ? '<span class="quiet ' + q[1] + '">' + esc(r[q[0]]) + '</span>' : '';
      }).join('') + (r.sinceIso ? '<span class="since">' +
      esc(r.sinceLabel) + ' <time datetime="' + esc(r.sinceIso) + '" data-ago>' + esc(ago(Date.parse(r.sinceIso))) +
      '</time> (' + esc(r.sinceText) + ')</span>' : '') + '\n<details><summary>Details</summary>\n';
    if (r.perfdata) {
      h += '<ul class="perf" aria-label="Performance data">' + r.perfdata.map(function (p) {
        return '<li>' + esc(p.text) + '</li>';
      }).join('') + '</ul>';
    }
    h += '\n<ul class="links"><li><a href="' + esc(status) + '">status JSON</a></li><li><a href="' +
      esc(root + 'public/' + seg + '.history.json') + '">history JSON</a></li>' +
      (r.publicHref ? '<li><a href="' + esc(r.publicHref) + '">public files</a></li>' : '') +
      (r.privateHref ? '<li><a href="' + esc(r.privateHref) + '">private files</a></li>' : '') +
      (r.interfaceHref ? '<li><a href="' + esc(r.interfaceHref) + '">interface</a></li>' : '') +
      '<li><a href="' + esc(page) + '.rss">RSS</a></li></ul>\n</details></td>\n';
    h += '<td class="last-run">' + (r.startIso ? '<time datetime="' + esc(r.startIso) + '" data-ago>' +
      esc(ago(Date.parse(r.startIso))) + '</time> <span class="abs">' + esc(r.startText) + '</span> <span class="exec">took ' +
      esc(r.execText) + '</span>' : 'never') + '</td>\n';
    h += '<td class="history">' + (r.strip ? '<p class="strip" role="img" aria-label="' + esc(r.stripLabel) +
      '" data-runs="' + esc(r.stripRuns) + '">' + r.strip.map(function (g) {
        return '<span class="' + esc(g.cls) + '" title="' + esc(g.tip) + '">' + new Array(g.n + 1).join('<i></i>') + '</span>';
      }).join('') + '</p>' : '') + '<span class="uptime">up 24 h: ' + esc(r.uptime24) + ' · 7 d: ' + esc(r.uptime7) +
      '</span></td>\n';
    h += '<td class="actions"><form class="rerun" method="post" action="' +
      esc(root + 'cgi-bin/monitor-run-promise.cgi?service=' + seg) + '"><button aria-label="Rerun ' + esc(r.title) +
      '">Rerun</button></form><span class="rerun-state" role="status"></span></td>\n</tr>\n';
    return h;
  }

  /* Draws the rows the page left out; the first ones at once, the others in the next frames, so they show early. */
  function drawRows() {
    var tbody = document.getElementById('rows');
    if (!tbody || !tbody.hasAttribute('data-partial')) { return Promise.resolve(); }
    var url = root + (tbody.getAttribute('data-rows') || 'rows.json');
    return getConditional(url).then(function (got) {
      if (got.changed || !rowsData) { rowsData = JSON.parse(got.text); }
      var present = {};
      var shown = tbody.querySelectorAll('tr.service[data-service]');
      for (var i = 0; i < shown.length; i++) { present[shown[i].getAttribute('data-service')] = true; }
      var todo = rowsData.rows.filter(function (r) { return !present[r.id]; });
      return new Promise(function (resolve) {
        var at = 0;
        function chunk() {
          if (document.getElementById('rows') !== tbody) { resolve(); return; }  // a refresh swapped it
          var end = Math.min(todo.length, at + (at === 0 ? 500 : 5000));
          var html = '';
          for (; at < end; at++) { html += rowHtml(todo[at]); }
          tbody.insertAdjacentHTML('beforeend', html);
          if (at < todo.length) { requestAnimationFrame(chunk); return; }
          tbody.removeAttribute('data-partial');
          bindReruns();
          restoreRerunNotes();
          markStale();
          applyFilter();
          resolve();
        }
        chunk();
      });
    }).catch(function () { /* the rows the page lists stay; the next refresh tries again */ });
  }

  /* ---- executor heartbeat ---- */

  function showExecutor(text) {
    var p = document.getElementById('executor-state');
    if (!p) { return; }
    p.textContent = text || '';
    p.hidden = !text;
  }

  function checkHeartbeat() {
    var url = root + 'executor-heartbeat.json';
    return getConditional(url).then(function (got) {
      noteServerTime(got.response);
      var beat = Date.parse(JSON.parse(got.text)['executor-heartbeat']);
      if (isNaN(beat)) { return; }
      showExecutor(now() - beat > oldAfterMs ? 'executor not running since ' + absolute(beat) + ' (' + ago(beat) + ')' : '');
    }).catch(function () {
      var known = Date.parse(body.getAttribute('data-heartbeat') || '');
      if (!isNaN(known) && now() - known > oldAfterMs) {
        showExecutor('executor not running since ' + absolute(known) + ' (' + ago(known) + ')');
      }
    });
  }

  /* ---- filter ---- */

  var filterInput = document.getElementById('filter');

  function applyFilter() {
    if (!filterInput) { return; }
    var words = filterInput.value.toLowerCase().split(/\s+/).filter(function (w) { return w; });
    var rows = document.querySelectorAll('tr.service, .related-group li');
    var shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var text = (rows[i].textContent + ' ' + (rows[i].getAttribute('data-service') || '') + ' ' +
        (rows[i].classList.contains('stale') ? 'stale' : '')).toLowerCase();
      var match = words.every(function (w) { return text.indexOf(w) >= 0; });
      rows[i].hidden = !match;
      if (match && rows[i].matches('tr.service')) { shown++; }
    }
    var count = document.getElementById('filter-count');
    if (count) {
      count.textContent = words.length ? shown + ' of ' + document.querySelectorAll('tr.service').length + ' shown' : '';
    }
  }

  if (filterInput) {
    filterInput.closest('.filter').hidden = false;
    filterInput.addEventListener('input', applyFilter);
  }

  /* ---- live refresh of this page ---- */

  function refreshPage() {
    var url = location.href.split('#')[0];
    return getConditional(url).then(function (got) {
      noteServerTime(got.response);
      if (!got.changed) { return; }
      var fresh = new DOMParser().parseFromString(got.text, 'text/html');
      var live = document.querySelectorAll('[data-live]');
      for (var i = 0; i < live.length; i++) {
        var replacement = live[i].id && fresh.getElementById(live[i].id);
        if (replacement) { live[i].replaceWith(document.importNode(replacement, true)); }
      }
      body.setAttribute('data-heartbeat', fresh.body.getAttribute('data-heartbeat') || '');
      bindReruns();
      restoreRerunNotes();
      applyFilter();
    }).catch(function () { /* the next poll tries again */ });
  }

  function tick() {
    Promise.all([refreshPage().then(drawRows), checkHeartbeat()]).then(function () {
      updateTimes();
      markStale();
    });
    refreshRelated();
  }

  function schedule() {
    clearTimeout(pageTimer);
    pageTimer = setTimeout(function () { tick(); schedule(); }, refreshMs);
  }

  /* ---- rerun ---- */

  /*
   * The row of a service is looked up afresh each time: a refresh may have swapped it for a newer copy while a
   * rerun was being followed.
   */
  function rowFor(id) {
    var rows = document.querySelectorAll('.service[data-service]');
    for (var i = 0; i < rows.length; i++) {
      if (rows[i].getAttribute('data-service') === id) { return rows[i]; }
    }
    return null;
  }

  function setNote(id, text, problem) {
    rerunNotes[id] = { text: text, problem: !!problem };
    restoreRerunNotes();
  }

  function restoreRerunNotes() {
    Object.keys(rerunNotes).forEach(function (id) {
      var row = rowFor(id);
      var state = row && row.querySelector('.rerun-state');
      if (state) {
        state.textContent = rerunNotes[id].text;
        state.classList.toggle('problem', rerunNotes[id].problem);
      }
    });
  }

  function messageOf(text, fallback) {
    try {
      var json = JSON.parse(text);
      return json.message || json.error || json.reason || fallback;
    } catch (e) {
      return (text || '').trim() || fallback;
    }
  }

  function isJson(response) {
    return /json/i.test(response.headers.get('Content-Type') || '');
  }

  function statusUrlOf(response, text, id) {
    var href = response.headers.get('Location');
    if (!href) {
      try {
        var json = JSON.parse(text);
        href = json.status || json['status-url'] || json.href || json.url ||
          (json._links && json._links.status && json._links.status.href);
      } catch (e) { /* not JSON: use the row's own status file */ }
    }
    if (typeof href !== 'string' || !href) {
      return new URL(rowFor(id).getAttribute('data-status-href'), location.href).href;
    }
    return new URL(href, response.url || location.href).href;
  }

  function showStatus(id, status) {
    var row = rowFor(id);
    if (!row) { return; }
    var cls = String(status.status || 'unknown').toLowerCase();
    row.className = row.className.replace(/\bs-[a-z]+\b/g, '').replace(/\bstale\b/g, '').trim() + ' s-' + cls;
    row.setAttribute('data-status', status.status);
    row.setAttribute('data-start', status['start-date']);
    if (status['valid-until']) {
      row.setAttribute('data-stale-after', String(Date.parse(status['valid-until'])));
    }
    var badge = row.querySelector('.status .badge');
    if (badge) { badge.textContent = status.status; }
    var stale = row.querySelector('.stale-badge');
    if (stale) { stale.remove(); }
    var message = row.querySelector('.message .text');
    if (message) { message.textContent = status.message; }
    recount();
    var last = row.querySelector('.last-run time');
    if (last) {
      last.setAttribute('datetime', status['start-date']);
      last.title = absolute(Date.parse(status['start-date']));
    }
    updateTimes();
  }

  /* After a 202: poll the status file (ETag) until it holds a run newer than the one shown, then show it. */
  function followRun(id, url, startedBefore, deadline) {
    return new Promise(function (resolve) {
      function poll() {
        getConditional(url).then(function (got) {
          var status = JSON.parse(got.text);
          // Compared as instants: the page writes 2026-11-21T10:00:00Z, status.json 2026-11-21T10:00:00+00:00.
          var started = Date.parse(status['start-date']);
          var before = Date.parse(startedBefore);
          if (!isNaN(started) && (isNaN(before) || started > before)) {
            showStatus(id, status);
            setNote(id, 'done: ' + status.status + ' (' + status.message + ')', status.status !== 'OK');
            resolve(true);
            return;
          }
          next();
        }).catch(next);
      }
      function next() {
        if (Date.now() > deadline) {
          setNote(id, 'still running: no new result yet; the page will show it when it comes', true);
          resolve(false);
          return;
        }
        setTimeout(poll, 1000);
      }
      poll();
    });
  }

  function rerun(event) {
    event.preventDefault();
    var form = event.currentTarget;
    var id = form.closest('[data-service]').getAttribute('data-service');
    var startedBefore = rowFor(id).getAttribute('data-start') || '';
    var button = form.querySelector('button');
    button.disabled = true;
    setNote(id, 'asking for a run…', false);
    fetch(form.action, { method: 'POST', credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
      .then(function (response) {
        noteServerTime(response);
        return response.text().then(function (text) {
          if (response.status === 202 || response.status === 200 || response.status === 204) {
            setNote(id, 'running…', false);
            return followRun(id, statusUrlOf(response, text, id), startedBefore, Date.now() + 5 * 60 * 1000)
              .then(refreshPage);
          }
          if (response.status === 401) {
            setNote(id, 'login needed: log in to rerun (reload the page to be asked)', true);
          } else if (response.status === 409) {
            var why = messageOf(text, 'already running');
            setNote(id, why.indexOf('already running') >= 0 ? why : 'already running: ' + why, true);
          } else if (!isJson(response) && [404, 405, 501].indexOf(response.status) >= 0) {
            // a plain static server (no rerun endpoint): its own error page means nothing to the reader
            setNote(id, 'rerun is not available here', true);
          } else if (response.status === 404) {
            setNote(id, 'unknown service: ' + messageOf(text, 'not configured here'), true);
          } else {
            setNote(id, 'rerun failed: HTTP ' + response.status + ' ' + messageOf(text, ''), true);
          }
        });
      })
      .catch(function (error) { setNote(id, 'rerun failed: ' + error.message, true); })
      .then(function () {
        // The form may have been swapped by a refresh: enable whichever button is there now.
        button.disabled = false;
        var row = rowFor(id);
        var current = row && row.querySelector('form.rerun button');
        if (current) { current.disabled = false; }
      });
  }

  function bindReruns() {
    var forms = document.querySelectorAll('form.rerun');
    for (var i = 0; i < forms.length; i++) {
      if (!forms[i].hasAttribute('data-bound')) {
        forms[i].setAttribute('data-bound', '');
        forms[i].addEventListener('submit', rerun);
      }
    }
  }

  /* ---- related monitors ---- */

  var groups = document.getElementById('related-groups');

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function groupFor(base) {
    var all = groups.querySelectorAll('.related-group');
    for (var i = 0; i < all.length; i++) {
      if (all[i].getAttribute('data-monitor') === base) { return all[i]; }
    }
    var group = el('section', 'related-group');
    group.setAttribute('data-monitor', base);
    group.setAttribute('aria-label', 'Related monitor ' + base);
    groups.appendChild(group);
    return group;
  }

  function unreachable(base, error) {
    var key = 'promise-monitor-unreachable:' + base;
    var since = null;
    try { since = parseInt(localStorage.getItem(key), 10) || null; } catch (e) { /* storage off */ }
    if (!since) {
      since = Date.now();
      try { localStorage.setItem(key, String(since)); } catch (e) { /* storage off */ }
    }
    var group = groupFor(base);
    group.classList.add('unreachable');
    group.textContent = '';
    var h = el('h3');
    var a = el('a', null, base);
    a.href = base;
    h.appendChild(a);
    group.appendChild(h);
    group.appendChild(el('p', 'unreachable-text', 'unreachable since ' + absolute(since) + ' (' + error.message + ')'));
  }

  function reachable(base) {
    try { localStorage.removeItem('promise-monitor-unreachable:' + base); } catch (e) { /* storage off */ }
  }

  function showGroup(base, hal, statuses) {
    var group = groupFor(base);
    group.classList.remove('unreachable');
    group.textContent = '';
    var h = el('h3', null, (hal.title || base) + ' ');
    var a = el('a', null, base);
    a.href = base;
    h.appendChild(a);
    group.appendChild(h);
    var list = el('ul');
    statuses.sort(function (x, y) { return severity(y.status) - severity(x.status) || String(x.id).localeCompare(String(y.id)); });
    statuses.forEach(function (s) {
      var li = el('li', 's-' + String(s.status).toLowerCase());
      li.setAttribute('data-service', s.id);
      li.appendChild(el('span', 'badge', s.status));
      li.appendChild(document.createTextNode(' '));
      var link = el('a', null, s.title || s.id);
      link.href = s.page;
      li.appendChild(link);
      li.appendChild(el('span', 'text', ' ' + (s.message || '')));
      list.appendChild(li);
    });
    group.appendChild(list);
  }

  function severity(status) {
    return { ERROR: 4, UNKNOWN: 3, WARNING: 2, PENDING: 1, OK: 0 }[status] || 0;
  }

  function refreshRelated() {
    if (!groups) { return; }
    var links = document.querySelectorAll('a[data-related]');
    Array.prototype.forEach.call(links, function (link) {
      var base = link.getAttribute('data-related');
      groupFor(base);   // groups keep the order of monitor-url-list, whichever answers first
      var halUrl = new URL('monitor.haljson', base).href;
      getConditional(halUrl, { mode: 'cors' }).then(function (got) {
        var hal = JSON.parse(got.text);
        var services = (hal._embedded && hal._embedded.service) || [];
        return Promise.all(services.map(function (service) {
          var statusUrl = new URL(service._links.status.href, halUrl).href;
          return getConditional(statusUrl, { mode: 'cors' }).then(function (s) {
            var status = JSON.parse(s.text);
            return { id: service.id, title: service.title, status: status.status, message: status.message,
              page: new URL('service/' + encodeURIComponent(service.id) + '.html', halUrl).href };
          }).catch(function () {
            return { id: service.id, title: service.title, status: 'PENDING', message: 'no result yet',
              page: new URL(service._links.status.href, halUrl).href };
          });
        })).then(function (statuses) {
          reachable(base);
          showGroup(base, hal, statuses);
          applyFilter();
        });
      }).catch(function (error) {
        unreachable(base, error && error.message === 'Failed to fetch' ? new Error('cannot connect') : error);
      });
    });
  }

  bindReruns();
  updateTimes();
  markStale();
  drawRows();
  checkHeartbeat();
  refreshRelated();
  schedule();
}());
