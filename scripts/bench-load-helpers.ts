// Helpers of the load benchmark (scripts/bench-load.ts): waiting for servers, signing in, autocannon
// across web processes, the admins' page mix and browsing with think time, and who used the cores.
import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import autocannon from "autocannon";
import { mulberry32 } from "@/lib/random";

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
export const summary = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  return `p50 ${percentile(s, 50).toFixed(0)} ms, p95 ${percentile(s, 95).toFixed(0)} ms, max ${(s.at(-1) ?? NaN).toFixed(0)} ms`;
};

export async function waitForHealth(base: string, timeoutMs = 120_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {}
    await sleep(500);
  }
  throw new Error("the web server did not become healthy");
}

export async function waitForPort(port: number, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      await fetch(`http://127.0.0.1:${port}/`);
      return;
    } catch {
      await sleep(250);
    }
  }
  throw new Error(`nothing listens on port ${port}`);
}

/** Signs in through next-auth's credentials endpoint, as the login page does; returns the cookie header. */
export async function signIn(base: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = csrf.headers.getSetCookie().map((c) => c.split(";")[0]);
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; ") },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const session = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .find((c) => c.includes("session-token"));
  if (!session) throw new Error(`sign-in failed (${response.status})`);
  return [...jar, session].join("; ");
}

/** Runs one autocannon per web process at once (connections split evenly); results summed. */
export async function cannon(
  bases: string[],
  opts: Omit<autocannon.Options, "url">,
  onResponse?: (ms: number) => void,
) {
  const results = await Promise.all(
    bases.map(
      (url) =>
        new Promise<autocannon.Result>((resolve, reject) => {
          const instance = autocannon(
            { ...opts, url, connections: Math.ceil((opts.connections ?? 10) / bases.length) },
            (e, r) => (e ? reject(e) : resolve(r)),
          );
          if (onResponse) instance.on("response", (_c, _s, _b, ms) => onResponse(ms));
        }),
    ),
  );
  return {
    ok: results.reduce((s, r) => s + r["2xx"], 0),
    failed: results.reduce((s, r) => s + r.non2xx + r.errors + r.timeouts, 0),
  };
}

export type PageKind = "ranked list" | "directory" | "member page";
/** What an admin opens: ranked lists (pages, sorts, filters), the directory (with a search) and member pages. */
export function pagePicker(memberIds: number[]) {
  const lists = [
    "/candidates",
    "/at-risk",
    "/candidates?page=2",
    "/candidates?sort=-score",
    "/at-risk?sort=-rankChange",
    "/candidates?tier=0&page=3",
  ];
  const directory = ["/members", "/members?q=a", "/members?sort=-mrr", "/members?page=5"];
  return (random: () => number): { path: string; kind: PageKind } => {
    const r = random();
    if (r < 0.4) return { path: lists[Math.floor(random() * lists.length)], kind: "ranked list" };
    if (r < 0.55) return { path: directory[Math.floor(random() * directory.length)], kind: "directory" };
    return { path: `/members/${memberIds[Math.floor(random() * memberIds.length)]}`, kind: "member page" };
  };
}

/** Admins as people: each opens a page, reads it for an exponential think time (seeded), and so on. */
export async function browseAsPeople(
  bases: string[],
  cookie: string,
  pick: ReturnType<typeof pagePicker>,
  opts: { admins: number; seconds: number; thinkMs: number },
) {
  const { admins: ADMINS, seconds: BROWSE_SECONDS, thinkMs: THINK_MS } = opts;
  const byKind = new Map<PageKind, number[]>();
  const all: number[] = [];
  let failed = 0;
  const until = Date.now() + BROWSE_SECONDS * 1000;
  await Promise.all(
    Array.from({ length: ADMINS }, async (_, admin) => {
      const random = mulberry32(1000 + admin);
      const think = () => -Math.log(1 - random()) * THINK_MS;
      // Think times are cut at the deadline, so the phase ends on time.
      const pause = (ms: number) => sleep(Math.max(0, Math.min(ms, until - Date.now())));
      await pause(random() * THINK_MS);
      while (Date.now() < until) {
        const { path: page, kind } = pick(random);
        const started = performance.now();
        try {
          const response = await fetch(`${bases[admin % bases.length]}${page}`, {
            headers: { cookie },
            redirect: "manual",
          });
          await response.arrayBuffer();
          if (response.status !== 200) failed++;
        } catch {
          failed++;
        }
        const ms = performance.now() - started;
        all.push(ms);
        byKind.set(kind, [...(byKind.get(kind) ?? []), ms]);
        await pause(think());
      }
    }),
  );
  return { all, byKind, failed };
}

/** The 1-minute load average (other sessions share the machine): printed beside every rate. */
export const loadAverage = () => os.loadavg()[0].toFixed(1);

/** CPU seconds (user + system) used so far by these processes and all their descendants (Linux /proc). */
export function treeCpuSeconds(rootPids: number[]): number {
  const children = new Map<number, number[]>();
  const cpu = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Fields after the command name (which may hold spaces): state, ppid, …, utime (14th), stime (15th).
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const pid = Number(entry);
      const ppid = Number(fields[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
      cpu.set(pid, (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS);
    } catch {
      // The process ended while the table was read.
    }
  }
  let total = 0;
  const stack = [...rootPids];
  while (stack.length) {
    const pid = stack.pop()!;
    total += cpu.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}
/** USER_HZ: 100 on every Linux this runs on (`getconf CLK_TCK`). */
const CLOCK_TICKS = 100;

/** This process's own CPU seconds (the load generator: autocannon runs here). */
export const ownCpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

/**
 * Who used the two cores during a phase: each group's CPU seconds per second of the phase, so a client or a
 * drainer that took a core from the web processes shows beside the rate it skewed.
 */
export async function withCpuShares<T>(
  groups: Record<string, () => number>,
  run: () => Promise<T>,
): Promise<{ result: T; shares: Record<string, number>; text: string }> {
  const before = Object.fromEntries(Object.entries(groups).map(([k, cpu]) => [k, cpu()]));
  const started = performance.now();
  const result = await run();
  const seconds = (performance.now() - started) / 1000;
  const shares = Object.fromEntries(
    Object.entries(groups).map(([k, cpu]) => [k, (cpu() - before[k]) / seconds]),
  );
  const text = Object.entries(shares)
    .map(([k, v]) => `${k} ${v.toFixed(2)}`)
    .join(", ");
  return { result, shares, text: `cores used: ${text}` };
}
