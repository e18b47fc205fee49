// Demo activity: each persona's weekly intensity curve (steady, ramping, fading, bursting), a seasonal
// dip, and Poisson draws of typed events, plus the per-member weekly aggregates the billing phase reads.
import { CHANNELS, CITIES, EVENT_TYPES, MEETUP, SLACK, TYPE_CODE, TYPE_MIX } from "./catalog";
import type { Rng } from "./random";
import { WEEK_MS, type DemoMember, type DemoTimeline, type EventColumns } from "./types";

/** Per member and week (index m * weeks + w): season-adjusted weight, source bits, contribution count. */
export interface WeeklyAggregates {
  weight: Float32Array;
  sources: Uint8Array;
  contributions: Uint16Array;
}

export interface ActivityResult {
  events: EventColumns;
  channels: string[];
  weekly: WeeklyAggregates;
}

/**
 * Community-wide activity multiplier for a week: a deep dip over the Christmas fortnight, a shallower
 * one in early December and a mild summer lull. Weekday structure is irrelevant at weekly resolution.
 */
export function seasonFactor(weekStartMs: number): number {
  const mid = new Date(weekStartMs + WEEK_MS / 2);
  const month = mid.getUTCMonth();
  const day = mid.getUTCDate();
  if ((month === 11 && day >= 20) || (month === 0 && day <= 3)) return 0.5;
  if (month === 11 && day >= 8) return 0.8;
  if ((month === 6 && day >= 15) || (month === 7 && day <= 20)) return 0.85;
  return 1;
}

function smoothstep(x: number): number {
  const t = Math.min(1, Math.max(0, x));
  return t * t * (3 - 2 * t);
}

interface Curve {
  /** Expected events per week before season and noise. */
  rate: Float64Array;
  /** Contribution propensity per week, 0..1 (mixes casual and contributor event types). */
  contribution: Float64Array;
}

/** The persona's intensity over the window; zero before the join week. */
function personaCurve(m: DemoMember, weeks: number, rng: Rng): Curve {
  const rate = new Float64Array(weeks);
  const contribution = new Float64Array(weeks);
  const j = m.joinWeek;
  let base = 1;
  let c = 0.1;
  let shape: (w: number) => number = () => 1;
  let cShape: (w: number) => number = () => 0;
  switch (m.persona) {
    case "bot":
      base = 150;
      c = 0;
      break;
    case "staff":
      base = rng.logNormal(14, 0.3);
      c = 0.7;
      break;
    case "lurker": {
      base = rng.logNormal(0.35, 0.6);
      c = 0;
      const quits = rng.chance(0.45) ? j + rng.int(2, 30) : Infinity;
      shape = (w) => (w >= quits ? 0.05 : 1);
      break;
    }
    case "regular": {
      base = rng.logNormal(4.5, 0.5);
      c = rng.uniform(0.03, 0.2);
      const dormant = rng.chance(0.1) ? j + rng.int(8, 60) : Infinity;
      shape = (w) => (w >= dormant ? 0.08 : 1);
      break;
    }
    case "ramper": {
      base = rng.logNormal(1, 0.5);
      c = rng.uniform(0.05, 0.2);
      const start = rng.int(Math.min(j + 3, weeks - 2), weeks - 2);
      const duration = rng.int(5, 14);
      const peak = rng.logNormal(7, 0.4);
      shape = (w) => 1 + (peak - 1) * smoothstep((w - start) / duration);
      cShape = (w) => 0.35 * smoothstep((w - start) / duration);
      break;
    }
    case "fader": {
      base = rng.logNormal(5, 0.5);
      c = rng.uniform(0.05, 0.25);
      const start = rng.int(Math.min(j + 6, weeks + 10), weeks + 10);
      const halfLife = rng.uniform(2, 8);
      shape = (w) => (w < start ? 1 : Math.max(0.03, Math.pow(0.5, (w - start) / halfLife)));
      break;
    }
    case "burster": {
      base = rng.logNormal(0.7, 0.5);
      c = 0.05;
      const boost = new Float64Array(weeks).fill(1);
      for (let w = j; w < weeks; w++) {
        if (!rng.chance(0.04)) continue;
        const len = rng.int(1, 3);
        const mult = rng.uniform(6, 15);
        for (let k = 0; k < len && w + k < weeks; k++) boost[w + k] = mult;
        w += len;
      }
      shape = (w) => boost[w];
      break;
    }
    case "contributor": {
      base = rng.logNormal(10, 0.4);
      c = rng.uniform(0.55, 0.9);
      const turn = rng.int(j + 4, weeks + 20);
      const dir = rng.weighted([0.5, 0.25, 0.25]);
      shape = (w) =>
        dir === 0 || w < turn
          ? 1
          : dir === 1
            ? 1 + 1.5 * smoothstep((w - turn) / 8)
            : Math.max(0.25, 1 - 0.75 * smoothstep((w - turn) / 10));
      break;
    }
  }
  for (let w = j; w < weeks; w++) {
    rate[w] = base * shape(w);
    contribution[w] = Math.min(0.95, c + cShape(w));
  }
  return { rate, contribution };
}

class EventBuffer implements EventColumns {
  count = 0;
  member = new Int32Array(1 << 19);
  type = new Uint8Array(1 << 19);
  at = new Float64Array(1 << 19);
  channel = new Uint16Array(1 << 19);

  push(member: number, type: number, at: number, channel: number): void {
    if (this.count === this.member.length) this.grow();
    const i = this.count++;
    this.member[i] = member;
    this.type[i] = type;
    this.at[i] = at;
    this.channel[i] = channel;
  }

  private grow(): void {
    const n = this.member.length * 2;
    const member = new Int32Array(n);
    member.set(this.member);
    this.member = member;
    const type = new Uint8Array(n);
    type.set(this.type);
    this.type = type;
    const at = new Float64Array(n);
    at.set(this.at);
    this.at = at;
    const channel = new Uint16Array(n);
    channel.set(this.channel);
    this.channel = channel;
  }

  /** Trimmed copies, so the dataset holds exactly `count` rows. */
  columns(): EventColumns {
    const n = this.count;
    return {
      count: n,
      member: this.member.slice(0, n),
      type: this.type.slice(0, n),
      at: this.at.slice(0, n),
      channel: this.channel.slice(0, n),
    };
  }
}

const SOURCE_SHARE = [1, 0.7, 0.5, 0.12];

export function generateActivity(members: DemoMember[], timeline: DemoTimeline, rng: Rng): ActivityResult {
  const { weeks, start } = timeline;
  const channels = [...CHANNELS.flatMap((list) => list.map((c) => c.name)), ...CITIES.map((c) => c.name)];
  const channelOffset = [
    0,
    CHANNELS[0].length,
    CHANNELS[0].length + CHANNELS[1].length,
    CHANNELS[0].length + CHANNELS[1].length + CHANNELS[2].length,
  ];
  const season = Array.from({ length: weeks }, (_, w) => seasonFactor(start + w * WEEK_MS));
  const weekly: WeeklyAggregates = {
    weight: new Float32Array(members.length * weeks),
    sources: new Uint8Array(members.length * weeks),
    contributions: new Uint16Array(members.length * weeks),
  };
  const buffer = new EventBuffer();
  const mix = new Float64Array(8);

  members.forEach((m, mi) => {
    const curve = personaCurve(m, weeks, rng);
    const sources = [0, 1, 2, 3].filter((s) => m.sourceMask & (1 << s));
    const shares = sources.map((s) => SOURCE_SHARE[s] * rng.logNormal(1, 0.4));
    // Each member favours some channels over others, so breadth differs between people.
    const channelPrefs = CHANNELS.map((list) => list.map((c) => c.weight * rng.logNormal(1, 0.8)));
    const homeCity = m.city;
    const emit = (w: number, type: number, at: number) => {
      const source = EVENT_TYPES[type].source;
      let channel: number;
      if (m.isBot) channel = rng.pick([0, 6, 4]);
      else if (source === MEETUP)
        channel = channelOffset[MEETUP] + (rng.chance(0.9) ? homeCity : rng.int(0, CITIES.length - 1));
      else if (type === TYPE_CODE.message && at < start + (m.joinWeek + 1) * WEEK_MS && rng.chance(0.3))
        channel = 8; // #intros
      else channel = channelOffset[source] + rng.weighted(channelPrefs[source]);
      buffer.push(mi, type, Math.floor(at), channel);
      const k = mi * weeks + w;
      weekly.weight[k] += EVENT_TYPES[type].weight / season[w];
      weekly.sources[k] |= 1 << source;
      if (EVENT_TYPES[type].contribution) weekly.contributions[k]++;
    };
    // The first activity opens the join week: an intro message, a first issue, a first post or an RSVP.
    const firstSource = sources[0];
    const firstType = [TYPE_CODE.message, TYPE_CODE.issue_opened, TYPE_CODE.post, TYPE_CODE.rsvp][
      firstSource
    ];
    emit(m.joinWeek, firstType, start + m.joinWeek * WEEK_MS + rng.next() * 0.2 * WEEK_MS);

    for (let w = m.joinWeek; w < weeks; w++) {
      const noise = m.isBot ? 1 : Math.exp(0.3 * rng.normal() - 0.045);
      const n = rng.poisson(curve.rate[w] * season[w] * noise);
      if (n === 0) continue;
      const c = curve.contribution[w];
      for (let e = 0; e < n; e++) {
        const source = m.isBot ? SLACK : sources[rng.weighted(shares)];
        const table = TYPE_MIX[source];
        let type: number;
        if (m.isBot) type = TYPE_CODE.message;
        else {
          const lurk = m.persona === "lurker";
          for (let i = 0; i < table.codes.length; i++)
            mix[i] = lurk ? table.lurker[i] : table.casual[i] * (1 - c) + table.contributor[i] * c;
          type = table.codes[rng.weighted(mix.subarray(0, table.codes.length))];
        }
        emit(w, type, start + w * WEEK_MS + rng.next() * WEEK_MS);
      }
    }
  });
  return { events: buffer.columns(), channels, weekly };
}
