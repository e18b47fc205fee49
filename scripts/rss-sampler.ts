// Resident memory of this process over time, sampled from outside it (a shell reading /proc/PID/statm every 0.1 s),
// so samples keep coming while a synchronous fit blocks the event loop and the sampler adds nothing to the RSS.
import { spawn } from "node:child_process";

const PAGE = 4096;

export function startRssSampler() {
  const samples: { at: number; mb: number }[] = [];
  let partial = "";
  const shell = spawn(
    "bash",
    [
      "-c",
      `while kill -0 ${process.pid} 2>/dev/null; do read -r _ rss _ < /proc/${process.pid}/statm; printf '%s %s\\n' "$EPOCHREALTIME" "$rss"; sleep 0.1; done`,
    ],
    { stdio: ["ignore", "pipe", "ignore"] },
  );
  shell.stdout.setEncoding("utf8");
  shell.stdout.on("data", (chunk: string) => {
    const lines = (partial + chunk).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) {
      const [at, pages] = line.split(" ");
      samples.push({ at: Number(at) * 1000, mb: Math.round((Number(pages) * PAGE) / 1_048_576) });
    }
  });
  return {
    /** Highest sampled RSS in [from, to] (epoch milliseconds); null when no sample fell there. */
    peakBetween(from: number, to: number): number | null {
      let peak: number | null = null;
      for (const s of samples) if (s.at >= from && s.at <= to && (peak === null || s.mb > peak)) peak = s.mb;
      return peak;
    },
    stop: () => shell.kill(),
  };
}
