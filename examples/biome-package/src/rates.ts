export interface Rate {
  zone: string;
  /** Cents per started kilogram. */
  perKg: number;
  /** Cents per parcel. */
  base: number;
}

export const RATES: Rate[] = [
  { zone: 'domestic', perKg: 120, base: 450 },
  { zone: 'europe', perKg: 310, base: 900 },
  { zone: 'world', perKg: 580, base: 1500 },
];

export function rateFor(zone: string): Rate {
  const rate = RATES.find((r) => r.zone === zone);
  if (!rate) {
    throw new Error(`no rate for zone ${zone}`);
  }
  return rate;
}
