/*
 * CityBrain operations dashboard (docs/dashboard.md). Plain JavaScript over Leaflet and ECharts.
 *
 * Data: GET /api/dashboard/snapshot at load, then the live stream GET /api/dashboard/stream, read
 * with fetch() so that it carries the bearer token (EventSource cannot send headers). Both speak
 * the same item shapes; items are kept by id and replaced whole.
 */
(function () {
  'use strict';

  var TOKEN_KEY = 'citybrain.token';
  var KINDS = ['roads', 'signals', 'flows', 'parks', 'forecasts', 'alerts', 'indices'];
  var FIELDS = ['cityIndex', 'averageSpeed', 'vehicles', 'throughput', 'openAlerts'];
  var LEVELS = [[1.5, 'free'], [2, 'light'], [3, 'moderate'], [4, 'heavy'], [Infinity, 'severe']];
  var COLOURS = { free: '#2da44e', light: '#a4c639', moderate: '#f2a900', heavy: '#e5534b', severe: '#8b1a1a', unknown: '#8c959f' };

  var state = { items: {}, series: {}, historyMs: 3600000, role: null, city: false, fitted: false };
  var map = null;
  var layers = {};       // kind -> id -> Leaflet layer
  var charts = {};
  var stream = null;     // AbortController of the live stream
  var retry = 1000;

  var $ = function (id) { return document.getElementById(id); };

  // ---------- authentication ----------

  function token() { return sessionStorage.getItem(TOKEN_KEY); }

  function showLogin(message) {
    stopStream();
    window.CityBrainGovern.stop();
    $('dashboard').hidden = true;
    $('sign-out').hidden = true;
    $('who').textContent = '';
    $('login').hidden = false;
    $('login-error').textContent = message || '';
    setStatus('offline');
  }

  function signOut(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    showLogin(message);
  }

  /** A call to the server with the token; rejects with the server's own explanation. */
  function api(path, options) {
    options = options || {};
    var headers = Object.assign({ Authorization: 'Bearer ' + token() }, options.headers || {});
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    return fetch(path, { method: options.method || 'GET', headers: headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body) })
      .then(function (response) {
        if (response.status === 401) {
          signOut('The server did not accept this token.');
          throw new Error('not signed in');
        }
        if (!response.ok) {
          return response.text().then(function (text) {
            var detail = text;
            var code = null;
            try {
              var problem = JSON.parse(text);
              detail = problem.detail || text;
              code = problem.code || null;
            } catch (e) { /* not JSON: keep the text */ }
            var error = new Error(response.status + ' ' + (detail || response.statusText));
            error.status = response.status;
            error.code = code;
            error.detail = detail;
            throw error;
          });
        }
        if (options.total) { // a search asked with count=true: the page and the number of all matches
          return response.json().then(function (body) {
            return { body: body, total: Number(response.headers.get('X-Total-Count')) };
          });
        }
        return response.status === 204 ? null : response.json();
      });
  }

  function start() {
    if (!token()) {
      showLogin();
      return;
    }
    $('login').hidden = true;
    api('/api/users/me').then(function (me) {
      state.role = me.role;
      $('who').textContent = me.name + ' (' + String(me.role).toLowerCase() + ')';
      $('sign-out').hidden = false;
      $('dashboard').hidden = false;
      setUp();
      return api('/api/dashboard/snapshot');
    }).then(function (snapshot) {
      applySnapshot(snapshot);
      openStream();
      window.CityBrainGovern.start({ api: api, canAct: canAct, escapeHtml: escapeHtml, map: map, fit: fitOnce });
    }).catch(function (e) {
      if (e.message !== 'not signed in') {
        showLogin('Could not open the dashboard: ' + e.message);
      }
    });
  }

  function canAct() { return state.role === 'OPERATOR' || state.role === 'ADMIN'; }

  // ---------- live stream ----------

  function setStatus(s) {
    var el = $('status');
    el.dataset.state = s;
    el.textContent = s;
  }

  function stopStream() {
    if (stream) {
      stream.abort();
      stream = null;
    }
  }

  function openStream() {
    stopStream();
    var controller = new AbortController();
    stream = controller;
    fetch('/api/dashboard/stream', { headers: { Authorization: 'Bearer ' + token(), Accept: 'text/event-stream' },
      signal: controller.signal })
      .then(function (response) {
        if (response.status === 401) {
          signOut('The server did not accept this token.');
          return null;
        }
        if (!response.ok || !response.body) {
          throw new Error('stream answered ' + response.status);
        }
        setStatus('live');
        retry = 1000;
        return read(response.body.getReader(), new TextDecoder(), '');
      })
      .catch(function () { /* reconnect below */ })
      .then(function () {
        if (stream === controller && !controller.signal.aborted) {
          setStatus('reconnecting');
          setTimeout(function () { if (stream === controller) { openStream(); } }, retry);
          retry = Math.min(retry * 2, 30000);
        }
      });
  }

  /** Reads server-sent events: blocks separated by a blank line, 'event:' and 'data:' lines. */
  function read(reader, decoder, buffer) {
    return reader.read().then(function (chunk) {
      if (chunk.done) {
        return null;
      }
      buffer += decoder.decode(chunk.value, { stream: true }).replace(/\r\n/g, '\n');
      var cut;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        dispatch(buffer.slice(0, cut));
        buffer = buffer.slice(cut + 2);
      }
      return read(reader, decoder, buffer);
    });
  }

  function dispatch(block) {
    var event = 'message';
    var data = [];
    block.split('\n').forEach(function (line) {
      if (line.indexOf('event:') === 0) {
        event = line.slice(6).trim();
      } else if (line.indexOf('data:') === 0) {
        data.push(line.slice(5).replace(/^ /, ''));
      }
    });
    if (!data.length) {
      return; // a keep-alive comment
    }
    var message = JSON.parse(data.join('\n'));
    if (event === 'snapshot') {
      applySnapshot(message);
    } else if (event === 'update') {
      applyUpdate(message);
    }
  }

  // ---------- state ----------

  function applySnapshot(s) {
    KINDS.forEach(function (kind) {
      state.items[kind] = new Map();
      (s[kind] || []).forEach(function (item) { state.items[kind].set(item.id, item); });
    });
    state.series = s.series || { time: [] };
    state.historyMs = ((s.live && s.live.historySeconds) || 3600) * 1000;
    state.city = !!s.city;
    if (s.map && s.map.tileUrl && !state.tiles) {
      state.tiles = L.tileLayer(s.map.tileUrl, { attribution: s.map.tileAttribution || '', maxZoom: 19 }).addTo(map);
    }
    redrawAll();
    showKpis(s.kpis);
    drawCharts();
    setUpControls();
  }

  function applyUpdate(u) {
    var touched = {};
    KINDS.forEach(function (kind) {
      (u[kind] || []).forEach(function (item) {
        state.items[kind].set(item.id, item);
        touched[kind] = true;
      });
    });
    (u.removed || []).forEach(function (id) {
      KINDS.forEach(function (kind) {
        if (state.items[kind].delete(id)) {
          touched[kind] = true;
        }
      });
    });
    if (touched.roads || touched.indices) { drawRoads(); }
    if (touched.roads) { fillRoadChoice(); }
    if (touched.signals) { drawSignals(); }
    if (touched.parks || touched.forecasts) { drawParks(); }
    if (touched.alerts) { drawAlerts(); }
    if (u.sample) { addSample(u.sample); }
    showKpis(u.kpis);
  }

  function addSample(sample) {
    var times = state.series.time || (state.series.time = []);
    if (times.length && sample.time <= times[times.length - 1]) {
      return; // already in the snapshot
    }
    times.push(sample.time);
    FIELDS.forEach(function (f) {
      (state.series[f] || (state.series[f] = [])).push(sample[f] === undefined ? null : sample[f]);
    });
    var oldest = sample.time - state.historyMs;
    while (times.length && times[0] < oldest) {
      times.shift();
      FIELDS.forEach(function (f) { state.series[f].shift(); });
    }
    drawCharts();
  }

  // ---------- key figures ----------

  function showKpis(k) {
    if (!k) {
      return;
    }
    setKpi('cityIndex', k.cityIndex, 2);
    setKpi('averageSpeed', k.averageSpeed, 1);
    setKpi('vehicles', k.vehicles, 0);
    setKpi('throughput', k.throughput, 0);
    setKpi('openAlerts', k.openAlerts, 0);
    $('kpi-cityIndex').style.borderLeftColor = COLOURS[level(k.cityIndex)];
  }

  function setKpi(name, value, digits) {
    var text = value === null || value === undefined ? '–'
      : Number(value).toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
    $('kpi-' + name).querySelector('.value').textContent = text;
  }

  function level(tti) {
    if (tti === null || tti === undefined) {
      return 'unknown';
    }
    for (var i = 0; i < LEVELS.length; i++) {
      if (tti < LEVELS[i][0]) {
        return LEVELS[i][1];
      }
    }
    return 'severe';
  }

  // ---------- map ----------

  function setUp() {
    if (map) {
      return;
    }
    // no zoom and fade animations for those who ask for reduced motion (also what keeps browser tests deterministic)
    var still = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    map = L.map('map', { zoomAnimation: !still, fadeAnimation: !still, markerZoomAnimation: !still }).setView([0, 0], 2);
    // a road's line lies beside its centreline by pixels, so each zoom needs its own offset
    map.on('zoomend', offsetRoads);
    KINDS.forEach(function (kind) { layers[kind] = new Map(); });
    charts.index = echarts.init($('chart-index'));
    charts.flow = echarts.init($('chart-flow'));
    window.addEventListener('resize', function () {
      charts.index.resize();
      charts.flow.resize();
      map.invalidateSize();
    });
    $('controller-form').addEventListener('submit', switchController);
    Array.prototype.forEach.call(document.querySelectorAll('#incident-form button'), function (b) {
      b.addEventListener('click', function () { injectIncident(b.dataset.kind); });
    });
  }

  function redrawAll() {
    drawRoads();
    drawSignals();
    drawParks();
    drawAlerts();
  }

  /** Road id -> its travel-time index, from the road-scoped CongestionIndex entities. */
  function roadIndices() {
    var out = new Map();
    state.items.indices.forEach(function (i) {
      if (i.scope === 'road' && i.road) {
        out.set(i.road, i.travelTimeIndex);
      }
    });
    return out;
  }

  /** Brings the layers of one kind in line with the items: adds, updates, removes. */
  function sync(kind, items, make, update) {
    var seen = new Set();
    items.forEach(function (item) {
      var layer = layers[kind].get(item.id);
      if (!layer) {
        layer = make(item);
        if (!layer) {
          return;
        }
        layer.addTo(map);
        var element = layer.getElement && layer.getElement();
        if (element) {
          element.setAttribute('data-id', item.id); // for tests and styling: which item a shape draws
        }
        layers[kind].set(item.id, layer);
      } else {
        update(layer, item);
      }
      seen.add(item.id);
    });
    layers[kind].forEach(function (layer, id) {
      if (!seen.has(id)) {
        layer.remove();
        layers[kind].delete(id);
      }
    });
  }

  function roadWeight(road) {
    return 2 + Math.min(road.lanes || 1, 4);
  }

  /**
   * The road's path moved to its side of the centreline (right-hand traffic: the right of its
   * direction of travel) by half its line's width, in screen pixels at the current zoom, so that the
   * two directions of a street lie side by side instead of one hiding the other. At a bend the
   * vertex moves along the mean of the two segments' normals, far enough to keep the distance from
   * both (at most twice the offset, for sharp bends).
   */
  function offsetPath(road) {
    var path = road.path || [];
    var pixels = roadWeight(road) / 2 + 0.5;
    if (path.length < 2) {
      return path;
    }
    var zoom = map.getZoom();
    var points = path.map(function (p) { return map.project(L.latLng(p[0], p[1]), zoom); });
    return points.map(function (p, i) {
      var nx = 0;
      var ny = 0;
      var segments = 0;
      [i - 1, i].forEach(function (s) {
        if (s < 0 || s + 1 >= points.length) {
          return;
        }
        var dx = points[s + 1].x - points[s].x;
        var dy = points[s + 1].y - points[s].y;
        var length = Math.sqrt(dx * dx + dy * dy);
        if (length > 0) {
          // screen y grows downwards: (-dy, dx) is the right of the direction (dx, dy)
          nx += -dy / length;
          ny += dx / length;
          segments++;
        }
      });
      var n = Math.sqrt(nx * nx + ny * ny);
      if (!segments || n < 1e-6) {
        return map.unproject(p, zoom);
      }
      var scale = pixels / n * (segments === 2 ? Math.min(2, 2 / n) : 1);
      return map.unproject(L.point(p.x + nx * scale, p.y + ny * scale), zoom);
    });
  }

  function offsetRoads() {
    layers.roads.forEach(function (layer, id) {
      var road = state.items.roads.get(id);
      if (road) {
        layer.setLatLngs(offsetPath(road));
      }
    });
  }

  function drawRoads() {
    var indices = roadIndices();
    var style = function (road) {
      var tti = indices.get(road.id);
      return { color: COLOURS[level(tti)], weight: roadWeight(road), opacity: 0.9 };
    };
    var tip = function (road) {
      var tti = indices.get(road.id);
      return (road.name || road.id) + ' · ' + (road.lanes || '?') + ' lanes · index '
        + (tti === undefined || tti === null ? '–' : tti.toFixed(2));
    };
    sync('roads', state.items.roads, function (road) {
      if (!road.path || road.path.length < 2) {
        return null;
      }
      return L.polyline(offsetPath(road), Object.assign({ className: 'road' }, style(road))).bindTooltip(tip(road));
    }, function (layer, road) {
      layer.setLatLngs(offsetPath(road));
      layer.setStyle(style(road));
      layer.setTooltipContent(tip(road));
    });
    if (!state.fitted && layers.roads.size) {
      // the centrelines, not the lines drawn beside them at the present zoom
      var bounds = L.latLngBounds([]);
      layers.roads.forEach(function (l, id) { bounds.extend(state.items.roads.get(id).path); });
      map.fitBounds(bounds, { padding: [16, 16] });
      state.fitted = true;
    }
  }

  /** Fits the map to {@code bounds} unless it was fitted already (to the roads, which come first). */
  function fitOnce(bounds) {
    if (!state.fitted && bounds.isValid()) {
      map.fitBounds(bounds, { padding: [16, 16], maxZoom: 16 });
      state.fitted = true;
    }
  }

  function icon(className, html, width) {
    return L.divIcon({ className: className, html: html, iconSize: [width || 20, 20] });
  }

  function escapeHtml(s) {
    return String(s === null || s === undefined ? '' : s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function drawSignals() {
    var html = function (s) { return s.phase === null || s.phase === undefined ? '·' : String(s.phase); };
    var tip = function (s) {
      return s.id.replace(/^.*TrafficSignal:/, 'signal ') + ' · phase ' + html(s) + (s.controller ? ' · ' + s.controller : '')
        + (s.district ? ' · ' + s.district : '');
    };
    sync('signals', state.items.signals, function (s) {
      return s.at ? L.marker(s.at, { icon: icon('signal-icon', html(s), 18) }).bindTooltip(escapeHtml(tip(s))) : null;
    }, function (layer, s) {
      if (s.at) { layer.setLatLng(s.at); }
      layer.setIcon(icon('signal-icon', html(s), 18));
      layer.setTooltipContent(escapeHtml(tip(s)));
    });
  }

  var HORIZONS = [15, 30, 60];

  function known(n) {
    return n === null || n === undefined ? '?' : String(n);
  }

  /** A car park's forecasts by minutes ahead, from the OffStreetParkingForecast items that refer to it. */
  function forecastsOf(parkId) {
    var out = {};
    state.items.forecasts.forEach(function (f) {
      if (f.park === parkId && f.minutes !== null && f.minutes !== undefined) {
        out[f.minutes] = f;
      }
    });
    return out;
  }

  function drawParks() {
    var html = function (p) { return 'P ' + known(p.free); };
    var tip = function (p) {
      var ahead = forecastsOf(p.id);
      var expected = HORIZONS.filter(function (h) { return ahead[h]; })
        .map(function (h) { return 'in ' + h + ' min ' + known(ahead[h].free); });
      return (p.name || p.id) + ': ' + known(p.free) + ' free of ' + known(p.total)
        + (expected.length ? '; expected free ' + expected.join(', ') : '');
    };
    sync('parks', state.items.parks, function (p) {
      return p.at ? L.marker(p.at, { icon: icon('park-icon', html(p), 44) }).bindTooltip(escapeHtml(tip(p)))
        .bindPopup(escapeHtml(tip(p))) : null;
    }, function (layer, p) {
      if (p.at) { layer.setLatLng(p.at); }
      layer.setIcon(icon('park-icon', html(p), 44));
      layer.setTooltipContent(escapeHtml(tip(p)));
      layer.setPopupContent(escapeHtml(tip(p)));
    });

    var body = $('parks');
    body.textContent = '';
    state.items.parks.forEach(function (p) {
      var ahead = forecastsOf(p.id);
      var tr = document.createElement('tr');
      tr.dataset.id = p.id;
      tr.innerHTML = '<th scope="row">' + escapeHtml(p.name || p.id.replace(/^.*OffStreetParking:/, '')) + '</th>'
        + '<td class="now">' + escapeHtml(known(p.free)) + '<span class="of"> / ' + escapeHtml(known(p.total)) + '</span></td>'
        + HORIZONS.map(function (h) {
          var f = ahead[h];
          return '<td class="ahead" data-minutes="' + h + '"' + (f && f.validFrom ? ' title="for '
            + escapeHtml(new Date(f.validFrom).toLocaleTimeString()) + '"' : '') + '>' + (f ? escapeHtml(known(f.free)) : '–') + '</td>';
        }).join('');
      body.appendChild(tr);
    });
    $('parks-panel').hidden = state.items.parks.size === 0;
  }

  function alertTitle(a) {
    return [a.category, a.subCategory].filter(Boolean).join(' · ') || a.id;
  }

  function drawAlerts() {
    // markers for open alerts only; the list shows all, open first, newest first
    var open = new Map();
    state.items.alerts.forEach(function (a) { if (!a.acknowledged) { open.set(a.id, a); } });
    var all = state.items.alerts;
    sync('alerts', open, function (a) {
      return a.at ? L.marker(a.at, { icon: icon('alert-icon', '!', 22), zIndexOffset: 1000 })
        .bindTooltip(escapeHtml(alertTitle(a))) : null;
    }, function (layer, a) {
      if (a.at) { layer.setLatLng(a.at); }
    });

    var list = Array.from(all.values()).sort(function (x, y) {
      if (x.acknowledged !== y.acknowledged) { return x.acknowledged ? 1 : -1; }
      return String(y.dateIssued || '').localeCompare(String(x.dateIssued || ''));
    });
    var ul = $('alerts');
    ul.textContent = '';
    if (!list.length) {
      var none = document.createElement('li');
      none.className = 'empty';
      none.textContent = 'No alerts.';
      ul.appendChild(none);
    }
    list.forEach(function (a) {
      var li = document.createElement('li');
      li.className = a.acknowledged ? 'alert acknowledged' : 'alert open';
      li.dataset.id = a.id;
      li.innerHTML = '<span class="what"><span class="severity ' + escapeHtml(a.severity) + '">'
        + escapeHtml(a.severity || 'alert') + '</span>' + escapeHtml(alertTitle(a)) + '</span>'
        + '<span class="desc">' + escapeHtml(a.description) + '</span>'
        + '<span class="when">' + escapeHtml(a.dateIssued ? new Date(a.dateIssued).toLocaleString() : '') + '</span>';
      if (a.acknowledged) {
        var done = document.createElement('span');
        done.className = 'act';
        done.textContent = 'acknowledged';
        li.appendChild(done);
      } else if (canAct()) {
        var b = document.createElement('button');
        b.type = 'button';
        b.className = 'act acknowledge';
        b.textContent = 'Acknowledge';
        b.addEventListener('click', function () { acknowledge(a.id, b); });
        li.appendChild(b);
      }
      ul.appendChild(li);
    });
    var openCount = list.filter(function (a) { return !a.acknowledged; }).length;
    $('alert-count').textContent = openCount + ' open';
  }

  function acknowledge(id, button) {
    button.disabled = true;
    api('/api/dashboard/alerts/' + encodeURIComponent(id).replace(/%3A/gi, ':') + '/acknowledge', { method: 'POST' })
      .catch(function (e) {
        button.disabled = false;
        $('control-result').textContent = 'Could not acknowledge ' + id + ': ' + e.message;
      });
  }

  // ---------- charts ----------

  function points(field) {
    var t = state.series.time || [];
    var v = state.series[field] || [];
    return t.map(function (time, i) { return [time, v[i]]; });
  }

  function line(name, field, axis) {
    return { name: name, type: 'line', showSymbol: false, yAxisIndex: axis, data: points(field), connectNulls: false };
  }

  function drawCharts() {
    if (!charts.index) {
      return;
    }
    var base = {
      animation: false,
      grid: { left: 44, right: 44, top: 30, bottom: 24 },
      legend: { top: 0 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'time' }
    };
    charts.index.setOption(Object.assign({}, base, {
      yAxis: [{ type: 'value', name: 'index', min: 1, scale: true }, { type: 'value', name: 'km/h', scale: true }],
      series: [line('City congestion index', 'cityIndex', 0), line('Average speed', 'averageSpeed', 1)]
    }));
    charts.flow.setOption(Object.assign({}, base, {
      yAxis: [{ type: 'value', name: 'veh/h', scale: true }, { type: 'value', name: 'vehicles', scale: true }],
      series: [line('Throughput', 'throughput', 0), line('Vehicles in the network', 'vehicles', 1)]
    }));
  }

  // ---------- control: controllers and incidents (the simulated city's endpoints) ----------

  function setUpControls() {
    var forms = [$('controller-form'), $('incident-form')];
    var enabled = state.city && canAct();
    forms.forEach(function (f) {
      Array.prototype.forEach.call(f.elements, function (el) { el.disabled = !enabled; });
    });
    if (!state.city) {
      $('city-message').textContent = 'Controller switching and incidents act on the simulated city, which this '
        + 'server does not run: start it with ./citybrain demo.';
      return;
    }
    $('city-message').textContent = canAct() ? '' : 'Switching controllers and injecting incidents needs the operator role.';
    fillRoadChoice();
    api('/api/city/districts').then(function (districts) {
      var select = $('district');
      var chosen = select.value; // a new snapshot (the stream reconnected) keeps the operator's choice
      select.textContent = '';
      (Array.isArray(districts) ? districts : (districts && districts.districts) || []).forEach(function (d) {
        var name = typeof d === 'string' ? d : (d.district || d.name || d.id);
        var option = document.createElement('option');
        option.value = name;
        option.textContent = name + (d.controller ? ' (' + d.controller + ')' : '');
        select.appendChild(option);
        if (name === chosen) {
          select.value = chosen;
        }
      });
    }).catch(function (e) {
      $('city-message').textContent = 'The simulated city did not answer (' + e.message + ').';
    });
  }

  function fillRoadChoice() {
    var select = $('incident-road');
    var roads = Array.from(state.items.roads.values()).map(function (road) { return road.id + '\t' + (road.name || ''); }).join('\n');
    if (select.dataset.roads === roads) {
      return; // the same choice: rebuilding it would close a list the operator has open
    }
    select.dataset.roads = roads;
    var chosen = select.value;
    select.textContent = '';
    state.items.roads.forEach(function (road) {
      var option = document.createElement('option');
      option.value = road.id.replace(/^urn:ngsi-ld:RoadSegment:/, '');
      option.textContent = road.name || option.value;
      select.appendChild(option);
    });
    if (chosen) {
      select.value = chosen;
    }
  }

  function switchController(event) {
    event.preventDefault();
    var district = $('district').value;
    var controller = $('controller').value;
    api('/api/city/districts/' + encodeURIComponent(district) + '/controller', { method: 'PUT', body: { controller: controller } })
      .then(function () { $('control-result').textContent = district + ' now runs ' + controller + '.'; })
      .catch(function (e) { $('control-result').textContent = 'Could not switch ' + district + ': ' + e.message; });
  }

  function injectIncident(kind) {
    var body = { kind: kind, minutes: Number($('incident-minutes').value) || 10 };
    if (kind === 'block-road' || kind === 'block-lane' || kind === 'emergency') {
      body.road = $('incident-road').value;
    }
    if (kind === 'block-lane') {
      body.lane = 0;
    }
    api('/api/city/incidents', { method: 'POST', body: body })
      .then(function () { $('control-result').textContent = 'Incident injected: ' + kind + (body.road ? ' on ' + body.road : '') + '.'; })
      .catch(function (e) { $('control-result').textContent = 'Could not inject ' + kind + ': ' + e.message; });
  }

  // ---------- wiring ----------

  $('login-form').addEventListener('submit', function (event) {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
    $('token').value = '';
    start();
  });
  $('sign-out').addEventListener('click', function () { signOut(); });
  start();
}());
