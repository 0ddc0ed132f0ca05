import { billableKg, type Parcel } from './parcel.js';
import { rateFor } from './rates.js';

/** What sending one parcel costs, in cents. */
export function cost(parcel: Parcel): number {
  const rate = rateFor(parcel.zone);
  return rate.base + rate.perKg * billableKg(parcel);
}

export function totalCost(parcels: Parcel[]): number {
  let total = 0;
  for (const parcel of parcels) {
    total += cost(parcel);
  }
  return total;
}

export function label(parcel: Parcel): string {
  return `${parcel.zone}, ${billableKg(parcel)} kg`;
}
