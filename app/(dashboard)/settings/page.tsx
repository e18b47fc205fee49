import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { listAdminUsers, listApiTokens, recentAuditEntries } from "@/lib/data/settings";
import { formatDateTime } from "@/lib/format/numbers";
import { ExportCsvLink } from "@/components/data-table/export-csv-link";
import { CreateTokenForm, CreateUserForm, RevokeTokenButton } from "./settings-forms";
import { TimeZoneForm } from "./time-zone-form";
import { ChangePasswordForm, SignOutEverywhereButton, UserRowActions } from "./account-forms";
import { listPlans } from "@/lib/data/plans";
import { PlansSection } from "./plans-section";

export const metadata: Metadata = { title: "Settings" };
export const dynamic = "force-dynamic";

export default async function SettingsPage() {
  const user = await requireUser();
  const [users, tokens, audit, plans] = await Promise.all([
    listAdminUsers(),
    listApiTokens(),
    recentAuditEntries(),
    listPlans(),
  ]);
  const isAdmin = user.role === "admin";
  return (
    <div className="space-y-10">
      <h1 className="text-2xl font-semibold">Settings</h1>
      <section aria-labelledby="you-heading" className="space-y-3">
        <h2 id="you-heading" className="text-lg font-semibold">
          You
        </h2>
        <p className="text-sm text-slate-500">
          Signed in as {user.email} ({user.role}). Every date in the dashboard is shown in your time zone.
        </p>
        <TimeZoneForm current={user.timeZone} />
        <h3 className="pt-2 text-sm font-semibold">Password</h3>
        <p className="text-sm text-slate-500">
          Changing it signs you out everywhere, here included; sign in again with the new one.
        </p>
        <ChangePasswordForm />
        <SignOutEverywhereButton />
      </section>
      <section aria-labelledby="connectors-heading" className="space-y-2">
        <h2 id="connectors-heading" className="text-lg font-semibold">
          Connectors
        </h2>
        <p className="text-sm text-slate-500">
          Slack, GitHub and Discourse kept up to date on a schedule:{" "}
          <Link href="/settings/connectors" className="text-indigo-700 underline">
            Settings → Connectors
          </Link>{" "}
          (admins).
        </p>
      </section>
      {/* Activity weights, manual contributions and the partner minimum live beside Organisations; an admin
          looking for them under Settings found no way there. */}
      <section aria-labelledby="contribution-settings-heading" className="space-y-2">
        <h2 id="contribution-settings-heading" className="text-lg font-semibold">
          Contributions
        </h2>
        <p className="text-sm text-slate-500">
          Which activity counts as a contribution and its weight, manual contributions, the partner minimum by
          country and the public report:{" "}
          <Link href="/organizations/settings" className="text-indigo-700 underline">
            Contribution settings
          </Link>
          .
        </p>
      </section>
      <section aria-labelledby="users-heading" className="space-y-4">
        <h2 id="users-heading" className="text-lg font-semibold">
          Users
        </h2>
        <div
          className="overflow-x-auto rounded-lg border border-slate-200 bg-white"
          tabIndex={0}
          role="region"
          aria-label="Users"
        >
          <table className="w-full text-sm">
            <thead className="bg-slate-50 text-left text-xs text-slate-500 uppercase">
              <tr>
                <th className="px-3 py-2">Email</th>
                <th className="px-3 py-2">Role</th>
                <th className="px-3 py-2">Status</th>
                <th className="px-3 py-2">Last sign-in</th>
                {isAdmin && (
                  <th className="px-3 py-2">
                    <span className="sr-only">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id} className="border-t border-slate-100">
                  <td className="px-3 py-2">{u.email}</td>
                  <td className="px-3 py-2">{u.role}</td>
                  <td className="px-3 py-2">{u.disabledAt ? "disabled" : "active"}</td>
                  <td className="px-3 py-2">{formatDateTime(u.lastLoginAt, user.timeZone)}</td>
                  {isAdmin && (
                    <td className="px-3 py-2">
                      <UserRowActions
                        user={{ id: u.id, email: u.email, role: u.role, disabled: !!u.disabledAt }}
                        isSelf={u.id === user.id}
                      />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {isAdmin ? <CreateUserForm /> : <p className="text-sm text-slate-500">Only admins can add users.</p>}
      </section>
      <section aria-labelledby="tokens-heading" className="space-y-4">
        <h2 id="tokens-heading" className="text-lg font-semibold">
          API tokens
        </h2>
        <p className="text-sm text-slate-500">
          For <code>/api/v1</code>: send <code>Authorization: Bearer &lt;token&gt;</code>. Tokens are shown
          once and stored hashed.
        </p>
        {tokens.length === 0 ? (
          <p className="text-sm text-slate-500">No tokens yet.</p>
        ) : (
          <div
            className="overflow-x-auto rounded-lg border border-slate-200 bg-white"
            tabIndex={0}
            role="region"
            aria-label="API tokens"
          >
            <table className="w-full text-sm">
              <thead className="bg-slate-50 text-left text-xs text-slate-500 uppercase">
                <tr>
                  <th className="px-3 py-2">Name</th>
                  <th className="px-3 py-2">Prefix</th>
                  <th className="px-3 py-2">Scopes</th>
                  <th className="px-3 py-2">Last used</th>
                  <th className="px-3 py-2">Status</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {tokens.map((t) => (
                  <tr key={t.id} className="border-t border-slate-100">
                    <td className="px-3 py-2">{t.name}</td>
                    <td className="px-3 py-2 font-mono text-xs">{t.prefix}…</td>
                    <td className="px-3 py-2">{t.scopes.join(", ")}</td>
                    <td className="px-3 py-2">{formatDateTime(t.lastUsedAt, user.timeZone)}</td>
                    <td className="px-3 py-2">{t.revokedAt ? "revoked" : "active"}</td>
                    <td className="px-3 py-2 text-right">
                      {isAdmin && !t.revokedAt && <RevokeTokenButton id={t.id} />}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {isAdmin && <CreateTokenForm />}
      </section>
      <PlansSection plans={plans} canEdit={isAdmin} />
      <section aria-labelledby="audit-heading" className="space-y-4">
        <div className="flex items-center justify-between gap-2">
          <h2 id="audit-heading" className="text-lg font-semibold">
            Audit log
          </h2>
          {isAdmin && audit.length > 0 && (
            <ExportCsvLink href="/api/v1/audit/export" what="the whole audit log" />
          )}
        </div>
        <p className="text-sm text-slate-500">
          The latest 50 changes, by whom. Every change made through the dashboard, the API and the CLI is
          recorded{isAdmin ? "; the export holds all of them, with their details" : ""}.
        </p>
        {audit.length === 0 ? (
          <p className="text-sm text-slate-500">Nothing recorded yet.</p>
        ) : (
          <div
            className="overflow-x-auto rounded-lg border border-slate-200 bg-white"
            tabIndex={0}
            role="region"
            // Named apart from its section (also "Audit log"), as DataTable names its scrolling regions.
            aria-label="Audit log (scrollable)"
          >
            <table className="w-full text-sm">
              <thead className="bg-slate-50 text-left text-xs text-slate-500 uppercase">
                <tr>
                  <th className="px-3 py-2">When</th>
                  <th className="px-3 py-2">Who</th>
                  <th className="px-3 py-2">Action</th>
                  <th className="px-3 py-2">Record</th>
                </tr>
              </thead>
              <tbody>
                {audit.map((a) => (
                  <tr key={a.id} className="border-t border-slate-100">
                    <td className="px-3 py-2 whitespace-nowrap">
                      {formatDateTime(a.createdAt, user.timeZone)}
                    </td>
                    <td className="px-3 py-2">{a.actorLabel}</td>
                    <td className="px-3 py-2 font-mono text-xs">{a.action}</td>
                    <td className="px-3 py-2">
                      {a.entity}
                      {a.entityId ? ` #${a.entityId}` : ""}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
