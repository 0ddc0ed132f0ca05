import type { Money } from './money.js';
import { money } from './money.js';

export interface Line {
  sku: string;
  unit: Money;
  quantity: number;
}

export interface Discount {
  code: string;
  percent: number;
}

export function subtotal(lines: Line[]): Money {
  const cents = lines.reduce((sum, l) => sum + l.unit.cents * l.quantity, 0);
  return money(cents, lines[0]?.unit.currency ?? 'EUR');
}

export function total(lines: Line[], discount?: Discount, taxRate = 0.2): Money {
  const base = subtotal(lines);
  const discounted = discount ? base.cents * (1 - discount.percent / 100) : base.cents;
  return money(discounted * (1 + taxRate), base.currency);
}
