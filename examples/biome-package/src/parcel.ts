export interface Parcel {
  grams: number;
  zone: string;
}

/** Kilograms charged: every started kilogram, and at least one. */
export function billableKg(parcel: Parcel): number {
  return Math.max(1, Math.ceil(parcel.grams / 1000));
}
