// What the sample builder carries from one area to the next: a seeded random source, the clock it
// writes with, and the ids it made so far (so requests name real organizations, and so on).
import type * as Y from 'yjs';
import type {
  CouncilId,
  GatheringId,
  MeetingId,
  OrganizationId,
  PersonId,
  ProposalId,
  RequestId,
} from './ids';
import type { SampleCountry } from './sample-data';

/** A small seeded random source (mulberry32): the same seed gives the same federation. */
export class Rng {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** A number in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A whole number from `min` to `max`, both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)] as T;
  }

  /** Up to `k` different elements of `list`. */
  some<T>(list: readonly T[], k: number): T[] {
    const out = new Set<T>();
    const n = Math.min(k, list.length);
    while (out.size < n) out.add(this.pick(list));
    return [...out];
  }

  /** An id shaped like a version 4 UUID. */
  uuid(): string {
    const hex = Array.from({ length: 32 }, () => this.int(0, 15).toString(16));
    hex[12] = '4';
    hex[16] = ((this.int(0, 15) & 3) | 8).toString(16);
    const h = hex.join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
}

export interface OrgRef {
  id: OrganizationId;
  name: string;
  country: SampleCountry;
  city: string;
  timeZone: string;
  /** Removed in its history and not restored: the fund takes no application from it. */
  removed?: boolean;
}

export interface PersonRef {
  id: PersonId;
  org: OrgRef;
}

/** The builder's state while it writes one federation. */
export interface Sample {
  doc: Y.Doc;
  rng: Rng;
  history: boolean;
  /** Milliseconds: the first and the last moment of the sample's five years. */
  start: number;
  end: number;
  /** The time the next write is stamped with (moves one second per write). */
  clock: number;
  me: PersonId;
  orgs: OrgRef[];
  people: PersonRef[];
  peopleByOrg: Map<OrganizationId, PersonRef[]>;
  councils: { id: CouncilId; name: string; members: PersonRef[] }[];
  requests: RequestId[];
  events: GatheringId[];
  proposals: { id: ProposalId; title: string }[];
  meetings: MeetingId[];
  positions: number;
}

const DAY = 24 * 3600 * 1000;
export { DAY };

/**
 * The moment of item `i` of `n` over the five years, with some jitter; the federation grows, so
 * later years are busier (twice as busy at the end as on average).
 */
export function spread(s: Sample, i: number, n: number): number {
  const share = Math.min(1, (i + s.rng.next()) / Math.max(1, n));
  return Math.floor(s.start + (s.end - s.start) * Math.sqrt(share));
}

/** Like `spread`, but the last `recent` of `n` items fall in the last `days` days. */
export function spreadRecent(
  s: Sample,
  i: number,
  n: number,
  recent: number,
  days: number,
): number {
  if (i < n - recent) return spread(s, i, n - recent);
  return Math.floor(s.end - ((n - i - s.rng.next()) * days * DAY) / recent);
}

/** Stamps the following writes at `ms` (never after the sample's end). */
export function at(s: Sample, ms: number): void {
  s.clock = Math.min(ms, s.end);
}

/** "YYYY-MM-DD" of a moment. */
export function dateOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Local wall-clock "YYYY-MM-DDTHH:mm" on the day of `ms`, at `hour`. */
export function wallTime(ms: number, hour: number, minutes = 0): string {
  const hh = String(hour).padStart(2, '0');
  const mm = String(minutes).padStart(2, '0');
  return `${dateOf(ms)}T${hh}:${mm}`;
}

/** Someone from the organization, or anyone when it has nobody yet. */
export function memberOf(s: Sample, org: OrgRef): PersonRef {
  const list = s.peopleByOrg.get(org.id);
  return list?.length ? s.rng.pick(list) : s.rng.pick(s.people);
}

/** Fills `{city}`, `{topic}` … in a template. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');
}
