// The sample federation's decisions and meetings: proposals with every position cast, regional and
// council meetings with attendance, agendas and minutes, and the tasks they hand out.
import type { DecisionRule, PositionValue } from './decision-rules';
import type { MeetingId, PersonId } from './ids';
import {
  addAgendaItem,
  addMeeting,
  blankMeeting,
  setAttendance,
  setMinutes,
  setMinutesStage,
} from './meetings';
import { addProposal, blankProposal, castPosition, closeProposal } from './proposals';
import {
  at,
  DAY,
  dateOf,
  fill,
  spread,
  wallTime,
  type PersonRef,
  type Sample,
} from './sample-context';
import { AGENDA_TITLES, MINUTES, PROPOSAL_TITLES, TASK_TITLES } from './sample-data';
import { addTask, blankTask, setHelper, setOwner, setTaskStatus } from './tasks';

function ruleFor(s: Sample): { rule: DecisionRule; council: Sample['councils'][number] | null } {
  const r = s.rng.next();
  if (r < 0.5) {
    const threshold = s.rng.pick(['majority', 'two-thirds'] as const);
    return {
      rule: { deciders: 'organizations', weighting: 'equal', threshold, quorum: 0, block: false },
      council: null,
    };
  }
  if (r < 0.8)
    return {
      rule: {
        deciders: 'people',
        weighting: 'equal',
        threshold: 'consent',
        quorum: 0,
        block: true,
      },
      council: null,
    };
  return {
    rule: {
      deciders: 'council',
      weighting: 'equal',
      threshold: 'consensus',
      quorum: 0,
      block: true,
    },
    council: s.rng.pick(s.councils),
  };
}

function positionValue(s: Sample): PositionValue {
  const r = s.rng.next();
  return r < 0.72 ? 'agree' : r < 0.84 ? 'disagree' : r < 0.95 ? 'abstain' : 'object';
}

/** Proposals with about `perProposal` positions each; those older than a month are closed. */
export function buildProposals(s: Sample, n: number, perProposal: number): void {
  for (let i = 0; i < n; i++) {
    const created = spread(s, i, n);
    at(s, created);
    const org = s.rng.pick(s.orgs);
    const { rule, council } = ruleFor(s);
    const title = fill(s.rng.pick(PROPOSAL_TITLES), {
      org: org.name,
      city: org.city,
      language: org.country.language,
      council: (council ?? s.rng.pick(s.councils)).name.toLowerCase(),
    });
    const proposer = s.rng.pick(s.people);
    const id = addProposal(
      s.doc,
      {
        ...blankProposal(),
        title,
        text: `${title}. The council that prepared it explains why in the attached notes.`,
        proposerId: proposer.id,
        councilId: council?.id ?? '',
        rule,
        deadline: new Date(created + 21 * DAY).toISOString(),
        reviewDate: dateOf(created + 365 * DAY),
      },
      proposer.id,
    );
    s.proposals.push({ id, title });
    const k = s.rng.int(Math.ceil(perProposal * 0.4), Math.floor(perProposal * 1.6));
    const voters: { voterId: string; castBy: PersonRef; how: 'self' | 'delegate' }[] =
      rule.deciders === 'organizations'
        ? s.rng.some(s.orgs, k).map((o) => ({
            voterId: o.id,
            castBy: s.peopleByOrg.get(o.id)?.[0] ?? proposer,
            how: 'delegate',
          }))
        : (council?.members ?? s.rng.some(s.people, k)).map((p) => ({
            voterId: p.id,
            castBy: p,
            how: 'self',
          }));
    for (const [j, v] of voters.entries()) {
      at(s, created + (j + 1) * 3600_000);
      const value = positionValue(s);
      const reason = value === 'object' ? 'This binds the chapters before they discussed it.' : '';
      castPosition(s.doc, id, { voterId: v.voterId, value, reason, how: v.how }, v.castBy.id);
      s.positions++;
      // Some change their mind after the discussion: every position stays on record.
      if (s.history && s.rng.chance(0.1)) {
        castPosition(s.doc, id, { voterId: v.voterId, value: 'agree', how: v.how }, v.castBy.id);
        s.positions++;
      }
    }
    if (created + 30 * DAY < s.end) {
      at(s, created + 30 * DAY);
      closeProposal(s.doc, id, proposer.id, 'Decided after discussion in the chapters.');
    }
  }
}

/** Regional and council meetings; past ones have attendance and minutes, most approved. */
export function buildMeetings(s: Sample, n: number): void {
  for (let i = 0; i < n; i++) {
    // One in ten lies ahead; the first is the coordinator's next meeting.
    const ahead = i % 10 === 0;
    const day = ahead ? s.end + s.rng.int(7, 60) * DAY : spread(s, i, n);
    at(s, day - 14 * DAY);
    const council = s.rng.chance(0.7) ? s.rng.pick(s.councils) : null;
    const people = council?.members ?? s.rng.some(s.people, s.rng.int(6, 25));
    const chair = i === 0 ? s.me : (s.rng.pick(people) as PersonRef).id;
    const secretary = (s.rng.pick(people) as PersonRef).id;
    const month = new Date(day).toLocaleDateString('en', { month: 'long', year: 'numeric' });
    const id = addMeeting(
      s.doc,
      {
        ...blankMeeting('Europe/Stockholm'),
        title: council ? `${council.name}, ${month}` : `Regional meeting, ${month}`,
        kind: council ? 'council' : 'regional',
        councilId: council?.id ?? '',
        start: wallTime(day, 18),
        place: council ? '' : `Folkets hus, ${s.orgs[0]?.city ?? ''}`,
        onlineUrl: council ? `https://meet.example.org/council-${i}` : '',
        chairId: chair,
        secretaryId: secretary,
      },
      chair,
    );
    s.meetings.push(id);
    const items = agenda(s, id, chair);
    if (ahead) continue;
    at(s, day);
    for (const p of people) setAttendance(s.doc, id, p.id, p.org.id, secretary);
    for (const item of items) {
      const text = fill(s.rng.pick(MINUTES), { city: s.rng.pick(s.orgs).city });
      if (s.history) typeMinutes(s, id, item, text, secretary);
      else setMinutes(s.doc, id, item, text, secretary);
      if (s.history && s.rng.chance(0.3))
        setMinutes(s.doc, id, item, `${text} Corrected after the meeting.`, chair);
    }
    if (day + 14 * DAY < s.end) {
      at(s, day + 14 * DAY);
      setMinutesStage(s.doc, id, 'proposed', secretary);
      setMinutesStage(s.doc, id, 'approved', chair);
    }
  }
}

// As the minutes editor writes them: one write per keystroke, in bursts of a few words with a
// pause between, and now and then a typo taken back.
function typeMinutes(s: Sample, id: MeetingId, item: string, text: string, by: PersonId): void {
  const words = text.split(/(?<= )/);
  let typed = '';
  while (words.length) {
    for (const ch of words.splice(0, s.rng.int(2, 8)).join('')) {
      if (s.rng.chance(0.03)) setMinutes(s.doc, id, item, `${typed}x`, by);
      typed += ch;
      setMinutes(s.doc, id, item, typed, by);
    }
    at(s, s.clock + s.rng.int(5, 90) * 1000);
  }
}

function agenda(s: Sample, id: MeetingId, by: PersonId): string[] {
  const items: string[] = [];
  for (let k = 0, n = s.rng.int(3, 6); k < n; k++) {
    const proposal = s.proposals.length ? s.rng.pick(s.proposals) : null;
    const template = AGENDA_TITLES[k] ?? 'Any other business';
    const onProposal = template.includes('{proposal}') && proposal;
    items.push(
      addAgendaItem(
        s.doc,
        id,
        {
          title: onProposal ? fill(template, { proposal: proposal.title }) : fill(template, {}),
          kind: onProposal ? 'proposal' : 'free',
          refId: onProposal ? proposal.id : '',
          timebox: s.rng.pick([10, 15, 20, 30]),
        },
        by,
      ),
    );
  }
  return items;
}

/** Tasks of councils, events and meetings; the coordinator owns a few open ones. */
export function buildTasks(s: Sample, n: number): void {
  for (let i = 0; i < n; i++) {
    const mine = i >= n - 5;
    const created = mine ? s.end - s.rng.int(1, 20) * DAY : spread(s, i, n);
    at(s, created);
    const org = s.rng.pick(s.orgs);
    const owner = mine ? s.me : s.rng.pick(s.people).id;
    const due = created + s.rng.int(7, 60) * DAY;
    const where = s.rng.next();
    const id = addTask(
      s.doc,
      {
        ...blankTask(),
        title: fill(s.rng.pick(TASK_TITLES), { city: org.city, org: org.name }),
        description: 'Agreed at the last meeting.',
        councilId: where < 0.4 ? s.rng.pick(s.councils).id : '',
        gatheringId: where >= 0.4 && where < 0.7 && s.events.length ? s.rng.pick(s.events) : '',
        meetingId: where >= 0.7 && s.meetings.length ? s.rng.pick(s.meetings) : '',
        ownerId: owner,
        due: dateOf(due),
      },
      s.rng.pick(s.people).id,
    );
    for (const helper of s.rng.some(s.people, s.rng.int(0, 2)))
      setHelper(s.doc, id, helper.id, true, owner);
    if (s.history && !mine && s.rng.chance(0.1))
      setOwner(s.doc, id, s.rng.pick(s.people).id, owner);
    if (mine || due > s.end) {
      if (s.rng.chance(0.4)) setTaskStatus(s.doc, id, 'doing', owner);
      continue;
    }
    at(s, created + 3 * DAY);
    setTaskStatus(s.doc, id, 'doing', owner);
    if (s.rng.chance(0.05)) {
      setTaskStatus(s.doc, id, 'blocked', owner, 'Waiting for the venue to answer.');
      continue;
    }
    at(s, due - DAY);
    setTaskStatus(s.doc, id, 'done', owner);
  }
}
