// The live charts, drawn by uPlot (from its webjar, loaded by index.html as the global uPlot): each
// processor's throughput (received msgs/s) and receive latency (p50 and p99, ms), one point a second.
// Their data is rebuilt from the API's `recent` history on every poll, so a chart shows the last
// minutes the moment it opens and never drifts from what the master keeps.

const COLORS = ['#2b6cb0', '#dd6b20', '#2f855a', '#b83280', '#6b46c1', '#c53030', '#319795', '#975a16'];
const HEIGHT = 240;

/**
 * uPlot's columns from ProcessorSamples: [seconds, ...one column per picked series], a point per
 * second that any processor reported, null where a processor has none.
 */
export function columns(samples, processorIds, picks) {
  const seconds = [...new Set(samples.map(s => Math.round(s.timeMillis / 1000)))].sort((a, b) => a - b);
  const index = new Map(seconds.map((t, i) => [t, i]));
  const data = [seconds];
  for (const id of processorIds) {
    for (const pick of picks) {
      const column = new Array(seconds.length).fill(null);
      for (const s of samples) {
        if (s.processorId === id) {
          column[index.get(Math.round(s.timeMillis / 1000))] = pick(s);
        }
      }
      data.push(column);
    }
  }
  return data;
}

function chart(element, series, unit) {
  const opts = {
    width: Math.max(300, element.clientWidth - 2),
    height: HEIGHT,
    scales: { x: { time: true }, y: { range: (u, min, max) => [0, max > 0 ? max * 1.1 : 1] } },
    axes: [{}, { label: unit, size: 60 }],
    legend: { live: true },
    series: [{ label: 'time' }, ...series],
  };
  element.replaceChildren();
  return new uPlot(opts, [[]], element);
}

/** The two charts of one application's processors. */
export class AppCharts {
  /** processors: [{id, description}], in the DAG's order. */
  constructor(throughputElement, latencyElement, processors) {
    this.ids = processors.map(p => p.id);
    const color = i => COLORS[i % COLORS.length];
    const fmt = digits => (u, v) => v === null || v === undefined ? '-' : v.toFixed(digits);
    this.throughput = chart(throughputElement, processors.map((p, i) => ({
      label: `${p.description} (#${p.id})`, stroke: color(i), width: 2, spanGaps: true, value: fmt(1),
    })), 'msgs/s');
    this.latency = chart(latencyElement, processors.flatMap((p, i) => [
      { label: `${p.description} p50`, stroke: color(i), width: 2, spanGaps: true, value: fmt(3) },
      { label: `${p.description} p99`, stroke: color(i), width: 1, dash: [6, 4], spanGaps: true, value: fmt(3) },
    ]), 'ms');
    this.onResize = () => {
      for (const [u, el] of [[this.throughput, throughputElement], [this.latency, latencyElement]]) {
        u.setSize({ width: Math.max(300, el.clientWidth - 2), height: HEIGHT });
      }
    };
    window.addEventListener('resize', this.onResize);
  }

  /** Shows the history: ProcessorSamples, oldest first. */
  setData(recent) {
    this.throughput.setData(columns(recent, this.ids, [s => s.receivedPerSecond]));
    this.latency.setData(columns(recent, this.ids, [s => s.latencyNanosP50 / 1e6, s => s.latencyNanosP99 / 1e6]));
  }

  destroy() {
    window.removeEventListener('resize', this.onResize);
    this.throughput.destroy();
    this.latency.destroy();
  }
}
