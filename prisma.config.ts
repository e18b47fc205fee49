// Prisma CLI configuration. Our own start-up and `npm run db:migrate` apply migrations with the
// WebAssembly schema engine (lib/db/migrate.ts); `npx prisma migrate deploy` reads the same folder.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/groundswell" },
});
