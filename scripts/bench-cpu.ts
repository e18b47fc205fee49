// CPU seconds of a benchmark's two halves: this Node process and the embedded PostgreSQL cluster it
// started. On a shared machine wall time follows everyone else's load; CPU per record does not.

import { readdirSync, readFileSync } from "node:fs";

/** CPU seconds (user + system, children included) used so far by the cluster: its postmaster and every process it started (Linux /proc, 100 ticks/s). */
export function postgresCpuSeconds(postmaster: number): number {
  const ticks = (pid: string) => {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
      return {
        ppid: Number(fields[1]),
        cpu: Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]),
      };
    } catch {
      return null;
    }
  };
  let total = 0;
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    const stat = ticks(pid);
    if (stat && (Number(pid) === postmaster || stat.ppid === postmaster)) total += stat.cpu;
  }
  return total / 100;
}

/** The postmaster's pid, from a backend's pid (its parent). */
export function postmasterOf(backendPid: number): number {
  return Number(readFileSync(`/proc/${backendPid}/stat`, "utf8").split(") ")[1].split(" ")[1]);
}

export function nodeCpuSeconds(since?: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}
