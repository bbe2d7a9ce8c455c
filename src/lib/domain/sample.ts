// A sample federation for the demo and the benchmarks: seeded and deterministic, written only with
// the domain's own write functions, so it is exactly what people could have made with the app.
// `scale` 1 is the large region of DESIGN.md after five years; the demo uses about 0.01.
import type * as Y from 'yjs';
import { addCouncil, setMember } from './councils';
import { initFederation } from './federation';
import { withIds, type OrganizationId, type PersonId } from './ids';
import {
  addOrganization,
  removeOrganization,
  restoreOrganization,
  updateOrganization,
  type OrganizationStage,
} from './organizations';
import { addPerson, removePerson, restorePerson, SUGGESTED_SKILLS, updatePerson } from './people';
import { buildMaterials, buildRequestsAndEvents } from './sample-work';
import { buildMeetings, buildProposals, buildTasks } from './sample-decisions';
import { buildFund, type FundCounts } from './sample-fund';
import {
  at,
  DAY,
  dateOf,
  fill,
  Rng,
  spread,
  type OrgRef,
  type PersonRef,
  type Sample,
} from './sample-context';
import { COUNCILS, COUNTRIES, NOTES, TOPICS } from './sample-data';
import { LOCAL_EDIT, type CollectionKey } from './schema';
import { withClock } from './time';

export interface SampleOptions {
  seed: number;
  /** 1: 300 organizations, 3,000 people, 5,000 requests, 10,000 events … (DESIGN.md, "Scale"). */
  scale: number;
  /** The last moment of the sample's five years (ISO); events after it are upcoming. */
  now?: string;
  /** Edit entities several times, remove some and restore some, as years of use would. */
  history?: boolean;
  /** The federation's name. */
  name?: string;
}

export interface SampleSummary {
  /** The person who coordinates the sample: a device looking around can be them. */
  me: PersonId;
  counts: Record<CollectionKey, number>;
  positions: number;
  ledgerEntries: number;
}

/** How many of each a large region has after five years (DESIGN.md); positions: 10 a proposal. */
export const FIVE_YEARS: Record<CollectionKey, number> = {
  organizations: 300,
  people: 3000,
  requests: 5000,
  gatherings: 10_000,
  councils: 24,
  tasks: 4000,
  materials: 200,
  proposals: 5000,
  meetings: 2000,
  accounts: 3,
  applications: 300,
  expenseRequests: 2000,
  budgets: 505,
};

/** Ledger entries after five years (DESIGN.md). */
export const FIVE_YEARS_LEDGER = 50_000;

// Small samples still fill every screen.
const AT_LEAST: Record<CollectionKey, number> = {
  organizations: 8,
  people: 30,
  requests: 12,
  gatherings: 12,
  councils: 3,
  tasks: 12,
  materials: 6,
  proposals: 8,
  meetings: 4,
  accounts: 3,
  applications: 8,
  expenseRequests: 6,
  budgets: 4,
};

const YEAR = 365 * DAY;

/** How many of each area `scale` asks for. */
export function sampleCounts(scale: number): Record<CollectionKey, number> {
  const out = {} as Record<CollectionKey, number>;
  for (const key of Object.keys(FIVE_YEARS) as CollectionKey[])
    out[key] = Math.max(AT_LEAST[key], Math.round(FIVE_YEARS[key] * scale));
  return out;
}

/** Writes a whole sample federation into an empty document; the same options give the same one. */
export function buildSampleFederation(doc: Y.Doc, opts: SampleOptions): SampleSummary {
  const counts = sampleCounts(opts.scale);
  const end = Date.parse(opts.now ?? '2026-06-01T09:00:00.000Z');
  const rng = new Rng(opts.seed);
  const ids = new Rng(opts.seed ^ 0x5eed);
  const s: Sample = {
    doc,
    rng,
    history: opts.history ?? false,
    start: end - 5 * YEAR,
    end,
    clock: end - 5 * YEAR,
    me: '' as PersonId,
    orgs: [],
    people: [],
    peopleByOrg: new Map(),
    councils: [],
    requests: [],
    events: [],
    proposals: [],
    meetings: [],
    positions: 0,
  };
  const clock = () => new Date((s.clock += 1000)).toISOString();
  let fund: FundCounts | null = null;
  // One transaction: a fifth faster than one per write, and observers run once.
  withIds(
    () => ids.uuid(),
    () =>
      withClock(clock, () =>
        doc.transact(() => {
          s.me = ids.uuid() as PersonId;
          initFederation(
            doc,
            {
              name: opts.name ?? 'Federation for a Participatory Society',
              region: 'Scandinavia, Europe and the United States',
              baseCurrency: 'EUR',
              languages: ['en', 'sv', 'de', 'es', 'fr'],
            },
            s.me,
          );
          buildOrganizations(s, counts.organizations);
          buildPeople(s, counts.people);
          buildCouncils(s, counts.councils);
          buildRequestsAndEvents(s, counts.requests, counts.gatherings);
          buildMaterials(s, counts.materials);
          buildProposals(s, counts.proposals, 10);
          buildMeetings(s, counts.meetings);
          buildTasks(s, counts.tasks);
          fund = buildFund(
            s,
            Math.max(60, Math.round(FIVE_YEARS_LEDGER * opts.scale)),
            counts.expenseRequests,
            counts.budgets,
          );
        }, LOCAL_EDIT),
      ),
  );
  const { ledger, ...made } = fund!;
  return {
    me: s.me,
    counts: { ...counts, ...made },
    positions: s.positions,
    ledgerEntries: ledger,
  };
}

const STAGES: OrganizationStage[] = ['forming', 'new', 'growing', 'established'];

function pickCountry(rng: Rng) {
  let r = rng.next() * COUNTRIES.reduce((sum, c) => sum + c.weight, 0);
  for (const country of COUNTRIES) if ((r -= country.weight) < 0) return country;
  return COUNTRIES[0] as (typeof COUNTRIES)[number];
}

function ascii(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}

function buildOrganizations(s: Sample, n: number): void {
  const names = new Set<string>();
  for (let i = 0; i < n; i++) {
    const created = spread(s, i, n * 1.3);
    at(s, created);
    const country = i === 0 ? (COUNTRIES[0] as (typeof COUNTRIES)[number]) : pickCountry(s.rng);
    const [city, timeZone] = s.rng.pick(country.cities);
    let name = fill(s.rng.pick(country.orgs), { city });
    for (let k = 2; names.has(name); k++) name = `${fill(country.orgs[0] ?? '', { city })} ${k}`;
    names.add(name);
    // Older chapters have grown further.
    const age = (s.end - created) / (s.end - s.start);
    const stage = STAGES[Math.min(3, Math.floor(age * 4 + s.rng.next()))] ?? 'forming';
    const slug = ascii(city) || 'chapter';
    const id = addOrganization(
      s.doc,
      {
        name,
        country: country.code,
        city,
        stage,
        contactName: `${s.rng.pick(country.first)} ${s.rng.pick(country.last)}`,
        contactEmail: `contact@${slug}-${i}.example.org`,
        website: s.rng.chance(0.6) ? `https://${slug}-${i}.example.org` : '',
        languages: country.language === 'en' ? ['en'] : [country.language, 'en'],
        notes: s.rng.chance(0.5) ? s.rng.pick(NOTES) : '',
        memberSince: stage === 'forming' ? '' : dateOf(created + 60 * DAY),
      },
      s.me,
    );
    const ref: OrgRef = { id, name, country, city, timeZone };
    s.orgs.push(ref);
    s.peopleByOrg.set(id, []);
    if (s.history) organizationHistory(s, ref, created);
  }
}

function organizationHistory(s: Sample, org: OrgRef, created: number): void {
  const edits = s.rng.int(0, 4);
  for (let k = 1; k <= edits; k++) {
    at(s, created + k * 90 * DAY);
    if (s.clock >= s.end) return;
    updateOrganization(s.doc, org.id, { notes: `${s.rng.pick(NOTES)} (${dateOf(s.clock)})` }, s.me);
  }
  if (s.rng.chance(0.04)) {
    removeOrganization(s.doc, org.id, s.me);
    if (s.rng.chance(0.5)) restoreOrganization(s.doc, org.id, s.me);
    else org.removed = true;
  }
}

function buildPeople(s: Sample, n: number): void {
  const used = new Set<string>();
  for (let i = 0; i < n; i++) {
    const org = i === 0 ? (s.orgs[0] as OrgRef) : s.rng.pick(s.orgs);
    const created = spread(s, i, n);
    at(s, created);
    const { country } = org;
    let name = `${s.rng.pick(country.first)} ${s.rng.pick(country.last)}`;
    if (used.has(name))
      name = name.replace(' ', ` ${String.fromCharCode(65 + s.rng.int(0, 25))}. `);
    used.add(name);
    const from = s.end + s.rng.int(5, 60) * DAY;
    const person = {
      name,
      organizationId: org.id as OrganizationId | '',
      country: country.code,
      city: org.city,
      languages: country.language === 'en' ? ['en'] : [country.language, 'en'],
      topics: s.rng.some(TOPICS, s.rng.int(1, 3)),
      skills: s.rng.some(SUGGESTED_SKILLS, s.rng.int(0, 2)),
      availability: s.rng.chance(0.4) ? [{ from: dateOf(from), to: dateOf(from + 10 * DAY) }] : [],
      availabilityNotes: '',
      email: `${ascii(name)}.${i}@example.net`,
      phone: '',
      travel: s.rng.pick(['no', 'region', 'country', 'anywhere'] as const),
    };
    const id = addPerson(s.doc, person, s.me, i === 0 ? s.me : undefined);
    const ref: PersonRef = { id, org };
    s.people.push(ref);
    s.peopleByOrg.get(org.id)?.push(ref);
    if (s.history && s.rng.chance(0.3)) {
      at(s, created + s.rng.int(30, 400) * DAY);
      updatePerson(s.doc, id, { topics: s.rng.some(TOPICS, s.rng.int(1, 4)) }, id);
      if (i > 0 && s.rng.chance(0.1)) {
        removePerson(s.doc, id, s.me);
        if (s.rng.chance(0.5)) restorePerson(s.doc, id, s.me);
      }
    }
  }
}

function buildCouncils(s: Sample, n: number): void {
  for (let i = 0; i < n; i++) {
    at(s, spread(s, i, n * 2));
    const base = COUNCILS[i % COUNCILS.length] ?? 'Council';
    const round = Math.floor(i / COUNCILS.length);
    const name = round ? `${base} ${round + 1}` : base;
    const members = i === 0 ? [s.people[0] as PersonRef] : [];
    for (const p of s.rng.some(s.people, s.rng.int(3, 9)))
      if (!members.includes(p)) members.push(p);
    const convener = members[0] as PersonRef;
    const id = addCouncil(
      s.doc,
      {
        name,
        mandateOwn: `The ${name.toLowerCase()} decides on its own budget line and its own working methods.`,
        mandateBring: 'Anything that binds the member organizations goes to the regional meeting.',
        convenerId: convener.id,
        createdByDecision: `Regional meeting, ${dateOf(s.clock)}`,
        reviewDate: dateOf(s.clock + 2 * YEAR),
      },
      s.me,
    );
    for (const m of members) setMember(s.doc, id, m.id, { organizationId: m.org.id }, convener.id);
    s.councils.push({ id, name, members });
  }
}
