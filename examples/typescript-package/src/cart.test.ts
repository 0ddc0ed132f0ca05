import { describe, expect, it } from 'vitest';
import { subtotal, total } from './cart.js';
import { money } from './money.js';

const lines = [
  { sku: 'A', unit: money(1000), quantity: 2 },
  { sku: 'B', unit: money(250), quantity: 4 },
];

describe('cart', () => {
  it('adds up lines', () => {
    expect(subtotal(lines).cents).toBe(3000);
  });

  it('applies the discount before tax', () => {
    expect(total(lines, { code: 'TEN', percent: 10 }).cents).toBe(3240);
  });

  it('charges tax on an undiscounted cart', () => {
    expect(total(lines).cents).toBe(3600);
  });
});
