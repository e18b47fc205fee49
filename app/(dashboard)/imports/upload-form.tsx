"use client";
// Admin upload: choose the source and a file; the browser streams the file as the request body to
// POST /api/v1/imports, which saves it to disk and queues the import. Progress then shows above the history.
import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";

const SOURCES = [
  { value: "slack", label: "Slack export (.zip)" },
  { value: "github", label: "GitHub — GH Archive (.json, .json.gz)" },
  { value: "git", label: "git log (plain or tsv)" },
  { value: "stripe-events", label: "Stripe events (.jsonl / .json)" },
  { value: "opencollective", label: "Open Collective transactions (.csv)" },
  { value: "csv", label: "Canonical CSV" },
  { value: "jsonl", label: "Canonical JSONL" },
  { value: "discourse", label: "Discourse posts (saved /posts.json, /t/ID.json)" },
];

const KINDS = [
  { value: "members", label: "members" },
  { value: "identities", label: "identities" },
  { value: "events", label: "events" },
  { value: "subscription_changes", label: "subscription changes" },
];

export function UploadForm() {
  const router = useRouter();
  const [source, setSource] = useState("slack");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // React clears event.currentTarget once the handler yields: keep the form for the reset below.
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) {
      setMessage({ tone: "error", text: "Choose a file first." });
      return;
    }
    const query = new URLSearchParams({ source });
    const kind = String(form.get("kind") ?? "");
    const repository = String(form.get("repository") ?? "").trim();
    if (source === "csv" && kind) query.set("kind", kind);
    if (source === "git" && repository) query.set("repository", repository);
    setBusy(true);
    setMessage(null);
    try {
      const res = await fetch(`/api/v1/imports?${query}`, {
        method: "POST",
        headers: { "content-type": "application/octet-stream", "x-file-name": encodeURIComponent(file.name) },
        body: file,
      });
      const body = (await res.json().catch(() => ({}))) as { id?: number; error?: string };
      if (!res.ok) throw new Error(body.error ?? `Upload failed (${res.status})`);
      setMessage({ tone: "ok", text: `Import #${body.id} queued.` });
      formElement.reset();
      router.refresh();
    } catch (error) {
      setMessage({ tone: "error", text: error instanceof Error ? error.message : "Upload failed" });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      onSubmit={onSubmit}
      className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-4 dark:border-slate-800 dark:bg-slate-950"
      aria-label="Upload a file to import"
    >
      <label className="space-y-1 text-sm">
        <span className="font-medium">Source</span>
        <Select name="source" value={source} onChange={(e) => setSource(e.target.value)} options={SOURCES} />
      </label>
      <label className="space-y-1 text-sm">
        <span className="font-medium">File</span>
        <Input type="file" name="file" required className="pt-1.5" />
      </label>
      {source === "csv" && (
        <label className="space-y-1 text-sm">
          <span className="font-medium">Kind of rows</span>
          <Select name="kind" options={KINDS} placeholder="Detect from the columns" />
        </label>
      )}
      {source === "git" && (
        <label className="space-y-1 text-sm">
          <span className="font-medium">Repository</span>
          <Input name="repository" placeholder="owner/name" />
        </label>
      )}
      <div className="flex items-end gap-3 sm:col-span-2 lg:col-span-4">
        <Button type="submit" disabled={busy}>
          {busy ? "Uploading…" : "Upload and import"}
        </Button>
        <p className="text-xs text-slate-500">
          Files up to 5 GB are streamed to disk; larger ones: copy to the server and run{" "}
          <code>npm run cli -- import</code>.
        </p>
        {message && (
          <p
            role="status"
            className={message.tone === "ok" ? "text-sm text-green-700" : "text-sm text-red-700"}
          >
            {message.text}
          </p>
        )}
      </div>
    </form>
  );
}
