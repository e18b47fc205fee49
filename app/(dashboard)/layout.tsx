import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { dataPreparation } from "@/lib/data/pipeline-status";
import { PreparingData } from "./preparing-data";
import { Nav } from "./nav";
import { SignOutButton } from "./sign-out-button";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const [user, preparation] = await Promise.all([requireUser(), dataPreparation()]);
  return (
    <div className="flex min-h-screen flex-col md:flex-row">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-indigo-700 px-3 py-2 text-sm font-medium text-white focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        Skip to content
      </a>
      <aside className="border-b border-slate-200 bg-white md:sticky md:top-0 md:h-screen md:w-56 md:shrink-0 md:border-r md:border-b-0">
        <div className="flex items-center justify-between px-4 py-4">
          <Link href="/" className="text-lg font-semibold tracking-tight text-indigo-700">
            Groundswell
          </Link>
        </div>
        <Nav />
        <div className="hidden border-t border-slate-200 px-4 py-3 text-xs text-slate-600 md:absolute md:bottom-0 md:block md:w-56">
          <p className="truncate" title={user.email}>
            {user.email}
          </p>
          <p className="mb-2 tracking-wide uppercase" data-testid="user-role">
            {user.role}
          </p>
          <SignOutButton />
        </div>
      </aside>
      <div className="min-w-0 flex-1">
        <div className="flex items-center justify-end gap-3 border-b border-slate-200 bg-white px-4 py-2 text-xs text-slate-600 md:hidden">
          <span>{user.email}</span>
          <SignOutButton />
        </div>
        <main id="main" tabIndex={-1} className="mx-auto max-w-7xl p-4 outline-none md:p-8">
          {preparation ? <PreparingData preparation={preparation} /> : children}
        </main>
      </div>
    </div>
  );
}
