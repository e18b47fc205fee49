// A cut-off's rows as the feature cache stores them: columns of numbers in one binary buffer instead of JSON text.
// Reading 31 cut-offs as JSON (~39 MB at 6,000 members) cost 1.4–1.9 s of parsing per recompute; these buffers are
// copied into typed arrays and the rows rebuilt from them. Every value reads back as the same number (NaN and −0
// included, which JSON could not keep), null as null: each column's encoding is checked value by value when it is
// written, and a column that no compact encoding holds exactly stays float64.
import type { CutoffInputs, ExtractedMember } from "./inputs";

/** Bumped whenever the layout changes: a buffer of another revision is refused (the cut-off is extracted again). */
export const CUTOFF_CODEC_REVISION = 1;

type Row = ExtractedMember;
const nullableFields = ["daysSinceLastActivity", "planTenureWeeks", "daysSinceLastFailedPayment"] as const;
/** Scalar columns in the order rows are rebuilt (the same key order as feature-rows.ts's toInput). */
const scalarColumns: readonly [string, (r: Row) => number | null][] = [
  ["memberId", (r) => r.memberId],
  ["flags", (r) => (r.inCandidates ? 1 : 0) + (r.inAtRisk ? 2 : 0)],
  ["weeks", (r) => r.weeklyWeight.length],
  ["breadthRecent", (r) => r.breadthRecent],
  ["breadthBaseline", (r) => r.breadthBaseline],
  ["prMerged", (r) => r.contributions.prMerged],
  ["prReview", (r) => r.contributions.prReview],
  ["acceptedAnswer", (r) => r.contributions.acceptedAnswer],
  ["meetupHosted", (r) => r.contributions.meetupHosted],
  ["pairing", (r) => r.contributions.pairing],
  ["other", (r) => r.contributions.other],
  ["tenureWeeks", (r) => r.tenureWeeks],
  ["daysSinceLastActivity", (r) => r.daysSinceLastActivity],
  ["tierRank", (r) => r.tierRank],
  ["planTenureWeeks", (r) => r.planTenureWeeks],
  ["paidTies", (r) => r.paidTies],
  ["failedPayments90d", (r) => r.failedPayments90d],
  ["daysSinceLastFailedPayment", (r) => r.daysSinceLastFailedPayment],
];

const FLOAT64 = 255;
/** Decimal scales tried before float64: a column whose every value is k / 10^e for an int32 k (e.g. weights to 0.1). */
const MAX_DECIMALS = 4;
const INT32_MAX = 2 ** 31 - 1;

/** The smallest decimal exponent e with every value exactly `k / 10^e` for an int32 k (−0 and NaN never are). */
function decimalsFor(values: Float64Array, isNull: Uint8Array): number {
  for (let e = 0; e <= MAX_DECIMALS; e++) {
    const scale = 10 ** e;
    let exact = true;
    for (let i = 0; i < values.length && exact; i++) {
      if (isNull[i]) continue;
      const k = Math.round(values[i] * scale);
      // The decoder's own arithmetic (int32, then one division), compared bit for bit: −0 and NaN fail here.
      exact = Math.abs(k) <= INT32_MAX && Object.is((k | 0) / scale, values[i]);
    }
    if (exact) return e;
  }
  return FLOAT64;
}

class Writer {
  private chunks: Uint8Array[] = [];
  length = 0;
  push(bytes: Uint8Array) {
    this.chunks.push(bytes);
    this.length += bytes.length;
    const pad = (8 - (bytes.length % 8)) % 8; // every section starts 8-aligned, so typed arrays map it directly
    if (pad) {
      this.chunks.push(new Uint8Array(pad));
      this.length += pad;
    }
  }
  bytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

function pushColumn(w: Writer, values: Float64Array, isNull: Uint8Array) {
  const decimals = decimalsFor(values, isNull);
  const hasNull = isNull.includes(1);
  w.push(Uint8Array.of(decimals, hasNull ? 1 : 0));
  if (hasNull) w.push(isNull);
  if (decimals === FLOAT64) w.push(new Uint8Array(values.buffer));
  else {
    const scale = 10 ** decimals;
    const ints = new Int32Array(values.length);
    for (let i = 0; i < values.length; i++) ints[i] = isNull[i] ? 0 : Math.round(values[i] * scale);
    w.push(new Uint8Array(ints.buffer));
  }
}

/** A cut-off's rows as one buffer: revision, header (asOf, sampled, community, row count) as JSON, then the columns. */
export function encodeCutoff(inputs: CutoffInputs): Uint8Array {
  const n = inputs.rows.length;
  const weeks = inputs.rows.reduce((m, r) => Math.max(m, r.weeklyWeight.length), 0);
  const w = new Writer();
  const header = JSON.stringify({
    asOf: inputs.asOf,
    sampled: inputs.sampled,
    community: inputs.community,
    n,
    weeks,
  });
  const headerBytes = new TextEncoder().encode(header);
  w.push(new Uint8Array(Uint32Array.of(CUTOFF_CODEC_REVISION, headerBytes.length).buffer));
  w.push(headerBytes);
  for (const [name, get] of scalarColumns) {
    const values = new Float64Array(n);
    const isNull = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const v = get(inputs.rows[i]);
      if (v === null) {
        if (!(nullableFields as readonly string[]).includes(name))
          throw new Error(`cutoff ${inputs.asOf}: ${name} is null`);
        isNull[i] = 1;
      } else values[i] = v;
    }
    pushColumn(w, values, isNull);
  }
  for (let j = 0; j < weeks; j++) {
    const values = new Float64Array(n);
    const isNull = new Uint8Array(n); // a week past a shorter row's end
    for (let i = 0; i < n; i++) {
      const series = inputs.rows[i].weeklyWeight;
      if (j < series.length) values[i] = series[j];
      else isNull[i] = 1;
    }
    pushColumn(w, values, isNull);
  }
  return w.bytes();
}

const headerSchemaKeys = ["asOf", "sampled", "community", "n", "weeks"] as const;

/** The rows `encodeCutoff` wrote, or null for a buffer of another revision or layout. */
export function decodeCutoff(stored: Uint8Array): CutoffInputs | null {
  // One copy into a fresh, aligned buffer: the driver's buffers may start anywhere.
  const bytes = new Uint8Array(stored.byteLength);
  bytes.set(stored);
  const buf = bytes.buffer;
  if (bytes.length < 8) return null;
  const [revision, headerLength] = new Uint32Array(buf, 0, 2);
  if (revision !== CUTOFF_CODEC_REVISION) return null;
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as {
    asOf: string;
    sampled: boolean;
    community: CutoffInputs["community"];
    n: number;
    weeks: number;
  };
  if (headerSchemaKeys.some((k) => !(k in header))) return null;
  const { n } = header;
  let at = 8 + headerLength + ((8 - (headerLength % 8)) % 8);
  const align = (len: number) => len + ((8 - (len % 8)) % 8);
  const readColumn = (): (number | null)[] | Float64Array => {
    const [decimals, hasNull] = [bytes[at], bytes[at + 1]];
    at += 8;
    let isNull: Uint8Array | null = null;
    if (hasNull) {
      isNull = bytes.subarray(at, at + n);
      at += align(n);
    }
    let values: Float64Array;
    if (decimals === FLOAT64) {
      values = new Float64Array(buf, at, n);
      at += align(8 * n);
    } else {
      const ints = new Int32Array(buf, at, n);
      at += align(4 * n);
      const scale = 10 ** decimals;
      values = new Float64Array(n);
      for (let i = 0; i < n; i++) values[i] = ints[i] / scale;
    }
    if (!isNull) return values;
    const out: (number | null)[] = Array.from(values);
    for (let i = 0; i < n; i++) if (isNull[i]) out[i] = null;
    return out;
  };
  // Columns in scalarColumns' order, bound to locals: the loop below runs once per row (~110k at 6,000 members).
  const [
    memberId,
    flags,
    weeks,
    breadthRecent,
    breadthBaseline,
    prMerged,
    prReview,
    acceptedAnswer,
    meetupHosted,
  ] = scalarColumns.slice(0, 9).map(readColumn) as Float64Array[];
  const [pairing, other, tenureWeeks, daysSinceLastActivity, tierRank, planTenureWeeks] = scalarColumns
    .slice(9, 15)
    .map(readColumn);
  const [paidTies, failedPayments90d, daysSinceLastFailedPayment] = scalarColumns.slice(15).map(readColumn);
  const weekColumns = Array.from({ length: header.weeks }, readColumn) as Float64Array[];
  if (at !== bytes.length) return null;
  const rows: ExtractedMember[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const length = weeks[i];
    const weeklyWeight = new Array<number>(length);
    for (let j = 0; j < length; j++) weeklyWeight[j] = weekColumns[j][i];
    rows[i] = {
      memberId: memberId[i],
      inCandidates: (flags[i] & 1) !== 0,
      inAtRisk: (flags[i] & 2) !== 0,
      weeklyWeight,
      breadthRecent: breadthRecent[i],
      breadthBaseline: breadthBaseline[i],
      contributions: {
        prMerged: prMerged[i],
        prReview: prReview[i],
        acceptedAnswer: acceptedAnswer[i],
        meetupHosted: meetupHosted[i],
        pairing: pairing[i] as number,
        other: other[i] as number,
      },
      tenureWeeks: tenureWeeks[i] as number,
      daysSinceLastActivity: daysSinceLastActivity[i],
      tierRank: tierRank[i] as number,
      planTenureWeeks: planTenureWeeks[i],
      paidTies: paidTies[i] as number,
      failedPayments90d: failedPayments90d[i] as number,
      daysSinceLastFailedPayment: daysSinceLastFailedPayment[i],
    };
  }
  return { asOf: header.asOf, rows, community: header.community, sampled: header.sampled };
}
