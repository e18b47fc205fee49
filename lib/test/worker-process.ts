// Child process for the scale-out test: the real job worker (as `npm start` runs it) against DATABASE_URL.
import { startWorker, stopWorker } from "@/lib/jobs/worker";

await startWorker((line) => console.log(line));
console.log("worker started");
process.on("SIGTERM", () => void stopWorker().finally(() => process.exit(0)));
