/*
 * CityBrain dashboard, governance part (docs/dashboard.md#cases): cases on the map and in a
 * filtered list, a case's timeline, the actions the signed-in role may take, KPI cards per
 * department. Reads and acts through /api/govern (docs/governance.md); cases are not on the live
 * stream, so the page reads them again every REFRESH_MS and at once after an action. The server
 * filters, orders, pages and counts (GET /api/govern/cases?...&limit&offset&count=true): the page
 * holds only the PAGE_SIZE cases it shows, whatever the number of cases in the city.
 *
 * dashboard.js starts it after sign-in with what it shares: api(), canAct(), escapeHtml(), the
 * Leaflet map and fit() (fits the map once, if the roads have not).
 */
window.CityBrainGovern = (function () {
  'use strict';

  var REFRESH_MS = 5000;
  var PAGE_SIZE = 100;
  var STATUSES = ['REPORTED', 'REGISTERED', 'DISPATCHED', 'ACCEPTED', 'IN_PROGRESS', 'HANDLED', 'VERIFIED', 'CLOSED', 'REJECTED'];
  var TERMINAL = ['CLOSED', 'REJECTED'];
  // the lifecycle of docs/governance.md (Action.java): action -> the statuses it applies to
  var ACTIONS = [
    ['REGISTER', ['REPORTED']], ['DISPATCH', ['REGISTERED', 'DISPATCHED']], ['ACCEPT', ['DISPATCHED']],
    ['START', ['ACCEPTED']], ['HANDLE', ['IN_PROGRESS']], ['VERIFY', ['HANDLED']], ['CLOSE', ['VERIFIED']],
    ['RETURN', ['HANDLED', 'VERIFIED']], ['SEND_BACK', ['DISPATCHED', 'ACCEPTED']], ['REJECT', ['REPORTED', 'REGISTERED']],
    ['ESCALATE', STATUSES.filter(function (s) { return TERMINAL.indexOf(s) < 0; })], ['NOTE', STATUSES]
  ];
  // marker colours by stage: new, with a department, done by the department, closed, rejected
  var STAGE = { REPORTED: 'new', REGISTERED: 'new', DISPATCHED: 'working', ACCEPTED: 'working', IN_PROGRESS: 'working',
    HANDLED: 'handled', VERIFIED: 'handled', CLOSED: 'closed', REJECTED: 'rejected' };
  var COLOURS = { new: '#1f6feb', working: '#f2a900', handled: '#8250df', closed: '#2da44e', rejected: '#8c959f' };

  var ctx = null;
  var cases = [];          // the cases on the page shown, in the order asked
  var total = 0;           // the number of cases that match the filters (the server's count)
  var page = 0;            // the page shown, from 0
  var drawn = null;        // the search whose answer the list shows
  var reading = new Set(); // the refreshes under way
  var choices = { categories: [], departments: [] }; // the configuration's, read once
  var departments = [];    // the departments known: the configuration's, the KPIs', the page's
  var kpiDepartments = []; // the departments of the last KPIs read
  var markers = new Map(); // case id -> Leaflet circle marker
  var selected = null;     // the case shown in the timeline, with its history
  var timer = null;
  var fitted = false;

  var $ = function (id) { return document.getElementById(id); };

  function start(context) {
    ctx = context;
    if (timer === null) {
      ['filter-status', 'filter-department', 'filter-category', 'case-order'].forEach(function (id) {
        $(id).onchange = function () { page = 0; refresh(); };
      });
      $('kpi-period').onchange = refresh;
      $('case-previous').onclick = function () { turn(-1); };
      $('case-next').onclick = function () { turn(1); };
      fillSelect($('filter-status'), STATUSES);
      // offered as soon as they arrive, not at the next reading of the cases up to REFRESH_MS later
      ctx.api('/api/govern/choices').then(function (c) { choices = c; fillFilters(); })
        .catch(function () { /* the filters offer what is seen */ });
    }
    stop();
    refresh();
    timer = setInterval(refresh, REFRESH_MS);
  }

  /** Stops reading every REFRESH_MS; the promise settles once the reads already under way are drawn. */
  function stop() {
    if (timer !== null) {
      clearInterval(timer);
      timer = null;
    }
    return Promise.all(Array.from(reading));
  }

  function error(message) {
    $('case-error').textContent = message || '';
  }

  /** The search of the cases shown: the filters chosen, the order and the page. */
  function search() {
    var q = ['order=' + $('case-order').value, 'limit=' + PAGE_SIZE, 'offset=' + page * PAGE_SIZE, 'count=true'];
    [['status', 'filter-status'], ['department', 'filter-department'], ['category', 'filter-category']].forEach(function (f) {
      if ($(f[1]).value) {
        q.push(f[0] + '=' + encodeURIComponent($(f[1]).value));
      }
    });
    return '/api/govern/cases?' + q.join('&');
  }

  /** The previous (-1) or the next (+1) page in the order chosen. */
  function turn(by) {
    page = Math.max(0, Math.min(page + by, pages() - 1));
    refresh();
  }

  function pages() {
    return Math.max(1, Math.ceil(total / PAGE_SIZE));
  }

  /** Reads the page of cases and the KPIs, then the open case again; draws all. */
  function refresh() {
    var days = Number($('kpi-period').value) || 30;
    var to = new Date();
    var from = new Date(to.getTime() - days * 86400000);
    var asked = search();
    var read = Promise.all([
      ctx.api(asked, { total: true }),
      ctx.api('/api/govern/kpis?from=' + from.toISOString() + '&to=' + to.toISOString())
    ]).then(function (answers) {
      if (asked !== search()) {
        return null; // the filters or the page changed meanwhile: the newer read draws
      }
      total = answers[0].total;
      if (page > 0 && page >= pages()) { // fewer matches than when the page was chosen: show the last page
        page = pages() - 1;
        return refresh();
      }
      cases = answers[0].body;
      if (asked !== drawn) { // another page or other filters: start at the top of the list
        $('cases').scrollTop = 0;
        drawn = asked;
      }
      kpiDepartments = Object.keys(answers[1].departments || {});
      fillFilters();
      draw();
      drawKpis(answers[1]);
      return selected ? open(selected.id, true) : null;
    }).catch(function (e) {
      if (e.message !== 'not signed in') {
        error('Could not read the cases: ' + e.message);
      }
    });
    reading.add(read);
    read.then(function () { reading.delete(read); });
    return read;
  }

  /** The department and category filters: the configuration's, the KPIs' and the cases' shown. */
  function fillFilters() {
    departments = unique(choices.departments.concat(kpiDepartments, cases.map(function (c) { return c.department; })));
    fillSelect($('filter-department'), departments);
    fillSelect($('filter-category'), unique(choices.categories.concat(cases.map(function (c) { return c.category; }))));
  }

  function unique(values) {
    return Array.from(new Set(values.filter(Boolean))).sort();
  }

  /** Options of a filter: keeps the first ("any") and the current choice. */
  function fillSelect(select, values) {
    var chosen = select.value;
    if (chosen && values.indexOf(chosen) < 0) {
      values = values.concat([chosen]).sort();
    }
    if (select.options.length === values.length + 1 && values.every(function (v, i) { return select.options[i + 1].value === v; })) {
      return; // unchanged: leave an open list alone
    }
    while (select.options.length > 1) {
      select.remove(1);
    }
    values.forEach(function (v) {
      var option = document.createElement('option');
      option.value = v;
      option.textContent = v.toLowerCase() === v ? v : v.replace(/_/g, ' ').toLowerCase();
      select.appendChild(option);
    });
    select.value = values.indexOf(chosen) >= 0 ? chosen : '';
  }

  function overdue(c) {
    return TERMINAL.indexOf(c.status) < 0 && c.deadline && new Date(c.deadline).getTime() < Date.now();
  }

  function when(iso) {
    return iso ? new Date(iso).toLocaleString() : '';
  }

  // ---------- list and map ----------

  function draw() {
    var shown = cases;
    var ul = $('cases');
    ul.textContent = '';
    if (!shown.length) {
      var none = document.createElement('li');
      none.className = 'empty';
      var filtering = $('filter-status').value || $('filter-department').value || $('filter-category').value;
      none.textContent = filtering ? 'No case matches the filters.' : 'No cases.';
      ul.appendChild(none);
    }
    shown.forEach(function (c) {
      var li = document.createElement('li');
      li.className = 'case' + (selected && selected.id === c.id ? ' selected' : '') + (overdue(c) ? ' overdue' : '');
      li.dataset.id = c.id;
      li.dataset.status = c.status;
      li.tabIndex = 0;
      li.innerHTML = '<span class="what"><span class="stage ' + STAGE[c.status] + '">' + ctx.escapeHtml(label(c.status))
        + '</span>' + ctx.escapeHtml(c.id + ' · ' + c.category) + '</span>'
        + '<span class="desc">' + ctx.escapeHtml(c.description) + '</span>'
        + '<span class="when">' + ctx.escapeHtml((c.department || 'no department') + ' · due ' + when(c.deadline)
          + (overdue(c) ? ' · overdue' : '')) + '</span>';
      li.addEventListener('click', function () { open(c.id); });
      li.addEventListener('keydown', function (event) { if (event.key === 'Enter') { open(c.id); } });
      ul.appendChild(li);
    });
    var first = page * PAGE_SIZE;
    $('case-count').textContent = shown.length ? (first + 1).toLocaleString('en') + '–' + (first + shown.length).toLocaleString('en')
      + ' of ' + total.toLocaleString('en') : '0 of ' + total.toLocaleString('en');
    $('case-count').dataset.total = total;
    $('case-page').textContent = 'page ' + (page + 1).toLocaleString('en') + ' of ' + pages().toLocaleString('en');
    $('case-page').dataset.page = page + 1;
    $('case-previous').disabled = page === 0;
    $('case-next').disabled = page >= pages() - 1;
    drawMarkers(shown);
  }

  function label(status) {
    return status.replace(/_/g, ' ').toLowerCase();
  }

  function drawMarkers(shown) {
    var seen = new Set();
    shown.forEach(function (c) {
      if (!c.location) {
        return;
      }
      var at = [c.location.lat, c.location.long];
      var style = { radius: 8, color: overdue(c) ? '#e5534b' : '#fff', weight: overdue(c) ? 3 : 2,
        fillColor: COLOURS[STAGE[c.status]], fillOpacity: 0.95 };
      var tip = ctx.escapeHtml(c.id + ' · ' + c.category + ' · ' + label(c.status));
      var m = markers.get(c.id);
      if (!m) {
        m = L.circleMarker(at, Object.assign({ className: 'case-marker' }, style)).bindTooltip(tip).addTo(ctx.map);
        m.on('click', function () { open(c.id); });
        markers.set(c.id, m);
      } else {
        m.setLatLng(at);
        m.setStyle(style);
        m.setTooltipContent(tip);
      }
      m.getElement().dataset.id = c.id;
      m.getElement().dataset.status = c.status;
      seen.add(c.id);
    });
    markers.forEach(function (m, id) {
      if (!seen.has(id)) {
        m.remove();
        markers.delete(id);
      }
    });
    if (!fitted && markers.size) {
      var bounds = L.latLngBounds([]);
      markers.forEach(function (m) { bounds.extend(m.getLatLng()); });
      ctx.fit(bounds);
      fitted = true;
    }
  }

  // ---------- one case: timeline and actions ----------

  /** Shows a case's timeline; {@code onlyIfChanged}: keep what is shown (and typed) if the case did not move. */
  function open(id, onlyIfChanged) {
    return ctx.api('/api/govern/cases/' + encodeURIComponent(id)).then(function (c) {
      if (onlyIfChanged && selected && selected.id === c.id && selected.version === c.version) {
        return;
      }
      selected = c;
      drawDetail(c);
      Array.prototype.forEach.call($('cases').children, function (li) {
        li.classList.toggle('selected', li.dataset.id === id);
      });
    }).catch(function (e) {
      if (e.message !== 'not signed in') {
        error('Could not read case ' + id + ': ' + e.message);
      }
    });
  }

  function drawDetail(c) {
    var box = $('case-detail');
    var esc = ctx.escapeHtml;
    box.dataset.id = c.id;
    box.dataset.version = c.version;
    var html = '<h3>' + esc(c.id + ' · ' + c.category) + ' <span class="stage ' + STAGE[c.status] + '">'
      + esc(label(c.status)) + '</span></h3>'
      + '<p class="desc">' + esc(c.description) + '</p>'
      + '<dl class="facts">'
      + '<dt>Department</dt><dd class="department">' + esc(c.department || '–') + '</dd>'
      + '<dt>Deadline</dt><dd>' + esc(when(c.deadline) || '–') + (overdue(c) ? ' <b class="late">overdue</b>' : '') + '</dd>'
      + '<dt>Reported</dt><dd>' + esc(when(c.reportedAt) + ' by ' + c.reporter + ' (' + c.source.toLowerCase() + ')') + '</dd>'
      + (c.escalatedTo ? '<dt>Escalated to</dt><dd>' + esc(c.escalatedTo) + '</dd>' : '')
      + '<dt>Version</dt><dd class="version">' + esc(c.version) + '</dd>'
      + '</dl><h4>Timeline</h4><ol class="timeline">';
    (c.history || []).forEach(function (t) {
      html += '<li data-version="' + esc(t.version) + '" data-action="' + esc(t.action) + '">'
        + '<span class="at">' + esc(when(t.at)) + '</span> <b class="actor">' + esc(t.actor) + '</b> '
        + '<span class="move">' + esc(t.action.toLowerCase().replace(/_/g, ' ')) + ': '
        + esc((t.from ? label(t.from) + ' → ' : '') + label(t.to)) + '</span>'
        + (t.target ? ' <span class="target">→ ' + esc(t.target) + '</span>' : '')
        + (t.note ? '<span class="note-text">' + esc(t.note) + '</span>' : '')
        + (t.attachments || []).map(function (a) {
          return /^https?:/.test(a) ? '<a class="attachment" href="' + esc(a) + '" rel="noopener" target="_blank">' + esc(a) + '</a>'
            : '<span class="attachment">' + esc(a) + '</span>';
        }).join('')
        + '</li>';
    });
    html += '</ol>';
    box.innerHTML = html;
    box.appendChild(ctx.canAct() ? actionForm(c) : note('Acting on cases needs the operator role.'));
  }

  function note(text) {
    var p = document.createElement('p');
    p.className = 'note';
    p.textContent = text;
    return p;
  }

  /** The actions that apply to the case's status, with a department (for dispatch) and a note. */
  function actionForm(c) {
    var form = document.createElement('form');
    form.className = 'case-actions';
    form.innerHTML = '<label for="case-target">Department</label><input id="case-target" list="case-departments" autocomplete="off">'
      + '<datalist id="case-departments"></datalist>'
      + '<label for="case-note">Note</label><input id="case-note" maxlength="2000" autocomplete="off">'
      + '<div class="buttons"></div><p id="case-result" class="note" role="status"></p>';
    form.querySelector('#case-target').value = c.department || '';
    var list = form.querySelector('#case-departments');
    departments.forEach(function (d) {
      var option = document.createElement('option');
      option.value = d;
      list.appendChild(option);
    });
    var buttons = form.querySelector('.buttons');
    ACTIONS.forEach(function (a) {
      if (a[1].indexOf(c.status) < 0) {
        return;
      }
      var b = document.createElement('button');
      b.type = 'button';
      b.dataset.action = a[0];
      b.textContent = a[0].charAt(0) + a[0].slice(1).toLowerCase().replace(/_/g, ' ');
      b.addEventListener('click', function () { act(c, a[0], form); });
      buttons.appendChild(b);
    });
    form.addEventListener('submit', function (event) { event.preventDefault(); });
    return form;
  }

  function act(c, action, form) {
    var body = { action: action, version: c.version };
    var target = form.querySelector('#case-target').value.trim();
    var text = form.querySelector('#case-note').value.trim();
    if (action === 'DISPATCH' && target) {
      body.target = target;
    }
    if (text) {
      body.note = text;
    }
    Array.prototype.forEach.call(form.querySelectorAll('button'), function (b) { b.disabled = true; });
    error('');
    ctx.api('/api/govern/cases/' + encodeURIComponent(c.id) + '/actions', { method: 'POST', body: body })
      .then(function (after) {
        selected = after;
        drawDetail(after);
        $('case-result').textContent = label(action) + ' done: ' + after.id + ' is ' + label(after.status)
          + (after.department ? ' at ' + after.department : '') + ' (version ' + after.version + ').';
        return refresh();
      })
      .catch(function (e) {
        if (e.message === 'not signed in') {
          return;
        }
        var message = e.status === 409 && e.code === 'CONFLICT'
          ? 'Conflict: case ' + c.id + ' changed since you read it (' + e.detail + '). It is shown again as it is now: check it and act again.'
          : e.status === 409 ? 'Not possible now: ' + e.detail
            : 'Could not ' + label(action) + ' case ' + c.id + ': ' + e.message;
        return open(c.id).then(function () {
          error(message);
          var result = $('case-result');
          if (result) { result.textContent = message; }
        });
      });
  }

  // ---------- KPI cards ----------

  function percent(v) {
    return v === null || v === undefined ? '–' : (v * 100).toFixed(1) + ' %';
  }

  function duration(hours) {
    if (hours === null || hours === undefined) {
      return '–';
    }
    if (hours < 1) {
      return Math.round(hours * 60) + ' min';
    }
    return hours < 48 ? hours.toFixed(1) + ' h' : (hours / 24).toFixed(1) + ' d';
  }

  function drawKpis(k) {
    var box = $('department-kpis');
    box.textContent = '';
    var rows = [['all', k.all]].concat(Object.keys(k.departments || {}).map(function (d) { return [d, k.departments[d]]; }));
    rows.forEach(function (row) {
      var name = row[0];
      var f = row[1];
      var card = document.createElement('div');
      card.className = 'dept-kpi' + (f.overdueNow ? ' late' : '');
      card.dataset.department = name;
      card.innerHTML = '<span class="name">' + ctx.escapeHtml(name === 'all' ? 'All departments' : name) + '</span>'
        + '<dl>'
        + '<dt>closure</dt><dd class="closure">' + percent(f.closureRate) + '</dd>'
        + '<dt>on time</dt><dd class="ontime">' + percent(f.onTimeRate) + '</dd>'
        + '<dt>median</dt><dd class="median">' + duration(f.medianHours) + '</dd>'
        + '<dt>p90</dt><dd class="p90">' + duration(f.p90Hours) + '</dd>'
        + '<dt>overdue now</dt><dd class="overdue">' + f.overdueNow + '</dd>'
        + '<dt>open now</dt><dd class="open">' + f.openNow + '</dd>'
        + '</dl><span class="basis">' + f.due + ' due, ' + f.closed + ' of them closed; ' + f.closedInPeriod
        + ' closed in the period</span>';
      box.appendChild(card);
    });
  }

  return { start: start, stop: stop };
}());
