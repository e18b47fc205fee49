-- CreateTable
CREATE TABLE "identity_splits" (
    "id" SERIAL NOT NULL,
    "identity_id" INTEGER NOT NULL,
    "from_member_id" INTEGER NOT NULL,
    "to_member_id" INTEGER NOT NULL,
    "apart_from" INTEGER[],
    "moved" JSONB NOT NULL,
    "actor_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "undone_at" TIMESTAMPTZ(3),

    CONSTRAINT "identity_splits_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "identity_splits_identity_id_idx" ON "identity_splits"("identity_id");
