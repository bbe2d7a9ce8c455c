// Walks a request from new to done with an event and a report, partly offline, across two browser
// contexts that sync through the relay; then exports the event to a calendar file and tries an
// event whose end is before its start.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  addPerson,
  addRequest,
  createFederation,
  daysFromNow,
  expectSyncStatus,
  joinWithLink,
  openDevice,
  personNames,
  readInviteLink,
  requestStatus,
  screenshot,
  sleep,
  startAppRelay,
  waitForServiceWorker,
} from './helpers';

const PERSON = 'Lucía Pérez';
const OTHER_PERSON = 'Kari Nordmann';
const REQUEST = 'Workshop in Valencia';
const SESSION = 'Councils in practice';
const REPORT = 'Twelve people came.';

/** Prints how long each step took, so a slow suite shows where the time goes. */
function stopwatch(name: string) {
  const start = performance.now();
  let last = start;
  return (step: string) => {
    const now = performance.now();
    console.log(`${name}: ${step} ${((now - last) / 1000).toFixed(1)} s`);
    last = now;
    return (now - start) / 1000;
  };
}

/** The group of answer buttons ("Asked", "Agreed", "Declined") of one suggested person. */
function answers(page: Page, name: string) {
  return page.getByRole('region', { name: 'Who could go' }).getByRole('group', { name });
}

/** The "Answers requests" link of the event page to the request, e.g. "… · Planned". */
function answeredRequest(page: Page) {
  return page.getByRole('link', { name: new RegExp(`^${REQUEST} · `) });
}

/** The names of the speakers listed under the programme's sessions. */
async function speakers(page: Page): Promise<string[]> {
  const chips = await page
    .getByRole('region', { name: 'Programme' })
    .locator('li.chip')
    .allInnerTexts();
  return chips.map((text) => text.replace('✕', '').trim());
}

/** Polls `check` until it holds or `timeout` ms pass; whether it held. */
async function until(check: () => Promise<boolean>, timeout: number): Promise<boolean> {
  const end = Date.now() + timeout;
  do {
    if (await check()) return true;
    await sleep(100);
  } while (Date.now() < end);
  return false;
}

describe('request to report', () => {
  it('walks a request from new to done with an event and a report, partly offline, on two devices', async () => {
    const lap = stopwatch('request-to-report');
    const relay = await startAppRelay();
    const base = relay.url;
    const a = await openDevice('device A');
    const b = await openDevice('device B');
    const from = daysFromNow(30);
    const to = daysFromNow(31);

    // Device A: a federation, a person who speaks Spanish, and a request from a Spanish group.
    await a.page.goto(base);
    await waitForServiceWorker(a.page);
    const fid = await createFederation(a.page, base, { name: 'Iberian Federation' });
    await addPerson(a.page, base, fid, {
      name: PERSON,
      country: 'ES',
      city: 'Valencia',
      languages: 'es',
      topics: 'participatory economics, councils',
      availability: `${daysFromNow(20)} to ${daysFromNow(40)}`,
    });
    const rid = await addRequest(a.page, base, fid, {
      title: REQUEST,
      kind: 'Workshop',
      groupName: 'Valencia Neighbours',
      country: 'ES',
      city: 'Valencia',
      language: 'es',
      topics: 'councils',
      preferredFrom: from,
      preferredTo: to,
    });
    const requestPage = `${base}/f/${fid}/requests/${rid}`;
    expect(await requestStatus(a.page)).toBe('New');
    await a.page.goto(`${base}/f/${fid}`);
    await expect.poll(() => a.page.getByTestId('open-requests').innerText()).toBe('1 open request');
    await expectSyncStatus(a.page, 'synced');

    // Device B joins with A's invite link.
    const link = await readInviteLink(a.page, base, fid);
    expect(await joinWithLink(b.page, link, /^Join Iberian Federation$/)).toBe(fid);
    await expectSyncStatus(b.page, 'synced');
    lap('A created, B joined');

    // B accepts the request; A, looking at it, sees the change within seconds.
    await a.page.goto(requestPage);
    await a.page.getByRole('heading', { level: 1, name: REQUEST }).waitFor();
    // B finds it under Requests.
    await b.page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Requests' })
      .click();
    const row = b.page.getByRole('main').getByRole('link', { name: new RegExp(REQUEST) });
    await expect.poll(() => row.innerText()).toContain('New · Workshop · Valencia Neighbours');
    await row.click();
    await b.page.waitForURL(requestPage);
    await b.page.getByRole('heading', { level: 1, name: REQUEST }).waitFor();
    await expect.poll(() => requestStatus(b.page)).toBe('New');
    const acceptedAt = performance.now();
    await b.page.getByRole('button', { name: 'Move to “Accepted”' }).click();
    await expect.poll(() => requestStatus(b.page)).toBe('Accepted');
    await expect.poll(() => requestStatus(a.page), { timeout: 5_000 }).toBe('Accepted');
    console.log(
      `request-to-report: B accepts -> A shows it in ${(performance.now() - acceptedAt).toFixed(0)} ms`,
    );
    lap('accepted on B, seen on A');

    // A loses the network and plans the event offline.
    await a.context.setOffline(true);
    // The browser says it is offline at once (navigator.onLine, the "offline" event); the sync
    // indicator should say so too, not only after the open socket times out.
    const showsOffline = await a.page
      .locator('[role="status"][data-status="offline"]')
      .waitFor({ timeout: 5_000 })
      .then(() => true)
      .catch(() => false);
    if (!showsOffline) {
      const shot = await screenshot(a.page, 'indicator not offline after network loss');
      console.error(`sync indicator still not "Offline" 5 s after the network went: ${shot}`);
    }
    expect(showsOffline, 'sync indicator shows "Offline" within 5 s').toBe(true);
    const lucia = answers(a.page, PERSON);
    await lucia.getByRole('button', { name: 'Agreed' }).click();
    await expect
      .poll(() => lucia.getByRole('button', { name: 'Agreed' }).getAttribute('aria-pressed'))
      .toBe('true');
    await a.page.getByRole('link', { name: 'Plan an event' }).click();
    await a.page.getByRole('heading', { name: 'New event' }).waitFor();
    // The form is filled from the request.
    await expect.poll(() => a.page.getByLabel('Title', { exact: true }).inputValue()).toBe(REQUEST);
    expect(await a.page.getByLabel('Starts', { exact: true }).inputValue()).toBe(`${from}T10:00`);
    expect(await a.page.getByLabel('Ends', { exact: true }).inputValue()).toBe(`${to}T16:00`);
    expect(await a.page.getByLabel('Language', { exact: true }).inputValue()).toBe('es');
    await a.page.getByRole('button', { name: 'Save', exact: true }).click();
    await a.page.waitForURL(/\/events\/[0-9a-f-]{36}$/);
    const eventPage = a.page.url();
    await a.page.getByRole('heading', { level: 1, name: REQUEST }).waitFor();
    await expect.poll(() => answeredRequest(a.page).innerText()).toBe(`${REQUEST} · Planned`);

    await a.page.getByLabel('Session', { exact: true }).fill(SESSION);
    await a.page.getByRole('button', { name: 'Add session' }).click();
    await a.page.getByText(SESSION).waitFor();
    await a.page.getByRole('combobox', { name: 'Add speaker' }).selectOption({ label: PERSON });
    await a.page.getByRole('button', { name: 'Add speaker' }).click();
    await expect.poll(() => speakers(a.page)).toEqual([PERSON]);
    await a.page.getByRole('combobox', { name: 'Choose a person' }).selectOption({ label: PERSON });
    await a.page.getByRole('button', { name: 'Send a person' }).click();
    await a.page.getByRole('group', { name: PERSON }).waitFor();
    await a.page.getByRole('checkbox', { name: 'Confirm the venue' }).check();
    expect(await a.page.getByRole('checkbox', { name: 'Confirm the venue' }).isChecked()).toBe(
      true,
    );
    lap('A planned the event offline');

    // Meanwhile B, online, adds another person; A's offline work has not reached B.
    await addPerson(b.page, base, fid, { name: OTHER_PERSON, country: 'NO', languages: 'no, en' });
    await b.page.goto(requestPage);
    await expect.poll(() => requestStatus(b.page)).toBe('Accepted');
    await a.page.goto(`${base}/f/${fid}/people`);
    await expect.poll(() => personNames(a.page)).toEqual([PERSON]);
    lap('B added a person online');

    // A is back online: both devices have everything.
    await a.context.setOffline(false);
    await expectSyncStatus(a.page, 'synced', 15_000);
    await expect.poll(() => personNames(a.page), { timeout: 10_000 }).toContain(OTHER_PERSON);
    expect((await personNames(a.page)).sort()).toEqual([OTHER_PERSON, PERSON].sort());

    // B finds the event from the request.
    await expect.poll(() => requestStatus(b.page), { timeout: 10_000 }).toBe('Planned');
    await expect
      .poll(() =>
        answers(b.page, PERSON)
          .getByRole('button', { name: 'Agreed' })
          .getAttribute('aria-pressed'),
      )
      .toBe('true');
    await b.page.getByRole('link', { name: new RegExp(`^${REQUEST} · `) }).click();
    await b.page.waitForURL(eventPage);
    await a.page.goto(eventPage);
    for (const device of [a, b]) {
      const page = device.page;
      await page.getByRole('heading', { level: 1, name: REQUEST }).waitFor();
      await expect.poll(() => answeredRequest(page).innerText()).toBe(`${REQUEST} · Planned`);
      await page.getByText(SESSION).waitFor();
      await expect.poll(() => speakers(page)).toEqual([PERSON]);
      await page.getByRole('group', { name: PERSON }).waitFor();
      expect(await page.getByRole('checkbox', { name: 'Confirm the venue' }).isChecked()).toBe(
        true,
      );
      expect(await page.getByRole('checkbox', { name: 'Confirm the speakers' }).isChecked()).toBe(
        false,
      );
    }
    await b.page.goto(`${base}/f/${fid}/people`);
    await expect
      .poll(async () => (await personNames(b.page)).sort())
      .toEqual([OTHER_PERSON, PERSON].sort());
    await b.page.goto(`${base}/f/${fid}`);
    await b.page
      .getByRole('region', { name: 'Upcoming events' })
      .getByRole('link', { name: REQUEST })
      .waitFor();
    await b.page.goto(eventPage);
    lap('merged on both devices');

    // B writes the report; A, looking at the event, sees it and the request done.
    await b.page.getByLabel('What happened').fill(REPORT);
    await b.page.getByLabel('Participants', { exact: true }).fill('12');
    await b.page.getByRole('button', { name: 'Save report' }).click();
    await b.page.getByText('Report saved; the requests it answers are done.').waitFor();
    await expect.poll(() => answeredRequest(b.page).innerText()).toBe(`${REQUEST} · Done`);
    await expect
      .poll(() => answeredRequest(a.page).innerText(), { timeout: 5_000 })
      .toBe(`${REQUEST} · Done`);
    // The open report form on A should show what B wrote, as every other panel of the page does.
    const reportShown = await until(
      async () => (await a.page.getByLabel('What happened').inputValue()) === REPORT,
      5_000,
    );
    if (!reportShown) {
      const shot = await screenshot(a.page, 'report of other device not shown');
      console.error(`A's open event page does not show B's report: ${shot}`);
    }
    expect(reportShown, "A's open event page shows B's report within 5 s").toBe(true);
    // Whatever the open form shows, the report is on A: a fresh look at the event has it.
    await a.page.reload();
    await expect.poll(() => a.page.getByLabel('What happened').inputValue()).toBe(REPORT);
    expect(await a.page.getByLabel('Participants', { exact: true }).inputValue()).toBe('12');
    await a.page.goto(requestPage);
    await expect.poll(() => requestStatus(a.page)).toBe('Done');
    const history = await a.page
      .getByRole('region', { name: /^Status:/ })
      .locator('ol li')
      .allInnerTexts();
    expect(history.map((line) => line.split(' · ')[0])).toEqual([
      'Done',
      'Planned',
      'Accepted',
      'New',
    ]);
    await a.page.goto(`${base}/f/${fid}`);
    await expect
      .poll(() => a.page.getByTestId('open-requests').innerText())
      .toBe('0 open requests');
    lap('report written on B, seen on A');

    // A exports the event to a calendar: headless Chromium cannot share files, so it downloads.
    await a.page.goto(eventPage);
    await a.page.getByRole('heading', { level: 1, name: REQUEST }).waitFor();
    const [download] = await Promise.all([
      a.page.waitForEvent('download'),
      a.page.getByRole('button', { name: 'Add to calendar' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.ics$/);
    // Long lines are folded (RFC 5545 §3.1): unfold before reading.
    const ics = (await readFile(await download.path(), 'utf8')).replace(/\r?\n[ \t]/g, '');
    expect(ics).toContain('BEGIN:VCALENDAR');
    expect(ics).toContain(`SUMMARY:${REQUEST}`);
    expect(ics).toMatch(/^UID:[0-9a-f-]{36}@federation-planner\r?$/m);
    expect(ics).toContain(PERSON);
    await a.page.getByText('Calendar file ready.').waitFor();
    lap('calendar exported');

    // An event that ends before it starts is refused, and nothing is saved.
    await a.page.goto(`${base}/f/${fid}/events/new`);
    await a.page.getByRole('heading', { name: 'New event' }).waitFor();
    await a.page.getByLabel('Title', { exact: true }).fill('Backwards meeting');
    await a.page.getByLabel('Starts', { exact: true }).fill(`${from}T16:00`);
    await a.page.getByLabel('Ends', { exact: true }).fill(`${from}T10:00`);
    await a.page.getByRole('button', { name: 'Save', exact: true }).click();
    const error = a.page.getByRole('alert').filter({ hasText: 'The end is before the start.' });
    await error.waitFor();
    expect(await a.page.getByLabel('Ends', { exact: true }).getAttribute('aria-invalid')).toBe(
      'true',
    );
    await sleep(300);
    expect(new URL(a.page.url()).pathname).toBe(`/f/${fid}/events/new`);
    await a.page.goto(`${base}/f/${fid}/events`);
    await a.page.getByLabel('When').selectOption({ label: 'All' });
    await expect
      .poll(() => a.page.locator('main ul.list li .name').allInnerTexts())
      .toEqual([REQUEST]);
    lap('end before start refused');

    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
    console.log(`request-to-report: total ${lap('done').toFixed(1)} s`);
  });
});
