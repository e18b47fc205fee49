// The whole recompute pipeline in a fixed order: weekly rollups, ranking snapshots, outreach
// outcomes, alerts, campaign closing. Callers import recomputeAll from here, not from recompute.ts.
import "server-only";
import "./rankings/register";
import "./outreach";
import "./alerts";
import "./campaigns";
import "./page-aggregates";

export { recomputeAll } from "./recompute";
