import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { listConnectors, type ConnectorView } from "@/lib/data/connectors";
import { formatDateTime } from "@/lib/format/numbers";
import { ConnectForm, ConnectorButtons } from "./connector-forms";
import { ConnectorProgress } from "./connector-progress";

export const metadata: Metadata = { title: "Connectors" };
export const dynamic = "force-dynamic";

const TITLES: Record<ConnectorView["kind"], { name: string; what: string }> = {
  slack: {
    name: "Slack",
    what: "Messages, thread replies, reactions and profiles (with emails) from the channels the bot is in.",
  },
  github: {
    name: "GitHub",
    what: "Issues, pull requests, merges, reviews, comments, stars and commits (with author emails).",
  },
  discourse: {
    name: "Discourse",
    what: "Topics and replies, and members' emails when the API key is an admin's.",
  },
};

function State({ c, timeZone }: { c: ConnectorView; timeZone: string }) {
  const running = c.latestRun?.status === "running";
  return (
    <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
      <dt className="text-slate-500">State</dt>
      <dd>
        {c.connected
          ? running
            ? "connected, syncing now"
            : "connected"
          : c.configured
            ? "revoked (no token stored)"
            : "not connected"}
      </dd>
      <dt className="text-slate-500">Last sync</dt>
      <dd>{c.lastSyncAt ? formatDateTime(c.lastSyncAt, timeZone) : "never"}</dd>
      <dt className="text-slate-500">Events this week</dt>
      <dd>
        {c.eventsThisWeek.toLocaleString("en")}{" "}
        <span className="text-slate-500">(from any way in: sync, push or file import)</span>
      </dd>
      <dt className="text-slate-500">Next run</dt>
      <dd>
        {c.nextRunAt
          ? formatDateTime(c.nextRunAt, timeZone)
          : c.connected
            ? `on schedule ${c.schedule}`
            : "—"}
      </dd>
      {c.lastError && (
        <>
          <dt className="text-slate-500">Last error</dt>
          <dd className="text-red-700" role="alert">
            {c.lastError}
          </dd>
        </>
      )}
    </dl>
  );
}

export default async function ConnectorsPage() {
  const user = await requireUser();
  if (user.role !== "admin") {
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-semibold">Connectors</h1>
        <p className="text-sm text-slate-500">Only admins can see and change connectors.</p>
      </div>
    );
  }
  const connectors = await listConnectors();
  return (
    <div className="space-y-8">
      <div className="space-y-1">
        <p className="text-sm">
          <Link href="/settings" className="text-indigo-700 underline">
            Settings
          </Link>{" "}
          / Connectors
        </p>
        <h1 className="text-2xl font-semibold">Connectors</h1>
        <p className="text-sm text-slate-500">
          Groundswell keeps itself up to date from these services on a schedule ({connectors[0]?.schedule})
          and on demand. Tokens are stored encrypted and never shown again; revoking deletes the token. The
          scopes and permissions each token needs are listed in the README.
        </p>
      </div>
      {connectors.map((c) => (
        <section
          key={c.kind}
          aria-labelledby={`${c.kind}-heading`}
          className="space-y-4 rounded-lg border border-slate-200 bg-white p-4"
        >
          <div>
            <h2 id={`${c.kind}-heading`} className="text-lg font-semibold">
              {TITLES[c.kind].name}
            </h2>
            <p className="text-sm text-slate-500">{TITLES[c.kind].what}</p>
          </div>
          <State c={c} timeZone={user.timeZone} />
          {c.latestRun && (c.latestRun.status === "running" || c.latestRun.streamsTotal > 0) && (
            <ConnectorProgress run={c.latestRun} />
          )}
          <ConnectorButtons kind={c.kind} connected={c.connected} />
          <details className="rounded-md border border-slate-100 p-3" open={!c.connected}>
            <summary className="cursor-pointer text-sm font-medium">
              {c.connected ? "Change settings or replace the token" : `Connect ${TITLES[c.kind].name}`}
            </summary>
            <div className="pt-3">
              <ConnectForm kind={c.kind} connected={c.connected} defaults={c.settings} />
            </div>
          </details>
        </section>
      ))}
    </div>
  );
}
