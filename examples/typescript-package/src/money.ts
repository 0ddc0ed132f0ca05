export interface Money {
  cents: number;
  currency: 'EUR' | 'USD';
}

export function money(cents: number, currency: Money['currency'] = 'EUR'): Money {
  return { cents: Math.round(cents), currency };
}

export function format(m: Money): string {
  const sign = m.currency === 'EUR' ? '€' : '$';
  return `${sign}${(m.cents / 100).toFixed(2)}`;
}
