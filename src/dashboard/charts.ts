import type { DayRow } from '../store/dashboard-types.js';
import type { FigureData } from './client/draw-charts.js';
import { count, duration, percent, usd } from './format.js';
import { html, type Html } from './html.js';
import { table } from './table.js';

/**
 * The overview's figures: one series per line, a point per day. Each is drawn by our script with uPlot
 * and also written as a table (in a `<details>`), so the figures can be read without the script, by a
 * screen reader, and by a test. `data-figure` names each one for the browser tests.
 */
interface FigureSpec {
  id: string;
  title: string;
  caption: string;
  unit: FigureData['unit'];
  series: Array<{ label: string; value(day: DayRow): number | null }>;
}

const FIGURES: FigureSpec[] = [
  {
    id: 'jobs_per_day',
    title: 'Jobs per day',
    caption: 'jobs started, and how the finished ones ended',
    unit: 'count',
    series: [
      { label: 'jobs', value: (d) => d.jobs },
      { label: 'fixed', value: (d) => d.fixed },
      { label: 'partial', value: (d) => d.partial },
      { label: 'not fixable', value: (d) => d.not_fixable },
      { label: 'failed', value: (d) => d.failed },
    ],
  },
  {
    id: 'success_rate',
    title: 'Success rate',
    caption: 'fixed, of the jobs that tried',
    unit: 'percent',
    series: [{ label: 'success rate', value: (d) => d.success_rate }],
  },
  {
    id: 'time_to_green',
    title: 'Time to green',
    caption: 'of the fixed jobs, from the job’s start',
    unit: 'ms',
    series: [
      { label: 'p50', value: (d) => d.time_to_fix_p50_ms },
      { label: 'p95', value: (d) => d.time_to_fix_p95_ms },
    ],
  },
  {
    id: 'cost',
    title: 'Cost',
    caption: 'model spending per day, and per fix',
    unit: 'usd',
    series: [
      { label: 'per day', value: (d) => d.cost_usd },
      { label: 'per fix', value: (d) => (d.fixed > 0 ? d.cost_usd / d.fixed : null) },
    ],
  },
  {
    id: 'model_tokens',
    title: 'Model tokens',
    caption: 'per day',
    unit: 'count',
    series: [
      { label: 'input', value: (d) => d.input_tokens },
      { label: 'output', value: (d) => d.output_tokens },
    ],
  },
];

const SHOW: Record<FigureData['unit'], (v: number) => string> = { count, percent, usd, ms: duration };

/** The figures' data, as the page's JSON block carries it to the script. */
export function figureData(days: readonly DayRow[]): FigureData[] {
  const x = days.map((d) => Date.parse(`${d.day}T00:00:00Z`) / 1000);
  return FIGURES.map((f) => ({
    id: f.id,
    unit: f.unit,
    x,
    series: f.series.map((s) => ({ label: s.label, values: days.map(s.value) })),
  }));
}

/** Each figure: its caption, the element the script draws into, and its table. */
export function figures(days: readonly DayRow[]): Html {
  return html`<div class="figures">${FIGURES.map((f) => figure(f, days))}</div>`;
}

function figure(f: FigureSpec, days: readonly DayRow[]): Html {
  const show = (v: number | null) => (v === null ? '–' : SHOW[f.unit](v));
  const columns = [
    { label: 'day', cell: (d: DayRow) => d.day },
    ...f.series.map((s) => ({ label: s.label, num: true, cell: (d: DayRow) => show(s.value(d)) })),
  ];
  return html`<figure id="figure-${f.id}" data-figure="${f.id}">
    <figcaption>${f.title} <small>${f.caption}</small></figcaption>
    <div
      class="chart"
      id="chart-${f.id}"
      role="img"
      aria-label="${f.title}, ${f.caption}, per day (the table below has the figures)"
    ></div>
    <details>
      <summary>The figures</summary>
      ${table(`figure-${f.id}`, columns, days, 'No day in this window.')}
    </details>
  </figure>`;
}
