-- AlterTable
ALTER TABLE "admin_users" DROP COLUMN "locked_until",
ADD COLUMN     "disabled_at" TIMESTAMPTZ(3),
ADD COLUMN     "session_version" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "login_backoff" (
    "email" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "blocked_until" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "login_backoff_pkey" PRIMARY KEY ("email","address")
);

-- CreateTable
CREATE TABLE "erasure_tombstones" (
    "key_hash" TEXT NOT NULL,
    "erased_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "erasure_tombstones_pkey" PRIMARY KEY ("key_hash")
);
