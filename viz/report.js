// The report's script: draws the data island (#report-data) with Chart.js. It fetches nothing.
// With "#selftest" in the address it also checks itself and writes a verdict into <pre id="selftest">;
// "#crossing=ID" (or "#selftest&crossing=ID") opens it on that crossing.
(function () {
  'use strict';

  const DATA = JSON.parse(document.getElementById('report-data').textContent);
  // The address's hash as parameters: "selftest", "crossing=karasu", joined by '&'.
  const HASH = new Map(location.hash.replace(/^#/, '').split('&').filter(Boolean).map(part => {
    const eq = part.indexOf('=');
    return eq < 0 ? [decodeURIComponent(part), ''] : [decodeURIComponent(part.slice(0, eq)), decodeURIComponent(part.slice(eq + 1))];
  }));
  const SELFTEST = HASH.has('selftest');
  const MIN_PER_H = 60;

  // ---------------------------------------------------------------- small helpers

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat(Infinity)) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
    return node;
  }

  const isNum = v => typeof v === 'number' && isFinite(v);
  function fmt(v, digits = 2) {
    if (!isNum(v)) return '–';
    return v.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  }
  const signed = (v, digits) => (isNum(v) && v > 0 ? '+' : '') + fmt(v, digits);
  const minToH = v => (isNum(v) ? v / MIN_PER_H : null);

  /** A CSV table ({columns, rows}) as objects keyed by column name; missing columns read as undefined. */
  function records(table) {
    if (!table) return [];
    return table.rows.map(r => Object.fromEntries(table.columns.map((c, i) => [c, r[i]])));
  }
  const hasColumn = (table, name) => !!table && table.columns.includes(name);

  /** "kg_to_kz" → "KG → KZ"; other ids as they are. */
  function directionLabel(id) {
    const m = /^([a-z]+)_to_([a-z]+)$/i.exec(id || '');
    return m ? `${m[1].toUpperCase()} → ${m[2].toUpperCase()}` : (id || '');
  }
  const crossingLabel = (run, id) => (run && run.names[id]) || id || '';
  const stageName = (run, c, d, s) => (run && run.names[`${c}/${d}/${s}`]) || s;


  // ---------------------------------------------------------------- vehicles and people

  // Every figure counts either vehicles or people, never both: charts, axes and totals keep them apart.
  const KINDS = ['vehicle', 'person'];
  /** A row's kind column; in folders written before it, person for the built-in class pedestrian. */
  const kindOf = r => r.kind || (r['class'] === 'pedestrian' ? 'person' : 'vehicle');
  const kindPlural = kind => (kind === 'person' ? 'people' : 'vehicles');
  /** The unit as the row's kind says it: older comparison.csv files wrote "vehicles/day" for pedestrians too. */
  const unitFor = (r, unit) => (unit && kindOf(r) === 'person' ? unit.replace(/^vehicles\b/, 'people') : unit);

  /** Words wrapped into lines of at most `width` characters (a longer word keeps its own line). */
  function wrapWords(text, width = 14) {
    const lines = [];
    let line = '';
    for (const word of String(text).split(/\s+/).filter(Boolean)) {
      if (line && line.length + 1 + word.length > width) { lines.push(line); line = word; }
      else line = line ? `${line} ${word}` : word;
    }
    if (line) lines.push(line);
    return lines;
  }
  /** A category axis label of several parts, each wrapped: Chart.js draws an array as lines. */
  const tickLabel = parts => parts.filter(Boolean).flatMap(p => wrapWords(p));
  // Category axes draw every label, level: a chart with many groups grows wider (and scrolls) instead.
  const PX_PER_GROUP = 118;
  const categoryTicks = { autoSkip: false, maxRotation: 0, font: { size: 11 } };

  // Calendar time for a sample, when the run's start date is known.
  function clock(run, hours) {
    const day = `day ${fmt(hours / 24, 2)}`;
    const start = run.info.start_date;
    if (!start || !/^\d{4}-\d{2}-\d{2}$/.test(start)) return day;
    const t = new Date(Date.parse(start + 'T00:00:00Z') + hours * 3600e3);
    const wd = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][t.getUTCDay()];
    const pad = n => String(n).padStart(2, '0');
    return `${day} — ${wd} ${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ` +
      `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`;
  }

  function problem(text) {
    const box = document.getElementById('problems');
    box.hidden = false;
    box.append(el('div', { text }));
  }

  // ---------------------------------------------------------------- colours that survive grey printing

  // Ordered so that neighbours differ in lightness, not only in hue; dashes and hatching add a second cue.
  const INK = ['#17285a', '#d0542a', '#7fa7d9', '#3f3f3f', '#e6b43c', '#8a5aa8'];
  const DASH = [[], [9, 4], [2, 3], [12, 4, 2, 4], [5, 5], [1, 2]];
  const LIGHT = ['#c9d6ea', '#f3cdbd', '#e3edf8', '#d6d6d6', '#f7e7bd', '#e2d3ec'];

  /** A repeating fill: colour plus a hatch (kind 0 solid, 1 diagonal, 2 dots, 3 cross, 4 horizontal). */
  function hatch(colour, kind, background) {
    if (!kind) return colour;
    const size = 8;
    const c = document.createElement('canvas');
    c.width = c.height = size;
    const g = c.getContext('2d');
    g.fillStyle = background || '#ffffff';
    g.fillRect(0, 0, size, size);
    g.strokeStyle = colour;
    g.fillStyle = colour;
    g.lineWidth = 2;
    g.beginPath();
    if (kind === 1 || kind === 3) { g.moveTo(0, size); g.lineTo(size, 0); g.moveTo(-2, 2); g.lineTo(2, -2); g.moveTo(size - 2, size + 2); g.lineTo(size + 2, size - 2); }
    if (kind === 3) { g.moveTo(0, 0); g.lineTo(size, size); }
    if (kind === 4) { g.moveTo(0, size / 2); g.lineTo(size, size / 2); }
    g.stroke();
    if (kind === 2) { g.beginPath(); g.arc(size / 2, size / 2, 1.8, 0, 2 * Math.PI); g.fill(); }
    return g.createPattern(c, 'repeat');
  }

  /** A legend sample of a line with its dash pattern (Chart.js draws legend lines solid otherwise). */
  function lineSwatch(colour, dash, width) {
    const c = document.createElement('canvas');
    c.width = 36;
    c.height = 12;
    const g = c.getContext('2d');
    g.strokeStyle = colour;
    g.lineWidth = width;
    g.setLineDash(dash);
    g.beginPath();
    g.moveTo(1, 6);
    g.lineTo(35, 6);
    g.stroke();
    return c;
  }

  /** The smallest of 1, 2, 2.5, 5 × 10^n at or above x: a round fixed axis end. */
  function niceCeil(x) {
    if (!(x > 0)) return 1;
    const p = Math.pow(10, Math.floor(Math.log10(x)));
    return [1, 2, 2.5, 5, 10].map(m => m * p).find(v => v >= x);
  }

  // ---------------------------------------------------------------- Chart.js setup and the two plugins

  Chart.defaults.animation = false; // drawn at once: printing, screenshots and the self-test see final charts
  Chart.defaults.color = '#1d1d1f';
  Chart.defaults.font.family = 'system-ui, "DejaVu Sans", Arial, sans-serif';
  Chart.defaults.font.size = 12;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.plugins.title.font = { size: 14, weight: '600' };
  Chart.defaults.plugins.legend.labels.usePointStyle = true;
  Chart.defaults.plugins.legend.labels.pointStyleWidth = 34;

  // Whiskers: a dataset with `whiskers: [half-width per bar]` gets a vertical line ± that half-width.
  const whiskerPlugin = {
    id: 'whiskers',
    afterDatasetsDraw(chart) {
      const ctx = chart.ctx;
      chart.data.datasets.forEach((ds, i) => {
        if (!ds.whiskers || !chart.isDatasetVisible(i)) return;
        const meta = chart.getDatasetMeta(i);
        const scale = chart.scales[meta.yAxisID];
        const area = chart.chartArea;
        ctx.save();
        ctx.beginPath();
        ctx.rect(area.left, area.top, area.width, area.height);
        ctx.clip(); // an interval reaching below zero stops at the axis
        meta.data.forEach((bar, k) => {
          const d = ds.data[k];
          const v = d !== null && typeof d === 'object' ? d.y : d, h = ds.whiskers[k];
          if (!isNum(v) || !isNum(h) || h <= 0) return;
          const top = scale.getPixelForValue(v + h), bottom = scale.getPixelForValue(v - h);
          const cap = isNum(bar.width) ? Math.max(3, Math.min(bar.width * 0.3, 9)) : 5; // a line's point has no width
          ctx.strokeStyle = '#000';
          ctx.lineWidth = 1.6;
          ctx.beginPath();
          ctx.moveTo(bar.x, top); ctx.lineTo(bar.x, bottom);
          ctx.moveTo(bar.x - cap, top); ctx.lineTo(bar.x + cap, top);
          ctx.moveTo(bar.x - cap, bottom); ctx.lineTo(bar.x + cap, bottom);
          ctx.stroke();
        });
        ctx.restore();
      });
    }
  };

  // Shading: a dataset with `shade: [[from, to], …]` (x values) fills those spans behind the data. It has no
  // points of its own; it is there for its legend entry, which also switches the shading on and off.
  const shadePlugin = {
    id: 'shade',
    beforeDatasetsDraw(chart) {
      const { ctx, chartArea: area, scales } = chart;
      chart.data.datasets.forEach((ds, i) => {
        if (!ds.shade || !chart.isDatasetVisible(i)) return;
        ctx.save();
        ctx.beginPath();
        ctx.rect(area.left, area.top, area.width, area.height);
        ctx.clip();
        ctx.fillStyle = ds.backgroundColor;
        for (const [from, to] of ds.shade) {
          const a = scales.x.getPixelForValue(from), b = scales.x.getPixelForValue(to);
          ctx.fillRect(a, area.top, Math.max(1, b - a), area.height);
        }
        ctx.restore();
      });
    }
  };
  // Markers: a dataset with `vline: x` draws a dashed vertical line at x, in its borderColor; its legend entry
  // switches it on and off.
  const vlinePlugin = {
    id: 'vline',
    afterDatasetsDraw(chart) {
      const { ctx, chartArea: area, scales } = chart;
      chart.data.datasets.forEach((ds, i) => {
        if (!isNum(ds.vline) || !chart.isDatasetVisible(i)) return;
        const x = scales.x.getPixelForValue(ds.vline);
        if (x < area.left || x > area.right) return;
        ctx.save();
        ctx.strokeStyle = ds.borderColor;
        ctx.lineWidth = ds.borderWidth || 2;
        ctx.setLineDash(ds.borderDash || []);
        ctx.beginPath();
        ctx.moveTo(x, area.top);
        ctx.lineTo(x, area.bottom);
        ctx.stroke();
        ctx.restore();
      });
    }
  };
  Chart.register(whiskerPlugin, shadePlugin, vlinePlugin);

  let chartCount = 0;
  /** A titled figure holding one chart; returns [figure, create()] so the chart is made once it is in the page.
   *  `groups`: the categories along x; when they need more than half a row the figure takes a whole row, and it is never narrower than they need.
   *  `figure`: an id the self-test finds the chart by (data-figure). */
  function chartFigure(config, { tall = false, caption = null, groups = 0, height_px = null, figure: figureId = null } = {}) {
    const canvas = el('canvas', { id: `chart-${++chartCount}`, role: 'img', 'aria-label': [].concat(config.options.plugins.title.text).join(', '),
                                  'data-figure': figureId });
    const style = [groups ? `min-width:${groups * PX_PER_GROUP + 90}px` : '', height_px ? `height:${height_px}px` : ''].filter(Boolean).join(';');
    const box = el('div', { class: tall ? 'chart tall' : 'chart', style: style || null }, canvas);
    const figure = el('figure', { class: groups * PX_PER_GROUP + 90 > 600 ? 'wide' : null }, el('div', { class: 'scroll' }, box),
      caption && el('figcaption', { class: 'note', text: caption }));
    const create = () => new Chart(canvas.getContext('2d'), config);
    return [figure, create];
  }

  const pending = []; // charts to create once their canvases are in the document
  function addChart(parent, config, opts) {
    const [figure, create] = chartFigure(config, opts);
    parent.append(figure);
    pending.push(create);
    return figure;
  }
  function createPending() {
    while (pending.length) {
      const create = pending.shift();
      try { create(); } catch (e) { window.reportErrors.push(String(e && e.stack || e)); }
    }
  }

  /** No dataset holds a number other than 0: such a chart is left out, and the page says so. */
  const allZero = datasets => !datasets.some(ds => !ds.shade && (ds.data || []).some(v => {
    const y = v !== null && typeof v === 'object' && !Array.isArray(v) ? v.y : v;
    return Array.isArray(y) ? y.some(end => isNum(end) && end !== 0) : isNum(y) && y !== 0; // a floating bar [from, to] by its ends
  }));
  function leftOutNote(parent, where, names, why) {
    if (names.length) parent.append(el('p', { class: 'note left-out', text: `Not drawn for ${where}: ${names.join('; ')}: ${why}.` }));
  }

  function titled(text, subtitle) {
    return {
      title: { display: true, text },
      subtitle: subtitle ? { display: true, text: subtitle, color: '#5a5a60', padding: { bottom: 6 } } : { display: false }
    };
  }

  // ---------------------------------------------------------------- the run: who, when, how

  function infoList(run) {
    const i = run.info;
    const rows = [
      ['scenario', i.scenario || run.scenario],
      ['description', i.description],
      ['seed', i.seed],
      ['replications', i.replications],
      ['horizon', isNum(+i.horizon_h) ? `${fmt(+i.horizon_h / 24, 1)} days (warm-up ${fmt(+i.warmup_h / 24, 1)} days, not measured)` : null],
      ['start date', i.start_date],
      ['version', i.version ? `${i.tool || 'bordersim'} ${i.version}${i.git_commit ? ' (commit ' + i.git_commit + ')' : ''}` : null],
      ['SimGrid', i.simgrid_version],
      ['run at (UTC)', i.started_utc],
      ['wall time', i.wall_time_s ? `${fmt(+i.wall_time_s, 1)} s with ${i.jobs || '?'} jobs` : null],
      ['scenario file', i.scenario_file],
      ['command', i.command_line],
      ['report written (UTC)', DATA.generated_utc],
      ['folder', run.folder || null],
    ].filter(([, v]) => v !== undefined && v !== null && v !== '');
    const dl = el('dl', { class: 'info' }, rows.map(([k, v]) => [el('dt', { text: k }), el('dd', { text: String(v) })]));
    const note = run.info_source && run.info_source !== 'run_info.json'
      ? el('p', { class: 'note', text: `run_info.json was not written yet when this report was made: these facts come from ${run.info_source}.` })
      : null;
    return [dl, note];
  }

  // ---------------------------------------------------------------- headline table

  const riskTables = []; // re-marked when the reader changes the threshold

  /** The bottleneck of a crossing-direction for one kind, with its stages.csv row: the named stage when it serves
   *  that kind, else the busiest of that kind's stages (of all stages in folders without stages.csv's kind). */
  function bottleneckOf(run, crossing, direction, named, kind) {
    let stages = records(run.stages).filter(s => s.crossing === crossing && s.direction === direction);
    if (hasColumn(run.stages, 'kind')) stages = stages.filter(s => s.kind === kind);
    let row = named ? stages.find(s => s.stage === named) : null;
    if (!row && stages.length) row = stages.reduce((a, b) => ((b.utilization ?? -1) > (a.utilization ?? -1) ? b : a));
    return row;
  }

  /** The headline of one kind's rows: vehicles and people have tables of their own, in their own units. */
  function headlineTable(run, kind) {
    const summary = records(run.summary).filter(r => kindOf(r) === kind);
    const per = `${kindPlural(kind)}/day`;
    const hasCapacity = hasColumn(run.summary, 'design_capacity_per_day');
    const hasBottleneck = hasColumn(run.summary, 'bottleneck_stage');
    const head = el('tr', {},
      el('th', { text: 'crossing' }), el('th', { text: 'direction' }), el('th', { text: 'class' }),
      el('th', { class: 'num', text: `arrived per day (${per})` }),
      el('th', { class: 'num', text: `served per day (${per})` }),
      el('th', { class: 'num', text: `design capacity (${per})` }),
      el('th', { text: 'served ÷ capacity' }),
      el('th', { class: 'num', text: 'mean wait (h, ± 95% CI)' }),
      el('th', { class: 'num', text: 'p95 wait (h)' }),
      el('th', { class: 'num', text: 'p95 system time (h)' }),
      el('th', { text: hasBottleneck ? 'bottleneck stage' : 'busiest stage' }),
      el('th', { class: 'num', text: 'its utilisation' }),
      el('th', { text: 'status' }));
    const body = el('tbody');
    const rows = [];
    for (const r of summary) {
      const b = bottleneckOf(run, r.crossing, r.direction, hasBottleneck ? r.bottleneck_stage : null, kind);
      const cap = hasCapacity ? r.design_capacity_per_day : null;
      const ratio = isNum(cap) && cap > 0 ? r.served_per_day / cap : null;
      const meter = isNum(ratio)
        ? [el('span', { class: 'meter', title: `${fmt(100 * ratio, 0)}% of design capacity` }, el('span', { style: `width:${Math.min(100, 100 * ratio).toFixed(1)}%` })), `${fmt(100 * ratio, 0)}%`]
        : (hasCapacity ? '–' : 'not in summary.csv');
      const status = el('td');
      const tr = el('tr', {},
        el('td', { text: crossingLabel(run, r.crossing), title: r.crossing }),
        el('td', { text: directionLabel(r.direction), title: r.direction }),
        el('td', { text: r['class'] }),
        el('td', { class: 'num', text: fmt(r.arrived_per_day, 1) }),
        el('td', { class: 'num', text: fmt(r.served_per_day, 1) }),
        el('td', { class: 'num', text: fmt(cap, 1) }),
        el('td', {}, meter),
        el('td', { class: 'num', text: `${fmt(minToH(r.wait_mean_min))} ± ${fmt(minToH(r.wait_mean_min_ci95))}`, title: `${fmt(r.wait_mean_min, 1)} min` }),
        el('td', { class: 'num', text: fmt(minToH(r.wait_p95_min)), title: `${fmt(r.wait_p95_min, 1)} min` }),
        el('td', { class: 'num', text: fmt(minToH(r.system_time_p95_min)), title: `${fmt(r.system_time_p95_min, 1)} min` }),
        el('td', { text: b ? b.stage : '–', title: b ? stageName(run, r.crossing, r.direction, b.stage) : null }),
        el('td', { class: 'num', text: b ? fmt(b.utilization, 2) : '–' }),
        status);
      body.append(tr);
      rows.push({ tr, status, wait_p95_h: minToH(r.wait_p95_min), utilization: b ? b.utilization : null, stage: b ? b.stage : null,
                  unstable: r.stable === 'no' });
    }
    riskTables.push(rows);
    const who = kind === 'person' ? 'people (pedestrians and passengers on foot)' : 'vehicles';
    return el('table', { class: 'headline', 'data-kind': kind },
      el('caption', { text: `Headline, ${who}: throughput against design capacity, waits and the bottleneck, per crossing, direction and class` }),
      el('thead', {}, head), body);
  }

  /** One banner per flow whose queues grow (summary.csv, column stable): its waits depend on the horizon. */
  function unstableBanners(run) {
    return records(run.summary).filter(r => r.stable === 'no').map(r => el('div', { class: 'problems unstable',
      text: `Unstable: ${crossingLabel(run, r.crossing)} ${directionLabel(r.direction)}, ${r['class']}: ${fmt(r.arrived_per_day, 0)} ${kindPlural(kindOf(r))} arrive a day and ` +
        `${fmt(r.served_per_day, 0)} are served; the queues grow by about ${fmt(r.queue_growth_per_day, 0)} ${kindPlural(kindOf(r))}` +
        `${isNum(r.queue_growth_per_day_ci95) ? ' (± ' + fmt(r.queue_growth_per_day_ci95, 0) + ')' : ''} a day` +
        `${r.bottleneck_stage ? ' (bottleneck ' + stageName(run, r.crossing, r.direction, r.bottleneck_stage) + ')' : ''}. ` +
        `Its waits depend on the horizon: the mean and p95 below count only the ${kindPlural(kindOf(r))} that left; with those still waiting, at their waits so far, ` +
        `the mean wait is ${isNum(r.wait_mean_incl_waiting_min) ? fmt(minToH(r.wait_mean_incl_waiting_min)) + ' h' : 'not known'}.` }));
  }

  function markRisks() {
    const input = document.getElementById('threshold');
    const limitH = parseFloat(input.value);
    const limitU = DATA.utilization_threshold;
    for (const rows of riskTables) {
      for (const r of rows) {
        const why = r.unstable ? ['unstable: the queues grow over the run'] : [];
        if (isNum(r.utilization) && r.utilization > limitU) why.push(`${r.stage} utilisation ${fmt(r.utilization)} > ${fmt(limitU)}`);
        if (isNum(limitH) && isNum(r.wait_p95_h) && r.wait_p95_h > limitH) why.push(`p95 wait ${fmt(r.wait_p95_h)} h > ${fmt(limitH)} h`);
        r.tr.classList.toggle('risk', why.length > 0);
        r.status.replaceChildren(why.length ? el('span', { class: 'status-risk', text: '⚠ at risk: ' + why.join('; ') }) : 'ok');
      }
    }
  }

  // ---------------------------------------------------------------- queue over time

  /** The queues of one crossing's directions over time: vehicles and people on charts of their own. */
  function queueCharts(run, parent, crossing) {
    const ts = run.timeseries;
    const warmupH = +run.info.warmup_h;
    const horizonH = +run.info.horizon_h;
    const grid = el('div', { class: 'charts' });
    const quiet = [];
    // Vehicles first, then people, each in the file's order of directions.
    const queues = KINDS.flatMap(k => ts.queues.filter(x => x.crossing === crossing && (x.kind || 'vehicle') === k));
    for (const q of queues) {
      const kind = q.kind || 'vehicle';
      const who = kindPlural(kind);
      const days = q.time_h.map(h => h / 24);
      const pts = ys => ys.map((y, k) => ({ x: days[k], y }));
      const datasets = [
        { label: `mean waiting (${who})`, data: pts(q.mean), borderColor: INK[0], backgroundColor: INK[0], borderWidth: 2, pointRadius: 0, pointStyle: lineSwatch(INK[0], DASH[0], 2), yAxisID: 'y', order: 1 },
        { label: `min–max over replications (${who})`, data: pts(q.max), borderWidth: 0, pointRadius: 0, backgroundColor: LIGHT[2], borderColor: LIGHT[2], fill: '+1', pointStyle: 'rect', yAxisID: 'y', order: 3 },
        { label: 'min (band edge)', data: pts(q.min), borderWidth: 0, pointRadius: 0, backgroundColor: LIGHT[2], fill: false, yAxisID: 'y', order: 3, hiddenFromLegend: true },
      ];
      // A queue of people in km says little: the length is drawn for vehicles only.
      if (kind === 'vehicle')
        datasets.push({ label: 'mean queue length (km, right axis)', data: pts(q.mean_km), borderColor: INK[1], backgroundColor: INK[1], borderWidth: 1.6, borderDash: DASH[1], pointRadius: 0, pointStyle: lineSwatch(INK[1], DASH[1], 1.6), yAxisID: 'y2', order: 2 });
      if (allZero(datasets)) { quiet.push(`${directionLabel(q.direction)}, ${who}`); continue; }
      if (isNum(warmupH) && warmupH > 0)
        datasets.push({ label: 'warm-up (not measured)', data: [], shade: [[0, warmupH / 24]], backgroundColor: hatch('#b8b8b8', 4, '#f7f7f7'), borderColor: '#888', pointStyle: 'rect', yAxisID: 'y' });
      const mser = latestMser(run, q.crossing, q.direction, kind);
      if (mser)
        datasets.push({ label: `MSER-5 end of start-up, ${mser.stage} (${fmt(mser.h / 24, 2)} days; meaningful only for steady inputs)`, data: [], vline: mser.h / 24,
                        borderColor: mser.later ? '#7a1c10' : '#555', borderWidth: 2, borderDash: [6, 3], pointStyle: lineSwatch(mser.later ? '#7a1c10' : '#555', [6, 3], 2), yAxisID: 'y' });
      const byStage = new Map();
      for (const c of q.closures) {
        if (!byStage.has(c.stage)) byStage.set(c.stage, []);
        byStage.get(c.stage).push([c.from_h / 24, c.to_h / 24]);
      }
      let n = 0;
      for (const [stage, spans] of byStage) {
        const kind = [1, 3, 2][n % 3];
        datasets.push({ label: `${stage} closed (no open lane)`, data: [], shade: spans, backgroundColor: hatch(['#9a9a9a', '#6f6f6f', '#b0b0b0'][n % 3], kind), borderColor: '#555', pointStyle: 'rect', yAxisID: 'y' });
        ++n;
      }
      const title = [`Queue over time, ${who}, ${directionLabel(q.direction)}`, crossingLabel(run, q.crossing)];
      const every = ts.queue_stride > 1 ? `; each point summarises ${ts.queue_stride} samples` : '';
      addChart(grid, {
        type: 'line',
        data: { datasets },
        options: {
          parsing: false,
          normalized: true,
          interaction: { mode: 'nearest', axis: 'x', intersect: false },
          scales: {
            x: { type: 'linear', min: 0, max: isNum(horizonH) ? horizonH / 24 : undefined, title: { display: true, text: 'time since the start (days)' }, ticks: { stepSize: (isNum(horizonH) && horizonH > 24 * 21) ? 7 : 1 } },
            y: { beginAtZero: true, title: { display: true, text: kind === 'person' ? 'people waiting (all stages for people)' : 'vehicles waiting (all vehicle stages)' } },
            y2: { display: kind === 'vehicle', beginAtZero: true, position: 'right', grid: { drawOnChartArea: false }, title: { display: true, text: 'queue length (km)' } }
          },
          plugins: {
            ...titled(title, `mean of ${ts.replications} replications with their min–max band${every}`),
            legend: { position: 'bottom', labels: { filter: (item, data) => !data.datasets[item.datasetIndex].hiddenFromLegend } },
            tooltip: { callbacks: { title: items => items.length ? clock(run, items[0].parsed.x * 24) : '' } }
          }
        }
      }, { tall: true });
    }
    leftOutNote(parent, crossingLabel(run, crossing), quiet, 'nobody waited at any sample of any replication');
    parent.append(grid);
  }

  // ---------------------------------------------------------------- warm-up check (MSER-5)

  /** stages.csv's rows with an MSER-5 truncation point, each with the configured warm-up and whether it is later. */
  function mserRows(run) {
    if (!hasColumn(run.stages, 'warmup_mser5_h')) return [];
    const warmupH = run.info.warmup_h === undefined || run.info.warmup_h === '' ? null : +run.info.warmup_h;
    // stages.csv keeps 6 significant digits: a point equal to the warm-up may read a hair past it.
    return records(run.stages).filter(s => isNum(s.warmup_mser5_h)).map(s => ({ ...s, warmup: warmupH,
      later: isNum(warmupH) && s.warmup_mser5_h > warmupH * (1 + 1e-5) + 1e-9 }));
  }

  /** The latest MSER-5 point of a direction's stages of one kind: where its queue chart draws the marker. */
  function latestMser(run, crossing, direction, kind) {
    let best = null;
    for (const s of mserRows(run))
      if (s.crossing === crossing && s.direction === direction && (s.kind || 'vehicle') === kind && (!best || s.warmup_mser5_h > best.h))
        best = { h: s.warmup_mser5_h, stage: stageName(run, s.crossing, s.direction, s.stage), later: s.later };
    return best;
  }

  /** Per stage: the configured warm-up beside MSER-5's truncation point, with a caution where MSER-5's is later. */
  function mserSection(run) {
    const rows = mserRows(run);
    const later = rows.filter(r => r.later);
    const warmupH = rows.length ? rows[0].warmup : null;
    const out = [];
    if (later.length)
      out.push(el('div', { class: 'caution', 'data-mser-later': later.length },
        `⚠ Caution: for ${later.length} of ${rows.length} stages, MSER-5 puts the end of the start-up after the configured warm-up of ` +
        `${fmt(warmupH, 1)} h: ${later.slice(0, 8).map(r => `${stageName(run, r.crossing, r.direction, r.stage)} (${crossingLabel(run, r.crossing)} ${directionLabel(r.direction)}) at ${fmt(r.warmup_mser5_h, 1)} h`).join('; ')}` +
        `${later.length > 8 ? '; …' : ''}. Where demand is flat, lanes stay open and no event occurs, the statistics then include part of the start-up: ` +
        'a longer simulation.warmup would remove it. Where demand follows a daily profile, lanes close at night or events change capacity, ' +
        'there is no steady state and MSER-5 reads the daily cycle or the season as start-up: no longer warm-up is called for.'));
    const head = el('tr', {}, ['crossing', 'direction', 'stage', 'counts'].map(t => el('th', { text: t })),
      el('th', { class: 'num', text: 'configured warm-up (h)' }), el('th', { class: 'num', text: 'MSER-5 end of start-up (h)' }), el('th', { text: 'check' }));
    const body = el('tbody', {}, rows.map(r => el('tr', { class: r.later ? 'risk' : null },
      el('td', { text: crossingLabel(run, r.crossing) }), el('td', { text: directionLabel(r.direction) }),
      el('td', { text: stageName(run, r.crossing, r.direction, r.stage), title: r.stage }), el('td', { text: kindPlural(r.kind || 'vehicle') }),
      el('td', { class: 'num', text: fmt(r.warmup, 1) }), el('td', { class: 'num', text: fmt(r.warmup_mser5_h, 1) }),
      el('td', { class: r.later ? 'status-risk' : null, text: r.later ? '⚠ later than the warm-up (steady inputs only)' : isNum(r.warmup) ? 'within the warm-up' : 'warm-up not known' }))));
    out.push(el('table', { class: 'mser' }, el('caption', { text: 'MSER-5 (meaningful only for steady inputs): where each stage\'s queue ends its start-up, against the configured warm-up (stages.csv warmup_mser5_h; run_info.json warmup_h)' }),
      el('thead', {}, head), body));
    return out;
  }

  // ---------------------------------------------------------------- waits per class

  /** One crossing's waits per class: a chart for vehicles, one for people. */
  function waitCharts(run, parent, crossing) {
    const grid = el('div', { class: 'charts' });
    const quiet = [];
    for (const kind of KINDS) {
      const rows = records(run.summary).filter(r => r.crossing === crossing && kindOf(r) === kind);
      if (rows.length && !waitChart(run, grid, rows, kind)) quiet.push(`waits of ${kindPlural(kind)}`);
    }
    leftOutNote(parent, crossingLabel(run, crossing), quiet, 'every wait is 0');
    parent.append(grid);
  }

  /** False when there is nothing to draw (every wait 0). */
  function waitChart(run, parent, rows, kind) {
    const labels = rows.map(r => tickLabel([r['class'] === 'all' ? 'all classes' : r['class'], directionLabel(r.direction)]));
    const series = [
      { label: 'p50 (median)', key: 'wait_p50_min', colour: LIGHT[0], kind: 0 },
      { label: 'mean (whisker: 95% CI)', key: 'wait_mean_min', colour: INK[2], kind: 2, whisker: 'wait_mean_min_ci95' },
      { label: 'p95', key: 'wait_p95_min', colour: INK[1], kind: 1 },
      { label: 'max', key: 'wait_max_min', colour: INK[0], kind: 0 },
    ];
    const datasets = series.map(s => ({
      label: s.label,
      data: rows.map(r => minToH(r[s.key])),
      whiskers: s.whisker ? rows.map(r => minToH(r[s.whisker])) : undefined,
      backgroundColor: hatch(s.colour, s.kind), borderColor: '#1d1d1f', borderWidth: 1, pointStyle: 'rect'
    }));
    if (allZero(datasets)) return false;
    const who = kindPlural(kind);
    addChart(parent, {
      type: 'bar',
      data: { labels, datasets },
      options: {
        scales: { x: { ticks: categoryTicks, title: { display: true, text: 'class · direction' } }, y: { beginAtZero: true, suggestedMax: topOf(datasets) * 1.05, title: { display: true, text: `total wait per ${kind === 'person' ? 'person' : 'vehicle'} (h)` } } },
        plugins: { ...titled([`Wait distribution per class, ${who}`, crossingLabel(run, rows[0].crossing)], `from summary.csv: over all counted ${who} of all replications`), legend: { position: 'bottom' } }
      }
    }, { groups: labels.length });
    return true;
  }

  // ---------------------------------------------------------------- network summary

  /** network.csv: per crossing and for the whole border, vehicles and people side by side, never added. */
  function networkTable(run) {
    const rows = records(run.network);
    const places = [];
    for (const r of rows) {
      const key = r.level === 'border' ? '' : r.crossing;
      if (!places.some(p => p.key === key)) places.push({ key, border: r.level === 'border' });
    }
    places.sort((a, b) => a.border - b.border); // the border's row last
    const cell = (place, kind, key, ci) => {
      const r = rows.find(x => (place.border ? x.level === 'border' : x.crossing === place.key && x.level !== 'border') && x.kind === kind);
      if (!r || !isNum(r[key])) return el('td', { class: 'num', text: '–' });
      return el('td', { class: 'num', text: fmt(r[key], 0) + (ci && isNum(r[ci]) ? ` ± ${fmt(r[ci], 0)}` : '') });
    };
    const group = (text, span) => el('th', { colspan: span, class: 'group', text });
    const head = [
      el('tr', {}, el('th', { rowspan: 2, text: 'crossing' }), group('vehicles', 3), group('people', 3)),
      el('tr', {}, ...['vehicles', 'people'].flatMap(who => [
        el('th', { class: 'num', text: `arrived per day (${who}/day)` }),
        el('th', { class: 'num', text: `served per day (${who}/day, ± 95% CI)` }),
        el('th', { class: 'num', text: `waiting per day (${who === 'people' ? 'person' : 'vehicle'}-hours/day, ± 95% CI)` })]))
    ];
    const body = el('tbody', {}, places.map(p => el('tr', { class: p.border ? 'total' : null },
      el('td', { text: p.border ? 'the whole border' : crossingLabel(run, p.key) }),
      ...KINDS.flatMap(kind => [cell(p, kind, 'arrived_per_day'), cell(p, kind, 'served_per_day', 'served_per_day_ci95'),
        cell(p, kind, 'wait_hours_per_day', 'wait_hours_per_day_ci95')]))));
    return el('table', { class: 'network' },
      el('caption', { text: 'Network summary (network.csv): served and hours spent waiting per day, both directions; vehicles and people are counted apart and never added' }),
      el('thead', {}, head), body);
  }

  /** What the waits cost a day, per crossing and for the whole border (network.csv), where a class has the rates. */
  function costTable(run) {
    const rows = records(run.network).filter(r => isNum(r.wait_cost_usd_per_day) || isNum(r.idle_co2_kg_per_day));
    if (!rows.length) return null;
    const withCiOf = (r, key, digits) => (isNum(r[key]) ? fmt(r[key], digits) + (isNum(r[`${key}_ci95`]) ? ` ± ${fmt(r[`${key}_ci95`], digits)}` : '') : '–');
    rows.sort((a, b) => (a.level === 'border') - (b.level === 'border'));
    const head = el('tr', {}, ['crossing', 'counts', 'cost of the waits (USD/day, ± 95% CI)', 'fuel burnt idling (L/day)', 'CO2 from idling (kg/day, ± 95% CI)',
      'a year like the window: cost (USD)', 'CO2 (t)'].map((h, i) => el('th', { class: i >= 2 ? 'num' : null, text: h })));
    const body = el('tbody', {}, rows.map(r => el('tr', { class: r.level === 'border' ? 'total' : null },
      el('td', { text: r.level === 'border' ? 'the whole border' : crossingLabel(run, r.crossing) }),
      el('td', { text: kindPlural(r.kind) }),
      el('td', { class: 'num', text: withCiOf(r, 'wait_cost_usd_per_day', 0) }),
      el('td', { class: 'num', text: isNum(r.idle_fuel_l_per_day) ? fmt(r.idle_fuel_l_per_day, 0) : '–' }),
      el('td', { class: 'num', text: withCiOf(r, 'idle_co2_kg_per_day', 0) }),
      el('td', { class: 'num', text: isNum(r.wait_cost_usd_per_day) ? fmt(365 * r.wait_cost_usd_per_day, 0) : '–' }),
      el('td', { class: 'num', text: isNum(r.idle_co2_kg_per_day) ? fmt(365 * r.idle_co2_kg_per_day / 1000, 0) : '–' }))));
    return el('div', {},
      el('table', { class: 'network costs' },
        el('caption', { text: 'What the waits cost (network.csv): each class\'s waiting hours at its value of time, idle fuel and CO2 per litre; classes without a rate count nothing' }),
        el('thead', {}, head), body),
      el('p', { class: 'note', text: 'The rates are the scenario\'s (bordersim schema lists the built-in ones and their sources: US and UK figures, none Kazakh). ' +
        'A year like the window is the daily figure × 365: a peak window overstates a year.' }));
  }

  // ---------------------------------------------------------------- wait by hour of arrival

  /** wait_by_hour.csv at one crossing: a chart per direction and kind, mean and p95 by hour, a line per class. */
  function waitByHourCharts(run, parent, crossing) {
    const rows = records(run.wait_by_hour).filter(r => r.crossing === crossing);
    const grid = el('div', { class: 'charts' });
    const quiet = [];
    const directions = [...new Set(rows.map(r => r.direction))];
    for (const kind of KINDS) {
      for (const direction of directions) {
        const mine = rows.filter(r => r.direction === direction && kindOf(r) === kind);
        if (!mine.length) continue;
        const who = kindPlural(kind);
        const classes = [...new Set(mine.map(r => r['class']))];
        const top = Math.max(0, ...mine.map(r => r.wait_p95_min).filter(isNum));
        const inHours = top >= 2 * MIN_PER_H; // minutes for short waits, hours for long ones
        const scale = v => (isNum(v) ? (inHours ? v / MIN_PER_H : v) : null);
        const hours = Array.from({ length: 24 }, (_, h) => h);
        const datasets = classes.flatMap((cls, i) => {
          const at = h => mine.find(r => r['class'] === cls && +r.arrival_hour === h);
          const line = (stat, dash, width) => ({
            label: `${cls}: ${stat === 'wait_mean_min' ? 'mean' : 'p95'}`,
            data: hours.map(h => scale(at(h)?.[stat])),
            measured: hours.map(h => at(h)?.measured),
            ci: stat === 'wait_mean_min' ? hours.map(h => scale(at(h)?.wait_mean_min_ci95)) : null,
            borderColor: INK[i % INK.length], backgroundColor: INK[i % INK.length], borderWidth: width, borderDash: dash,
            pointRadius: 2, pointStyle: lineSwatch(INK[i % INK.length], dash, width), spanGaps: false
          });
          return [line('wait_mean_min', DASH[0], 2), line('wait_p95_min', DASH[1], 1.4)];
        });
        if (allZero(datasets)) { quiet.push(`${directionLabel(direction)}, ${who}`); continue; }
        const unit = inHours ? 'h' : 'min';
        addChart(grid, {
          type: 'line',
          data: { labels: hours.map(h => String(h).padStart(2, '0')), datasets },
          options: {
            scales: {
              x: { ticks: categoryTicks, title: { display: true, text: 'hour of arrival (local clock; 00 is 00:00–00:59)' } },
              y: { beginAtZero: true, title: { display: true, text: `total wait per ${kind === 'person' ? 'person' : 'vehicle'} (${unit})` } }
            },
            plugins: {
              ...titled([`Wait by hour of arrival, ${who}, ${directionLabel(direction)}`, crossingLabel(run, crossing)],
                'mean (solid) and p95 (dashed) of the total wait, by the hour the traveller arrived (wait_by_hour.csv)'),
              legend: { position: 'bottom' },
              tooltip: { callbacks: { afterLabel: item => {
                const ds = item.dataset, k = item.dataIndex;
                return `${isNum(ds.measured[k]) ? fmt(ds.measured[k], 0) + ` ${who} measured` : ''}${ds.ci && isNum(ds.ci[k]) ? `; ± ${fmt(ds.ci[k])} ${unit} (95% CI)` : ''}`;
              } } }
            }
          }
        });
      }
    }
    leftOutNote(parent, crossingLabel(run, crossing), quiet, 'every wait is 0');
    if (!rows.length) parent.append(el('p', { class: 'note', text: 'wait_by_hour.csv has no rows for this crossing.' }));
    parent.append(grid);
  }

  // ---------------------------------------------------------------- figures with intervals, by flow or by stage

  // The new figures are drawn from lists: one entry per CSV column (its 95% half-width beside it), so that a
  // column added to summary.csv or stages.csv is one more entry in a list, not one more function.

  /** True when some row holds a number other than 0 in one of `keys`: what a chart or table of them needs. */
  const hasValue = (rows, keys) => rows.some(r => keys.some(k => isNum(r[k]) && r[k] !== 0));
  /** "12.3 ± 1.4", or "12.3" without an interval, "–" without a value. */
  const withCi = (v, ci, digits = 1) => (isNum(v) ? fmt(v, digits) + (isNum(ci) ? ` ± ${fmt(ci, digits)}` : '') : '–');
  const percent = (v, ci) => (isNum(v) ? `${fmt(100 * v, 1)}%` + (isNum(ci) ? ` ± ${fmt(100 * ci, 1)}%` : '') : '–');

  /** Grouped bars, one dataset per entry of `series` ({label, key, ci}) over `rows`, each with a whisker of its
   *  half-width; `scale` turns a cell into the axis' unit. False, and nothing drawn, when every value is 0 or missing. */
  function barsWithWhiskers(parent, { figure, title, subtitle, rows, labels, series, xTitle, yTitle, scale = v => v, tall = false }) {
    const datasets = series.map((s, i) => ({
      label: s.label,
      data: rows.map(r => (isNum(r[s.key]) ? scale(r[s.key]) : null)),
      whiskers: s.ci ? rows.map(r => (isNum(r[s.ci]) ? scale(r[s.ci]) : null)) : undefined,
      backgroundColor: hatch(s.colour || INK[i % INK.length], s.hatch ?? i % 4, (s.hatch ?? i % 4) ? LIGHT[i % LIGHT.length] : null),
      borderColor: '#1d1d1f', borderWidth: 1, pointStyle: 'rect'
    }));
    if (allZero(datasets)) return false;
    addChart(parent, {
      type: 'bar',
      data: { labels, datasets },
      options: {
        scales: {
          x: { ticks: categoryTicks, title: { display: true, text: xTitle } },
          y: { beginAtZero: true, suggestedMax: topOf(datasets) * 1.05, title: { display: true, text: yTitle } }
        },
        plugins: { ...titled(title, subtitle), legend: { position: 'bottom' } }
      }
    }, { groups: labels.length, figure, tall });
    return true;
  }

  const flowLabel = r => tickLabel([r['class'] === 'all' ? 'all classes' : r['class'], directionLabel(r.direction)]);

  // ---------------------------------------------------------------- who did not get through

  // summary.csv's leavers (docs/outputs/summary.md, "Impatient drivers"), per day with their 95% half-widths.
  const LEAVER_FIGURES = [
    { key: 'abandoned_per_day', ci: 'abandoned_per_day_ci95', label: 'abandoned (gave up, left the border)', head: 'abandoned',
      share: 'abandoned_share', share_ci: 'abandoned_share_ci95' },
    { key: 'diverted_impatient_per_day', ci: 'diverted_impatient_per_day_ci95', label: 'diverted (gave up, went to another crossing)', head: 'diverted (impatient)' },
    { key: 'balked_per_day', ci: 'balked_per_day_ci95', label: 'balked (did not join the queue)', head: 'balked',
      share: 'balked_share', share_ci: 'balked_share_ci95' },
    { key: 'suppressed_per_day', ci: 'suppressed_per_day_ci95', label: 'stayed home (never set out)', head: 'stayed home' },
  ];
  const LEAVER_WHY = 'nobody gave up waiting, balked or stayed home (the demand keys patience, balk_queue_over, stay_home)';

  /** One crossing's leavers: per kind a chart of the four ways out, by class · direction, and a table with the shares. */
  function leaverCharts(run, parent, crossing, id) {
    const grid = el('div', { class: 'charts' });
    const tables = [], quiet = [];
    for (const kind of KINDS) {
      const rows = records(run.summary).filter(r => r.crossing === crossing && kindOf(r) === kind);
      if (!rows.length) continue;
      const who = kindPlural(kind);
      const figure = `${id}:leavers:${kind}`;
      const drawn = barsWithWhiskers(grid, {
        figure, rows, labels: rows.map(flowLabel), series: LEAVER_FIGURES, xTitle: 'class · direction', yTitle: `${who} per day`,
        title: [`Who did not get through, ${who}`, crossingLabel(run, crossing)],
        subtitle: 'per day, mean over replications (summary.csv); whiskers: 95% confidence interval', tall: true
      });
      if (!drawn) { quiet.push(`who did not get through, ${who}`); continue; }
      const per = `${who}/day`;
      const head = el('tr', {}, el('th', { text: 'class' }), el('th', { text: 'direction' }),
        el('th', { class: 'num', text: `arrived (${per})` }), el('th', { class: 'num', text: `served (${per})` }),
        LEAVER_FIGURES.flatMap(f => [el('th', { class: 'num', text: `${f.head} (${per}, ± 95% CI)` }),
          f.share ? el('th', { class: 'num', text: `share ${f.head} (of arrivals, ± 95% CI)` }) : null]));
      const body = el('tbody', {}, rows.map(r => el('tr', {},
        el('td', { text: r['class'] }), el('td', { text: directionLabel(r.direction), title: r.direction }),
        el('td', { class: 'num', text: fmt(r.arrived_per_day, 1) }), el('td', { class: 'num', text: fmt(r.served_per_day, 1) }),
        LEAVER_FIGURES.flatMap(f => [el('td', { class: 'num', text: withCi(r[f.key], r[f.ci]) }),
          f.share ? el('td', { class: 'num', text: percent(r[f.share], r[f.share_ci]) }) : null]))));
      tables.push(el('table', { class: 'leavers', 'data-figure': figure },
        el('caption', { text: `Who did not get through, ${who}, ${crossingLabel(run, crossing)} (summary.csv): stayed home is not in arrived; the others are` }),
        el('thead', {}, head), body));
    }
    const known = LEAVER_FIGURES.some(f => hasColumn(run.summary, f.key));
    leftOutNote(parent, crossingLabel(run, crossing), quiet,
      known ? `every value is 0 or missing: ${LEAVER_WHY}` : 'summary.csv has none of these columns (a folder written before them)');
    parent.append(grid, ...tables);
  }

  // ---------------------------------------------------------------- the electronic queue

  const BOOKING_FIGURES = [
    { key: 'booked_per_day', ci: 'booked_per_day_ci95', label: 'booked a slot', head: 'booked' },
    { key: 'no_show_per_day', ci: 'no_show_per_day_ci95', label: 'no-shows: booked, never came', head: 'no-shows' },
  ];
  // The time waited for a slot, off-site, beside the wait at the posts: not added, never one bar.
  const SLOT_WAIT_FIGURES = [
    { key: 'slot_wait_mean_min', ci: 'slot_wait_mean_min_ci95', label: 'slot wait, mean (waited off-site; whisker: 95% CI)', colour: INK[2], hatch: 2 },
    { key: 'slot_wait_p95_min', label: 'slot wait, p95 (waited off-site)', colour: INK[4], hatch: 1 },
    { key: 'wait_mean_min', ci: 'wait_mean_min_ci95', label: 'wait at the posts, mean (whisker: 95% CI)', colour: INK[0], hatch: 0 },
    { key: 'wait_p95_min', label: 'wait at the posts, p95', colour: INK[1], hatch: 3 },
  ];
  /** A flow of which some booked (or whose slot wait is defined: someone booked). */
  const booksSlots = r => hasValue([r], BOOKING_FIGURES.map(f => f.key)) || isNum(r.slot_wait_mean_min);

  /** One crossing's electronic queue: per kind, booked and no-shows per day, and the slot waits beside the waits
   *  at the posts, for the flows that book; a table with the queue still off-site at the end. */
  function bookingCharts(run, parent, crossing, id) {
    const grid = el('div', { class: 'charts' });
    const tables = [], quiet = [];
    for (const kind of KINDS) {
      const all = records(run.summary).filter(r => r.crossing === crossing && kindOf(r) === kind);
      if (!all.length) continue;
      const who = kindPlural(kind);
      const rows = all.filter(booksSlots);
      if (!rows.length) { quiet.push(`the electronic queue, ${who}`); continue; }
      const labels = rows.map(flowLabel);
      const counted = barsWithWhiskers(grid, {
        figure: `${id}:booked:${kind}`, rows, labels, series: BOOKING_FIGURES, xTitle: 'class · direction', yTitle: `${who} per day`,
        title: [`Electronic queue: slots booked and not used, ${who}`, crossingLabel(run, crossing)],
        subtitle: 'per day, mean over replications (summary.csv); whiskers: 95% confidence interval'
      });
      if (!counted) quiet.push(`slots booked and not used, ${who}`);
      const top = Math.max(0, ...rows.flatMap(r => SLOT_WAIT_FIGURES.map(f => r[f.key])).filter(isNum));
      const inHours = top >= 2 * MIN_PER_H;
      const unit = inHours ? 'h' : 'min';
      const waited = barsWithWhiskers(grid, {
        figure: `${id}:slot-waits:${kind}`, rows, labels, series: SLOT_WAIT_FIGURES, xTitle: 'class · direction',
        yTitle: `wait per ${kind === 'person' ? 'person' : 'vehicle'} (${unit})`, scale: v => (inHours ? v / MIN_PER_H : v),
        title: [`Electronic queue: waited off-site for a slot, and at the posts, ${who}`, crossingLabel(run, crossing)],
        subtitle: 'off-site: those who booked (slot_wait_*); at the posts: the whole class (wait_*)'
      });
      if (!waited) quiet.push(`slot waits, ${who}`);
      const per = `${who}/day`;
      const head = el('tr', {}, el('th', { text: 'class' }), el('th', { text: 'direction' }),
        BOOKING_FIGURES.map(f => el('th', { class: 'num', text: `${f.head} (${per}, ± 95% CI)` })),
        el('th', { class: 'num', text: 'slot wait, mean (min, ± 95% CI; off-site)' }), el('th', { class: 'num', text: 'slot wait, p95 (min; off-site)' }),
        el('th', { class: 'num', text: `awaiting a slot at the end (${who})` }),
        el('th', { class: 'num', text: 'wait at the posts, mean (min, ± 95% CI)' }));
      const body = el('tbody', {}, rows.map(r => el('tr', {},
        el('td', { text: r['class'] }), el('td', { text: directionLabel(r.direction), title: r.direction }),
        BOOKING_FIGURES.map(f => el('td', { class: 'num', text: withCi(r[f.key], r[f.ci]) })),
        el('td', { class: 'num', text: withCi(r.slot_wait_mean_min, r.slot_wait_mean_min_ci95) }),
        el('td', { class: 'num', text: fmt(r.slot_wait_p95_min, 1) }),
        el('td', { class: 'num', text: fmt(r.awaiting_slot_at_end, 1) }),
        el('td', { class: 'num', text: withCi(r.wait_mean_min, r.wait_mean_min_ci95) }))));
      tables.push(el('table', { class: 'booking', 'data-figure': `${id}:booked:${kind}` },
        el('caption', { text: `Electronic queue, ${who}, ${crossingLabel(run, crossing)} (summary.csv): the slot wait is spent off-site, not in any queue at the posts` }),
        el('thead', {}, head), body));
    }
    const known = hasColumn(run.summary, 'booked_per_day');
    leftOutNote(parent, crossingLabel(run, crossing), quiet,
      known ? 'nobody booked a slot (no demand flow here has booking)' : 'summary.csv has none of these columns (a folder written before them)');
    parent.append(grid, ...tables);
  }

  // ---------------------------------------------------------------- lanes broken and staff cost, per stage

  // stages.csv's figures drawn per stage, a chart each and a column each in the table: one entry per column.
  // `total`: the stages' means add up to the crossing's (lane-hours, dollars); `why`: what a chart of zeros means.
  const STAGE_FIGURES = [
    { key: 'lane_hours_broken_per_day', ci: 'lane_hours_broken_per_day_ci95', title: 'Lane-hours broken per day', unit: 'lane-hours/day',
      legend: 'lane-hours broken (whisker: 95% CI)', digits: 1, total: true, why: 'no lane stood broken (no lane group here has lanes[].failures)' },
    { key: 'staff_cost_usd_per_day', ci: 'staff_cost_usd_per_day_ci95', title: 'Staff cost per day', unit: 'USD/day',
      legend: 'staff cost (whisker: 95% CI)', digits: 0, total: true, why: 'no lane group here has a staff cost (staff_cost_usd_per_lane_hour)' },
    { key: 'zone_occupancy_mean', ci: 'zone_occupancy_mean_ci95', title: 'Waiting zone occupancy', unit: 'vehicles',
      legend: 'mean in the waiting zone (whisker: 95% CI); the rest of the queue is on the road (road_queue_*)', digits: 1, total: false,
      why: 'no stage here has a waiting_zone, or nobody waited in one' },
  ];
  const stageKind = s => s.kind || 'vehicle';
  const stagesOfKind = kind => (kind === 'person' ? 'stages for people' : 'vehicle stages');

  /** One crossing's stages: a chart per figure and kind (stage · direction along x), and a table of them all with
   *  the open lane-hours that the staff cost pays for. */
  function stageFigureCharts(run, parent, crossing, id) {
    const stages = records(run.stages).filter(s => s.crossing === crossing);
    const grid = el('div', { class: 'charts' });
    const where = crossingLabel(run, crossing);
    for (const f of STAGE_FIGURES) {
      const quiet = [];
      for (const kind of KINDS) {
        const rows = stages.filter(s => stageKind(s) === kind);
        if (!rows.length) continue;
        const drawn = barsWithWhiskers(grid, {
          figure: `${id}:${f.key}:${kind}`, rows, labels: rows.map(s => tickLabel([stageName(run, s.crossing, s.direction, s.stage), directionLabel(s.direction)])),
          series: [{ key: f.key, ci: f.ci, label: f.legend }], xTitle: 'stage · direction (route order)', yTitle: f.unit,
          title: [`${f.title}, ${stagesOfKind(kind)}`, where],
          subtitle: `mean over replications (stages.csv ${f.key}); whiskers: 95% confidence interval`
        });
        if (!drawn) quiet.push(`${f.title.toLowerCase()}, ${stagesOfKind(kind)}`);
      }
      leftOutNote(parent, where, quiet, hasColumn(run.stages, f.key) ? `every value is 0 or missing: ${f.why}` : `stages.csv has no column ${f.key} (a folder written before it)`);
    }
    parent.append(grid);
    if (!hasValue(stages, STAGE_FIGURES.map(f => f.key))) return;
    const head = el('tr', {}, ['direction', 'stage', 'counts'].map(t => el('th', { text: t })), el('th', { class: 'num', text: 'lanes built' }),
      el('th', { class: 'num', text: 'open lane-hours per day (staffed and working)' }),
      STAGE_FIGURES.map(f => el('th', { class: 'num', text: `${f.title.toLowerCase()} (${f.unit}, ± 95% CI)` })));
    const body = el('tbody', {}, stages.map(s => el('tr', {},
      el('td', { text: directionLabel(s.direction), title: s.direction }),
      el('td', { text: stageName(run, s.crossing, s.direction, s.stage), title: s.stage }), el('td', { text: kindPlural(stageKind(s)) }),
      el('td', { class: 'num', text: fmt(s.lanes, 0) }), el('td', { class: 'num', text: isNum(s.open_lanes_mean) ? fmt(24 * s.open_lanes_mean, 1) : '–' }),
      STAGE_FIGURES.map(f => el('td', { class: 'num', text: withCi(s[f.key], s[f.ci], f.digits) })))));
    const sum = key => { const v = stages.map(s => s[key]).filter(isNum); return v.length ? v.reduce((a, b) => a + b, 0) : null; };
    const total = el('tr', { class: 'total' }, el('td', { colspan: 3, text: 'all stages (the sum of their means)' }), el('td'),
      el('td', { class: 'num', text: isNum(sum('open_lanes_mean')) ? fmt(24 * sum('open_lanes_mean'), 1) : '–' }),
      STAGE_FIGURES.map(f => el('td', { class: 'num', text: f.total ? fmt(sum(f.key), f.digits) : '' })));
    body.append(total);
    parent.append(el('table', { class: 'stage-figures', 'data-figure': `${id}:stages` },
      el('caption', { text: `Lanes broken, staff cost and waiting zones per stage, ${where} (stages.csv; open lane-hours are open_lanes_mean × 24, the lane-hours the staff cost pays for)` }),
      el('thead', {}, head), body));
  }

  /** What the new sections must draw at `crossing`, read from the data alone: the self-test holds the page to it. */
  function expectedFigures(crossing) {
    const out = [];
    DATA.runs.forEach((run, i) => {
      const id = `run-${i}`;
      const here = r => crossing === null || r.crossing === crossing;
      if (run.summary) {
        for (const kind of KINDS) {
          const flows = records(run.summary).filter(r => here(r) && kindOf(r) === kind);
          if (!flows.length) continue;
          const leavers = hasValue(flows, LEAVER_FIGURES.map(f => f.key));
          out.push({ figure: `${id}:leavers:${kind}`, chart: leavers, table: leavers, labels: flows.length });
          const booked = flows.filter(booksSlots);
          out.push({ figure: `${id}:booked:${kind}`, chart: hasValue(booked, BOOKING_FIGURES.map(f => f.key)), table: booked.length > 0, labels: booked.length });
          out.push({ figure: `${id}:slot-waits:${kind}`, chart: hasValue(booked, SLOT_WAIT_FIGURES.map(f => f.key)), table: null, labels: booked.length });
        }
      }
      if (run.stages) {
        const stages = records(run.stages).filter(here);
        for (const f of STAGE_FIGURES)
          for (const kind of KINDS) {
            const rows = stages.filter(s => stageKind(s) === kind);
            if (rows.length) out.push({ figure: `${id}:${f.key}:${kind}`, chart: hasValue(rows, [f.key]), table: null, labels: rows.length });
          }
        if (stages.length) out.push({ figure: `${id}:stages`, chart: null, table: hasValue(stages, STAGE_FIGURES.map(f => f.key)), labels: stages.length + 1 });
      }
    });
    return out;
  }

  // ---------------------------------------------------------------- utilisation grid

  function utilisationGrid(run) {
    const stages = records(run.stages);
    const flows = [];
    for (const s of stages) {
      let f = flows.find(x => x.crossing === s.crossing && x.direction === s.direction);
      if (!f) flows.push(f = { crossing: s.crossing, direction: s.direction, stages: [] });
      f.stages.push(s);
    }
    const width = Math.max(0, ...flows.map(f => f.stages.length));
    const limit = DATA.utilization_threshold;
    const head = el('tr', {}, el('th', { text: 'crossing' }), el('th', { text: 'direction' }),
      Array.from({ length: width }, (_, i) => el('th', { text: `stage ${i + 1} (route order)` })));
    const body = el('tbody', {}, flows.map(f => el('tr', {},
      el('td', { text: crossingLabel(run, f.crossing) }), el('td', { text: directionLabel(f.direction) }),
      Array.from({ length: width }, (_, i) => {
        const s = f.stages[i];
        if (!s) return el('td');
        const u = isNum(s.utilization) ? Math.max(0, Math.min(1, s.utilization)) : 0;
        const light = 97 - 75 * u; // lightness carries the value, so grey printing keeps it
        const over = isNum(s.utilization) && s.utilization > limit;
        return el('td', {
          class: 'cell' + (over ? ' over' : ''),
          style: `background:hsl(215,45%,${light.toFixed(0)}%);color:${light < 55 ? '#fff' : '#1d1d1f'}`,
          title: `${stageName(run, f.crossing, f.direction, s.stage)}: utilisation ${fmt(s.utilization, 3)} ± ${fmt(s.utilization_ci95, 3)}, blocked ${fmt(s.blocked_share, 3)}, ${s.lanes} lanes` +
            (isNum(s.open_lanes_mean) ? `, ${fmt(s.open_lanes_mean, 2)} open on average` : '')
        },
        el('span', { class: 'id', text: `${s.stage} (${s.lanes} lanes)` }),
        el('span', { class: 'value', text: (over ? '⚠ ' : '') + fmt(s.utilization, 2) }),
        isNum(s.blocked_share) && s.blocked_share > 0 ? el('span', { class: 'id', text: `blocked ${fmt(s.blocked_share, 2)}` }) : null);
      }))));
    const legend = el('div', { class: 'scale' }, 'Legend — utilisation (serving lane time ÷ open lane time): 0', el('span', { class: 'bar' }), '1;',
      el('span', { class: 'over-sample', text: '⚠' }), `a framed cell is above ${fmt(limit)}.`);
    return [el('table', { class: 'grid' }, el('caption', { text: 'Utilisation of every stage (stages.csv), crossings by stages' }), el('thead', {}, head), body), legend];
  }

  // ---------------------------------------------------------------- replay

  const replays = [];      // the replays drawn, for the self-test
  const replayTimers = []; // their play buttons' timers, stopped when the crossing changes

  /** One crossing's stages in one replication, sample by sample: a chart per kind, moved by one slider. */
  function replay(run, parent, crossing) {
    const rp = run.timeseries.replay;
    const frames = rp.time_h.length;
    const stages = rp.stages.filter(s => s.crossing === crossing);
    if (!frames || !stages.length) { parent.append(el('p', { text: 'No samples to replay at this crossing.' })); return; }
    const groups = KINDS.map(kind => ({ kind, stages: stages.filter(s => (s.kind || 'vehicle') === kind) })).filter(g => g.stages.length);
    // Start where the queues are longest (of the first kind drawn: vehicles and people are not added).
    let start = 0, best = -1;
    for (let k = 0; k < frames; ++k) {
      const total = groups[0].stages.reduce((a, s) => a + s.queue[k], 0);
      if (total > best) { best = total; start = k; }
    }
    const slider = el('input', { type: 'range', min: 0, max: frames - 1, step: 1, value: start, 'aria-label': 'time in the replay' });
    const output = el('output');
    const button = el('button', { type: 'button', text: '▶ play' });
    parent.append(el('div', { class: 'replay-controls' }, button, slider, output));
    const canvases = [];
    for (const g of groups) {
      const who = kindPlural(g.kind);
      const labels = g.stages.map(s => tickLabel([stageName(run, s.crossing, s.direction, s.stage), directionLabel(s.direction)]));
      const maxOf = key => Math.max(1, ...g.stages.map(s => Math.max(...s[key])));
      const laneMax = Math.max(maxOf('open'), maxOf('busy'));
      g.frame = k => [g.stages.map(s => s.queue[k]), g.stages.map(s => s.busy[k]), g.stages.map(s => s.open[k])];
      const [q0, b0, o0] = g.frame(start);
      const figure = addChart(parent, {
        type: 'bar',
        data: {
          labels,
          datasets: [
            { label: `waiting (${who}, left axis)`, data: q0, backgroundColor: hatch(INK[0], 0), borderColor: '#1d1d1f', borderWidth: 1, yAxisID: 'y', pointStyle: 'rect' },
            { label: 'busy lanes (right axis)', data: b0, backgroundColor: hatch(INK[1], 1), borderColor: '#1d1d1f', borderWidth: 1, yAxisID: 'y2', pointStyle: 'rect' },
            { type: 'line', label: 'open lanes (right axis)', data: o0, showLine: false, pointStyle: 'line', pointBorderWidth: 3,
              // the mark spans the stage's two bars
              pointRadius: c => Math.max(8, 0.36 * (c.chart.chartArea ? c.chart.chartArea.width : 600) / labels.length), borderColor: '#000', backgroundColor: '#000', yAxisID: 'y2' },
          ]
        },
        options: {
          scales: {
            x: { ticks: categoryTicks, title: { display: true, text: 'stage (route order)' } },
            y: { min: 0, max: niceCeil(maxOf('queue')), title: { display: true, text: `${who} waiting` } },
            y2: { min: 0, max: Math.ceil(laneMax) + 1, position: 'right', grid: { drawOnChartArea: false }, ticks: { stepSize: 1 }, title: { display: true, text: g.kind === 'person' ? 'booths or lanes' : 'lanes' } }
          },
          plugins: { ...titled([`Replay of replication ${rp.replication}, ${who}: each stage's queue and lanes`, crossingLabel(run, crossing)], `fixed axes: the largest values of the whole replication${rp.stride > 1 ? `; every ${rp.stride}th sample` : ''}`), legend: { position: 'bottom' } }
        }
      }, { groups: labels.length });
      g.canvas = figure.querySelector('canvas');
      canvases.push(g.canvas);
    }
    const entry = { slider, canvases, frames };
    replays.push(entry);
    const show = () => {
      const k = +slider.value;
      output.value = `${clock(run, rp.time_h[k])} (sample ${k + 1} of ${frames})`;
      for (const g of groups) {
        const chart = Chart.getChart(g.canvas);
        if (!chart) continue;
        const [q, b, o] = g.frame(k);
        chart.data.datasets[0].data = q;
        chart.data.datasets[1].data = b;
        chart.data.datasets[2].data = o;
        chart.update('none');
      }
    };
    slider.addEventListener('input', show);
    entry.show = show;
    let timer = null;
    button.addEventListener('click', () => {
      if (timer) { clearInterval(timer); timer = null; button.textContent = '▶ play'; return; }
      button.textContent = '❚❚ pause';
      timer = setInterval(() => {
        slider.value = (+slider.value + 1) % frames;
        show();
      }, 120);
      replayTimers.push(timer);
    });
    output.value = clock(run, rp.time_h[start]);
  }

  // ---------------------------------------------------------------- provenance

  function provenance(run) {
    const rows = records(run.provenance);
    const counts = {};
    for (const r of rows) counts[r.status] = (counts[r.status] || 0) + 1;
    const summary = Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ');
    const cols = run.provenance.columns;
    return [
      el('p', { text: `${rows.length} values (${summary}). "sourced" cites a published fact, "assumption" is a judgement to revisit, "calibrated" was fitted to an observation.` }),
      el('table', {}, el('caption', { text: 'Where every number comes from (provenance.csv)' }),
        el('thead', {}, el('tr', {}, cols.map(c => el('th', { text: c })))),
        el('tbody', {}, rows.map(r => el('tr', {}, cols.map(c => c === 'status'
          ? el('td', {}, el('span', { class: `badge ${r[c]}`, text: r[c] ?? '' }))
          : el('td', { text: r[c] ?? '' }))))))
    ];
  }

  // ---------------------------------------------------------------- comparison

  // How a metric reads in a sentence; {c} is the vehicle class ("p95 truck wait"), dropped when there is none.
  const METRIC_WORDS = {
    served_per_day: 'number of {c}s served per day', arrived_per_day: 'number of {c} arrivals per day',
    diverted_out_per_day: 'number of {c}s turned away to another crossing per day',
    diverted_in_per_day: 'number of {c}s arriving from another crossing per day',
    wait_mean_min: 'mean {c} wait', wait_p50_min: 'median {c} wait', wait_p95_min: 'p95 {c} wait', wait_max_min: 'longest {c} wait',
    system_time_mean_min: 'mean {c} system time', system_time_p95_min: 'p95 {c} system time',
    queue_mean: 'mean queue', queue_max: 'longest queue', queue_mean_km: 'mean queue length', queue_max_km: 'longest queue length',
    bottleneck_utilization: 'bottleneck utilisation', utilization: 'utilisation',
    // Where a flow has impatient drivers or books slots (sim/results/key_metrics.cpp).
    abandoned_per_day: 'number of {c}s that gave up waiting and left per day',
    diverted_impatient_per_day: 'number of {c}s that gave up waiting and went to another crossing per day',
    balked_per_day: 'number of {c}s that did not join the queue per day', suppressed_per_day: 'number of {c}s that stayed home per day',
    wait_mean_incl_waiting_min: 'mean {c} wait (those who gave up included)', booked_per_day: 'number of {c}s that booked a slot per day',
    slot_wait_mean_min: 'mean {c} wait for a slot (off-site)'
  };
  // English plurals of class names: "bus" -> "buses", "truck" -> "trucks".
  const plural = word => (/(s|x|z|ch|sh)$/.test(word) ? word + 'es' : word + 's');
  function metricWord(metric, cls, kind = 'vehicle') {
    const pattern = METRIC_WORDS[metric] || metric.replace(/_/g, ' ');
    const text = cls && cls !== 'all' ? pattern.replace('{c}s', plural(cls)).replace('{c}', cls)
                                      : pattern.replace('{c}s ', `${kindPlural(kind)} `).replace('{c} ', '');
    return text.replace('{c}', '');
  }
  const chartMetricWord = (metric, kind) => metricWord(metric, '', kind).replace(/^number of /, '');
  /** A chart's subject: the metric, and whom it counts unless the words say it already. */
  const chartSubject = (metric, kind) => {
    const words = chartMetricWord(metric, kind);
    return words.includes(kindPlural(kind)) ? words : `${words}, ${kindPlural(kind)}`;
  };

  /** The value axis: the metric and its unit, or only the unit when the words would not fit beside the chart. */
  function axisTitle(metric, unit, kind) {
    const words = chartMetricWord(metric, kind);
    if (!unit) return words;
    return words.length + unit.length > 30 ? unit : `${words} (${unit})`;
  }

  /** A value with its unit for a sentence; minutes read as hours once they pass two hours. */
  function quantity(v, unit, inHours) {
    if (!isNum(v)) return '–';
    const digits = x => (Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : 2);
    const minus = t => t.replace(/^-/, '−');
    if (unit === 'min' && inHours) return minus(`${fmt(v / MIN_PER_H, 1)} h`);
    if (unit === 'min') return minus(`${fmt(v, 0)} min`);
    if (unit === 'share' || !unit) return minus(fmt(v, 2));
    return minus(`${fmt(v, digits(v))} ${unit}`);
  }

  /** Top of the value axis: every bar and whisker fits. */
  function topOf(datasets) {
    let top = 0;
    for (const ds of datasets) ds.data.forEach((v, k) => { if (isNum(v)) top = Math.max(top, v + (ds.whiskers && isNum(ds.whiskers[k]) ? ds.whiskers[k] : 0)); });
    return top;
  }

  const flowKey = r => `${r.crossing}|${r.direction}|${r['class'] ?? ''}|${r.stage ?? ''}`;
  /** A difference's key as the terminal's table names it: crossing, direction, class or stage:id, metric, scenario. */
  const differenceKey = r => [r.crossing, r.direction, r.stage ? `stage:${r.stage}` : r['class'], r.metric, r.scenario].join(' ');
  const comparisonRows = () => (DATA.comparison ? (comparisonRows.cached ??= records(DATA.comparison)) : []);
  /** The differences as `bordersim compare` ranks them (report_data.cpp): {row, ref, relative (null: from 0)}. */
  const rankedDifferences = () => (DATA.comparison_ranked || []).map(([row, ref, relative]) =>
    ({ row: comparisonRows()[row], ref: ref === null ? null : comparisonRows()[ref], relative }));

  function comparison(parent) {
    const rows = comparisonRows();
    const scenarios = [...new Set(rows.map(r => r.scenario))];
    const reference = scenarios[0];
    const run0 = DATA.runs[0];
    parent.append(el('p', { text: `Reference scenario: ${reference}. Compared with it: ${scenarios.slice(1).join(', ') || '(none)'}. ` +
      'Bars are the means over replications; whiskers their 95% confidence intervals (Student t). A difference is called significant when its 95% interval excludes zero (comparison.csv, column significant).' }));
    const charts = section(parent, 'comparison-charts', 'Each metric by scenario',
      'One chart per metric, for the crossing chosen at the top of the page: its directions and classes, or its stages. Vehicles and people are drawn on charts of their own.');
    const box = el('div');
    charts.append(box);
    views.push({ parent: box, draw: crossing => comparisonCharts(box, rows, scenarios, crossing) });

    // The differences in words, ranked as the terminal ranks them: significant first, the largest relative change on top.
    const list = el('ol', { class: 'sentences' }); // the significant differences
    const quiet = el('ul', { class: 'sentences' }); // the rest, folded away: a network has hundreds
    let rank = 0;
    for (const { row: r, ref, relative } of rankedDifferences()) {
      ++rank;
      const unit = unitFor(r, r.unit ?? '');
      const refValue = ref ? ref.value : null;
      const diff = r.difference;
      const inHours = unit === 'min' && Math.max(Math.abs(refValue ?? 0), Math.abs(r.value ?? 0)) >= 2 * MIN_PER_H;
      const verb = diff > 0 ? 'rises' : diff < 0 ? 'falls' : 'stays';
      const who = metricWord(r.metric, r['class'], kindOf(r));
      const where = `${r.stage ? stageName(run0, r.crossing, r.direction, r.stage) + ', ' : ''}${crossingLabel(run0, r.crossing)}` +
        `${r.direction ? ' (' + directionLabel(r.direction) + ')' : ''}`;
      const attrs = { 'data-key': differenceKey(r), 'data-rank': rank };
      const Who = /^p\d/.test(who) ? who : who[0].toUpperCase() + who.slice(1);
      if (diff === 0) {
        quiet.append(el('li', { ...attrs, text: `${Who} at ${where} stays at ${quantity(refValue, unit, inHours)} with ${reference} and ${r.scenario} alike.` }));
        continue;
      }
      const hasCi = isNum(r.difference_ci95);
      const ci = hasCi
        ? `95% CI of the difference ${quantity(diff - r.difference_ci95, unit, inHours)} to ${quantity(diff + r.difference_ci95, unit, inHours)}`
        : 'comparison.csv gives no interval for it';
      const sig = r.significant === 'yes' ? 'significant'
        : r.significant === 'no' ? (hasCi ? 'not significant (the interval includes zero)' : 'not shown to be significant')
        : r.significant === 'unknown' ? 'significance unknown (one replication gives no interval)'
        : 'significance not stated';
      const change = relative === null ? 'a change from 0' : `${diff < 0 ? '−' : '+'}${fmt(100 * relative, Math.abs(relative) >= 0.1 ? 0 : 1)}%`;
      const sentence = `${Who} at ${where} ${verb} from ${quantity(refValue, unit, inHours)} (${reference}) ` +
        `to ${quantity(r.value, unit, inHours)} (${r.scenario}); difference ${diff > 0 ? '+' : ''}${quantity(diff, unit, inHours)} (${change}), ${ci}: `;
      (r.significant === 'yes' ? list : quiet).append(el('li', attrs, sentence, el('span', { class: r.significant === 'yes' ? 'sig' : '', text: sig }), '.'));
    }
    // Values without a difference: their crossing (or stage) is missing from one of the scenarios.
    const missing = [...new Set(rows.filter(r => r.scenario !== reference && !isNum(r.difference)).map(r => crossingLabel(run0, r.crossing)))];
    const words = section(parent, 'comparison-differences', `The differences in words: ${list.children.length} significant`,
      'Ranked as bordersim compare ranks them on the terminal: the significant ones first, then by relative change (a change from 0 on top), then by size.');
    words.append(list,
      el('details', {}, el('summary', { text: `${quiet.children.length} more differences that are not significant or are zero` }), quiet),
      missing.length ? el('p', { class: 'note', text: `No difference for ${missing.join(', ')} where a scenario lacks the crossing or the stage: its values are in the charts and in comparison.csv.` }) : null);
  }

  /** One crossing's charts: a chart per metric and kind, its flows along x; charts with nothing to draw are named, not drawn. */
  function comparisonCharts(parent, allRows, scenarios, crossing) {
    const run0 = DATA.runs[0];
    const rows = allRows.filter(r => r.crossing === crossing);
    const metrics = [...new Set(rows.map(r => r.metric))];
    const grid = el('div', { class: 'charts' });
    const empty = [];
    for (const metric of metrics) {
      for (const kind of KINDS) {
        const mrows = rows.filter(r => r.metric === metric && kindOf(r) === kind);
        if (!mrows.length) continue;
        const unit = unitFor(mrows[0], mrows[0].unit ?? '');
        const name = chartSubject(metric, kind);
        const flows = [...new Map(mrows.map(r => [flowKey(r), r])).values()];
        const labels = flows.map(f => tickLabel([f.stage ? stageName(run0, f.crossing, f.direction, f.stage) : f['class'] === 'all' ? `all ${kindPlural(kind)}` : f['class'],
          directionLabel(f.direction)]));
        const datasets = scenarios.map((s, i) => {
          const at = new Map(mrows.filter(r => r.scenario === s).map(r => [flowKey(r), r]));
          return {
            label: s + (i === 0 ? ' (reference)' : ''),
            data: flows.map(f => at.get(flowKey(f))?.value ?? null),
            whiskers: flows.map(f => at.get(flowKey(f))?.value_ci95 ?? null),
            backgroundColor: hatch(INK[i % INK.length], i % 4, i % 4 ? LIGHT[i % LIGHT.length] : null),
            borderColor: '#1d1d1f', borderWidth: 1, pointStyle: 'rect'
          };
        });
        if (allZero(datasets)) { empty.push(name); continue; }
        const anyWhisker = datasets.some(ds => ds.whiskers.some(isNum));
        addChart(grid, {
          type: 'bar',
          data: { labels, datasets },
          options: {
            scales: {
              x: { ticks: categoryTicks, title: { display: true, text: flows.some(f => f.stage) ? 'stage · direction' : 'class · direction' } },
              y: { beginAtZero: true, suggestedMax: topOf(datasets) * 1.05, title: { display: true, text: axisTitle(metric, unit, kind) } }
            },
            plugins: {
              ...titled([`${name} by scenario`, crossingLabel(run0, crossing)],
                anyWhisker ? 'whiskers: 95% confidence interval of the mean over replications' : 'no interval in comparison.csv for this metric'),
              legend: { position: 'bottom' }
            }
          }
        }, { groups: labels.length });
      }
    }
    leftOutNote(parent, crossingLabel(run0, crossing), empty, 'every value is 0 or missing in every scenario');
    parent.append(grid);
  }

  // ---------------------------------------------------------------- a sweep

  const SWEEP = DATA.sweep;
  // What the sweep's views drew for the crossing shown, for the self-test.
  const sweepDrawn = { tornadoes: [], heat_maps: [], lines: [], scatters: [] };
  let sweepMetric = null;

  const DESIGN_WORDS = {
    grid: 'every combination of the keys\' levels',
    oat: 'one key at a time: point 0 is the scenario as it is, then each key takes each of its levels while the others keep the scenario\'s values',
    morris: 'Morris\'s elementary effects: trajectories that move one key at a time',
    lhs: 'a set of points that is not a full grid (a Latin hypercube)'
  };

  /** A key path cut at its dots into lines that fit beside a chart. */
  function keyLabel(key, width = 30) {
    const lines = [];
    let line = '';
    for (const part of String(key).split('.')) {
      if (line && line.length + 1 + part.length > width) { lines.push(line + '.'); line = part; }
      else line = line ? `${line}.${part}` : part;
    }
    if (line) lines.push(line);
    return lines;
  }

  /** A value with as many decimals as its size needs. */
  const fmtSig = v => fmt(v, !isNum(v) ? 0 : Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : Math.abs(v) >= 1 ? 2 : 3);

  function keyValues(k) {
    if (k.levels.length <= 8) return k.levels.join(', ');
    return `${k.levels[0]} to ${k.levels[k.levels.length - 1]}`;
  }

  /** Who a series counts, where: "truck · IN → OUT", "stage booth · in", "all vehicles · in". */
  function seriesLabel(x) {
    const who = x.stage ? `stage ${x.stage}` : x['class'] === 'all' ? `all ${kindPlural(x.kind)}` : x['class'];
    return `${who} · ${directionLabel(x.direction)}`;
  }
  /** The end of a key path that names it: its last two words, with the list indices between them ("lanes.0.count"). */
  /** The end of a key path that tells it from the other varied keys: at least its last two words, with the list
   *  indices between them ("lanes.0.count"), more while another key ends the same way. */
  function shortKey(key) {
    const ending = (k, n) => {
      const parts = String(k).split('.');
      let words = 0, from = parts.length;
      while (from > 0 && words < n) if (!/^\d+$/.test(parts[--from])) ++words;
      return parts.slice(from).join('.');
    };
    const others = SWEEP ? SWEEP.keys.map(k => k.key).filter(k => k !== key) : [];
    for (let n = 2; ; ++n) {
      const end = ending(key, n);
      if (end === key || !others.some(k => k === end || k.endsWith('.' + end))) return end;
    }
  }
  const seriesKey = x => [x.crossing, x.direction, x.stage ? `stage:${x.stage}` : x['class'], x.metric].join(' ');
  const sweepSeriesOf = crossing => SWEEP.series.filter(x => x.crossing === crossing && x.metric === sweepMetric);

  function sweepInfo() {
    const reps = SWEEP.replications_min === SWEEP.replications_max ? `${SWEEP.replications_min}` : `${SWEEP.replications_min} to ${SWEEP.replications_max}`;
    const trajectories = new Set(SWEEP.trajectory.filter(t => t !== null)).size;
    const rows = [
      ['scenario', SWEEP.scenario],
      ['design', `${SWEEP.design} — ${DESIGN_WORDS[SWEEP.design] || ''}${trajectories ? ` (${trajectories} trajectories)` : ''}`],
      ['points', SWEEP.points],
      ['replications per point', `${reps}, with common random numbers: replication r of every point draws the same random numbers`],
      ['varied keys', SWEEP.keys.length],
      ['report written (UTC)', DATA.generated_utc],
    ];
    const dl = el('dl', { class: 'info' }, rows.map(([k, v]) => [el('dt', { text: k }), el('dd', { text: String(v) })]));
    const keys = el('table', { class: 'keys' }, el('caption', { text: 'The varied keys and the values the design gives them (design.csv)' }),
      el('thead', {}, el('tr', {}, el('th', { text: 'key' }), el('th', { class: 'num', text: 'levels' }), el('th', { text: 'range' }), el('th', { text: 'values' }))),
      el('tbody', {}, SWEEP.keys.map(k => el('tr', {}, el('td', {}, el('code', { text: k.key })), el('td', { class: 'num', text: k.levels.length }),
        el('td', { text: k.numeric ? `${k.levels[0]} .. ${k.levels[k.levels.length - 1]}` : 'a list' }), el('td', { text: keyValues(k) })))));
    return [dl, keys];
  }

  /** Per key, the number of key metrics (of all flows) it moves most: the terminal's summary of a sensitivity. */
  function keyRanking() {
    const first = SWEEP.keys.map(() => 0), firstHere = SWEEP.keys.map(() => 0);
    for (const x of SWEEP.series)
      for (const [k, effect, , , , rank] of x.effects)
        if (rank === 1 && isNum(effect) && effect !== 0) { ++first[k]; if (x.metric === sweepMetric) ++firstHere[k]; }
    const order = SWEEP.keys.map((k, i) => i).sort((a, b) => first[b] - first[a] || a - b);
    return el('table', { class: 'ranking' },
      el('caption', { text: 'Keys by the number of key metrics they move most (rank 1 in sensitivity.csv, every flow of every crossing)' }),
      el('thead', {}, el('tr', {}, el('th', { text: 'key' }), el('th', { class: 'num', text: 'metrics it moves most' }),
        el('th', { class: 'num', text: `of them ${sweepMetric}` }))),
      el('tbody', {}, order.map(i => el('tr', {}, el('td', {}, el('code', { text: SWEEP.keys[i].key })),
        el('td', { class: 'num', text: first[i] }), el('td', { class: 'num', text: firstHere[i] })))));
  }

  /** One tornado per flow of the crossing: the keys ranked by their effect on the chosen metric. */
  function tornadoCharts(parent, crossing) {
    const grid = el('div', { class: 'charts' });
    const quiet = [];
    const morris = SWEEP.design === 'morris';
    for (const x of sweepSeriesOf(crossing)) {
      if (!x.effects.length) continue;
      const keys = x.effects.map(e => SWEEP.keys[e[0]].key);
      const labels = keys.map(k => keyLabel(k));
      const bar = { borderColor: '#1d1d1f', borderWidth: 1, pointStyle: 'rect' };
      const datasets = morris ? [
        { ...bar, label: 'μ*: mean |elementary effect| (per whole range of the key)', data: x.effects.map(e => e[1]), backgroundColor: hatch(INK[0], 0) },
        { ...bar, label: 'σ: spread of the effects (interactions, a curved response)', data: x.effects.map(e => e[3]), backgroundColor: hatch(INK[1], 1, LIGHT[1]) },
      ] : [
        { ...bar, label: 'effect: the metric at the key\'s highest level minus at its lowest (hatched: a fall)', data: x.effects.map(e => e[1]),
          backgroundColor: x.effects.map(e => (e[1] < 0 ? hatch(INK[1], 1, LIGHT[1]) : INK[0])) },
      ];
      if (allZero(datasets)) { quiet.push(seriesLabel(x)); continue; }
      sweepDrawn.tornadoes.push({ series: seriesKey(x), keys });
      const unit = unitFor(x, x.unit);
      const noise = Math.max(0, ...x.ci95.filter(isNum));
      const lines = Math.max(1, ...labels.map(l => l.length));
      const rowPx = Math.max(morris ? 34 : 24, lines * 14 + 10); // category rows are equal: the tallest label sets them
      addChart(grid, {
        type: 'bar',
        data: { labels, datasets },
        options: {
          indexAxis: 'y',
          scales: {
            y: { ticks: { ...categoryTicks, font: { size: 11 } }, title: { display: true, text: 'varied key, the largest effect on top' } },
            x: { beginAtZero: true, title: { display: true, text: `${axisTitle(x.metric, unit, x.kind)}${morris ? ' per whole range of the key' : ''}` } }
          },
          plugins: {
            ...titled([`Effect of each key on the ${chartMetricWord(x.metric, x.kind)}`, `${seriesLabel(x)}, ${crossing}`],
              `sensitivity.csv (${SWEEP.design}); effects below the metric's 95% CI (up to ± ${fmtSig(noise)} ${unit} in sweep.csv) are not told from noise`),
            legend: { position: 'bottom' },
            tooltip: { callbacks: { afterLabel: item => {
              const e = x.effects[item.dataIndex];
              return `rank ${e[5]}, μ ${fmtSig(e[2])}, ${e[4]} ${morris ? 'elementary effects' : 'level steps'}`;
            } } }
          }
        }
      }, { height_px: labels.length * rowPx + 170 });
    }
    leftOutNote(parent, crossing, quiet, 'no varied key changes this metric (every effect is 0)');
    if (!sweepSeriesOf(crossing).length) parent.append(el('p', { class: 'note', text: `sweep.csv has no ${sweepMetric} at ${crossing}.` }));
    parent.append(grid);
  }

  /** The x of a key's level: its number, or its place in the list for a key of text values. */
  const levelX = (k, l) => (k.numeric ? k.values[l] : l);
  function levelAxis(k) {
    const unit = k.unit ? ` (${k.unit})` : '';
    return k.numeric ? { type: 'linear', title: { display: true, text: `${k.key}${unit}` } }
      : { type: 'linear', min: -0.5, max: k.levels.length - 0.5, ticks: { stepSize: 1, callback: v => k.levels[v] ?? '' }, title: { display: true, text: k.key } };
  }

  /** A grid of one key: the metric against the key's value, a line per flow, whiskers for the 95% CI. */
  function lineCharts(parent, crossing) {
    const k = SWEEP.keys[0];
    const grid = el('div', { class: 'charts' });
    const quiet = [];
    for (const kind of KINDS) {
      const list = sweepSeriesOf(crossing).filter(x => x.kind === kind);
      if (!list.length) continue;
      const datasets = list.map((x, i) => {
        const colour = INK[i % INK.length], dash = DASH[Math.floor(i / INK.length) % DASH.length];
        return {
          label: seriesLabel(x),
          data: k.levels.map((_, l) => ({ x: levelX(k, l), y: x.mean[SWEEP.grid[l]] })),
          whiskers: k.levels.map((_, l) => x.ci95[SWEEP.grid[l]]),
          borderColor: colour, backgroundColor: colour, borderWidth: 2, borderDash: dash, pointRadius: 3, pointStyle: lineSwatch(colour, dash, 2)
        };
      });
      const unit = unitFor(list[0], list[0].unit);
      const title = [`${chartMetricWord(sweepMetric, kind)} against ${shortKey(k.key)}`, `${crossing}, ${kindPlural(kind)}`];
      if (allZero(datasets)) { quiet.push(kindPlural(kind)); continue; }
      sweepDrawn.lines.push({ title: title.join(' — '), levels: k.levels.length, points: datasets.map(d => d.data.length) });
      addChart(grid, {
        type: 'line',
        data: { datasets },
        options: {
          scales: { x: levelAxis(k), y: { beginAtZero: true, title: { display: true, text: axisTitle(sweepMetric, unit, kind) } } },
          plugins: { ...titled(title, 'mean over replications at each level (sweep.csv); whiskers: 95% confidence interval'), legend: { position: 'bottom' } }
        }
      }, { tall: true });
    }
    leftOutNote(parent, crossing, quiet, 'every value is 0 or missing at every level');
    if (!sweepSeriesOf(crossing).length) parent.append(el('p', { class: 'note', text: `sweep.csv has no ${sweepMetric} at ${crossing}.` }));
    parent.append(grid);
  }

  /** A grid of two keys: per flow, a table of coloured cells, the first key down, the second across. */
  function heatMaps(parent, crossing) {
    const [k0, k1] = SWEEP.keys;
    const box = el('div', { class: 'heat-maps' });
    for (const x of sweepSeriesOf(crossing)) {
      const values = SWEEP.grid.map(p => x.mean[p]).filter(isNum);
      const lo = Math.min(...values), hi = Math.max(...values);
      const unit = unitFor(x, x.unit);
      let cells = 0;
      const head = el('tr', {}, el('th', { class: 'corner', text: `${shortKey(k0.key)} ↓ · ${shortKey(k1.key)} →` }), k1.levels.map(l => el('th', { class: 'num', text: l })));
      const body = el('tbody', {}, k0.levels.map((l0, i0) => el('tr', {}, el('th', { class: 'num', text: l0 }), k1.levels.map((l1, i1) => {
        const p = SWEEP.grid[i0 * k1.levels.length + i1];
        const v = x.mean[p], ci = x.ci95[p];
        const share = isNum(v) && hi > lo ? (v - lo) / (hi - lo) : 0;
        const light = 96 - 70 * share; // lightness carries the value, so grey printing keeps it
        ++cells;
        return el('td', { class: 'heat', 'data-point': p, style: `background:hsl(215,45%,${light.toFixed(0)}%);color:${light < 55 ? '#fff' : '#1d1d1f'}`,
                          title: `point ${p}: ${k0.key} = ${l0}, ${k1.key} = ${l1}` },
          el('span', { class: 'value', text: fmtSig(v) }), isNum(ci) ? el('span', { class: 'id', text: `± ${fmtSig(ci)}` }) : null);
      }))));
      sweepDrawn.heat_maps.push({ series: seriesKey(x), rows: k0.levels.length, cols: k1.levels.length, cells });
      box.append(el('table', { class: 'grid heat-map' },
        el('caption', { text: `${chartSubject(x.metric, x.kind)} (${unit}), ${seriesLabel(x)}, ${crossing}` }), el('thead', {}, head), body));
    }
    parent.append(el('p', { class: 'note', text: `Rows: ${k0.key}; columns: ${k1.key}. Each cell is the mean over replications with its 95% CI (sweep.csv); darker is larger, within each table.` }), box);
    if (!sweepSeriesOf(crossing).length) parent.append(el('p', { class: 'note', text: `sweep.csv has no ${sweepMetric} at ${crossing}.` }));
  }

  /** Any design: the metric at every point against each key's value, a chart per key and kind. */
  function scatterCharts(parent, crossing) {
    const grid = el('div', { class: 'charts' });
    const quiet = [];
    SWEEP.keys.forEach((k, ki) => {
      for (const kind of KINDS) {
        const list = sweepSeriesOf(crossing).filter(x => x.kind === kind);
        if (!list.length) continue;
        const datasets = list.map((x, i) => ({
          label: seriesLabel(x),
          data: SWEEP.level.map((levels, p) => ({ x: levelX(k, levels[ki]), y: x.mean[p] })),
          backgroundColor: INK[i % INK.length], borderColor: INK[i % INK.length],
          pointStyle: ['circle', 'rect', 'triangle', 'rectRot', 'cross', 'star'][i % 6], pointRadius: 4
        }));
        if (allZero(datasets)) { quiet.push(`${k.key}, ${kindPlural(kind)}`); continue; }
        const unit = unitFor(list[0], list[0].unit);
        const title = [`${chartMetricWord(sweepMetric, kind)} against ${shortKey(k.key)}`, `${crossing}, ${kindPlural(kind)}`];
        sweepDrawn.scatters.push({ title: title.join(' — '), points: datasets.map(d => d.data.length) });
        addChart(grid, {
          type: 'scatter',
          data: { datasets },
          options: {
            scales: { x: levelAxis(k), y: { beginAtZero: true, title: { display: true, text: axisTitle(sweepMetric, unit, kind) } } },
            plugins: { ...titled(title, `every point of the design, the other keys as the point sets them (mean over replications, sweep.csv)`), legend: { position: 'bottom' } }
          }
        });
      }
    });
    leftOutNote(parent, crossing, quiet, 'every value is 0 or missing at every point');
    parent.append(grid);
  }

  /** The design and the chosen metric of every flow of the crossing, point by point. */
  function sweepTable(parent, crossing) {
    const list = sweepSeriesOf(crossing);
    const hasTrajectory = SWEEP.trajectory.some(t => t !== null);
    const head = el('tr', {}, el('th', { class: 'num', text: 'point' }), hasTrajectory ? el('th', { class: 'num', text: 'trajectory' }) : null,
      SWEEP.keys.map(k => el('th', { class: 'key', title: k.key }, keyLabel(k.key, 22).flatMap((line, i) => (i ? [el('br'), line] : [line])))),
      list.map(x => el('th', { class: 'num', text: `${seriesLabel(x)} (${unitFor(x, x.unit)}, ± 95% CI)` })));
    const body = el('tbody', {}, SWEEP.level.map((levels, p) => el('tr', {},
      el('td', { class: 'num', text: p }), hasTrajectory ? el('td', { class: 'num', text: SWEEP.trajectory[p] ?? '' }) : null,
      levels.map((l, ki) => el('td', { class: 'num', text: SWEEP.keys[ki].levels[l] })),
      list.map(x => el('td', { class: 'num', text: isNum(x.ci95[p]) ? `${fmtSig(x.mean[p])} ± ${fmtSig(x.ci95[p])}` : fmtSig(x.mean[p]) })))));
    const scroll = el('div', { class: 'table-scroll' }, el('table', { class: 'design' },
      el('caption', { text: `The design (design.csv) and ${chartSubject(sweepMetric, list[0] ? list[0].kind : 'vehicle')} at ${crossing} (sweep.csv), point by point` }),
      el('thead', {}, head), body));
    parent.append(scroll);
  }

  function renderSweep(root) {
    const wrap = el('section', { class: 'run', id: 'sweep' }, el('h2', { text: `Sweep: ${SWEEP.scenario}` }));
    root.append(wrap);
    wrap.append(...sweepInfo());
    const design = SWEEP.design, n = SWEEP.keys.length;
    const isGrid = design === 'grid' && SWEEP.grid.length === SWEEP.points;
    if (design === 'oat' || design === 'morris') {
      const s = section(wrap, 'sweep-sensitivity', 'Which keys move the key metric',
        design === 'morris'
          ? 'Morris screening (sensitivity.csv): μ* is the mean of the absolute elementary effects, the metric\'s change per whole range of the key; σ their standard deviation, large where the key interacts with others or acts unevenly over its range. Keys with small μ* and σ can be left at their values. One chart per flow of the crossing chosen at the top of the page, for the key metric chosen there.'
          : 'One at a time (sensitivity.csv): each key\'s effect is the metric at its highest level minus at its lowest, the other keys as in the scenario. One chart per flow of the crossing chosen at the top of the page, for the key metric chosen there.');
      if (SWEEP.has_sensitivity) {
        s.append(keyRanking());
        crossingView(s, (box, crossing) => tornadoCharts(box, crossing));
      } else {
        s.append(el('p', { class: 'note', text: 'This folder has no sensitivity.csv: no effects to rank.' }));
      }
    }
    if (isGrid && n === 1) {
      const s = section(wrap, 'sweep-lines', `The key metric against ${SWEEP.keys[0].key}`,
        'For the crossing and key metric chosen at the top of the page: a line per flow, the mean over replications at each level with its 95% confidence interval.');
      crossingView(s, (box, crossing) => lineCharts(box, crossing));
    }
    if (isGrid && n === 2) {
      const s = section(wrap, 'sweep-heat', 'The key metric over both keys',
        'For the crossing and key metric chosen at the top of the page: a table per flow with a cell per combination of the two keys\' levels.');
      crossingView(s, (box, crossing) => heatMaps(box, crossing));
    }
    if (!isGrid || n >= 3) {
      const s = section(wrap, 'sweep-scatter', 'The key metric against each key',
        'For the crossing and key metric chosen at the top of the page: every point of the design, a chart per key. A trend along one key across the others\' values shows its effect.');
      crossingView(s, (box, crossing) => scatterCharts(box, crossing));
    }
    const t = section(wrap, 'sweep-table', 'Design and key metric, point by point', null);
    crossingView(t, (box, crossing) => sweepTable(box, crossing));
  }

  /** The key metric picker: wait_mean_min unless the address names another. */
  function metricPicker() {
    const select = document.getElementById('metric');
    const metrics = [...new Set(SWEEP.series.map(x => x.metric))];
    const asked = HASH.get('metric');
    sweepMetric = metrics.includes(asked) ? asked : metrics.includes('wait_mean_min') ? 'wait_mean_min' : metrics[0];
    select.append(...metrics.map(m => el('option', { value: m, text: `${chartMetricWord(m, 'vehicle')} (${m})` })));
    select.value = sweepMetric;
    select.addEventListener('change', () => {
      sweepMetric = select.value;
      showCrossing(shownCrossing);
      const params = [...HASH.keys()].filter(k => k !== 'metric').map(encodeURIComponent);
      params.push(`metric=${encodeURIComponent(sweepMetric)}`);
      history.replaceState(null, '', `#${params.join('&')}`);
    });
    document.getElementById('metric-control').hidden = false;
  }

  // ---------------------------------------------------------------- a calibration

  const CALIBRATION = DATA.calibration;
  // What the calibration's section drew, for the self-test.
  const calibrationDrawn = { charts: [], left_out: [], bars: [], most_ruled_out: null };

  const heldOut = t => t.use === 'holdout';
  /** Whom and where a target measures: "car · IN → OUT at test", "stage booth · IN → OUT at test". */
  const targetWhere = t => `${t.stage ? `stage ${t.stage}` : t['class']} · ${directionLabel(t.direction)} at ${t.crossing}`;
  /** The observation's spread in the implausibility's denominator, the simulation's aside: √(uncertainty² + discrepancy²). */
  const observationSpread = t => Math.hypot(t.uncertainty || 0, t.discrepancy || 0);
  const observedLow = t => (isNum(t.observed) ? t.observed : t.observed_low);
  const observedHigh = t => (isNum(t.observed) ? t.observed : t.observed_high);
  /** "283", or "250 – 320" for a range observed. */
  const observedText = t => (isNum(t.observed) ? fmtSig(t.observed) : `${fmtSig(t.observed_low)} – ${fmtSig(t.observed_high)}`);
  const sharePercent = v => (isNum(v) ? `${fmt(100 * v, 0)}%` : '–');

  function calibrationInfo() {
    const targets = CALIBRATION.targets, fitted = targets.filter(t => !heldOut(t)).length;
    const rows = [
      ['scenario', CALIBRATION.scenario],
      ['targets', `${targets.length}: ${fitted} fitted, ${targets.length - fitted} held out (calibration.csv)`],
      ['inputs', `${CALIBRATION.parameters.length} (parameters.csv)`],
      ['screen', `${CALIBRATION.plausible_points} of ${CALIBRATION.screen_points} points plausible (implausibility.csv: plausible = yes)`],
      ['report written (UTC)', DATA.generated_utc],
    ];
    const dl = el('dl', { class: 'info' }, rows.map(([k, v]) => [el('dt', { text: k }), el('dd', { text: String(v) })]));
    const none = CALIBRATION.plausible_points === 0
      ? el('p', { class: 'caution', text: 'No point of the screen is plausible: the fitted targets contradict each other or the inputs\' ranges. ' +
        'The calibrated point is the least bad one, not a fit; the target that ruled out the most (below) is the first to question.' })
      : null;
    return [dl, none];
  }

  /** One target: what was observed, with the band its spread allows, beside the simulated mean with its 95% CI. */
  function targetChart(parent, t) {
    const fitted = !heldOut(t);
    const colour = fitted ? INK[0] : INK[1], light = fitted ? LIGHT[0] : LIGHT[1];
    const low = observedLow(t), high = observedHigh(t), spread = 2 * observationSpread(t);
    const floor = v => (low >= 0 ? Math.max(0, v) : v); // a metric of amounts does not go below 0
    const bar = { type: 'bar', grouped: false, borderColor: '#1d1d1f', borderWidth: 1, pointStyle: 'rect', barPercentage: 0.6 };
    const datasets = [];
    if (spread > 0)
      datasets.push({ ...bar, label: 'observed ± 2 √(uncertainty² + discrepancy²)', data: [[floor(low - spread), high + spread], null],
                      backgroundColor: light, order: 3 });
    if (isNum(t.observed))
      datasets.push({ type: 'line', label: 'observed', data: [t.observed, null], showLine: false, pointStyle: 'line', pointRadius: 24,
                      pointHoverRadius: 24, pointBorderWidth: 3, borderColor: '#1d1d1f', backgroundColor: '#1d1d1f', order: 1 });
    else
      datasets.push({ ...bar, label: 'observed range (low – high)', data: [[low, high], null], backgroundColor: hatch(colour, 1, light), order: 2 });
    datasets.push({ type: 'line', label: `simulated at the calibrated point, mean ± 95% CI${fitted ? '' : ' (held out: never fitted to)'}`,
                    data: [null, isNum(t.simulated) ? t.simulated : null], whiskers: [null, t.simulated_ci95], showLine: false,
                    pointStyle: fitted ? 'rectRot' : 'triangle', pointRadius: 7, pointHoverRadius: 8, borderColor: colour, backgroundColor: colour, order: 0 });
    const id = t.target;
    if (allZero(datasets)) { calibrationDrawn.left_out.push(id); return false; }
    const top = Math.max(high + spread, isNum(t.simulated) ? t.simulated + (isNum(t.simulated_ci95) ? t.simulated_ci95 : 0) : -Infinity);
    const title = [`${id}${fitted ? '' : ' (held out)'}: ${metricWord(t.metric, t['class'])}`, `${targetWhere(t)}${t.window ? `, ${t.window}` : ''}`];
    const subtitle = isNum(t.simulated)
      ? `calibration.csv: implausibility ${isNum(t.implausibility) ? fmt(t.implausibility, 2) : '∞'}, standardised error ${signed(t.standardized_error, 2)}`
      : 'calibration.csv: no simulated value at the calibrated point (nothing measured)';
    calibrationDrawn.charts.push({ target: id, use: t.use, observed: isNum(t.observed) ? 'value' : 'range', band: spread > 0, simulated: isNum(t.simulated) });
    addChart(parent, {
      type: 'bar',
      data: { labels: [['observed'], tickLabel(['simulated at the calibrated point'])], datasets },
      options: {
        scales: {
          x: { ticks: categoryTicks },
          y: { beginAtZero: low >= 0, suggestedMax: top > 0 ? top * 1.05 : undefined, title: { display: true, text: axisTitle(t.metric, t.unit, 'vehicle') } }
        },
        // The legend in the datasets' order (observed first); `order` only sets which is drawn on top.
        plugins: { ...titled(title, subtitle), legend: { position: 'bottom', labels: { sort: (a, b) => a.datasetIndex - b.datasetIndex } } }
      }
    }, { figure: `calibration:${id}`, height_px: 330 });
    return true;
  }

  function targetCharts(parent) {
    const grid = el('div', { class: 'charts' });
    for (const t of CALIBRATION.targets) targetChart(grid, t);
    leftOutNote(parent, 'the targets', calibrationDrawn.left_out, 'what was observed and what was simulated are all 0 or missing');
    parent.append(grid);
  }

  /** Every target at the calibrated point, and the one whose observation ruled out the most of the screen. */
  function targetTable(parent) {
    const targets = CALIBRATION.targets;
    const head = el('tr', {}, ['target', 'use', 'measures', 'window', 'observed', 'uncertainty, discrepancy', 'the scenario as it is (± 95% CI)',
      'its implausibility', 'calibrated (± 95% CI)', 'standardised error', 'implausibility', 'ruled out of the screen'].map((h, i) => el('th', { class: i >= 4 ? 'num' : null, text: h })));
    const meanWithCi = (mean, ci) => (isNum(mean) ? (isNum(ci) ? `${fmtSig(mean)} ± ${fmtSig(ci)}` : fmtSig(mean)) : 'no value');
    const body = el('tbody', {}, targets.map(t => el('tr', { class: heldOut(t) ? 'held-out' : null, 'data-target': t.target },
      el('td', { title: t.source || null }, el('code', { text: t.target })),
      el('td', {}, heldOut(t) ? el('span', { class: 'badge', text: 'held out' }) : 'fit'),
      el('td', { text: `${metricWord(t.metric, t['class'])} (${t.unit || t.metric}), ${targetWhere(t)}` }),
      el('td', { text: (t.window || 'the scenario\'s dates') + (t.scenario ? ` (${t.scenario})` : '') }),
      el('td', { class: 'num', text: observedText(t) }),
      el('td', { class: 'num', text: [t.uncertainty, t.discrepancy].map(v => (v === 0 ? '0' : fmtSig(v))).join(', ') }),
      el('td', { class: 'num', text: meanWithCi(t.scenario_simulated, t.scenario_simulated_ci95) }),
      el('td', { class: 'num', text: isNum(t.scenario_implausibility) ? fmt(t.scenario_implausibility, 2) : '∞' }),
      el('td', { class: 'num', text: meanWithCi(t.simulated, t.simulated_ci95) }),
      el('td', { class: 'num', text: signed(t.standardized_error, 2) }),
      el('td', { class: 'num', text: isNum(t.implausibility) ? fmt(t.implausibility, 2) : '∞' }),
      el('td', { class: 'num', text: sharePercent(t.ruled_out_share) }))));
    parent.append(el('div', { class: 'table-scroll' }, el('table', { class: 'calibration-targets' },
      el('caption', { text: 'Every target at the calibrated point (calibration.csv); the source of each observation is the tooltip of its name' }),
      el('thead', {}, head), body)));

    // The first of the largest share, as the file orders the targets.
    const most = targets.filter(t => !heldOut(t) && isNum(t.ruled_out_share))
      .reduce((best, t) => (!best || t.ruled_out_share > best.ruled_out_share ? t : best), null);
    const words = t => `${t.target} (${metricWord(t.metric, t['class'])}, ${targetWhere(t)})`;
    if (most && most.ruled_out_share > 0) {
      calibrationDrawn.most_ruled_out = most.target;
      parent.append(el('p', { class: 'most-ruled-out', 'data-target': most.target },
        el('strong', { text: `The observation that ruled out the most of the screen: ${words(most)}. ` }),
        `On its own it rules out ${sharePercent(most.ruled_out_share)} of the screen's ${CALIBRATION.screen_points} points (ruled_out_share): ` +
        'of the observations, it says the most about the inputs, and a more precise one would narrow them most.'));
    } else {
      parent.append(el('p', { class: 'most-ruled-out', text: 'No fitted target ruled out any point of the screen: the observations, as precise as they are declared, leave every input its whole range.' }));
    }
    const heldBeyond = targets.filter(t => heldOut(t) && isNum(t.ruled_out_share) && t.ruled_out_share > (most ? most.ruled_out_share : 0));
    for (const t of heldBeyond)
      parent.append(el('p', { class: 'note', text: `Held out, ${words(t)} would rule out ${sharePercent(t.ruled_out_share)}: more than any fitted target.` }));
  }

  /** A value's place along an input's range, 0 at low and 1 at high, on the scale the screen spread its points on. */
  function rangePosition(p, v) {
    if (!isNum(v)) return null;
    const u = p.scale === 'log' ? (Math.log(v) - Math.log(p.low_number)) / (Math.log(p.high_number) - Math.log(p.low_number))
                                : (v - p.low_number) / (p.high_number - p.low_number);
    return isFinite(u) ? u : null;
  }
  const along = u => Math.min(1, Math.max(0, u));
  const inside = u => u !== null && u >= 0 && u <= 1; // the scenario's own value (point 0) may lie outside the range
  const percentAlong = u => `${(100 * along(u)).toFixed(1)}%`;

  /** The whole range as a bar: the plausible range left filled, the calibrated value and the scenario's marked. */
  function rangeBar(p) {
    const from = rangePosition(p, p.plausible_low_number), to = rangePosition(p, p.plausible_high_number);
    const calibrated = rangePosition(p, p.calibrated_number), own = rangePosition(p, p.scenario_number);
    calibrationDrawn.bars.push({ key: p.key, from, to, calibrated });
    const left = from !== null && to !== null;
    return el('span', { class: 'range-bar', role: 'img',
                        'aria-label': `${p.low} to ${p.high}${p.scale === 'log' ? ' (log scale)' : ''}: ${left ? `plausible ${p.plausible_low} to ${p.plausible_high}` : 'none plausible'}, calibrated ${p.calibrated}` },
      left ? el('span', { class: 'plausible', style: `left:${percentAlong(from)};width:${percentAlong(along(to) - along(from))}` }) : null,
      inside(own) ? el('span', { class: 'mark scenario', style: `left:${percentAlong(own)}`, title: `the scenario's value: ${p.scenario_value}` }) : null,
      inside(calibrated) ? el('span', { class: 'mark calibrated', style: `left:${percentAlong(calibrated)}`, title: `calibrated: ${p.calibrated}` }) : null);
  }

  /** Every input: its range, what the plausible set leaves of it, and the calibrated value. */
  function parameterTable(parent) {
    const head = el('tr', {}, ['input', 'scale', 'range', 'plausible range left', 'along the range', 'left of the range', 'identified', 'calibrated', 'the scenario\'s value']
      .map((h, i) => el('th', { class: i === 5 ? 'num' : null, text: h })));
    const body = el('tbody', {}, CALIBRATION.parameters.map(p => {
      const from = rangePosition(p, p.plausible_low_number), to = rangePosition(p, p.plausible_high_number);
      const left = from !== null && to !== null;
      return el('tr', { 'data-key': p.key },
        el('td', { title: p.source || null }, el('code', {}, keyLabel(p.key, 44).flatMap((line, i) => (i ? [el('br'), line] : [line])))),
        el('td', { text: p.scale }),
        el('td', { text: `${p.low} – ${p.high}` }),
        el('td', { text: left ? `${p.plausible_low} – ${p.plausible_high}` : 'none plausible' }),
        el('td', {}, rangeBar(p)),
        el('td', { class: 'num', text: left ? `${fmt(100 * (along(to) - along(from)), 0)}%` : '–' }),
        el('td', { text: p.identified, title: 'yes: the plausible points spread over less of the range than as many random points would (95%); no: kept at the scenario\'s value; untested: too few plausible points to tell' }),
        el('td', { text: p.calibrated }),
        el('td', { text: p.scenario_value || '–' }));
    }));
    parent.append(el('div', { class: 'table-scroll' }, el('table', { class: 'calibration-parameters' },
      el('caption', { text: 'Every input (parameters.csv); the reason for its range is the tooltip of its name' }), el('thead', {}, head), body)),
    el('p', { class: 'note', text: 'The bar is the input\'s whole range, low on the left, on the scale the screen spread its points on (linear, or even steps in log(value)). ' +
      'Filled: the range the plausible points still span; orange line: the calibrated value; grey tick below the bar: the scenario\'s own value (point 0 of the screen), where it lies inside the range. ' +
      'An input the fitted targets do not identify keeps the scenario\'s value (identified: no).' }));
  }

  function renderCalibration(root) {
    const wrap = el('section', { class: 'run', id: 'calibration' }, el('h2', { text: `Calibration: ${CALIBRATION.scenario}` }));
    root.append(wrap);
    wrap.append(...calibrationInfo().filter(Boolean));
    const fit = section(wrap, 'calibration-fit', 'Observed and simulated',
      'For each target: what was observed (a value, or the low–high range observed), with a lighter band of ± 2 √(uncertainty² + discrepancy²), the spread the ' +
      'implausibility allows the observation and the model; beside it the simulated mean at the calibrated point with its 95% confidence interval ' +
      '(calibration.csv: observed, observed_low, observed_high, uncertainty, discrepancy, simulated, simulated_ci95). Fitted targets are blue; held-out ' +
      'targets, which the calibration never saw, are orange and marked held out: how well they fit is its test.');
    targetCharts(fit);
    const table = section(wrap, 'calibration-targets', 'Targets', null);
    targetTable(table);
    const inputs = section(wrap, 'calibration-parameters', 'Inputs: the plausible ranges left',
      `Of the screen's ${CALIBRATION.screen_points} points, ${CALIBRATION.plausible_points} ${CALIBRATION.plausible_points === 1 ? 'is' : 'are'} plausible (implausibility.csv: every fitted target's implausibility at most the cutoff). ` +
      'What they span of each input\'s range is what the observations leave open.');
    parameterTable(inputs);
  }

  // ---------------------------------------------------------------- page assembly

  function section(parent, id, title, intro) {
    const s = el('section', { id }, el('h3', { text: title }), intro ? el('p', { class: 'note', text: intro }) : null);
    parent.append(s);
    return s;
  }

  /** A box whose content shows one crossing: drawn again when the reader picks another. */
  function crossingView(parent, draw) {
    const box = el('div');
    parent.append(box);
    views.push({ parent: box, draw: crossing => draw(box, crossing) });
  }

  function renderRun(run, index, parent) {
    const id = `run-${index}`;
    const wrap = el('section', { class: 'run', id });
    parent.append(wrap);
    wrap.append(el('h2', { text: DATA.runs.length > 1 ? `Scenario ${run.scenario}` : `Run: ${run.scenario}` }));
    wrap.append(...infoList(run).filter(Boolean));

    if (run.summary) {
      const s = section(wrap, `${id}-headline`, 'Headline',
        'served_per_day against design_capacity_per_day, waits and system time from summary.csv; the bottleneck stage and its utilisation from stages.csv. A row is at risk when the bottleneck\'s utilisation or the p95 wait passes the thresholds above. Vehicles and people are counted in tables of their own.');
      const kinds = KINDS.filter(k => records(run.summary).some(r => kindOf(r) === k));
      s.append(...unstableBanners(run), ...kinds.map(k => headlineTable(run, k)));
    } else {
      problem(`${run.scenario}: summary.csv is missing, so there is no headline table.`);
    }

    if (run.network) {
      const s = section(wrap, `${id}-network`, 'Network summary',
        'Each crossing (both directions together) and the whole border: arrivals and throughput per day, and the hours spent waiting in the queues per day (by Little\'s law, the mean number waiting × 24), from network.csv. Vehicle-hours and person-hours are different quantities: they stay in columns of their own.');
      s.append(networkTable(run));
      const costs = costTable(run);
      if (costs) s.append(el('h3', { text: 'What the waits cost' }), costs);
    }

    const ts = run.timeseries;
    if (ts && ts.queues.length) {
      const s = section(wrap, `${id}-queues`, 'Queue over time',
        'For the crossing chosen at the top of the page: the vehicles waiting at all of a direction\'s vehicle stages together, and apart from them the people waiting at its stages for people (timeseries.csv queue_len summed over the stages of one kind; stages.csv says which), mean across replications with the min–max band; km on the right axis (queue_km). Hatched spans: a stage with no open lane (open_lanes = 0) in at least one replication; the warm-up is not measured.');
      crossingView(s, (box, crossing) => queueCharts(run, box, crossing));
    } else {
      section(wrap, `${id}-queues`, 'Queue over time', 'timeseries.csv is not in this folder: no queue charts and no replay.');
    }

    if (run.summary) {
      const s = section(wrap, `${id}-waits`, 'Waits per class',
        'Total wait over the stages visited, in hours: p50, p95 and max over all counted vehicles (or people), and the mean over replications with its 95% interval (summary.csv).');
      crossingView(s, (box, crossing) => waitCharts(run, box, crossing));
    }
    if (run.wait_by_hour) {
      const s = section(wrap, `${id}-by-hour`, 'Wait by hour of arrival',
        'When is the best time to cross? For the crossing chosen at the top of the page, the mean and p95 total wait of those who arrived in each hour of the day (wait_by_hour.csv); hours when no one arrived are left blank.');
      crossingView(s, (box, crossing) => waitByHourCharts(run, box, crossing));
    }
    if (run.summary) {
      const s = section(wrap, `${id}-leavers`, 'Who did not get through',
        'For the crossing chosen at the top of the page, per day (summary.csv): abandoned — their patience ran out in the first stage\'s queue and they left the border; ' +
        'diverted — their patience ran out and they drove to another crossing, where they arrive again; balked — they found more than balk_queue_over waiting and did not join; ' +
        'stayed home — they did not set out while the queue was long (stay_home), so they are not among the arrivals. The shares are of the arrivals.');
      crossingView(s, (box, crossing) => leaverCharts(run, box, crossing, id));
      const b = section(wrap, `${id}-booking`, 'Electronic queue',
        'For the crossing chosen at the top of the page, the flows that book slots (booking), per day (summary.csv): slots booked and no-shows, and the time waited for a slot beside the wait at the posts. ' +
        'The slot wait is spent off-site, in no queue at the posts: the two are drawn side by side and never added.');
      crossingView(b, (box, crossing) => bookingCharts(run, box, crossing, id));
    }
    if (run.stages) {
      const s = section(wrap, `${id}-utilisation`, 'Utilisation of every stage', null);
      s.append(...utilisationGrid(run));
      const l = section(wrap, `${id}-lanes`, 'Lanes broken, staff cost and waiting zones',
        'For the crossing chosen at the top of the page, per stage (stages.csv): the lane-hours a day its lanes stood broken (lanes[].failures), what its staffed lanes cost a day ' +
        '(staff_cost_usd_per_lane_hour × the lane-hours open, by opening hours, rosters and events), and the vehicles in its waiting zone (waiting_zone; the rest of its queue is on the road).');
      crossingView(l, (box, crossing) => stageFigureCharts(run, box, crossing, id));
    }
    if (mserRows(run).length) {
      const s = section(wrap, `${id}-warmup`, 'Warm-up check (MSER-5)',
        'MSER-5 (White 1997) looks for the point where a queue\'s start-up from empty ends, on the queue as timeseries.csv samples it, averaged over the replications. It is meaningful only for steady inputs: flat demand, every lane open around the clock, no events. For flows with a daily cycle it is shown for information only. The queue charts mark the latest point of each direction\'s stages with a dashed line.');
      s.append(...mserSection(run));
    }
    if (ts && ts.replay && ts.replay.stages.length) {
      const s = section(wrap, `${id}-replay`, 'Replay',
        `Scrub through replication ${ts.replay.replication} sample by sample (timeseries.csv queue_len, busy_lanes, open_lanes at each sample instant), at the crossing chosen at the top of the page.`);
      crossingView(s, (box, crossing) => replay(run, box, crossing));
    }
    const p = section(wrap, `${id}-assumptions`, 'Assumptions', null);
    if (run.provenance) p.append(...provenance(run));
    else p.append(el('p', { text: 'This folder has no provenance.csv; the scenario\'s assumptions are the comments in its configuration file (see effective_config.yaml for the values used).' }));
  }

  function contents() {
    const nav = document.getElementById('contents');
    const links = [];
    if (DATA.comparison) links.push(['comparison', 'Comparison']);
    if (SWEEP) links.push(['sweep', 'The sweep'], ['sweep-sensitivity', 'Sensitivity'], ['sweep-lines', 'Lines'], ['sweep-heat', 'Heat maps'],
      ['sweep-scatter', 'Scatter'], ['sweep-table', 'Points']);
    if (CALIBRATION) links.push(['calibration', 'The calibration'], ['calibration-fit', 'Observed and simulated'], ['calibration-targets', 'Targets'],
      ['calibration-parameters', 'Inputs']);
    DATA.runs.forEach((r, i) => links.push([`run-${i}`, DATA.runs.length > 1 ? r.scenario : 'The run'], [`run-${i}-headline`, 'Headline'], [`run-${i}-network`, 'Network'],
      [`run-${i}-queues`, 'Queues'], [`run-${i}-waits`, 'Waits'], [`run-${i}-by-hour`, 'By hour'], [`run-${i}-leavers`, 'Not through'], [`run-${i}-booking`, 'E-queue'], [`run-${i}-utilisation`, 'Utilisation'], [`run-${i}-lanes`, 'Lanes and cost'], [`run-${i}-warmup`, 'Warm-up'], [`run-${i}-replay`, 'Replay'], [`run-${i}-assumptions`, 'Assumptions']));
    links.push(['notes', 'Notes']);
    nav.append(...links.filter(([id]) => id === 'notes' || document.getElementById(id)).map(([id, t]) => el('a', { href: `#${id}`, text: t })));
  }

  function notes() {
    const n = document.getElementById('notes');
    const ts = DATA.runs.find(r => r.timeseries)?.timeseries;
    n.append(...[el('h3', { text: 'Notes' }),
      el('p', { text: 'Definitions of every column are in docs/outputs/*.md; how each chart is computed is in docs/report.md.' }),
      ts ? el('p', { text: `Downsampling: a queue chart shows at most ${ts.max_points} points per series; with more sample times, consecutive samples are grouped and each point is the mean of the means, the lowest minimum and the highest maximum of its group, placed at the group's last sample. The replay keeps at most ${ts.max_frames} frames (every n-th sample). This run: ${ts.samples} samples per replication, ${ts.queue_stride} per chart point.` }) : null,
      el('p', { text: 'Colours differ in lightness and are backed by dash patterns and hatching, so the charts stay readable when printed in grey.' })].filter(Boolean));
  }

  // ---------------------------------------------------------------- self-test (only with #selftest)

  function canvasHash(canvas) {
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let h = 2166136261;
    for (let i = 0; i < data.length; i += 4) { h ^= data[i] ^ (data[i + 1] << 8) ^ (data[i + 2] << 16) ^ (data[i + 3] << 24); h = Math.imul(h, 16777619); }
    return (h >>> 0).toString(16);
  }

  function selftest() {
    try {
      runSelftest();
    } catch (e) {
      document.getElementById('selftest').textContent = JSON.stringify({ ok: false, failures: [`the self-test itself failed: ${e && e.stack || e}`] });
    }
  }

  /** What makes a chart's category labels unreadable: ticks Chart.js skipped, or neighbours that overlap. */
  function labelProblems(chart) {
    const problems = [];
    for (const scale of Object.values(chart.scales)) {
      if (scale.type !== 'category' || !scale.options.ticks.display) continue;
      const labels = scale.getLabels();
      if (scale.ticks.length !== labels.length) {
        problems.push(`axis ${scale.id} draws ${scale.ticks.length} of its ${labels.length} labels`);
        continue;
      }
      const font = Chart.helpers.toFont(scale.options.ticks.font);
      const g = chart.ctx;
      g.save();
      g.font = font.string;
      const lines = labels.map(l => [].concat(l).map(String));
      const widths = lines.map(ls => Math.max(0, ...ls.map(t => g.measureText(t).width)));
      g.restore();
      const turn = (scale.labelRotation || 0) * Math.PI / 180;
      for (let i = 0; i + 1 < labels.length; ++i) {
        const gap = Math.abs(scale.getPixelForTick(i + 1) - scale.getPixelForTick(i));
        // Level labels need half of each width; turned ones their lines' height across the turn.
        // On a vertical axis (horizontal bars) labels stack: half of each one's lines.
        const need = !scale.isHorizontal() ? font.lineHeight * (lines[i].length + lines[i + 1].length) / 2
          : turn ? font.lineHeight * Math.max(lines[i].length, lines[i + 1].length) / Math.sin(turn) : (widths[i] + widths[i + 1]) / 2;
        if (need > gap + 0.5) problems.push(`labels '${lines[i].join(' ')}' and '${lines[i + 1].join(' ')}' overlap (${need.toFixed(0)} px in ${gap.toFixed(0)} px)`);
      }
    }
    return problems;
  }

  /** Checks every chart now in the page (those of `crossing`) into the verdict. */
  function checkCharts(verdict, crossing) {
    const where = crossing ? `${crossing}: ` : '';
    for (const c of document.querySelectorAll('canvas')) {
      ++verdict.canvases;
      const chart = Chart.getChart(c);
      if (!chart) { verdict.failures.push(`${where}${c.id} is a canvas without a chart`); continue; }
      let drawn = 0;
      try {
        const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        for (let i = 3; i < px.length; i += 4) if (px[i] !== 0) ++drawn;
      } catch (e) { verdict.failures.push(`${where}${c.id}: cannot read pixels: ${e}`); }
      const title = chart.options.plugins.title;
      const name = title && title.display && title.text ? [].concat(title.text).join(' — ') : '';
      const labels = labelProblems(chart);
      const empty = allZero(chart.data.datasets);
      const markers = chart.data.datasets.filter(ds => isNum(ds.vline)).map(ds => ds.label);
      verdict.charts.push({ crossing, id: c.id, figure: c.dataset.figure || null, title: name, legend: !!chart.options.plugins.legend.display, markers,
        width: c.width, height: c.height, drawn_pixels: drawn, labels: (chart.data.labels || []).length, label_problems: labels, empty });
      if (drawn === 0) verdict.failures.push(`${where}${c.id} drew nothing`);
      if (!name) verdict.failures.push(`${where}${c.id} has no title`);
      if (chart.options.plugins.legend.display === false) verdict.failures.push(`${where}${c.id} has no legend`);
      if (empty) verdict.failures.push(`${where}${c.id} (${name}) is empty: every value is 0 or missing`);
      for (const p of labels) verdict.failures.push(`${where}${c.id} (${name}): ${p}`);
    }
  }

  /** The charts and tables of the leavers, the electronic queue and the stages' figures against the data: drawn
   *  wherever it has a value other than 0, nowhere else, with a label (a row) per flow or stage. */
  function checkFigures(verdict, crossing) {
    const where = crossing ? `${crossing}: ` : '';
    for (const e of expectedFigures(crossing)) {
      const canvas = document.querySelector(`canvas[data-figure="${e.figure}"]`);
      const table = document.querySelector(`table[data-figure="${e.figure}"]`);
      const chart = canvas ? Chart.getChart(canvas) : null;
      const labels = chart ? (chart.data.labels || []) : [];
      const rows = table ? table.querySelectorAll('tbody tr').length : 0;
      verdict.figures.push({ crossing, figure: e.figure, chart: !!canvas, table: !!table, labels: labels.length, rows });
      const said = (what, want) => (want ? `the data has values but no ${what} is drawn` : `a ${what} is drawn though every value is 0 or missing`);
      if (e.chart !== null && !!canvas !== e.chart) verdict.failures.push(`${where}${e.figure}: ${said('chart', e.chart)}`);
      if (e.table !== null && !!table !== e.table) verdict.failures.push(`${where}${e.figure}: ${said('table', e.table)}`);
      if (canvas && labels.length !== e.labels) verdict.failures.push(`${where}${e.figure}: ${labels.length} labels for ${e.labels} rows of the data`);
      if (labels.some(l => ![].concat(l).join('').trim())) verdict.failures.push(`${where}${e.figure}: a label is empty`);
      if (table && rows !== e.labels) verdict.failures.push(`${where}${e.figure}: the table has ${rows} rows for ${e.labels}`);
    }
  }

  function checkReplays(verdict, crossing) {
    for (const r of replays) {
      const hash = () => r.canvases.map(canvasHash).join('.');
      const before = hash();
      const from = +r.slider.value;
      // Move to the frame that differs most from the current one, so the drawing must change.
      let target = from === 0 ? r.frames - 1 : 0;
      r.slider.value = target;
      r.slider.dispatchEvent(new Event('input'));
      let after = hash();
      for (let k = 0; k < r.frames && after === before; k += Math.max(1, Math.floor(r.frames / 50))) {
        r.slider.value = target = k;
        r.slider.dispatchEvent(new Event('input'));
        after = hash();
      }
      const changed = before !== after;
      verdict.replays.push({ crossing, canvases: r.canvases.map(c => c.id), from, to: target, before, after, changed });
      if (!changed) verdict.failures.push(`${crossing ? crossing + ': ' : ''}moving the replay slider of ${r.canvases[0].id} did not change the drawing`);
    }
  }

  /** What the calibration's section drew: a chart per target (or a line saying why not), a table row per target and
   *  per input, a bar for every input with a plausible range, and the sentence on the target that ruled out the most. */
  function checkCalibration(verdict) {
    const drawn = JSON.parse(JSON.stringify(calibrationDrawn));
    drawn.target_rows = document.querySelectorAll('table.calibration-targets tbody tr').length;
    drawn.parameter_rows = document.querySelectorAll('table.calibration-parameters tbody tr').length;
    drawn.plausible_bars = document.querySelectorAll('table.calibration-parameters .range-bar .plausible').length;
    verdict.calibration = drawn;
    const targets = CALIBRATION.targets, inputs = CALIBRATION.parameters;
    for (const t of targets) {
      const canvas = document.querySelector(`canvas[data-figure="calibration:${CSS.escape(t.target)}"]`);
      const charted = drawn.charts.some(c => c.target === t.target), left = drawn.left_out.includes(t.target);
      if (charted === left) verdict.failures.push(`target ${t.target}: ${charted ? 'both drawn and left out' : 'neither drawn nor left out'}`);
      if (charted !== !!canvas) verdict.failures.push(`target ${t.target}: the record and the page disagree on its chart`);
      if (canvas && (Chart.getChart(canvas)?.data.labels || []).length !== 2) verdict.failures.push(`target ${t.target}: a chart without its two categories`);
    }
    if (drawn.target_rows !== targets.length) verdict.failures.push(`the targets' table has ${drawn.target_rows} rows for ${targets.length} targets`);
    if (drawn.parameter_rows !== inputs.length) verdict.failures.push(`the inputs' table has ${drawn.parameter_rows} rows for ${inputs.length} inputs`);
    const withRange = inputs.filter(p => p.plausible_low !== '').length;
    if (drawn.plausible_bars !== withRange) verdict.failures.push(`${drawn.plausible_bars} plausible ranges drawn for ${withRange} inputs that have one`);
    for (const b of drawn.bars)
      if ((b.from === null) !== (b.to === null) || (b.from !== null && b.from > b.to)) verdict.failures.push(`${b.key}: its plausible range is drawn from ${b.from} to ${b.to}`);
    const fittedMost = Math.max(0, ...targets.filter(t => !heldOut(t)).map(t => t.ruled_out_share).filter(isNum));
    if (fittedMost > 0 && !document.querySelector(`p.most-ruled-out[data-target]`)) verdict.failures.push('no sentence names the target that ruled out the most');
  }

  /** What the sweep's views drew at `crossing`: every heat map has a cell per combination, every line a point per level. */
  function checkSweep(verdict, crossing) {
    const drawn = JSON.parse(JSON.stringify(sweepDrawn));
    verdict.sweep.push({ crossing, metric: sweepMetric, ...drawn });
    const tables = [...document.querySelectorAll('table.heat-map')];
    tables.forEach((t, i) => {
      const cells = t.querySelectorAll('td.heat').length, want = drawn.heat_maps[i] ? drawn.heat_maps[i].rows * drawn.heat_maps[i].cols : -1;
      if (cells !== want) verdict.failures.push(`${crossing}: heat map ${i + 1} has ${cells} cells, not ${want}`);
      if ([...t.querySelectorAll('td.heat .value')].some(v => v.textContent === '–')) verdict.failures.push(`${crossing}: heat map ${i + 1} has a cell without a value`);
    });
    for (const l of drawn.lines)
      if (l.points.some(n => n !== l.levels)) verdict.failures.push(`${crossing}: ${l.title}: a line without a point per level`);
    if (!document.querySelector('table.design tbody tr')) verdict.failures.push(`${crossing}: no table of the design`);
  }

  function runSelftest() {
    const verdict = { errors: window.reportErrors.slice(), crossings: [], charts: [], figures: [], left_out: [], canvases: 0, replays: [], resources: [], failures: [], sweep: [],
                      calibration: null };
    // Every crossing the reader can pick, in turn; then back to the one shown.
    const shown = shownCrossing;
    const choices = shown === null ? [null] : CROSSINGS;
    for (const crossing of choices) {
      if (crossing !== null && crossing !== shownCrossing) showCrossing(crossing);
      verdict.crossings.push(crossing);
      checkCharts(verdict, crossing);
      checkFigures(verdict, crossing);
      checkReplays(verdict, crossing);
      verdict.left_out.push(...[...document.querySelectorAll('.left-out')].map(p => p.textContent));
      if (SWEEP) checkSweep(verdict, crossing);
      const hasReplay = DATA.runs.some(r => r.timeseries && r.timeseries.replay.stages.some(st => crossing === null || st.crossing === crossing));
      if (hasReplay && !replays.length) verdict.failures.push(`${crossing ? crossing + ': ' : ''}no replay slider`);
    }
    if (shown !== null && shown !== shownCrossing) showCrossing(shown);
    if (CALIBRATION) checkCalibration(verdict);
    verdict.shown = shown;
    verdict.top_differences = [...document.querySelectorAll('#comparison-differences li[data-key]')].slice(0, 20).map(li => li.dataset.key);
    verdict.resources = performance.getEntriesByType('resource').map(e => e.name);
    if (verdict.resources.length) verdict.failures.push(`the page requested ${verdict.resources.length} resources`);
    if (window.reportErrors.length) verdict.errors = window.reportErrors.slice();
    if (verdict.errors.length) verdict.failures.push(`${verdict.errors.length} JavaScript errors`);
    verdict.ok = verdict.failures.length === 0;
    document.getElementById('selftest').textContent = JSON.stringify(verdict);
  }

  // ---------------------------------------------------------------- the crossing shown

  const views = []; // the parts of the page that show one crossing: {parent, draw(crossing)}
  let shownCrossing = null;
  let CROSSINGS = [];

  /** Every crossing of the folder, in the order the files first name them. */
  function allCrossings() {
    const ids = [];
    const add = id => { if (id && !ids.includes(id)) ids.push(id); };
    comparisonRows().forEach(r => add(r.crossing));
    if (SWEEP) SWEEP.series.forEach(x => add(x.crossing));
    for (const run of DATA.runs) {
      records(run.summary).forEach(r => add(r.crossing));
      records(run.stages).forEach(r => add(r.crossing));
      (run.timeseries ? run.timeseries.queues : []).forEach(q => add(q.crossing));
    }
    return ids;
  }
  const crossingName = id => crossingLabel(DATA.runs.find(r => r.names[id]), id);

  /** The address's crossing; else a comparison's largest significant change; else a run's longest p95 wait. */
  function defaultCrossing(ids) {
    const asked = HASH.get('crossing');
    if (asked && ids.includes(asked)) return asked;
    const top = rankedDifferences()[0];
    if (top && top.row.significant === 'yes') return top.row.crossing;
    if (SWEEP) { // the crossing where the chosen metric is largest at some point
      let most = null;
      for (const x of SWEEP.series.filter(y => y.metric === sweepMetric))
        for (const v of x.mean) if (isNum(v) && (!most || v > most.v)) most = { v, crossing: x.crossing };
      if (most) return most.crossing;
    }
    let best = null;
    for (const r of records(DATA.runs[0] && DATA.runs[0].summary))
      if (isNum(r.wait_p95_min) && (!best || r.wait_p95_min > best.wait_p95_min)) best = r;
    return best ? best.crossing : ids[0];
  }

  function showCrossing(id) {
    shownCrossing = id;
    for (const t of replayTimers.splice(0)) clearInterval(t);
    replays.length = 0;
    for (const list of Object.values(sweepDrawn)) list.length = 0;
    for (const v of views) {
      for (const c of v.parent.querySelectorAll('canvas')) Chart.getChart(c)?.destroy();
      v.parent.replaceChildren();
      v.draw(id);
    }
    createPending();
    for (const r of replays) r.show();
    const select = document.getElementById('crossing');
    if (select && select.value !== id) select.value = id;
  }

  /** The crossing picker, when there is more than one crossing; its choice is kept in the address. */
  function crossingPicker(ids) {
    const select = document.getElementById('crossing');
    const significant = new Map();
    for (const { row } of rankedDifferences()) if (row.significant === 'yes') significant.set(row.crossing, (significant.get(row.crossing) || 0) + 1);
    select.append(...ids.map(id => el('option', { value: id, text: crossingName(id) + (DATA.comparison ? ` (${significant.get(id) || 0} significant differences)` : '') })));
    select.addEventListener('change', () => {
      showCrossing(select.value);
      const params = [...HASH.keys()].filter(k => k !== 'crossing').map(encodeURIComponent);
      params.push(`crossing=${encodeURIComponent(select.value)}`);
      history.replaceState(null, '', `#${params.join('&')}`);
    });
    document.getElementById('crossing-control').hidden = false;
  }

  // ---------------------------------------------------------------- main

  function main() {
    const threshold = document.getElementById('threshold');
    threshold.value = DATA.p95_wait_threshold_h;
    threshold.addEventListener('input', markRisks);
    document.getElementById('utilization-threshold').textContent = fmt(DATA.utilization_threshold);
    const root = document.getElementById('report');
    const info = document.getElementById('run-info');
    if (SWEEP) {
      document.getElementById('risk-control').hidden = true; // a sweep has no headline to mark
      metricPicker();
      renderSweep(root);
    }
    if (CALIBRATION) {
      document.getElementById('controls').hidden = true; // a calibration has no headline to mark, no crossing or metric to pick
      renderCalibration(root);
    }
    if (DATA.comparison) {
      info.append(el('p', { text: `A comparison of ${DATA.runs.length} scenario runs: ${DATA.runs.map(r => r.scenario).join(', ')}.` }));
      const s = el('section', { id: 'comparison' }, el('h2', { text: 'Comparison' }));
      root.append(s);
      comparison(s);
    }
    DATA.runs.forEach((run, i) => renderRun(run, i, root));
    contents();
    notes();
    markRisks();
    CROSSINGS = allCrossings();
    if (CROSSINGS.length > 1) crossingPicker(CROSSINGS);
    if (CROSSINGS.length) showCrossing(defaultCrossing(CROSSINGS));
    createPending();
  }

  try {
    main();
  } catch (e) {
    window.reportErrors.push(String(e && e.stack || e));
  }
  for (const e of window.reportErrors) problem(`Part of this report failed to draw: ${e}`);
  // Let Chart.js finish its first layout (it sizes charts from their boxes) before looking at the pixels.
  // A page without a canvas may never get an animation frame in headless Chromium (--hide-scrollbars): a
  // plain timer then starts the self-test.
  let selftestStarted = false;
  const startSelftest = () => { if (!selftestStarted) { selftestStarted = true; selftest(); } };
  if (SELFTEST) window.addEventListener('load', () => { requestAnimationFrame(() => setTimeout(startSelftest, 200)); setTimeout(startSelftest, 1500); });
})();
