/*
 * Promise Monitor fleet page. The executor reads every related monitor (monitor-url-list) once a minute into
 * fleet.json; this draws it: the services grouped by monitor, counts per monitor and per status, monitors that
 * cannot be read or whose executor stopped, a filter, and "bad first across the fleet" as one list. Everything a
 * related monitor sent is shown as text, never as HTML, and only its http(s) links are followed.
 */
(function () {
  'use strict';

  var body = document.body;
  var source = body.getAttribute('data-source') || 'fleet.json';
  var main = document.getElementById('fleet');
  var filterInput = document.getElementById('filter');
  var badFirst = document.getElementById('bad-first');
  var STATUSES = ['ERROR', 'UNKNOWN', 'WARNING', 'PENDING', 'OK'];
  var SEVERITY = { ERROR: 4, UNKNOWN: 3, WARNING: 2, PENDING: 1, OK: 0 };
  var MONITOR_SEVERITY = { unreachable: 6, 'executor-down': 5 };
  var etag = null;
  var data = null;
  var drawnOnce = false;
  var refreshMs = 30000;

  function esc(text) {
    return String(text === null || text === undefined ? '' : text).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function href(url) {
    return /^https?:\/\//i.test(String(url || '')) ? esc(url) : '#';
  }

  function pad(n) { return (n < 10 ? '0' : '') + n; }

  function absolute(t) {
    var d = new Date(t);
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + pad(d.getHours()) + ':' +
      pad(d.getMinutes()) + ':' + pad(d.getSeconds());
  }

  /* The same wording as the dashboard's. */
  function ago(t) {
    var s = Math.floor((Date.now() - t) / 1000);
    if (s < 0) { return 'in the future'; }
    if (s < 5) { return 'just now'; }
    if (s < 60) { return s + ' s ago'; }
    if (s < 3600) { return Math.floor(s / 60) + ' min ago'; }
    if (s < 86400) { return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min ago'; }
    return Math.floor(s / 86400) + ' d ' + Math.floor((s % 86400) / 3600) + ' h ago';
  }

  function when(iso) {
    var t = Date.parse(iso || '');
    return isNaN(t) ? '' : '<time datetime="' + esc(iso) + '" title="' + esc(absolute(t)) + '">' + esc(absolute(t)) +
      '</time> (<span data-ago="' + esc(iso) + '">' + esc(ago(t)) + '</span>)';
  }

  function name(m) { return m.title || m.url; }

  function monitorSeverity(m) {
    if (MONITOR_SEVERITY[m.state]) { return MONITOR_SEVERITY[m.state]; }
    var worst = 0;
    (m.services || []).forEach(function (s) { worst = Math.max(worst, SEVERITY[s.status] || 0); });
    return worst;
  }

  function countsHtml(counts, label) {
    var html = '<ul class="counts" aria-label="' + esc(label) + '">';
    STATUSES.forEach(function (s) {
      html += '<li class="s-' + s.toLowerCase() + '"><span class="n">' + (counts[s] || 0) + '</span> ' + s + '</li>';
    });
    return html + '</ul>';
  }

  function stateHtml(m) {
    if (m.state === 'unreachable') {
      return '<p class="state">unreachable since ' + when(m.since) + ': ' + esc(m.reason) + '</p>';
    }
    if (m.state === 'executor-down') {
      return '<p class="state">executor not running since ' + when(m.since) + '</p>';
    }
    return m.reason ? '<p class="state meta">' + esc(m.reason) + '</p>' : '';
  }

  function rowHtml(m, s, withMonitor) {
    var cls = s.status.toLowerCase();
    var text = [name(m), m.url, s.id, s.title, s.status, s.message].join(' ').toLowerCase();
    var since = s.status !== 'OK' && s['change-date'] ?
      '<span class="since">' + (s.status === 'WARNING' ? 'warning' : 'failing') + ' since ' + when(s['change-date']) +
      '</span>' : '';
    return '<tr class="service s-' + esc(cls) + '" data-service="' + esc(s.id) + '" data-monitor="' + esc(m.url) +
      '" data-status="' + esc(s.status) + '" data-text="' + esc(text) + '">' +
      '<td class="status"><span class="badge">' + esc(s.status) + '</span></td>' +
      (withMonitor ? '<td class="monitor"><a href="' + href(m.url) + '">' + esc(name(m)) + '</a></td>' : '') +
      '<td class="title"><a href="' + href(s.page) + '">' + esc(s.title) + '</a> <span class="id">' + esc(s.id) +
      '</span></td>' +
      '<td class="message"><span class="text">' + esc(s.message) + '</span>' + since + '</td>' +
      '<td class="last-run">' + (s['start-date'] ? when(s['start-date']) : 'never') + '</td></tr>';
  }

  function head(withMonitor) {
    return '<thead><tr><th scope="col">Status</th>' + (withMonitor ? '<th scope="col" class="monitor-col">Monitor</th>' : '') +
      '<th scope="col">Service</th><th scope="col">Message</th><th scope="col" class="last-col">Last run</th></tr></thead>';
  }

  function bySeverity(a, b) {
    return (SEVERITY[b.status] || 0) - (SEVERITY[a.status] || 0) || String(a.id).localeCompare(String(b.id));
  }

  function grouped(monitors) {
    var html = '';
    monitors.forEach(function (m, i) {
      var services = (m.services || []).slice().sort(bySeverity);
      var text = [name(m), m.url, m.state, m.reason].join(' ').toLowerCase();
      html += '<section class="fleet-group m-' + esc(m.state) + '" data-monitor="' + esc(m.url) + '" data-state="' +
        esc(m.state) + '" data-text="' + esc(text) + '" aria-labelledby="m-' + i + '">' +
        '<h2 id="m-' + i + '"><span class="name">' + esc(name(m)) + '</span> <a class="url" href="' + href(m.url) +
        '">' + esc(m.url) + '</a></h2>' + stateHtml(m) +
        countsHtml(m.counts || {}, 'Services of ' + name(m) + ' per status');
      if (services.length) {
        html += '<table class="services"><caption>' + services.length + ' services of ' + esc(name(m)) +
          ', bad ones first</caption>' + head(false) + '<tbody>';
        services.forEach(function (s) { html += rowHtml(m, s, false); });
        html += '</tbody></table>';
      }
      html += '</section>';
    });
    return html;
  }

  function flat(monitors) {
    var html = '';
    var rows = [];
    monitors.forEach(function (m, i) {
      if (m.state !== 'ok') {
        html += '<section class="fleet-group m-' + esc(m.state) + '" data-monitor="' + esc(m.url) + '" data-state="' +
          esc(m.state) + '" data-text="' + esc([name(m), m.url, m.state, m.reason].join(' ').toLowerCase()) +
          '" aria-labelledby="m-' + i + '"><h2 id="m-' + i + '"><span class="name">' + esc(name(m)) +
          '</span> <a class="url" href="' + href(m.url) + '">' + esc(m.url) + '</a></h2>' + stateHtml(m) + '</section>';
      }
      (m.services || []).forEach(function (s) { rows.push({ m: m, s: s }); });
    });
    rows.sort(function (a, b) {
      return (SEVERITY[b.s.status] || 0) - (SEVERITY[a.s.status] || 0) ||
        name(a.m).localeCompare(name(b.m)) || String(a.s.id).localeCompare(String(b.s.id));
    });
    html += '<table class="services"><caption>' + rows.length + ' services of the fleet, bad ones first</caption>' +
      head(true) + '<tbody>';
    rows.forEach(function (r) { html += rowHtml(r.m, r.s, true); });
    return html + '</tbody></table>';
  }

  function draw() {
    if (!data) { return; }
    var monitors = (data.monitors || []).slice();
    monitors.sort(function (a, b) {
      return monitorSeverity(b) - monitorSeverity(a) || name(a).localeCompare(name(b));
    });
    var total = {};
    var unreachable = 0;
    var down = 0;
    monitors.forEach(function (m) {
      STATUSES.forEach(function (s) { total[s] = (total[s] || 0) + ((m.counts || {})[s] || 0); });
      if (m.state === 'unreachable') { unreachable++; }
      if (m.state === 'executor-down') { down++; }
    });
    document.title = 'Fleet · ' + (data.title || 'Promise Monitor');
    document.getElementById('fleet-title').textContent = 'Fleet seen from ' + (data.title || 'this monitor');
    document.getElementById('fleet-checked').innerHTML = 'read ' + when(data.generated);
    document.getElementById('fleet-counts').innerHTML = countsHtml(total, '').replace(/^<ul[^>]*>|<\/ul>$/g, '');
    document.getElementById('fleet-monitors').textContent = monitors.length + ' monitors: ' +
      (monitors.length - unreachable - down) + ' reachable, ' + unreachable + ' unreachable, ' + down +
      ' with their executor not running';
    main.innerHTML = monitors.length ? (badFirst && badFirst.checked ? flat(monitors) : grouped(monitors)) :
      '<p class="meta">No related monitors: list them in monitor-url-list.</p>';
    applyFilter();
    if (!drawnOnce) {
      drawnOnce = true;
      performance.mark('fleet-rows');
      // The next frame has painted the rows: what the benchmark measures.
      requestAnimationFrame(function () {
        setTimeout(function () {
          performance.mark('fleet-rows-painted');
          body.setAttribute('data-drawn', 'yes');
        }, 0);
      });
    }
  }

  function applyFilter() {
    if (!filterInput) { return; }
    var words = filterInput.value.toLowerCase().split(/\s+/).filter(function (w) { return w; });
    function matches(text) { return words.every(function (w) { return text.indexOf(w) >= 0; }); }
    var rows = main.querySelectorAll('tr.service');
    var shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var match = matches(rows[i].getAttribute('data-text') || '');
      rows[i].hidden = !match;
      if (match) { shown++; }
    }
    var groups = main.querySelectorAll('.fleet-group');
    for (var j = 0; j < groups.length; j++) {
      var visible = groups[j].querySelectorAll('tr.service:not([hidden])').length > 0;
      groups[j].hidden = words.length > 0 && !visible && !matches(groups[j].getAttribute('data-text') || '');
    }
    var count = document.getElementById('filter-count');
    if (count) { count.textContent = words.length ? shown + ' of ' + rows.length + ' services shown' : ''; }
  }

  function updateTimes() {
    var spans = document.querySelectorAll('[data-ago]');
    for (var i = 0; i < spans.length; i++) {
      var t = Date.parse(spans[i].getAttribute('data-ago'));
      if (!isNaN(t)) { spans[i].textContent = ago(t); }
    }
  }

  function load() {
    var headers = etag ? { 'If-None-Match': etag } : {};
    return fetch(source, { cache: 'no-store', credentials: 'same-origin', headers: headers }).then(function (r) {
      if (r.status === 304) { return null; }
      if (r.status === 404) {
        throw new Error('no ' + source + ' yet: the executor writes it within a minute of starting, when' +
          ' monitor-url-list lists related monitors');
      }
      if (!r.ok) { throw new Error(source + ': HTTP ' + r.status); }
      etag = r.headers.get('ETag');
      return r.json();
    }).then(function (fresh) {
      if (fresh) {
        data = fresh;
        refreshMs = Math.max(5, fresh['refresh-seconds'] || 30) * 1000;
        draw();
      } else {
        updateTimes();
      }
    }).catch(function (error) {
      if (!data) {
        main.innerHTML = '<p id="fleet-state" class="alert" role="alert">' + esc(error.message) + '</p>';
      }
    }).then(function () {
      setTimeout(load, refreshMs);
    });
  }

  if (filterInput) {
    filterInput.closest('.filter').hidden = false;
    filterInput.addEventListener('input', applyFilter);
  }
  if (badFirst) { badFirst.addEventListener('change', draw); }
  load();
}());
