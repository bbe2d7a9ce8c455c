// The sample federation's work: requests for help through their whole life, the events that answer
// them (programme, people sent, checklist, report), other events, and the material library.
import { addGathering, blankGathering, updateGathering, type GatheringKind } from './gatherings';
import type { GatheringId, MaterialId, PersonId } from './ids';
import { addMaterial, addTranslation, markUpToDate, setUsedAt, updateMaterial } from './materials';
import { setCandidate } from './matching';
import {
  addProgrammeItem,
  readChecklist,
  setAssignment,
  setSpeaker,
  updateChecklistItem,
  part,
} from './programme';
import {
  addRequest,
  blankRequest,
  changeStatus,
  CONTRIBUTIONS,
  REQUEST_MODES,
  updateRequest,
  type RequestKind,
} from './requests';
import {
  at,
  DAY,
  dateOf,
  fill,
  memberOf,
  spread,
  spreadRecent,
  wallTime,
  type OrgRef,
  type PersonRef,
  type Sample,
} from './sample-context';
import { MATERIALS, REQUEST_TITLES, TOPICS } from './sample-data';
import { planGathering, writeReport } from './workflow';

const KINDS = Object.keys(REQUEST_TITLES) as RequestKind[];

const EVENT_KIND: Partial<Record<RequestKind, GatheringKind>> = {
  'start-chapter': 'workshop',
  workshop: 'workshop',
  seminar: 'seminar',
  talk: 'talk',
  forum: 'forum',
};

const VENUE: Record<string, string> = {
  sv: 'Folkets hus',
  nb: 'Kulturhuset',
  da: 'Medborgerhuset',
  fi: 'Työväentalo',
  is: 'Iðnó',
  de: 'Nachbarschaftshaus',
  nl: 'Buurthuis',
  fr: 'Maison des associations',
  es: 'Ateneo popular',
  it: 'Casa del popolo',
  pl: 'Dom kultury',
  pt: 'Casa do povo',
  el: 'Εργατικό Κέντρο',
  en: 'Community Center',
};

const SESSIONS = ['Introduction', 'Group work', 'Questions and next steps', 'Role play'];

/** Requests, each taken as far through its life as its age allows, and `nEvents` events. */
export function buildRequestsAndEvents(s: Sample, nRequests: number, nEvents: number): void {
  // The last twentieth came in the last three months: some are new, some planned, some upcoming.
  const recent = Math.max(6, Math.round(nRequests / 20));
  for (let i = 0; i < nRequests; i++) {
    const created = spreadRecent(s, i, nRequests, recent, 90);
    at(s, created);
    const org = s.rng.pick(s.orgs);
    const kind = s.rng.pick(KINDS);
    const topic = s.rng.pick(TOPICS);
    const member = s.rng.chance(0.6);
    const from = created + s.rng.int(20, 70) * DAY;
    const contact = memberOf(s, org);
    const id = addRequest(
      s.doc,
      {
        ...blankRequest(),
        title: fill(s.rng.pick(REQUEST_TITLES[kind] ?? ['Help in {city}']), {
          city: org.city,
          topic,
        }),
        kind,
        fromOrganizationId: member ? org.id : '',
        groupName: member ? '' : `Study group in ${org.city}`,
        contactName: contact.id === s.me ? '' : 'Contact of the group',
        contactEmail: `group${i}@example.org`,
        country: org.country.code,
        city: org.city,
        groupSize: s.rng.int(3, 40),
        description: `We are ${s.rng.int(3, 40)} people interested in ${topic} and would like help from the federation.`,
        topics: [topic],
        preferredFrom: dateOf(from),
        preferredTo: dateOf(from + s.rng.int(7, 45) * DAY),
        language: org.country.language,
        mode: s.rng.pick(REQUEST_MODES),
        expectedPeople: s.rng.int(8, 80),
        contributions: s.rng.some(CONTRIBUTIONS, s.rng.int(0, 2)),
      },
      contact.id,
    );
    s.requests.push(id);
    if (s.history && s.rng.chance(0.3)) {
      at(s, created + 2 * DAY);
      updateRequest(s.doc, id, { expectedPeople: s.rng.int(8, 80) }, contact.id);
    }
    const eventKind = s.events.length < nEvents ? EVENT_KIND[kind] : undefined;
    lifecycle(s, id, org, created, from, eventKind);
  }
  for (let i = s.events.length, n = nEvents; i < n; i++) standaloneEvent(s, i, n);
}

function lifecycle(
  s: Sample,
  id: Parameters<typeof changeStatus>[1],
  org: OrgRef,
  created: number,
  from: number,
  eventKind: GatheringKind | undefined,
): void {
  const age = s.end - created;
  if (age < 14 * DAY) return;
  const coordinator = s.rng.pick(s.people).id;
  at(s, created + 3 * DAY);
  if (s.rng.chance(0.3)) changeStatus(s.doc, id, 'discussion', coordinator);
  if (s.rng.chance(0.12)) {
    at(s, created + 9 * DAY);
    changeStatus(
      s.doc,
      id,
      'declined',
      coordinator,
      'Nobody who speaks the language is free then.',
    );
    return;
  }
  if (age < 30 * DAY) return;
  at(s, created + 10 * DAY);
  changeStatus(s.doc, id, 'accepted', coordinator);
  const speakers = s.rng.some(s.people, s.rng.int(1, 3));
  for (const p of speakers)
    setCandidate(s.doc, id, p.id, s.rng.pick(['asked', 'agreed', 'agreed'] as const), coordinator);
  if (!eventKind) {
    if (age > 120 * DAY) {
      at(s, created + 40 * DAY);
      changeStatus(s.doc, id, 'planned', coordinator);
      changeStatus(s.doc, id, 'done', coordinator);
    }
    return;
  }
  at(s, created + 14 * DAY);
  const gathering = planGathering(
    s.doc,
    id,
    {
      ...blankGathering(org.timeZone),
      title: `${eventKind[0]?.toUpperCase()}${eventKind.slice(1)} in ${org.city}`,
      kind: eventKind,
      hostOrganizationId: org.id,
      start: wallTime(from, 10),
      end: wallTime(from, 16),
      venue: `${VENUE[org.country.language] ?? VENUE.en}, ${org.city}`,
      language: org.country.language,
      expectedParticipants: s.rng.int(8, 60),
    },
    coordinator,
  );
  s.events.push(gathering);
  prepare(s, gathering, org, from, speakers);
  if (from < s.end) report(s, gathering, from, coordinator);
}

function prepare(
  s: Sample,
  id: GatheringId,
  org: OrgRef,
  day: number,
  speakers: PersonRef[],
): void {
  const by = memberOf(s, org).id;
  for (let k = 0, n = s.rng.int(1, 3); k < n; k++) {
    const item = addProgrammeItem(
      s.doc,
      id,
      {
        title: SESSIONS[k] ?? 'Session',
        start: wallTime(day, 10 + 2 * k),
        end: wallTime(day, 11 + 2 * k),
      },
      by,
    );
    const speaker = speakers[k % speakers.length];
    if (speaker) setSpeaker(s.doc, id, item, speaker.id, true, by);
  }
  for (const { id: personId, org: home } of speakers) {
    setAssignment(
      s.doc,
      id,
      personId,
      {
        organizationId: home.id,
        travelFrom: home.city,
        travelTo: org.city,
        departOn: dateOf(day - DAY),
        returnOn: dateOf(day + DAY),
        mode: home.country === org.country ? 'train' : 'plane',
        hosting: 'Stays with a member of the chapter',
      },
      by,
    );
  }
}

function report(s: Sample, id: GatheringId, day: number, by: PersonId): void {
  at(s, day - 7 * DAY);
  const checklist = readChecklist(part(s.doc, id, 'checklist').toJSON() as Record<string, unknown>);
  for (const item of checklist) updateChecklistItem(s.doc, id, item.id, { done: true }, by);
  at(s, day + 2 * DAY);
  const participants = s.rng.int(6, 70);
  if (s.history) updateGathering(s.doc, id, { actualParticipants: participants }, by);
  const followUp = s.rng.chance(0.2);
  writeReport(
    s.doc,
    id,
    {
      text: `${participants} people came. The group work went well; they want to meet monthly.`,
      participants,
      followUpWanted: followUp,
      followUpNotes: followUp ? 'They ask for a second workshop on councils.' : '',
    },
    by,
  );
}

const STANDALONE: GatheringKind[] = ['regional-meeting', 'online', 'talk', 'forum', 'seminar'];

function standaloneEvent(s: Sample, i: number, n: number): void {
  // One in twenty lies ahead, so the overview shows upcoming events.
  const day = i % 20 === 0 ? s.end + s.rng.int(3, 90) * DAY : spread(s, i, n);
  at(s, day - 30 * DAY);
  const org = s.rng.pick(s.orgs);
  const kind = s.rng.pick(STANDALONE);
  const online = kind === 'online';
  const topic = s.rng.pick(TOPICS);
  const id = addGathering(
    s.doc,
    {
      ...blankGathering(org.timeZone),
      title: online
        ? `Online: ${topic}`
        : `${topic[0]?.toUpperCase()}${topic.slice(1)} in ${org.city}`,
      kind,
      hostOrganizationId: org.id,
      start: wallTime(day, 18),
      end: wallTime(day, 20, 30),
      venue: online ? '' : `${VENUE[org.country.language] ?? VENUE.en}, ${org.city}`,
      onlineUrl: online ? `https://meet.example.org/${i}` : '',
      language: online ? 'en' : org.country.language,
      expectedParticipants: s.rng.int(10, 120),
    },
    memberOf(s, org).id,
  );
  s.events.push(id);
}

/** Originals in English and their translations, `n` materials in all. */
export function buildMaterials(s: Sample, n: number): void {
  const past = s.events.filter((_, k) => k % 7 === 0);
  for (let made = 0, k = 0; made < n; k++) {
    const original = MATERIALS[k % MATERIALS.length] as (typeof MATERIALS)[number];
    const round = Math.floor(k / MATERIALS.length);
    const suffix = round ? ` (${round + 1})` : '';
    at(s, spread(s, k, Math.ceil(n / 2)));
    const author = s.rng.pick(s.people).id;
    const id = addMaterial(
      s.doc,
      {
        title: original.title + suffix,
        kind: s.rng.pick(['text', 'slides', 'pamphlet', 'workshop-plan'] as const),
        tags: original.tags,
        language: 'en',
        url: '',
        body: `# ${original.title}\n\nA short introduction for new members, with questions for discussion.`,
        status: 'published',
        councilId: s.councils[1]?.id ?? '',
      },
      author,
    );
    made++;
    const translations: MaterialId[] = [];
    for (const [language, title] of Object.entries(original.translations)) {
      if (made >= n) break;
      const translation = addTranslation(
        s.doc,
        id,
        {
          title: title + suffix,
          kind: 'text',
          tags: original.tags,
          language,
          url: '',
          body: `# ${title}\n\n…`,
          status: s.rng.chance(0.8) ? 'published' : 'review',
          councilId: '',
        },
        s.rng.pick(s.people).id,
      );
      translations.push(translation);
      made++;
    }
    const usedAt = past.length ? s.rng.pick(past) : null;
    if (usedAt) setUsedAt(s.doc, id, usedAt, true, author);
    if (s.history) {
      at(s, s.clock + 200 * DAY);
      updateMaterial(
        s.doc,
        id,
        { body: `# ${original.title}\n\nRevised after the workshops.` },
        author,
      );
      // Some translators caught up with the new version; the rest show as outdated.
      for (const t of translations) if (s.rng.chance(0.5)) markUpToDate(s.doc, t, author);
    }
  }
}
