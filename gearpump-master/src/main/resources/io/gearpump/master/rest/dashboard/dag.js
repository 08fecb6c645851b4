// Draws an application's DAG as SVG: a layered layout, one column per depth (the longest path from a
// source), processors ordered by id within a column; each box shows the processor's name, id,
// parallelism and live rates, each edge its partitioner. Redrawn only when the DAG changes; the
// rates are updated in place every second.

const NS = 'http://www.w3.org/2000/svg';
const BOX_W = 190;
const BOX_H = 62;
const COL_GAP = 120;
const ROW_GAP = 30;
const PAD = 20;
const MAX_NAME = 24;

/** Column (depth) and row of each processor id: a Map id -> {col, row}. */
export function layout(processors, edges) {
  const depth = new Map(processors.map(p => [p.id, 0]));
  // longest path by relaxing every edge once per processor (a DAG has no longer path)
  for (let i = 0; i < processors.length; i++) {
    for (const e of edges) {
      if (depth.has(e.from) && depth.has(e.to) && depth.get(e.to) < depth.get(e.from) + 1) {
        depth.set(e.to, depth.get(e.from) + 1);
      }
    }
  }
  const rows = new Map();
  const place = new Map();
  for (const p of [...processors].sort((a, b) => a.id - b.id)) {
    const col = depth.get(p.id);
    const row = rows.get(col) || 0;
    rows.set(col, row + 1);
    place.set(p.id, { col, row });
  }
  return place;
}

function svg(tag, attrs, text) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    node.setAttribute(k, v);
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

export function formatRate(v) {
  if (v === null || v === undefined) {
    return '-';
  }
  return v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(1);
}

function shortName(name) {
  return name.length > MAX_NAME ? name.slice(0, MAX_NAME - 1) + '…' : name;
}

/** The DAG drawn into a container element; update(rates) sets each processor's live figures. */
export class DagView {
  constructor(container) {
    this.container = container;
    this.key = null;
    this.rates = new Map(); // processor id -> its rate <text>
  }

  /** Draws the DAG unless it is the one already drawn. */
  show(dag) {
    const key = JSON.stringify([dag.processors.map(p => [p.id, p.description, p.parallelism]), dag.edges]);
    if (key === this.key) {
      return;
    }
    this.key = key;
    this.rates.clear();
    const place = layout(dag.processors, dag.edges);
    const cols = Math.max(1, ...[...place.values()].map(p => p.col + 1));
    const rows = Math.max(1, ...[...place.values()].map(p => p.row + 1));
    const width = PAD * 2 + cols * BOX_W + (cols - 1) * COL_GAP;
    const height = PAD * 2 + rows * BOX_H + (rows - 1) * ROW_GAP;
    const root = svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'the DAG' });
    const defs = svg('defs');
    const marker = svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 8, markerHeight: 8, orient: 'auto' });
    marker.append(svg('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#888' }));
    defs.append(marker);
    root.append(defs);
    const at = id => {
      const p = place.get(id);
      return { x: PAD + p.col * (BOX_W + COL_GAP), y: PAD + p.row * (BOX_H + ROW_GAP) };
    };
    for (const e of dag.edges) {
      if (!place.has(e.from) || !place.has(e.to)) {
        continue;
      }
      const a = at(e.from);
      const b = at(e.to);
      const x1 = a.x + BOX_W, y1 = a.y + BOX_H / 2, x2 = b.x, y2 = b.y + BOX_H / 2;
      const mid = (x1 + x2) / 2;
      const g = svg('g', { class: 'edge', 'data-from': e.from, 'data-to': e.to });
      g.append(svg('path', { d: `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`, 'marker-end': 'url(#arrow)' }));
      g.append(svg('text', { x: mid, y: (y1 + y2) / 2 - 6, 'text-anchor': 'middle' }, e.partitioner || ''));
      root.append(g);
    }
    for (const p of dag.processors) {
      const { x, y } = at(p.id);
      const g = svg('g', { class: 'processor', 'data-id': p.id, 'data-parallelism': p.parallelism, transform: `translate(${x},${y})` });
      g.append(svg('title', {}, p.description));
      g.append(svg('rect', { width: BOX_W, height: BOX_H, rx: 6 }));
      g.append(svg('text', { class: 'name', x: 10, y: 18 }, shortName(p.description)));
      g.append(svg('text', { class: 'detail', x: 10, y: 35 }, `#${p.id} · parallelism ${p.parallelism}`));
      const rate = svg('text', { class: 'rate', x: 10, y: 52 }, '');
      g.append(rate);
      this.rates.set(p.id, rate);
      root.append(g);
    }
    this.container.replaceChildren(root);
  }

  /** Each processor's live rates: a Map id -> {received, sent} in messages per second (null: none). */
  update(rates) {
    for (const [id, text] of this.rates) {
      const r = rates.get(id);
      text.textContent = r ? `in ${formatRate(r.received)}/s · out ${formatRate(r.sent)}/s` : 'no rate';
    }
  }
}
