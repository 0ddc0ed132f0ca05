import { describe, expect, it } from 'vitest';
import { cost, label, totalCost } from './shipping.js';

describe('shipping', () => {
  it('charges the base and every started kilogram', () => {
    expect(cost({ grams: 1500, zone: 'domestic' })).toBe(690);
  });

  it('adds up a shipment', () => {
    expect(
      totalCost([
        { grams: 200, zone: 'europe' },
        { grams: 3000, zone: 'world' },
      ]),
    ).toBe(1210 + 3240);
  });

  it('labels a parcel with its zone and weight', () => {
    expect(label({ grams: 2100, zone: 'europe' })).toBe('europe, 3 kg');
  });
});
