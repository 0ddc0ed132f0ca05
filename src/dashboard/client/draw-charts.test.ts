import { describe, expect, it } from 'vitest';
import { figureData } from '../charts.js';
import { overview } from '../test-data.js';
import { chartScript, type FigureData } from './draw-charts.js';

/** The served script run on its own, as a browser runs it: only `document`, `window` and `uPlot` exist. */
function run(figures: FigureData[], present: (id: string) => boolean = () => true) {
  const made: Array<{ options: Record<string, unknown>; data: unknown[]; target: unknown }> = [];
  const resized: unknown[] = [];
  let onResize: (() => void) | undefined;
  const elements = new Map<string, { clientWidth: number; textContent: string | null }>([
    ['dashboard-data', { clientWidth: 0, textContent: JSON.stringify({ figures }) }],
  ]);
  const document = {
    getElementById: (id: string) =>
      elements.get(id) ??
      (id.startsWith('chart-') && present(id) ? { clientWidth: 600, textContent: '' } : null),
  };
  const window = { addEventListener: (_type: string, listener: () => void) => (onResize = listener) };
  class uPlot {
    constructor(options: Record<string, unknown>, data: unknown[], target: unknown) {
      made.push({ options, data, target });
    }
    setSize(size: unknown) {
      resized.push(size);
    }
    static tzDate = (date: Date) => date;
  }
  new Function('document', 'window', 'uPlot', chartScript())(document, window, uPlot);
  return { made, resized, resize: () => onResize?.() };
}

describe("the dashboard's script", () => {
  it('draws each figure of the data block with uPlot, the days as x and a line per series', () => {
    const figures = figureData(overview().days);
    const { made, resized, resize } = run(figures);
    expect(made).toHaveLength(figures.length);
    const jobs = made[0]!;
    expect(jobs.data).toEqual([figures[0]!.x, ...figures[0]!.series.map((s) => s.values)]);
    expect((jobs.options.series as Array<{ label?: string }>).map((s) => s.label)).toEqual([
      undefined,
      'jobs',
      'fixed',
      'partial',
      'not fixable',
      'failed',
    ]);
    expect(jobs.options.width).toBe(600);
    resize();
    expect(resized).toHaveLength(figures.length);
  });

  it('formats values by unit for the axes and the legend', () => {
    const { made } = run(figureData(overview().days));
    const value = (i: number) =>
      (made[i]!.options.series as Array<{ value?: (u: unknown, v: number | null) => string }>)[1]!.value!;
    expect(value(1)(undefined, 0.6)).toBe('60%');
    expect(value(2)(undefined, 90_000)).toBe('1.5 min');
    expect(value(3)(undefined, 0.2)).toBe('$0.20');
    expect(value(3)(undefined, null)).toBe('–');
  });

  it('skips a figure whose element is missing, and a page without data', () => {
    const figures = figureData(overview().days);
    expect(run(figures, (id) => id !== 'chart-cost').made).toHaveLength(figures.length - 1);
    expect(run([]).made).toHaveLength(0);
  });

  it('is the function alone: no helper of a bundler or a test runner in its text', () => {
    expect(chartScript()).toMatch(/^\(function drawCharts\(doc, win, UPlot\) \{/);
    expect(chartScript()).not.toMatch(/__name|__vite|import\(|require\(/);
  });
});
