// `npm run build`: `next build`, then the hash of the code it was built from beside it
// (lib/runtime/build-stamp), so the next `npm start` serves this build without rebuilding.
import { buildApp } from "@/lib/runtime/build-stamp";

process.exit(buildApp(process.cwd()) ? 0 : 1);
