// The dashboard: polls the REST API every second and renders the cluster (masters, workers), the
// applications, and the application picked by a click or by the address (#/apps/ID): its DAG, live
// charts, processors, tasks and failure, with Stop and Kill. Every value from the API is put on the
// page as text (textContent), never as HTML: an application's name or failure cannot inject markup.

import { call } from './api.js';
import { AppCharts } from './charts.js';
import { DagView, formatRate } from './dag.js';

const POLL_MS = 1000;
const FINAL = new Set(['SUCCEEDED', 'FAILED', 'KILLED']);
const $ = id => document.getElementById(id);

// The page's live objects, for the curious and for the browser test (DashboardTest).
const gearpump = window.gearpump = { appId: null, charts: null, polls: 0, lastError: null, recent: [] };

const HISTORY_MILLIS = 5 * 60 * 1000; // what the master keeps at its finest grain

function newestOf(samples) {
  return samples.reduce((newest, s) => Math.max(newest, s.timeMillis), 0);
}

/** The samples seen so far with the new ones, the last five minutes of them. */
function keepRecent(seen, fresh) {
  const all = seen.concat(fresh);
  const newest = newestOf(all);
  return all.filter(s => s.timeMillis > newest - HISTORY_MILLIS);
}
const dag = new DagView($('dag'));
let workerAddresses = new Map(); // worker id -> address

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'onclick') {
      node.addEventListener('click', v);
    } else {
      node.setAttribute(k, v);
    }
  }
  node.append(...children.map(c => c instanceof Node ? c : document.createTextNode(c === null || c === undefined ? '' : String(c))));
  return node;
}

function badge(state) {
  return el('span', { class: 'state ' + state }, state);
}

/** headers: labels, a trailing '#' marks a numeric column; rows: {cells, attrs}. */
function fill(table, headers, rows, empty) {
  const num = headers.map(h => h.endsWith('#'));
  const head = el('tr', {}, ...headers.map((h, i) => el('th', num[i] ? { class: 'num' } : {}, h.replace(/#$/, ''))));
  const body = rows.length ? rows.map(r => el('tr', r.attrs || {}, ...r.cells.map((c, i) => el('td', num[i] ? { class: 'num' } : {}, c))))
    : [el('tr', {}, el('td', { colspan: headers.length, class: 'muted' }, empty))];
  table.replaceChildren(el('thead', {}, head), el('tbody', {}, ...body));
}

function ago(millis) {
  const s = Math.max(0, Math.round((Date.now() - millis) / 1000));
  return s < 120 ? `${s} s ago` : `${Math.round(s / 60)} min ago`;
}

function ms(nanos) {
  return (nanos / 1e6).toFixed(nanos < 1e6 ? 3 : 1);
}

function showMasters(m) {
  fill($('masters'), ['address', 'role', 'term#', 'commit#', 'REST'], m.masters.map(master => ({
    attrs: { 'data-address': master.address },
    cells: [master.address, badge(master.role), master.term, master.commitIndex,
      master.restUrl ? el('a', { href: new URL(master.restUrl).origin + '/' }, master.restUrl) : ''],
  })), 'no master answered');
}

function showWorkers(w) {
  workerAddresses = new Map(w.workers.map(worker => [worker.id, worker.address]));
  fill($('workers'), ['id#', 'address', 'state', 'slots#', 'used#', 'free#', 'executors', 'heartbeat'], w.workers.map(worker => ({
    attrs: { 'data-worker': worker.id },
    cells: [worker.id, worker.address, badge(worker.state), worker.slots, worker.slotsUsed, worker.slotsFree,
      worker.executors.map(e => `app ${e.appId} / executor ${e.executorId} (${e.tasks} tasks)`).join(', '), ago(worker.lastHeartbeatMillis)],
  })), 'no workers');
}

function showApps(a) {
  fill($('app-list'), ['id#', 'name', 'state', 'user', 'submitted', 'failure'], [...a.apps].reverse().map(app => ({
    attrs: { class: 'clickable' + (app.id === gearpump.appId ? ' selected' : ''), 'data-app': app.id,
      onclick: () => { location.hash = '#/apps/' + app.id; } },
    cells: [app.id, app.name, badge(app.state), app.user, new Date(app.submittedMillis).toLocaleString(),
      app.failure ? app.failure.split('\n')[0] : ''],
  })), 'no applications yet: submit one with bin/gear submit');
}

function showFacts(d) {
  const c = d.app.lastCheckpoint;
  const facts = [
    ['name', d.app.name], ['user', d.app.user], ['submitted', new Date(d.app.submittedMillis).toLocaleString()],
    ['guarantee', d.guarantee || '-'], ['restarts', d.restarts], ['clock', d.clock],
    ['last checkpoint', c ? `#${c.id}, ${new Date(c.completedMillis).toLocaleTimeString()}, ${c.bytes} bytes in ${c.durationMillis} ms` : 'none'],
  ];
  if (d.checkpointFailure) {
    facts.push(['checkpoint failure', d.checkpointFailure]);
  }
  $('app-facts').replaceChildren(...facts.flatMap(([k, v]) => [el('dt', {}, k), el('dd', { 'data-fact': k }, v)]));
}

function showApp(d) {
  $('app-title').textContent = `#${d.app.id} ${d.app.name}`;
  $('app-state').replaceChildren(d.app.state);
  $('app-state').className = 'state ' + d.app.state;
  const ended = FINAL.has(d.app.state);
  $('kill').disabled = ended;
  $('stop').disabled = ended;
  showFacts(d);
  dag.show(d.dag);
  const names = new Map(d.dag.processors.map(p => [p.id, p.description]));
  fill($('tasks'), ['processor', 'task#', 'executor#', 'worker'], d.tasks.map(t => ({
    cells: [`${names.get(t.processorId) || ''} (#${t.processorId})`, t.index, t.executorId,
      `${t.workerId} ${workerAddresses.get(t.workerId) || ''}`],
  })), d.reported ? 'no tasks running' : 'the AppMaster has not reported yet');
  const failure = d.failure || '';
  $('failure-box').hidden = !failure;
  $('failure').textContent = failure;
  const key = JSON.stringify([d.dag.processors.map(p => [p.id, p.description]), d.dag.edges]);
  if (d.dag.processors.length && (!gearpump.charts || gearpump.charts.key !== key)) {
    gearpump.charts?.destroy();
    gearpump.charts = new AppCharts($('chart-throughput'), $('chart-latency'), d.dag);
    gearpump.charts.key = key;
  }
  return names;
}

function showMetrics(m, names, ended) {
  dag.update(new Map(m.processors.map(p => [p.processorId, { received: p.receivedPerSecond, sent: p.sentPerSecond }])));
  gearpump.charts?.setData(gearpump.recent);
  fill($('processors'), ['processor', 'tasks#', 'received/s#', 'sent/s#', 'process p50 ms#', 'p99 ms#', 'latency p50 ms#',
    'p99 ms#', 'inbox#', 'back pressured#'], m.processors.map(p => ({
    attrs: { 'data-processor': p.processorId },
    cells: [`${names.get(p.processorId) || ''} (#${p.processorId})`, p.tasks, formatRate(p.receivedPerSecond),
      formatRate(p.sentPerSecond), ms(p.processNanosP50), ms(p.processNanosP99), ms(p.latencyNanosP50), ms(p.latencyNanosP99),
      p.inboxDepth, `${Math.round(p.backPressured * 100)} %`],
  })), ended ? 'the application has ended' : 'no metrics yet');
}

async function refreshApp() {
  const id = gearpump.appId;
  if (id === null) {
    return;
  }
  // the whole history once, then only what came after the newest sample held
  const since = newestOf(gearpump.recent);
  const [detail, metrics] = await Promise.all([call('GET', `/apps/${id}`),
    call('GET', since ? `/apps/${id}/metrics?since=${since}` : `/apps/${id}/metrics`)]);
  if (id !== gearpump.appId) {
    return; // another application was picked meanwhile
  }
  gearpump.recent = keepRecent(gearpump.recent, metrics.recent);
  const names = showApp(detail);
  showMetrics(metrics, names, FINAL.has(detail.app.state));
}

function pick() {
  const match = /^#\/apps\/(\d+)$/.exec(location.hash);
  const id = match ? Number(match[1]) : null;
  if (id === gearpump.appId) {
    return;
  }
  gearpump.appId = id;
  gearpump.recent = [];
  gearpump.charts?.destroy();
  gearpump.charts = null;
  dag.key = null;
  $('app').hidden = id === null;
  $('action-result').textContent = '';
  refreshApp().catch(report);
}

function report(e) {
  gearpump.lastError = e.message;
  $('status').textContent = 'error: ' + e.message;
}

async function poll() {
  try {
    const masters = await call('GET', '/masters');
    showMasters(masters);
    const [workers, apps] = await Promise.all([call('GET', '/workers'), call('GET', '/apps')]);
    showWorkers(workers);
    showApps(apps);
    await refreshApp();
    gearpump.polls++;
    gearpump.lastError = null;
    $('banner').hidden = true;
    $('status').textContent = 'updated ' + new Date().toLocaleTimeString();
  } catch (e) {
    report(e);
    followLeader();
  } finally {
    setTimeout(poll, POLL_MS);
  }
}

/** A follower answers with a redirect to the leader, which a page cannot follow across origins: point there. */
async function followLeader() {
  try {
    const m = await call('GET', '/masters');
    const leader = m.masters.find(master => master.role === 'LEADER' && master.restUrl);
    if (leader && new URL(leader.restUrl).origin !== location.origin) {
      const href = new URL(leader.restUrl).origin + '/' + location.hash;
      $('banner').replaceChildren('This master does not lead the cluster; the leader serves the dashboard at ',
        el('a', { href }, href), '.');
      $('banner').hidden = false;
    }
  } catch (e) {
    // no master answers: the status line says so already
  }
}

/** A button that asks for a second click within 5 s before it acts. */
function twoStep(button, verb, action) {
  const label = button.textContent;
  let timer = null;
  const disarm = () => {
    clearTimeout(timer);
    button.classList.remove('armed');
    button.textContent = label;
  };
  button.addEventListener('click', async () => {
    if (!button.classList.contains('armed')) {
      button.classList.add('armed');
      button.textContent = `Really ${verb}?`;
      timer = setTimeout(disarm, 5000);
      return;
    }
    disarm();
    const id = gearpump.appId;
    button.disabled = true;
    try {
      const app = await action(id);
      $('action-result').textContent = `${label}: application ${id} is ${app.state}`;
    } catch (e) {
      $('action-result').textContent = `${label} failed: ${e.message}`;
      button.disabled = false;
    }
    refreshApp().catch(report);
  });
}

twoStep($('kill'), 'kill', id => call('DELETE', `/apps/${id}`));
twoStep($('stop'), 'stop', id => call('POST', `/apps/${id}/stop`));
window.addEventListener('hashchange', pick);
pick();
poll();
