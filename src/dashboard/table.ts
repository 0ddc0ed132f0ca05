import { percent } from './format.js';
import { html, type Fragment, type Html } from './html.js';

/** A column: its heading, whether it holds numbers (right-aligned), and what a row shows in it. */
export interface Column<T> {
  label: string;
  num?: boolean;
  /** A cell of free text (a message, a test name): allowed to wrap anywhere. */
  text?: boolean;
  cell(row: T): Fragment;
}

/** A table, or `empty` as a sentence when there are no rows. `id` is the stable handle tests use. */
export function table<T>(id: string, columns: Array<Column<T>>, rows: readonly T[], empty: string): Html {
  if (!rows.length) return html`<p class="muted" data-table="${id}" data-empty="true">${empty}</p>`;
  const cls = (c: Column<T>) => (c.num ? 'num' : c.text ? 'text' : undefined);
  return html`<table data-table="${id}">
    <thead>
      <tr>
        ${columns.map((c) => html`<th scope="col" ${attr('class', cls(c))}>${c.label}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (r) =>
          html`<tr>
            ${columns.map((c) => html`<td${attr('class', cls(c))}>${c.cell(r)}</td>`)}
          </tr>`,
      )}
    </tbody>
  </table>`;
}

/** ` name="value"`, or nothing when the value is undefined. */
export function attr(name: string, value: string | number | undefined): Html {
  return value === undefined ? html`` : html` ${name}="${value}"`;
}

/** A link, or the text alone when there is no address. */
export function link(href: string | undefined, text: Fragment): Html {
  return href === undefined ? html`${text}` : html`<a href="${href}">${text}</a>`;
}

/** A share as a `<meter>` and its percentage; nothing to show when there is no share. */
export function rateCell(rate: number | null, label: string): Html {
  if (rate === null) return html`–`;
  return html`<meter min="0" max="1" value="${rate}" aria-label="${label}">${percent(rate)}</meter>
    ${percent(rate)}`;
}

/** Figures as cards: a term and its value, each with a `data-stat` for tests. */
export function cards(items: Array<[id: string, label: string, value: Fragment]>): Html {
  return html`<dl class="cards">
    ${items.map(
      ([id, label, value]) =>
        html`<div data-stat="${id}">
          <dt>${label}</dt>
          <dd>${value}</dd>
        </div>`,
    )}
  </dl>`;
}
