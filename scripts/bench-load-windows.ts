// The ingest route against Next's no-op route in one run, as interleaved short windows: on a shared
// machine the capacity drifts by up to 1.6× within a minute, so one no-op window before and one after
// the ingest load compare different machines. Alternating windows and taking medians compares like with like.
import { loadAverage, summary, withCpuShares } from "./bench-load-helpers";

export interface Window {
  /** Requests answered per second (the no-op route's 401s count: that is its answer). */
  rate: number;
  /** The web processes' CPU milliseconds per request. */
  webCpuMs: number;
  /** 1-minute load average read at the window's end. */
  load: number;
}

export interface InterleavedResult {
  noop: Window[];
  ingest: Window[];
  /** With several web processes: the ingest sent to the first one alone (does the total grow?). */
  ingestOne: Window[];
  /** Ingest requests acknowledged (2xx) and refused or failed over all its windows. */
  ok: number;
  failed: number;
  ingestMs: number[];
}

export const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

type Load = (seconds: number, onResponse: (ms: number) => void) => Promise<{ ok: number; failed: number }>;

/**
 * `rounds` pairs of windows: no-op then ingest, `seconds` each, every window with its CPU shares and load
 * average printed. The no-op route's windows count every answer, the ingest's only acknowledgements.
 */
export async function interleavedWindows(opts: {
  rounds: number;
  seconds: number;
  cpu: Record<string, () => number> & { web: () => number };
  noop: Load;
  ingest: Load;
  ingestOne?: Load;
}): Promise<InterleavedResult> {
  const result: InterleavedResult = { noop: [], ingest: [], ingestOne: [], ok: 0, failed: 0, ingestMs: [] };
  const measure = async (label: string, load: Load, countFailed: boolean, into: Window[], ms: number[]) => {
    const {
      result: r,
      shares,
      text,
    } = await withCpuShares(opts.cpu, () => load(opts.seconds, (t) => ms.push(t)));
    const rate = (r.ok + (countFailed ? r.failed : 0)) / opts.seconds;
    const window = { rate, webCpuMs: (shares.web * 1000) / Math.max(rate, 1), load: Number(loadAverage()) };
    into.push(window);
    console.log(
      `  ${label}: ${rate.toFixed(0)} req/s, ${summary(ms)}; web CPU ${window.webCpuMs.toFixed(2)} ms/request; ${text}; load average ${window.load.toFixed(1)}`,
    );
    return r;
  };
  for (let round = 1; round <= opts.rounds; round++) {
    await measure(`window ${round} no-op route`, opts.noop, true, result.noop, []);
    const windowMs: number[] = [];
    const r = await measure(`window ${round} ingest      `, opts.ingest, false, result.ingest, windowMs);
    result.ok += r.ok;
    result.failed += r.failed;
    result.ingestMs.push(...windowMs);
    if (opts.ingestOne) {
      const one = await measure(
        `window ${round} ingest, 1st process only`,
        opts.ingestOne,
        false,
        result.ingestOne,
        [],
      );
      result.ok += one.ok;
      result.failed += one.failed;
    }
  }
  return result;
}

/** The ratios of medians, by requests/s and by web CPU per request, as one printable line. */
export function ratioOfMedians({ noop, ingest, ingestOne }: InterleavedResult): {
  byRate: number;
  byCpu: number;
  text: string;
} {
  const byRate = median(ingest.map((w) => w.rate)) / median(noop.map((w) => w.rate));
  const byCpu = median(noop.map((w) => w.webCpuMs)) / median(ingest.map((w) => w.webCpuMs));
  const range = (ws: Window[], f: (w: Window) => number, digits: number) =>
    `median ${median(ws.map(f)).toFixed(digits)} (${Math.min(...ws.map(f)).toFixed(digits)}–${Math.max(...ws.map(f)).toFixed(digits)})`;
  const text =
    `no-op route ${range(noop, (w) => w.rate, 0)} req/s, ingest ${range(ingest, (w) => w.rate, 0)} req/s: ` +
    `ratio of medians ${byRate.toFixed(2)}; web CPU per request no-op ${range(noop, (w) => w.webCpuMs, 2)} ms, ` +
    `ingest ${range(ingest, (w) => w.webCpuMs, 2)} ms: ratio ${byCpu.toFixed(2)}; ` +
    `load average ${Math.min(...[...noop, ...ingest].map((w) => w.load)).toFixed(1)}–${Math.max(...[...noop, ...ingest].map((w) => w.load)).toFixed(1)}` +
    (ingestOne.length
      ? `; the first process alone ${range(ingestOne, (w) => w.rate, 0)} req/s: all processes ${(median(ingest.map((w) => w.rate)) / median(ingestOne.map((w) => w.rate))).toFixed(2)}× that`
      : "");
  return { byRate, byCpu, text };
}
