// Builds the whole demo community in memory from a seed and an anchor date: people, then activity,
// then billing that reads the activity, then outreach. Pure: the same inputs give identical arrays.
import { generateActivity } from "./activity";
import { simulateBilling } from "./billing";
import { EVENT_TYPES, TAGS, TYPE_CODE } from "./catalog";
import { generateOutreach } from "./outreach";
import { generatePeople } from "./people";
import { Rng } from "./random";
import { DAY_MS, WEEK_MS, type DemoDataset, type DemoTimeline } from "./types";

export interface GenerateOptions {
  seed: number;
  members: number;
  months: number;
  now: Date;
}

/** Weeks covering `months` calendar months, ending at `now`. */
export function demoTimeline(now: Date, months: number): DemoTimeline {
  const end = now.getTime();
  const weeks = Math.max(16, Math.round((months * 365.25) / 12 / 7));
  return { start: end - weeks * WEEK_MS, end, weeks };
}

/** Today at 00:00 UTC: the default anchor, so a seed gives the same data all day. */
export function startOfUtcDay(date: Date): Date {
  return new Date(Math.floor(date.getTime() / DAY_MS) * DAY_MS);
}

export function generateDemoCommunity(options: GenerateOptions): DemoDataset {
  const root = new Rng(options.seed);
  // One stream per phase, so changing how one phase draws never reshuffles the others.
  const [peopleRng, activityRng, billingRng, outreachRng] = [1, 2, 3, 4].map((salt) => root.fork(salt));
  const timeline = demoTimeline(options.now, options.months);
  const people = generatePeople(peopleRng, Math.max(options.members, 10), timeline.weeks);
  const activity = generateActivity(people.members, timeline, activityRng);
  const { events } = activity;

  const hosted = new Uint16Array(people.members.length);
  const paired = new Uint16Array(people.members.length);
  for (const m of people.members) {
    m.joinedAt = Infinity;
    m.lastActiveAt = -Infinity;
  }
  for (let i = 0; i < events.count; i++) {
    const m = people.members[events.member[i]];
    const at = events.at[i];
    if (at < m.joinedAt) m.joinedAt = at;
    if (at > m.lastActiveAt) m.lastActiveAt = at;
    if (events.type[i] === TYPE_CODE.meetup_hosted) hosted[events.member[i]]++;
    else if (events.type[i] === TYPE_CODE.pairing_session) paired[events.member[i]]++;
  }
  people.members.forEach((m, i) => {
    if (hosted[i] > 0) m.tags.push(TAGS.speaker);
    if (paired[i] >= 3) m.tags.push(TAGS.mentor);
  });

  const billing = simulateBilling(people, activity.weekly, timeline, billingRng);
  const outreach = generateOutreach(people.members, billing.changes, activity.weekly, timeline, outreachRng);
  return { timeline, ...people, channels: activity.channels, events, ...billing, outreach };
}

/** Total event weight, summed in event order (the determinism check compares it with the database's sum). */
export function totalEventWeight(dataset: DemoDataset): number {
  let sum = 0;
  for (let i = 0; i < dataset.events.count; i++) sum += EVENT_TYPES[dataset.events.type[i]].weight;
  return Math.round(sum * 1000) / 1000;
}
