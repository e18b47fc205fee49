// The next time a cron schedule fires, for the simple shapes the connector schedule uses
// ("*/N * * * *" every N minutes, "M * * * *" hourly at minute M); null for anything else.
export function nextCronRun(cron: string, now: Date): Date | null {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5 || fields.slice(1).some((f) => f !== "*")) return null;
  const next = new Date(now);
  next.setUTCSeconds(0, 0);
  const every = fields[0].match(/^\*\/(\d{1,2})$/);
  if (every || fields[0] === "*") {
    const step = every ? Number(every[1]) : 1;
    if (step < 1 || step > 59) return null;
    const minute = next.getUTCMinutes();
    const target = Math.floor(minute / step) * step + step;
    next.setUTCMinutes(0);
    return new Date(next.getTime() + (target >= 60 ? 60 : target) * 60_000);
  }
  if (/^\d{1,2}$/.test(fields[0]) && Number(fields[0]) < 60) {
    next.setUTCMinutes(Number(fields[0]));
    if (next.getTime() <= now.getTime()) next.setUTCHours(next.getUTCHours() + 1);
    return next;
  }
  return null;
}
