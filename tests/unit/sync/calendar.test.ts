import ICAL from 'ical.js';
import { afterEach, describe, expect, it } from 'vitest';
import {
  addGathering,
  blankGathering,
  listGatherings,
  removeGathering,
  type Gathering,
} from '$lib/domain/gatherings';
import type { GatheringId, PersonId } from '$lib/domain/ids';
import { addProgrammeItem, setSpeaker } from '$lib/domain/programme';
import { calendarFileName, ICALENDAR_TYPE, toICalendar } from '$lib/sync/calendar';
import { ALICE, newFederationDoc } from '../domain/helpers';

const NOW = new Date('2026-05-01T12:34:56.789Z');

/** A stored event built by hand, so fields the forms refuse can be tested too. */
function gathering(overrides: Partial<Gathering> = {}): Gathering {
  return {
    ...blankGathering('Europe/Stockholm'),
    id: 'g-1' as GatheringId,
    createdAt: '2026-04-01T10:00:00.000Z',
    createdBy: ALICE,
    updatedAt: '2026-04-01T10:01:30.000Z',
    updatedBy: ALICE,
    deletedAt: null,
    title: 'Workshop',
    start: '2026-07-01T10:00',
    end: '2026-07-01T16:00',
    requestIds: [],
    programme: [],
    assignments: [],
    checklist: [],
    report: null,
    ...overrides,
  };
}

function parse(ics: string): ICAL.Component {
  return new ICAL.Component(ICAL.parse(ics));
}

function events(ics: string): ICAL.Component[] {
  return parse(ics).getAllSubcomponents('vevent');
}

function only(ics: string): ICAL.Component {
  const all = events(ics);
  expect(all).toHaveLength(1);
  return all[0]!;
}

const text = (ev: ICAL.Component, name: string) => ev.getFirstPropertyValue(name);
const instant = (ev: ICAL.Component, name: string) => {
  const t = ev.getFirstPropertyValue(name) as ICAL.Time;
  expect(t.zone?.tzid).toBe('UTC');
  return t.toJSDate().toISOString();
};

const exportOne = (overrides: Partial<Gathering>) =>
  only(toICalendar([gathering(overrides)], { calendarName: 'Test', now: NOW }));

describe('toICalendar', () => {
  it('writes one VCALENDAR with the calendar properties', () => {
    const cal = parse(toICalendar([], { calendarName: 'Nordic, North; "East"\nWest', now: NOW }));
    expect(cal.name).toBe('vcalendar');
    expect(text(cal, 'version')).toBe('2.0');
    expect(text(cal, 'prodid')).toBe('-//Federation Planner//EN');
    expect(text(cal, 'calscale')).toBe('GREGORIAN');
    expect(text(cal, 'method')).toBe('PUBLISH');
    expect(text(cal, 'x-wr-calname')).toBe('Nordic, North; "East"\nWest');
    expect(cal.getAllSubcomponents('vevent')).toEqual([]);
  });

  it('writes one VEVENT per event with stable UIDs and the fixed fields', () => {
    const ics = toICalendar(
      [gathering(), gathering({ id: 'g-2' as GatheringId, kind: 'regional-meeting' })],
      { calendarName: 'Test', now: NOW },
    );
    const [a, b] = events(ics);
    expect(events(ics)).toHaveLength(2);
    expect(text(a!, 'uid')).toBe('g-1@federation-planner');
    expect(text(b!, 'uid')).toBe('g-2@federation-planner');
    expect(text(a!, 'categories')).toBe('workshop');
    expect(text(b!, 'categories')).toBe('regional-meeting');
    expect(text(a!, 'status')).toBe('CONFIRMED');
    expect(instant(a!, 'dtstamp')).toBe('2026-05-01T12:34:56.000Z');
    expect(instant(a!, 'last-modified')).toBe('2026-04-01T10:01:30.000Z');
    expect(text(a!, 'sequence')).toBe(90);
    expect(ics).toContain('\r\nDTSTAMP:20260501T123456Z\r\n');
  });

  it('never lets SEQUENCE go negative or break on bad timestamps', () => {
    expect(text(exportOne({ updatedAt: '2026-03-01T00:00:00.000Z' }), 'sequence')).toBe(0);
    const ev = exportOne({ updatedAt: 'garbage' });
    expect(text(ev, 'sequence')).toBe(0);
    expect(ev.hasProperty('last-modified')).toBe(false);
  });

  it('round-trips text exactly: commas, semicolons, newlines, backslashes, Malmö, emoji', () => {
    const title = 'Möte, planering; och fika 🎉 '.padEnd(300, 'x');
    expect(title).toHaveLength(300);
    const venue = 'Folkets Hus, Malmö; sal 2 \\ entré B';
    const description = 'Rad ett, med komma;\nrad två 🚲\n\n"citat" — slut';
    const ics = toICalendar([gathering({ title, venue, description })], {
      calendarName: 'Test',
      now: NOW,
    });
    const ev = only(ics);
    expect(text(ev, 'summary')).toBe(title);
    expect(text(ev, 'location')).toBe(venue);
    expect(text(ev, 'description')).toBe(description);
    // Escaped by ical.js, sent as UTF-8.
    expect(ics).toContain('LOCATION:Folkets Hus\\, Malmö\\; sal 2 \\\\ entré B\r\n');
  });

  it('folds long lines to at most 75 octets, never inside a character', () => {
    const title = 'ö🎉'.repeat(60) + 'x'.repeat(300);
    const ics = toICalendar([gathering({ title, description: 'å'.repeat(500) })], {
      calendarName: 'Test',
      now: NOW,
    });
    const lines = ics.split('\r\n');
    expect(lines.filter((l) => l.startsWith(' ')).length).toBeGreaterThan(10);
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(ics).not.toContain('\uFFFD');
    expect(text(only(ics), 'summary')).toBe(title);
    expect(ICAL.foldLength).toBe(75);
  });

  it('uses CRLF line endings only, ending with one', () => {
    const ics = toICalendar([gathering({ description: 'a\r\nb\rc\nd\u0007e' })], {
      calendarName: 'Test',
      now: NOW,
    });
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(text(only(ics), 'description')).toBe('a\nb\nc\nde');
  });

  it.each([
    ['Stockholm summer (CEST)', '2026-07-01T10:00', 'Europe/Stockholm', '2026-07-01T08:00:00.000Z'],
    ['Stockholm winter (CET)', '2026-01-15T10:00', 'Europe/Stockholm', '2026-01-15T09:00:00.000Z'],
    ['Los Angeles summer', '2026-07-01T10:00', 'America/Los_Angeles', '2026-07-01T17:00:00.000Z'],
    ['Los Angeles winter', '2026-01-15T10:00', 'America/Los_Angeles', '2026-01-15T18:00:00.000Z'],
    ['UTC', '2026-07-01T10:00', 'UTC', '2026-07-01T10:00:00.000Z'],
    ['Kolkata (+05:30)', '2026-07-01T10:00', 'Asia/Kolkata', '2026-07-01T04:30:00.000Z'],
    // Gap: 02:30 does not exist; read with the offset before the gap, i.e. 03:30 CEST.
    ['Stockholm gap', '2026-03-29T02:30', 'Europe/Stockholm', '2026-03-29T01:30:00.000Z'],
    ['Los Angeles gap', '2026-03-08T02:30', 'America/Los_Angeles', '2026-03-08T10:30:00.000Z'],
    // Overlap: 02:30 happens twice; the first (still summer time) is meant.
    ['Stockholm overlap', '2026-10-25T02:30', 'Europe/Stockholm', '2026-10-25T00:30:00.000Z'],
    ['Stockholm after overlap', '2026-10-25T03:00', 'Europe/Stockholm', '2026-10-25T02:00:00.000Z'],
    ['Los Angeles overlap', '2026-11-01T01:30', 'America/Los_Angeles', '2026-11-01T08:30:00.000Z'],
  ])('converts %s to UTC', (_, start, timeZone, expected) => {
    const ev = exportOne({ start, end: '2026-12-31T23:00', timeZone });
    expect(instant(ev, 'dtstart')).toBe(expected);
  });

  describe('whatever zone the computer itself is in', () => {
    const saved = process.env.TZ;
    afterEach(() => {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    });

    it.each(['UTC', 'Europe/Stockholm', 'America/Los_Angeles', 'Asia/Kolkata'])(
      'gives the same instants on a host in %s',
      (host) => {
        process.env.TZ = host;
        const ev = exportOne({ start: '2026-10-25T02:30', end: '2026-10-25T02:45' });
        expect(instant(ev, 'dtstart')).toBe('2026-10-25T00:30:00.000Z');
        expect(instant(ev, 'dtend')).toBe('2026-10-25T00:45:00.000Z');
      },
    );
  });

  it('spans a DST change with its real length', () => {
    const ev = exportOne({ start: '2026-10-24T12:00', end: '2026-10-25T12:00' });
    expect(instant(ev, 'dtstart')).toBe('2026-10-24T10:00:00.000Z');
    expect(instant(ev, 'dtend')).toBe('2026-10-25T11:00:00.000Z');
  });

  it('leaves out removed events and events whose times are not valid, without throwing', () => {
    const bad: Partial<Gathering>[] = [
      { deletedAt: '2026-04-02T00:00:00.000Z' },
      { start: '' },
      { end: '' },
      { start: '2026-02-30T10:00' },
      { end: '2026-07-01T24:30' },
      { start: '2026-07-01 10:00' },
      { timeZone: 'Mars/Olympus_Mons' },
    ];
    const list = [
      gathering({ id: 'ok' as GatheringId }),
      ...bad.map((o, i) => gathering({ id: `bad-${i}` as GatheringId, ...o })),
    ];
    const ics = toICalendar(list, { calendarName: 'Test', now: NOW });
    expect(events(ics).map((ev) => text(ev, 'uid'))).toEqual(['ok@federation-planner']);
  });

  it('keeps an event that ends before it starts, without DTEND', () => {
    const ev = exportOne({ start: '2026-07-01T10:00', end: '2026-07-01T09:00' });
    expect(instant(ev, 'dtstart')).toBe('2026-07-01T08:00:00.000Z');
    expect(ev.hasProperty('dtend')).toBe(false);
  });

  it('puts the venue, or else the online link, in LOCATION and the link in URL', () => {
    const url = 'https://meet.example.org/room?id=1,2';
    const both = exportOne({ venue: 'Malmö', onlineUrl: url });
    expect(text(both, 'location')).toBe('Malmö');
    expect(text(both, 'url')).toBe(url);
    const online = exportOne({ onlineUrl: url });
    expect(text(online, 'location')).toBe(url);
    const neither = exportOne({});
    expect(neither.hasProperty('location')).toBe(false);
    expect(neither.hasProperty('url')).toBe(false);
    expect(neither.hasProperty('description')).toBe(false);
    expect(exportOne({ onlineUrl: 'javascript:alert(1)\nX:Y' }).hasProperty('url')).toBe(false);
  });

  it('writes the programme with speaker names into the description (real domain)', () => {
    const doc = newFederationDoc();
    const id = addGathering(
      doc,
      {
        ...blankGathering('Europe/Stockholm'),
        title: 'Sommarskola',
        kind: 'seminar',
        start: '2026-07-01T09:00',
        end: '2026-07-02T17:00',
        description: 'Två dagar.',
      },
      ALICE,
    );
    const anna = 'person-anna' as PersonId;
    const bo = 'person-bo' as PersonId;
    const gone = 'person-gone' as PersonId;
    const talk = addProgrammeItem(
      doc,
      id,
      { title: 'Councils, in practice', start: '2026-07-01T10:00', end: '2026-07-01T11:00' },
      ALICE,
    );
    for (const p of [anna, bo, gone]) setSpeaker(doc, id, talk, p, true, ALICE);
    addProgrammeItem(doc, id, { title: 'Lunch', start: '2026-07-01T12:00' }, ALICE);
    addProgrammeItem(
      doc,
      id,
      { title: 'Wrap-up', start: '2026-07-02T16:00', end: '2026-07-02T17:00' },
      ALICE,
    );
    addProgrammeItem(doc, id, { title: 'Open space' }, ALICE);
    const people = new Map([
      [anna, { name: 'Anna Åberg' }],
      [bo, { name: 'Bo' }],
    ]);
    const ics = toICalendar(listGatherings(doc), {
      calendarName: 'Test',
      people,
      now: NOW,
      appUrl: 'https://app.example.org/f/1',
    });
    const ev = only(ics);
    expect(text(ev, 'uid')).toBe(`${id}@federation-planner`);
    expect(text(ev, 'categories')).toBe('seminar');
    expect(text(ev, 'description')).toBe(
      [
        'Två dagar.',
        '',
        'Open space',
        '10:00–11:00 Councils, in practice — Anna Åberg, Bo, ?',
        '12:00 Lunch',
        '2026-07-02 16:00–17:00 Wrap-up',
        '',
        'https://app.example.org/f/1',
      ].join('\n'),
    );

    removeGathering(doc, id, ALICE);
    const all = listGatherings(doc, { includeRemoved: true });
    expect(events(toICalendar(all, { calendarName: 'Test', now: NOW }))).toEqual([]);
  });

  it('is deterministic: same input and now, same bytes; only DTSTAMP follows now', () => {
    const list = [gathering(), gathering({ id: 'g-2' as GatheringId, title: 'Två' })];
    const a = toICalendar(list, { calendarName: 'Test', now: NOW });
    expect(toICalendar(list, { calendarName: 'Test', now: new Date(+NOW) })).toBe(a);
    const later = toICalendar(list, { calendarName: 'Test', now: new Date('2027-01-01T00:00Z') });
    expect(later).not.toBe(a);
    expect(later.replace(/DTSTAMP:\w+/g, '')).toBe(a.replace(/DTSTAMP:\w+/g, ''));
  });

  it('stamps the current time, to the second, when no `now` is given', () => {
    expect(instant(exportOne({}), 'dtstamp')).toBe('2026-05-01T12:34:56.000Z');
    const before = Math.floor(Date.now() / 1000) * 1000;
    const ev = only(toICalendar([gathering()], { calendarName: 'Test' }));
    const stamp = Date.parse(instant(ev, 'dtstamp'));
    expect(stamp).toBeGreaterThanOrEqual(before);
    expect(stamp).toBeLessThanOrEqual(Date.now());
  });
});

describe('calendarFileName', () => {
  it.each([
    ['Nordic Federation', 'nordic-federation.ics'],
    ['Malmö & Lund!', 'malmo-lund.ics'],
    ['  Œuvre — Ærø, København  ', 'oeuvre-aero-kobenhavn.ics'],
    ['Straße Łódź', 'strasse-lodz.ics'],
    ['../../etc/passwd', 'etc-passwd.ics'],
    ['', 'events.ics'],
    ['🎉🎉', 'events.ics'],
    ['Федерация', 'events.ics'],
  ])('%j → %s', (name, file) => {
    expect(calendarFileName(name)).toBe(file);
  });

  it('keeps long names short', () => {
    const file = calendarFileName('a very long federation name '.repeat(10));
    expect(file).toMatch(/^[a-z0-9-]+\.ics$/);
    expect(file.length).toBeLessThanOrEqual(64);
    expect(file).not.toMatch(/-\.ics$/);
  });

  it('has the iCalendar media type', () => {
    expect(ICALENDAR_TYPE).toBe('text/calendar');
  });
});
