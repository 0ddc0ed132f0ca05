/**
 * The dashboard's one script, run in the browser: it reads the figures' data from the page's
 * `<script type="application/json" id="dashboard-data">` block and draws each with uPlot into the element
 * `#chart-<id>`. It is served as `(drawCharts)(document, window, uPlot)` from this function's own text
 * (`chartScript`), so it must use nothing outside its body: the browser's objects and uPlot arrive as
 * arguments (typed here by the little they offer it), and a test runs the served text on its own.
 */

/** One figure's data as the server writes it (charts.ts): days as Unix seconds, a series per line. */
export interface FigureData {
  id: string;
  unit: 'count' | 'percent' | 'usd' | 'ms';
  x: number[];
  series: Array<{ label: string; values: Array<number | null> }>;
}

interface ChartElement {
  readonly clientWidth: number;
  readonly textContent: string | null;
}
export interface ChartDocument {
  getElementById(id: string): ChartElement | null;
}
export interface ChartWindow {
  addEventListener(type: 'resize', listener: () => void): void;
}
interface Chart {
  setSize(size: { width: number; height: number }): void;
}
export interface ChartLibrary {
  new (options: object, data: Array<Array<number | null>>, target: ChartElement): Chart;
  tzDate(date: Date, tz: string): Date;
}

export function drawCharts(doc: ChartDocument, win: ChartWindow, UPlot: ChartLibrary): number {
  const block = doc.getElementById('dashboard-data');
  if (!block?.textContent) return 0;
  const figures = (JSON.parse(block.textContent) as { figures: FigureData[] }).figures;
  // Okabe–Ito: told apart with the common colour-vision deficiencies.
  const palette = ['#0072b2', '#e69f00', '#009e73', '#d55e00', '#cc79a7', '#56b4e9'];
  const height = 240;
  const format = (unit: FigureData['unit'], v: number | null): string => {
    if (v === null) return '–';
    if (unit === 'percent') return `${Math.round(v * 100)}%`;
    if (unit === 'usd') return `$${v.toFixed(2)}`;
    if (unit === 'ms') return v >= 60_000 ? `${(v / 60_000).toFixed(1)} min` : `${(v / 1000).toFixed(1)} s`;
    return v >= 10_000 ? `${Math.round(v / 1000)}k` : String(Math.round(v * 100) / 100);
  };
  const drawn: Array<{ chart: Chart; target: ChartElement }> = [];
  for (const figure of figures) {
    const target = doc.getElementById(`chart-${figure.id}`);
    if (!target) continue;
    const options = {
      width: Math.max(280, target.clientWidth),
      height,
      // The days are UTC dates, whatever the reader's time zone.
      tzDate: (ts: number) => UPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      scales: { x: { time: true }, ...(figure.unit === 'percent' ? { y: { range: [0, 1] } } : {}) },
      axes: [
        {},
        { size: 64, values: (_u: unknown, ticks: number[]) => ticks.map((t) => format(figure.unit, t)) },
      ],
      series: [
        {},
        ...figure.series.map((s, i) => ({
          label: s.label,
          stroke: palette[i % palette.length],
          width: 2,
          points: { show: true },
          value: (_u: unknown, v: number | null) => format(figure.unit, v),
        })),
      ],
    };
    const chart = new UPlot(options, [figure.x, ...figure.series.map((s) => s.values)], target);
    drawn.push({ chart, target });
  }
  win.addEventListener('resize', () => {
    for (const { chart, target } of drawn)
      chart.setSize({ width: Math.max(280, target.clientWidth), height });
  });
  return drawn.length;
}

/** The script as served: the function's text, called with the browser's objects and uPlot's global. */
export function chartScript(): string {
  return `(${drawCharts.toString()})(document, window, uPlot);\n`;
}
