-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('admin', 'viewer');

-- CreateEnum
CREATE TYPE "ChangeKind" AS ENUM ('new', 'upgrade', 'downgrade', 'cancel', 'reactivate');

-- CreateEnum
CREATE TYPE "OutreachStatus" AS ENUM ('todo', 'contacted', 'replied', 'upgraded', 'renewed', 'declined', 'no_response');

-- CreateEnum
CREATE TYPE "ImportStatus" AS ENUM ('queued', 'running', 'succeeded', 'failed');

-- CreateTable
CREATE TABLE "admin_users" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "password_hash" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'viewer',
    "time_zone" TEXT NOT NULL DEFAULT 'UTC',
    "failed_logins" INTEGER NOT NULL DEFAULT 0,
    "locked_until" TIMESTAMPTZ(3),
    "last_login_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "admin_users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_tokens" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "scopes" TEXT[],
    "created_by_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "actor_id" INTEGER,
    "actor_label" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "entity_id" TEXT,
    "details" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "members" (
    "id" SERIAL NOT NULL,
    "display_name" TEXT NOT NULL,
    "primary_email" TEXT,
    "country" TEXT,
    "joined_at" TIMESTAMPTZ(3),
    "is_staff" BOOLEAN NOT NULL DEFAULT false,
    "is_bot" BOOLEAN NOT NULL DEFAULT false,
    "do_not_contact" BOOLEAN NOT NULL DEFAULT false,
    "public_opt_out" BOOLEAN NOT NULL DEFAULT false,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "is_demo" BOOLEAN NOT NULL DEFAULT false,
    "current_tier" INTEGER NOT NULL DEFAULT 0,
    "current_mrr_cents" INTEGER NOT NULL DEFAULT 0,
    "last_active_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "members_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "identities" (
    "id" SERIAL NOT NULL,
    "member_id" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "external_id" TEXT NOT NULL,
    "handle" TEXT,
    "email" TEXT,
    "email_hash" TEXT,
    "display_name" TEXT,
    "is_bot" BOOLEAN NOT NULL DEFAULT false,
    "is_deleted" BOOLEAN NOT NULL DEFAULT false,
    "profile" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "identities_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "member_merges" (
    "id" SERIAL NOT NULL,
    "survivor_id" INTEGER NOT NULL,
    "merged_id" INTEGER NOT NULL,
    "snapshot" JSONB NOT NULL,
    "reason" TEXT NOT NULL,
    "actor_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "undone_at" TIMESTAMPTZ(3),

    CONSTRAINT "member_merges_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "organizations" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "country" TEXT,
    "is_staff_org" BOOLEAN NOT NULL DEFAULT false,
    "is_demo" BOOLEAN NOT NULL DEFAULT false,
    "merged_into_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "organizations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "organization_domains" (
    "domain" TEXT NOT NULL,
    "org_id" INTEGER NOT NULL,

    CONSTRAINT "organization_domains_pkey" PRIMARY KEY ("domain")
);

-- CreateTable
CREATE TABLE "affiliations" (
    "id" SERIAL NOT NULL,
    "member_id" INTEGER NOT NULL,
    "org_id" INTEGER NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3),
    "origin" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "affiliations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "plans" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tier_rank" INTEGER NOT NULL,
    "monthly_amount_cents" INTEGER NOT NULL DEFAULT 0,
    "currency" TEXT NOT NULL DEFAULT 'usd',

    CONSTRAINT "plans_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "subscriptions" (
    "id" SERIAL NOT NULL,
    "member_id" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "external_id" TEXT NOT NULL,
    "customer_id" TEXT,
    "plan_key" TEXT,
    "tier_rank" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL,
    "mrr_cents" INTEGER NOT NULL DEFAULT 0,
    "currency" TEXT NOT NULL DEFAULT 'usd',
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "canceled_at" TIMESTAMPTZ(3),
    "current_period_end" TIMESTAMPTZ(3),
    "last_event_at" TIMESTAMPTZ(3),
    "state" JSONB,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "subscriptions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "subscription_changes" (
    "id" SERIAL NOT NULL,
    "subscription_id" INTEGER NOT NULL,
    "member_id" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "external_id" TEXT NOT NULL,
    "kind" "ChangeKind" NOT NULL,
    "from_plan_key" TEXT,
    "to_plan_key" TEXT,
    "from_tier" INTEGER NOT NULL DEFAULT 0,
    "to_tier" INTEGER NOT NULL DEFAULT 0,
    "mrr_before_cents" INTEGER NOT NULL DEFAULT 0,
    "mrr_after_cents" INTEGER NOT NULL DEFAULT 0,
    "currency" TEXT NOT NULL DEFAULT 'usd',
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "subscription_changes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payments" (
    "id" SERIAL NOT NULL,
    "member_id" INTEGER,
    "org_id" INTEGER,
    "source" TEXT NOT NULL,
    "external_id" TEXT NOT NULL,
    "amount_cents" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subscription_external_id" TEXT,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "payments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "activity_events" (
    "id" BIGSERIAL NOT NULL,
    "member_id" INTEGER NOT NULL,
    "identity_id" INTEGER,
    "source" TEXT NOT NULL,
    "external_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "channel" TEXT,
    "weight" REAL NOT NULL DEFAULT 1,
    "properties" JSONB,

    CONSTRAINT "activity_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "weekly_activity" (
    "member_id" INTEGER NOT NULL,
    "week_start" DATE NOT NULL,
    "source" TEXT NOT NULL,
    "events" INTEGER NOT NULL,
    "weight" REAL NOT NULL,
    "contributions" INTEGER NOT NULL DEFAULT 0,
    "channels" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "weekly_activity_pkey" PRIMARY KEY ("member_id","week_start","source")
);

-- CreateTable
CREATE TABLE "activity_types" (
    "type" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "weight" REAL NOT NULL DEFAULT 1,
    "is_contribution" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "activity_types_pkey" PRIMARY KEY ("type")
);

-- CreateTable
CREATE TABLE "score_snapshots" (
    "id" BIGSERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "as_of" DATE NOT NULL,
    "member_id" INTEGER NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "rank" INTEGER NOT NULL,
    "prev_rank" INTEGER,
    "reasons" JSONB NOT NULL,
    "activity_12w" REAL[] DEFAULT ARRAY[]::REAL[],
    "model_version" TEXT NOT NULL,
    "computed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "score_snapshots_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "model_runs" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "as_of" DATE NOT NULL,
    "method" TEXT NOT NULL,
    "model_version" TEXT NOT NULL,
    "note" TEXT,
    "model" JSONB NOT NULL,
    "backtest" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "model_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outreach" (
    "id" SERIAL NOT NULL,
    "member_id" INTEGER NOT NULL,
    "campaign_id" INTEGER,
    "kind" TEXT NOT NULL,
    "list" TEXT NOT NULL DEFAULT 'member',
    "channel" TEXT,
    "status" "OutreachStatus" NOT NULL DEFAULT 'todo',
    "assignee_id" INTEGER,
    "due_at" TIMESTAMPTZ(3),
    "note" TEXT,
    "outcome" TEXT,
    "contacted_at" TIMESTAMPTZ(3),
    "outcome_at" TIMESTAMPTZ(3),
    "created_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "outreach_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "campaigns" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "goal" TEXT NOT NULL,
    "source_list" TEXT NOT NULL,
    "horizon_weeks" INTEGER NOT NULL,
    "holdout_share" DOUBLE PRECISION NOT NULL,
    "seed" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "base_rate" DOUBLE PRECISION,
    "launched_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closed_at" TIMESTAMPTZ(3),
    "created_by_id" INTEGER,

    CONSTRAINT "campaigns_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "campaign_members" (
    "campaign_id" INTEGER NOT NULL,
    "member_id" INTEGER NOT NULL,
    "arm" TEXT NOT NULL,
    "score_decile" INTEGER NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "mrr_at_start_cents" INTEGER NOT NULL DEFAULT 0,
    "tier_at_start" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "campaign_members_pkey" PRIMARY KEY ("campaign_id","member_id")
);

-- CreateTable
CREATE TABLE "member_notes" (
    "id" SERIAL NOT NULL,
    "member_id" INTEGER NOT NULL,
    "author_id" INTEGER,
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "member_notes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "import_runs" (
    "id" SERIAL NOT NULL,
    "source" TEXT NOT NULL,
    "file_name" TEXT NOT NULL,
    "file_hash" TEXT,
    "status" "ImportStatus" NOT NULL DEFAULT 'queued',
    "total_bytes" BIGINT,
    "processed_bytes" BIGINT NOT NULL DEFAULT 0,
    "read" INTEGER NOT NULL DEFAULT 0,
    "imported" INTEGER NOT NULL DEFAULT 0,
    "duplicates" INTEGER NOT NULL DEFAULT 0,
    "quarantined" INTEGER NOT NULL DEFAULT 0,
    "members_created" INTEGER NOT NULL DEFAULT 0,
    "identities_linked" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "summary" JSONB,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "created_by_id" INTEGER,

    CONSTRAINT "import_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "quarantined_rows" (
    "id" BIGSERIAL NOT NULL,
    "import_run_id" INTEGER NOT NULL,
    "file" TEXT NOT NULL,
    "line" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "raw" TEXT NOT NULL,

    CONSTRAINT "quarantined_rows_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "processed_events" (
    "id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "processed_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "settings" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "settings_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "targets" (
    "id" SERIAL NOT NULL,
    "metric" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "due_date" DATE NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "targets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alerts" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "member_id" INTEGER,
    "org_id" INTEGER,
    "message" TEXT NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "read_at" TIMESTAMPTZ(3),

    CONSTRAINT "alerts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "coc_flags" (
    "id" SERIAL NOT NULL,
    "org_id" INTEGER NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "note" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "coc_flags_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ppp_rates" (
    "country" TEXT NOT NULL,
    "factor" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "ppp_rates_pkey" PRIMARY KEY ("country")
);

-- CreateIndex
CREATE UNIQUE INDEX "admin_users_email_key" ON "admin_users"("email");

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "audit_log_entity_entity_id_idx" ON "audit_log"("entity", "entity_id");

-- CreateIndex
CREATE INDEX "audit_log_created_at_idx" ON "audit_log"("created_at");

-- CreateIndex
CREATE INDEX "members_display_name_idx" ON "members"("display_name");

-- CreateIndex
CREATE INDEX "members_primary_email_idx" ON "members"("primary_email");

-- CreateIndex
CREATE INDEX "members_current_tier_idx" ON "members"("current_tier");

-- CreateIndex
CREATE INDEX "identities_member_id_idx" ON "identities"("member_id");

-- CreateIndex
CREATE INDEX "identities_email_idx" ON "identities"("email");

-- CreateIndex
CREATE INDEX "identities_email_hash_idx" ON "identities"("email_hash");

-- CreateIndex
CREATE INDEX "identities_handle_idx" ON "identities"("handle");

-- CreateIndex
CREATE UNIQUE INDEX "identities_source_external_id_key" ON "identities"("source", "external_id");

-- CreateIndex
CREATE INDEX "member_merges_survivor_id_idx" ON "member_merges"("survivor_id");

-- CreateIndex
CREATE UNIQUE INDEX "organizations_slug_key" ON "organizations"("slug");

-- CreateIndex
CREATE INDEX "organization_domains_org_id_idx" ON "organization_domains"("org_id");

-- CreateIndex
CREATE INDEX "affiliations_org_id_idx" ON "affiliations"("org_id");

-- CreateIndex
CREATE UNIQUE INDEX "affiliations_member_id_org_id_starts_at_key" ON "affiliations"("member_id", "org_id", "starts_at");

-- CreateIndex
CREATE UNIQUE INDEX "plans_key_key" ON "plans"("key");

-- CreateIndex
CREATE INDEX "subscriptions_member_id_idx" ON "subscriptions"("member_id");

-- CreateIndex
CREATE INDEX "subscriptions_status_idx" ON "subscriptions"("status");

-- CreateIndex
CREATE UNIQUE INDEX "subscriptions_source_external_id_key" ON "subscriptions"("source", "external_id");

-- CreateIndex
CREATE INDEX "subscription_changes_member_id_occurred_at_idx" ON "subscription_changes"("member_id", "occurred_at");

-- CreateIndex
CREATE INDEX "subscription_changes_occurred_at_idx" ON "subscription_changes"("occurred_at");

-- CreateIndex
CREATE UNIQUE INDEX "subscription_changes_source_external_id_key" ON "subscription_changes"("source", "external_id");

-- CreateIndex
CREATE INDEX "payments_member_id_occurred_at_idx" ON "payments"("member_id", "occurred_at");

-- CreateIndex
CREATE INDEX "payments_org_id_occurred_at_idx" ON "payments"("org_id", "occurred_at");

-- CreateIndex
CREATE UNIQUE INDEX "payments_source_external_id_key" ON "payments"("source", "external_id");

-- CreateIndex
CREATE INDEX "activity_events_member_id_occurred_at_idx" ON "activity_events"("member_id", "occurred_at");

-- CreateIndex
CREATE INDEX "activity_events_occurred_at_idx" ON "activity_events"("occurred_at");

-- CreateIndex
CREATE UNIQUE INDEX "activity_events_source_external_id_key" ON "activity_events"("source", "external_id");

-- CreateIndex
CREATE INDEX "weekly_activity_week_start_idx" ON "weekly_activity"("week_start");

-- CreateIndex
CREATE INDEX "score_snapshots_kind_as_of_rank_idx" ON "score_snapshots"("kind", "as_of", "rank");

-- CreateIndex
CREATE INDEX "score_snapshots_member_id_kind_as_of_idx" ON "score_snapshots"("member_id", "kind", "as_of");

-- CreateIndex
CREATE UNIQUE INDEX "score_snapshots_kind_as_of_member_id_key" ON "score_snapshots"("kind", "as_of", "member_id");

-- CreateIndex
CREATE INDEX "model_runs_kind_created_at_idx" ON "model_runs"("kind", "created_at");

-- CreateIndex
CREATE INDEX "outreach_member_id_idx" ON "outreach"("member_id");

-- CreateIndex
CREATE INDEX "outreach_status_idx" ON "outreach"("status");

-- CreateIndex
CREATE INDEX "outreach_campaign_id_idx" ON "outreach"("campaign_id");

-- CreateIndex
CREATE INDEX "campaign_members_member_id_idx" ON "campaign_members"("member_id");

-- CreateIndex
CREATE INDEX "member_notes_member_id_idx" ON "member_notes"("member_id");

-- CreateIndex
CREATE INDEX "import_runs_started_at_idx" ON "import_runs"("started_at");

-- CreateIndex
CREATE INDEX "quarantined_rows_import_run_id_idx" ON "quarantined_rows"("import_run_id");

-- CreateIndex
CREATE UNIQUE INDEX "alerts_dedupe_key_key" ON "alerts"("dedupe_key");

-- CreateIndex
CREATE INDEX "alerts_created_at_idx" ON "alerts"("created_at");

-- CreateIndex
CREATE INDEX "coc_flags_org_id_idx" ON "coc_flags"("org_id");

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "admin_users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "identities" ADD CONSTRAINT "identities_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "organization_domains" ADD CONSTRAINT "organization_domains_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "affiliations" ADD CONSTRAINT "affiliations_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "affiliations" ADD CONSTRAINT "affiliations_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subscription_changes" ADD CONSTRAINT "subscription_changes_subscription_id_fkey" FOREIGN KEY ("subscription_id") REFERENCES "subscriptions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subscription_changes" ADD CONSTRAINT "subscription_changes_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payments" ADD CONSTRAINT "payments_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payments" ADD CONSTRAINT "payments_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "activity_events" ADD CONSTRAINT "activity_events_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "activity_events" ADD CONSTRAINT "activity_events_identity_id_fkey" FOREIGN KEY ("identity_id") REFERENCES "identities"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "weekly_activity" ADD CONSTRAINT "weekly_activity_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "score_snapshots" ADD CONSTRAINT "score_snapshots_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "outreach" ADD CONSTRAINT "outreach_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "outreach" ADD CONSTRAINT "outreach_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "outreach" ADD CONSTRAINT "outreach_assignee_id_fkey" FOREIGN KEY ("assignee_id") REFERENCES "admin_users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaign_members" ADD CONSTRAINT "campaign_members_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaign_members" ADD CONSTRAINT "campaign_members_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "member_notes" ADD CONSTRAINT "member_notes_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "member_notes" ADD CONSTRAINT "member_notes_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "admin_users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "quarantined_rows" ADD CONSTRAINT "quarantined_rows_import_run_id_fkey" FOREIGN KEY ("import_run_id") REFERENCES "import_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "coc_flags" ADD CONSTRAINT "coc_flags_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
