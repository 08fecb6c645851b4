// The live charts, drawn by uPlot (from its webjar, loaded by index.html as the global uPlot): each
// processor's throughput (received msgs/s; a source's sent, as it receives none) and receive latency
// (p50 and p99, ms; sources have none), one point a second.
// Their data is rebuilt from the API's `recent` history on every poll, so a chart shows the last
// minutes the moment it opens and never drifts from what the master keeps.

const COLORS = ['#2b6cb0', '#dd6b20', '#2f855a', '#b83280', '#6b46c1', '#c53030', '#319795', '#975a16'];
const HEIGHT = 240;

/**
 * uPlot's columns from ProcessorSamples: [seconds, ...a column per series {id, pick}], a point per
 * second that any processor reported, null where a processor has none.
 */
export function columns(samples, series) {
  const seconds = [...new Set(samples.map(s => Math.round(s.timeMillis / 1000)))].sort((a, b) => a - b);
  const index = new Map(seconds.map((t, i) => [t, i]));
  const data = [seconds];
  for (const { id, pick } of series) {
    const column = new Array(seconds.length).fill(null);
    for (const s of samples) {
      if (s.processorId === id) {
        column[index.get(Math.round(s.timeMillis / 1000))] = pick(s);
      }
    }
    data.push(column);
  }
  return data;
}

function chart(element, series, unit) {
  const opts = {
    width: Math.max(300, element.clientWidth - 2),
    height: HEIGHT,
    padding: [12, 36, 0, 0], // room for the last time label
    scales: { x: { time: true }, y: { range: (u, min, max) => [0, max > 0 ? max * 1.1 : 1] } },
    // whole seconds between ticks (uPlot would split a short history into half seconds)
    axes: [{ space: 70, incrs: [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600],
      values: (u, ticks) => ticks.map(t => new Date(t * 1000).toLocaleTimeString()) }, { label: unit, size: 60 }],
    legend: { live: true },
    series: [{ label: 'time' }, ...series],
  };
  element.replaceChildren();
  return new uPlot(opts, [[]], element);
}

/** The two charts of one application's processors. */
export class AppCharts {
  /** dag: the API's {processors: [{id, description}], edges: [{from, to}]}. */
  constructor(throughputElement, latencyElement, dag) {
    const fed = new Set(dag.edges.map(e => e.to));
    const color = new Map(dag.processors.map((p, i) => [p.id, COLORS[i % COLORS.length]]));
    const fmt = digits => (u, v) => v === null || v === undefined ? '-' : v.toFixed(digits);
    const line = (p, label, pick, extra) => ({
      id: p.id, pick, opts: { label, stroke: color.get(p.id), width: 2, spanGaps: true, value: fmt(3), ...extra },
    });
    this.rates = dag.processors.map(p => fed.has(p.id)
      ? line(p, `${p.description} (#${p.id})`, s => s.receivedPerSecond, { value: fmt(1) })
      : line(p, `${p.description} (#${p.id}) sent`, s => s.sentPerSecond, { value: fmt(1) }));
    this.latencies = dag.processors.filter(p => fed.has(p.id)).flatMap(p => [
      line(p, `${p.description} p50`, s => s.latencyNanosP50 / 1e6),
      line(p, `${p.description} p99`, s => s.latencyNanosP99 / 1e6, { width: 1, dash: [6, 4] }),
    ]);
    this.throughput = chart(throughputElement, this.rates.map(r => r.opts), 'msgs/s');
    this.latency = chart(latencyElement, this.latencies.map(r => r.opts), 'ms');
    this.onResize = () => {
      for (const [u, el] of [[this.throughput, throughputElement], [this.latency, latencyElement]]) {
        u.setSize({ width: Math.max(300, el.clientWidth - 2), height: HEIGHT });
      }
    };
    window.addEventListener('resize', this.onResize);
  }

  /** Shows the history: ProcessorSamples, oldest first. */
  setData(recent) {
    this.throughput.setData(columns(recent, this.rates));
    this.latency.setData(columns(recent, this.latencies));
  }

  destroy() {
    window.removeEventListener('resize', this.onResize);
    this.throughput.destroy();
    this.latency.destroy();
  }
}
