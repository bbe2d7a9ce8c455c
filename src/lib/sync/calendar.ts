// iCalendar (RFC 5545) export of a federation's events: one VEVENT per event, times in UTC, so a
// calendar app shows them right wherever it is; the UID is stable, so re-importing updates.
import ICAL from 'ical.js';
import { TZDate } from '@date-fns/tz';
import type { Gathering } from '$lib/domain/gatherings';
import type { ProgrammeItem } from '$lib/domain/programme';
import { isHttpUrl } from '$lib/domain/validate';
import { fileSlug } from './file-name';

/** The media type of an .ics file. */
export const ICALENDAR_TYPE = 'text/calendar';

export interface ICalendarOptions {
  /** Shown by calendar apps as the name of the subscribed or imported calendar. */
  calendarName: string;
  /** Speaker names by person id; speakers not in it are shown as "?". */
  people?: ReadonlyMap<string, { name: string }>;
  /** DTSTAMP; defaults to the current time. */
  now?: Date;
  /** A link back to the app, added as the last line of every description. */
  appUrl?: string;
}

const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const pad = (n: number) => String(n).padStart(2, '0');

// The wall clock a TZDate shows in its own zone, as "YYYY-MM-DDTHH:mm".
const wallClock = (d: TZDate) =>
  `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;

// A "YYYY-MM-DDTHH:mm" that exists (Date would roll "02-30" over to March), read as if UTC.
function wallAsUtc(value: string): number | null {
  if (!LOCAL_TIME.test(value)) return null;
  const t = Date.parse(`${value}:00Z`);
  return Number.isNaN(t) || !new Date(t).toISOString().startsWith(value) ? null : t;
}

/**
 * The instant of local wall-clock `value` in `timeZone`, or null when either is not valid. A time
 * in a spring-forward gap moves forward by the gap (TZDate, and RFC 5545: the offset before the
 * gap); a time that occurs twice is its first occurrence (RFC 5545).
 */
function localToUtc(value: string, timeZone: string): Date | null {
  const wall = wallAsUtc(value);
  if (wall === null) return null;
  const d = new Date(wall);
  const date = new TZDate(
    d.getUTCFullYear(),
    d.getUTCMonth(),
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    timeZone,
  );
  const t = date.getTime();
  if (Number.isNaN(t)) return null;
  // TZDate picks either occurrence of a fall-back time depending on the host's own zone, so
  // take the earliest instant showing this wall clock (zone offsets from 12 h either side).
  const candidates = [t - 12 * HOUR, t + 12 * HOUR]
    .map((around) => wall + new TZDate(around, timeZone).getTimezoneOffset() * MINUTE)
    .filter((c) => wallClock(new TZDate(c, timeZone)) === value);
  return new Date(Math.min(t, ...candidates));
}

// TEXT may not hold control characters, and ical.js escapes "\n" but leaves a bare "\r" as is.
const clean = (text: string) =>
  text.replace(/\r\n?/g, '\n').replace(/[\x00-\x08\x0b-\x1f\x7f]/g, ''); // eslint-disable-line no-control-regex

const utc = (date: Date) => ICAL.Time.fromJSDate(date, true);

function clock(value: string, day: string): string {
  if (wallAsUtc(value) === null) return '';
  return value.slice(0, 10) === day ? value.slice(11) : value.replace('T', ' ');
}

function programmeLine(
  item: ProgrammeItem,
  day: string,
  people: ReadonlyMap<string, { name: string }>,
): string {
  const from = clock(item.start, day);
  const to = clock(item.end, from ? item.start.slice(0, 10) : day);
  const when = from && to ? `${from}–${to}` : from;
  const speakers = item.speakerIds.map((id) => people.get(id)?.name || '?').join(', ');
  return [when, item.title].filter(Boolean).join(' ') + (speakers ? ` — ${speakers}` : '');
}

function describe(g: Gathering, opts: ICalendarOptions): string {
  const people = opts.people ?? new Map<string, { name: string }>();
  const day = g.start.slice(0, 10);
  const programme = g.programme.map((item) => programmeLine(item, day, people)).join('\n');
  return [g.description.trim(), programme, opts.appUrl ?? '']
    .filter(Boolean)
    .map(clean)
    .join('\n\n');
}

function sequence(g: Gathering): number {
  const seconds = Math.floor((Date.parse(g.updatedAt) - Date.parse(g.createdAt)) / 1000);
  // A clock that ran behind on another device must not make the number go negative.
  return Number.isFinite(seconds) && seconds > 0 ? seconds : 0;
}

function toEvent(g: Gathering, stamp: Date, opts: ICalendarOptions): ICAL.Component | null {
  const start = localToUtc(g.start, g.timeZone);
  const end = localToUtc(g.end, g.timeZone);
  if (!start || !end) return null;
  const ev = new ICAL.Component('vevent');
  ev.addPropertyWithValue('uid', `${g.id}@federation-planner`);
  ev.addPropertyWithValue('dtstamp', utc(stamp));
  ev.addPropertyWithValue('dtstart', utc(start));
  // DTEND must be after DTSTART; without it the event is a moment (an end before the start can
  // come from two devices editing the times at once).
  if (end > start) ev.addPropertyWithValue('dtend', utc(end));
  ev.addPropertyWithValue('summary', clean(g.title));
  const location = g.venue.trim() || g.onlineUrl;
  if (location) ev.addPropertyWithValue('location', clean(location));
  // URI values are not escaped: only a parsed (percent-encoded) http(s) link goes in.
  if (isHttpUrl(g.onlineUrl)) ev.addPropertyWithValue('url', new URL(g.onlineUrl).href);
  const description = describe(g, opts);
  if (description) ev.addPropertyWithValue('description', description);
  ev.addPropertyWithValue('categories', g.kind);
  const updated = new Date(g.updatedAt);
  if (!Number.isNaN(updated.getTime())) ev.addPropertyWithValue('last-modified', utc(updated));
  ev.addPropertyWithValue('sequence', sequence(g));
  ev.addPropertyWithValue('status', 'CONFIRMED');
  return ev;
}

/** The events as one iCalendar file (CRLF lines); removed events and invalid times are left out. */
export function toICalendar(gatherings: Gathering[], opts: ICalendarOptions): string {
  const stamp = opts.now ?? new Date();
  const cal = new ICAL.Component('vcalendar');
  cal.addPropertyWithValue('version', '2.0');
  cal.addPropertyWithValue('prodid', '-//Federation Planner//EN');
  cal.addPropertyWithValue('calscale', 'GREGORIAN');
  cal.addPropertyWithValue('method', 'PUBLISH');
  // ical.js leaves values of X- properties unescaped unless they are typed as TEXT.
  const name = new ICAL.Property('x-wr-calname');
  name.resetType('text');
  name.setValue(clean(opts.calendarName));
  cal.addProperty(name);
  for (const g of gatherings) {
    if (g.deletedAt !== null) continue;
    const ev = toEvent(g, stamp, opts);
    if (ev) cal.addSubcomponent(ev);
  }
  // ical.js folds after 75 octets and then adds the leading space: 74 keeps lines within 75.
  const foldLength = ICAL.foldLength;
  ICAL.foldLength = 74;
  try {
    return `${cal.toString()}\r\n`;
  } finally {
    ICAL.foldLength = foldLength;
  }
}

/** A safe ASCII file name for a calendar called `name`, such as "nordic-federation.ics". */
export function calendarFileName(name: string): string {
  return `${fileSlug(name) || 'events'}.ics`;
}
