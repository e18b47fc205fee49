// Purchasing-power factors for the partner minimum: a country's factor scales the US minimum of
// $100/month. Defaults from The Economist's Big Mac index (local price in dollars ÷ US price, 2024).

export const BASE_MONTHLY_MINIMUM_CENTS = 10_000;

/** ISO 3166-1 alpha-2 → factor (US = 1.0). Admins edit the stored copy in ppp_rates. */
export const DEFAULT_PPP_RATES: Record<string, number> = {
  US: 1.0,
  CH: 1.42,
  NO: 1.21,
  UY: 1.2,
  SE: 1.1,
  GB: 0.89,
  CA: 0.9,
  AU: 0.8,
  NZ: 0.86,
  DK: 0.85,
  DE: 0.9,
  FR: 0.92,
  NL: 0.9,
  BE: 0.92,
  IE: 0.95,
  IT: 0.9,
  ES: 0.84,
  PT: 0.78,
  AT: 0.9,
  FI: 0.97,
  EE: 0.84,
  LV: 0.81,
  LT: 0.77,
  GR: 0.81,
  SK: 0.79,
  SI: 0.82,
  HR: 0.79,
  CZ: 0.77,
  PL: 0.74,
  HU: 0.72,
  RO: 0.66,
  BG: 0.62,
  IL: 0.93,
  AE: 0.73,
  SA: 0.67,
  SG: 0.83,
  KR: 0.7,
  JP: 0.56,
  TW: 0.47,
  HK: 0.58,
  CN: 0.63,
  TH: 0.7,
  MY: 0.52,
  VN: 0.58,
  PH: 0.59,
  ID: 0.45,
  IN: 0.47,
  PK: 0.55,
  BR: 0.84,
  AR: 0.96,
  CL: 0.83,
  CO: 0.74,
  MX: 0.88,
  PE: 0.7,
  CR: 0.98,
  GT: 0.76,
  ZA: 0.5,
  EG: 0.44,
  TR: 0.66,
  UA: 0.56,
};

/** A factor for a country, 1.0 when the country is unknown or missing from the table. */
export function pppFactor(country: string | null | undefined, rates: Record<string, number>): number {
  if (!country) return 1;
  const factor = rates[country.trim().toUpperCase()];
  return typeof factor === "number" && Number.isFinite(factor) && factor > 0 ? factor : 1;
}

/** The monthly minimum for an organisation in that country, in cents (rounded to whole dollars). */
export function adjustedMonthlyMinimumCents(
  country: string | null | undefined,
  rates: Record<string, number>,
  baseCents = BASE_MONTHLY_MINIMUM_CENTS,
): number {
  return Math.round((baseCents * pppFactor(country, rates)) / 100) * 100;
}
