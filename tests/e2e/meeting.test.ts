// A regional meeting run offline on two phones: the chair (device A) takes attendance, the agenda,
// a show of hands and an action item; the secretary (device B) writes minutes into the same item as
// the chair and records individual positions. Back online, both phones show the same meeting and the
// same outcomes. Then a position cast on a phone that had not heard of the close shows as late, and
// minutes edited offline while they were being approved show as changed after approval. Last, the
// printed page carries the minutes and none of the app's controls.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  addMeeting,
  addPerson,
  addProposal,
  createFederation,
  daysFromNow,
  expectSyncStatus,
  joinWithLink,
  openDevice,
  openFromMore,
  readInviteLink,
  screenshot,
  startAppRelay,
  stopwatch,
  waitForServiceWorker,
  type Device,
} from './helpers';

const FEDERATION = 'Lakeside Federation';
const CHAIR = 'Amina Diallo';
const SECRETARY = 'Bruno Costa';
const MEETING = 'Regional meeting, June';
const HANDS = 'Share the hall rent by group size';
const CONSENT = 'Send two delegates to the congress';
const ITEM1 = 'Hall rent';
const ITEM2 = 'Congress delegates';
const ITEM3 = 'Any other business';
const CHAIR_MINUTES = 'Chair: the rent is shared by group size from July.';
const SECRETARY_MINUTES = 'Secretary: Oslo asks for a year of grace.';
const ITEM2_MINUTES = 'Amina and Bruno go to the congress.';
const OBJECTION = 'We cannot pay the travel this year.';
const ACTION = 'Book the hall for the autumn';
const ACTION_DUE = daysFromNow(14);
const HANDS_TALLY = 'Agree 7 · Disagree 2 · Abstain 1 · Object 0 · took part 10 of 10';
const CONSENT_TALLY = 'Agree 1 · Disagree 0 · Abstain 0 · Object 1 · took part 2 of 2';

/** What a proposal page's outcome card says. */
async function outcome(page: Page) {
  const card = page.getByTestId('outcome');
  return {
    passed: await card.getAttribute('data-passed'),
    verdict: (await card.locator('.verdict').innerText()).trim(),
    tally: (await page.getByTestId('tally').innerText()).trim(),
  };
}

/** The whole outcome card's text, to compare two devices exactly. */
async function outcomeText(page: Page): Promise<string> {
  return (await page.getByTestId('outcome').innerText()).trim();
}

/** The lines of the late list ([] while there is none). */
async function lateLines(page: Page): Promise<string[]> {
  const late = page.getByTestId('late');
  if (!(await late.count())) return [];
  return (await late.locator('li').allInnerTexts()).map((line) => line.trim());
}

/** Names of the people marked present on a meeting page. */
async function attendance(page: Page): Promise<string[]> {
  const chips = page.getByRole('region', { name: /^Attendance/ }).locator('li.chip');
  return (await chips.allInnerTexts()).map((chip) => chip.replace('✕', '').trim());
}

/** The agenda's item titles in order, the current one marked "Now ". */
async function agenda(page: Page): Promise<string[]> {
  const titles = page.getByTestId('agenda-item').locator('strong');
  return (await titles.allInnerTexts()).map((title) => title.replace(/\s+/g, ' ').trim());
}

/** An agenda item's minutes: the editor's value, or the frozen text once approved. */
async function minutesOf(page: Page, title: string): Promise<string> {
  const box = page.getByLabel(`Minutes: ${title}`, { exact: true });
  if (await box.count()) return box.inputValue();
  const item = page.getByTestId('agenda-item').filter({ hasText: title });
  return item.locator('.minutes').innerText();
}

/** The rows of a meeting page's list under a heading, one line each. */
async function rowsOf(page: Page, region: string): Promise<string[]> {
  const rows = page.getByRole('region', { name: region }).locator('ul li');
  return (await rows.allInnerTexts()).map((row) => row.replace(/\s+/g, ' ').trim());
}

/** Opens a proposal from the meeting's "Decisions taken here" (so closing it records the meeting). */
async function openFromMeeting(page: Page, meetingUrl: string, title: string): Promise<void> {
  if (page.url() !== meetingUrl) await page.goto(meetingUrl);
  await page.getByRole('heading', { level: 1, name: MEETING }).waitFor();
  await page
    .getByRole('region', { name: 'Decisions taken here' })
    .getByRole('link', { name: title })
    .click();
  await page.waitForURL(/\/proposals\/[0-9a-f-]{36}(\?meeting=[0-9a-f-]{36})?$/);
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
}

/** Casts a position in the "Your position" form. */
async function castPosition(
  page: Page,
  input: {
    for?: string;
    value: 'Agree' | 'Disagree' | 'Abstain' | 'Object / block';
    reason?: string;
    comment?: string;
  },
): Promise<void> {
  const form = page.getByRole('region', { name: 'Your position' });
  if (input.for !== undefined) await form.getByLabel('Cast for').selectOption({ label: input.for });
  await form.getByRole('radio', { name: input.value, exact: true }).check();
  if (input.reason !== undefined)
    await form.getByLabel('Reason', { exact: true }).fill(input.reason);
  if (input.comment !== undefined)
    await form.getByLabel('Comment', { exact: true }).fill(input.comment);
  await form.getByRole('button', { name: 'Record position' }).click();
  await form.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
}

/** Closes the proposal with reasons and waits for the outcome to be final. */
async function closeProposal(page: Page, reasons: string): Promise<void> {
  const card = page.getByTestId('outcome');
  await card.getByLabel('Reasons for the decision').fill(reasons);
  await card.getByRole('button', { name: 'Close and decide' }).click();
  await card.getByRole('heading', { name: 'Outcome' }).waitFor();
  await card.getByText(reasons).waitFor();
}

/** Goes offline and waits for the sync indicator to say so. */
async function offline(device: Device): Promise<void> {
  await device.context.setOffline(true);
  await expectSyncStatus(device.page, 'offline');
}

/** Comes back online and waits until the relay and the device agree. */
async function online(device: Device): Promise<void> {
  await device.context.setOffline(false);
  await expectSyncStatus(device.page, 'synced', 15_000);
}

describe('a meeting on two phones', () => {
  it('runs a meeting offline on two phones (attendance, a show of hands, individual positions, minutes, an action item), then syncs and compares', async () => {
    const lap = stopwatch('meeting');
    const relay = await startAppRelay();
    const base = relay.url;
    const a = await openDevice('device A');
    const b = await openDevice('device B');

    // Before the meeting, A (the chair) sets up the federation, the people, two proposals and the
    // meeting with its agenda.
    await a.page.goto(base);
    await waitForServiceWorker(a.page);
    const fid = await createFederation(a.page, base, { name: FEDERATION });
    await addPerson(a.page, base, fid, { name: CHAIR });
    await a.page.getByRole('button', { name: 'This is me' }).click();
    await a.page.getByText('This is you on this device.').waitFor();
    await addPerson(a.page, base, fid, { name: SECRETARY });
    await addProposal(a.page, {
      title: HANDS,
      text: 'Each group pays its share of the hall rent in proportion to its size.',
      deciders: 'People',
      threshold: 'Simple majority',
    });
    await addProposal(a.page, {
      title: CONSENT,
      text: 'The federation sends two delegates to the congress and pays their travel.',
      deciders: 'People',
      threshold: 'Consent (passes unless a reasoned objection stands)',
      block: false,
    });
    const meetingId = await addMeeting(a.page, {
      title: MEETING,
      start: `${daysFromNow(1)}T10:00`,
      place: 'Lakeside community hall',
      chair: CHAIR,
      secretary: SECRETARY,
    });
    const meetingUrl = `${base}/f/${fid}/meetings/${meetingId}`;
    const agendaPanel = a.page.getByRole('region', { name: 'Agenda' });
    for (const [title, minutes] of [
      [ITEM1, '20'],
      [ITEM2, '30'],
    ] as const) {
      await agendaPanel.getByLabel('Item', { exact: true }).fill(title);
      await agendaPanel.getByLabel(/^About/).selectOption({ label: 'A proposal' });
      await agendaPanel.getByLabel('Minutes allotted').fill(minutes);
      await agendaPanel.getByRole('button', { name: 'Add item' }).click();
      await a.page.getByLabel(`Minutes: ${title}`, { exact: true }).waitFor();
    }
    expect(await agenda(a.page)).toEqual([ITEM1, ITEM2]);
    await expectSyncStatus(a.page, 'synced');
    lap('A set up people, proposals and the meeting');

    // B (the secretary) joins and opens the meeting while there is still a network.
    const link = await readInviteLink(a.page, base, fid);
    expect(await joinWithLink(b.page, link, new RegExp(`^Join ${FEDERATION}$`))).toBe(fid);
    await waitForServiceWorker(b.page);
    await expectSyncStatus(b.page, 'synced');
    await openFromMore(b.page, 'Meetings');
    await b.page
      .getByRole('main')
      .getByRole('link', { name: new RegExp(MEETING) })
      .click();
    await b.page.waitForURL(meetingUrl);
    await b.page.getByLabel(`Minutes: ${ITEM2}`, { exact: true }).waitFor();
    expect(await agenda(b.page)).toEqual([ITEM1, ITEM2]);
    await a.page.goto(meetingUrl);
    await a.page.getByRole('heading', { level: 1, name: MEETING }).waitFor();
    lap('B joined and opened the meeting');

    // The hall has no network.
    await offline(a);
    await offline(b);

    // A: attendance, one more agenda item, the first item taken up, minutes of the chair.
    const att = a.page.getByRole('region', { name: /^Attendance/ });
    for (const name of [CHAIR, SECRETARY]) {
      await att.getByRole('combobox', { name: 'Choose a person' }).selectOption({ label: name });
      await att.getByRole('button', { name: 'Mark present' }).click();
      await att.getByRole('button', { name: `Mark ${name} absent` }).waitFor();
    }
    await att.getByRole('heading', { name: 'Attendance (2)' }).waitFor();
    await agendaPanel.getByLabel('Item', { exact: true }).fill(ITEM3);
    await agendaPanel.getByLabel('Minutes allotted').fill('10');
    await agendaPanel.getByRole('button', { name: 'Add item' }).click();
    await agendaPanel
      .getByTestId('agenda-item')
      .filter({ hasText: ITEM1 })
      .getByRole('button', { name: 'Take up this item' })
      .click();
    await expect.poll(() => agenda(a.page)).toEqual([`Now ${ITEM1}`, ITEM2, ITEM3]);
    await a.page.getByLabel(`Minutes: ${ITEM1}`, { exact: true }).pressSequentially(CHAIR_MINUTES);

    // B writes the secretary's minutes of the same item, at the same time.
    await b.page
      .getByLabel(`Minutes: ${ITEM1}`, { exact: true })
      .pressSequentially(SECRETARY_MINUTES);
    expect(await minutesOf(b.page, ITEM1)).toBe(SECRETARY_MINUTES);
    lap('offline: attendance, agenda, minutes on both');

    // A: the first proposal by show of hands, closed in the meeting.
    await openFromMeeting(a.page, meetingUrl, HANDS);
    const hands = a.page.getByRole('region', { name: 'Show of hands or ballots' });
    await hands.getByLabel('Agree', { exact: true }).fill('7');
    await hands.getByLabel('Disagree', { exact: true }).fill('2');
    await hands.getByLabel('Abstain', { exact: true }).fill('1');
    await hands.getByRole('button', { name: 'Record the count' }).click();
    await expect.poll(() => a.page.getByTestId('tally').innerText()).toBe(HANDS_TALLY);
    await closeProposal(a.page, 'Carried by show of hands, 7 to 2.');
    expect(await outcome(a.page)).toEqual({
      passed: 'true',
      verdict: 'Passed',
      tally: HANDS_TALLY,
    });

    // A: an action item for the secretary.
    await a.page.goto(meetingUrl);
    await a.page.getByRole('heading', { level: 1, name: MEETING }).waitFor();
    await expect
      .poll(() => rowsOf(a.page, 'Decisions taken here'))
      .toEqual([`${HANDS} Passed`, `${CONSENT} Open`]);
    const actions = a.page.getByRole('region', { name: 'Action items' });
    await actions.getByLabel('What', { exact: true }).fill(ACTION);
    await actions.getByLabel(/^Owner/).selectOption({ label: SECRETARY });
    await actions.getByLabel(/^Due/).fill(ACTION_DUE);
    await actions.getByRole('button', { name: 'Add action item' }).click();
    await actions.getByRole('link', { name: ACTION }).waitFor();
    lap('offline: show of hands closed, action item on A');

    // B records two people's positions on the second proposal as secretary; A then casts their own.
    await openFromMeeting(b.page, meetingUrl, CONSENT);
    await castPosition(b.page, { for: `${CHAIR} (by the secretary)`, value: 'Agree' });
    await castPosition(b.page, {
      for: `${SECRETARY} (by the secretary)`,
      value: 'Object / block',
      reason: OBJECTION,
    });
    expect(await outcome(b.page)).toEqual({
      passed: 'false',
      verdict: 'Not passed',
      tally: CONSENT_TALLY,
    });
    await openFromMeeting(a.page, meetingUrl, CONSENT);
    await castPosition(a.page, { for: 'Myself', value: 'Agree' });
    // A has not heard of the objection yet.
    expect((await outcome(a.page)).tally).toBe(
      'Agree 1 · Disagree 0 · Abstain 0 · Object 0 · took part 1 of 2',
    );
    lap('offline: individual positions on both');

    // The network is back: both phones show the same meeting.
    await online(a);
    await online(b);
    const synced = performance.now();
    for (const device of [a, b]) {
      const page = device.page;
      await page.goto(meetingUrl);
      await page.getByRole('heading', { level: 1, name: MEETING }).waitFor();
      await expect
        .poll(() => attendance(page), { message: `${device.name}: attendance` })
        .toHaveLength(2);
      await expect
        .poll(() => agenda(page), { message: `${device.name}: agenda` })
        .toEqual([`Now ${ITEM1}`, ITEM2, ITEM3]);
      const merged = await minutesOf(page, ITEM1);
      expect(merged, `${device.name}: both secretaries' minutes`).toContain(CHAIR_MINUTES);
      expect(merged, `${device.name}: both secretaries' minutes`).toContain(SECRETARY_MINUTES);
      expect(merged).toHaveLength(CHAIR_MINUTES.length + SECRETARY_MINUTES.length);
      await expect
        .poll(() => rowsOf(page, 'Decisions taken here'))
        .toEqual([`${HANDS} Passed`, `${CONSENT} Open`]);
      const actionRows = await rowsOf(page, 'Action items');
      expect(actionRows).toHaveLength(1);
      expect(actionRows[0]).toContain(ACTION);
      expect(actionRows[0]).toContain(SECRETARY);
      expect(actionRows[0]).toContain('Open');
    }
    console.log(
      `meeting: online -> both meetings equal in ${((performance.now() - synced) / 1000).toFixed(1)} s`,
    );
    expect(await attendance(b.page)).toEqual(await attendance(a.page));
    expect([...(await attendance(a.page))].sort()).toEqual([CHAIR, SECRETARY]);
    expect(await minutesOf(b.page, ITEM1)).toBe(await minutesOf(a.page, ITEM1));
    expect(await rowsOf(b.page, 'Action items')).toEqual(await rowsOf(a.page, 'Action items'));

    // … and the same outcomes, to the letter.
    for (const [title, expected] of [
      [HANDS, { passed: 'true', verdict: 'Passed', tally: HANDS_TALLY }],
      [CONSENT, { passed: 'false', verdict: 'Not passed', tally: CONSENT_TALLY }],
    ] as const) {
      for (const device of [a, b]) {
        await openFromMeeting(device.page, meetingUrl, title);
        await expect
          .poll(() => outcome(device.page), { message: `${device.name}: ${title}` })
          .toEqual(expected);
      }
      expect(await outcomeText(b.page), title).toBe(await outcomeText(a.page));
    }
    // The objection is kept with its reason; the chair's own position replaced the secretary's.
    const consentCard = a.page.getByTestId('outcome');
    await consentCard.getByText('A reasoned objection stands.').waitFor();
    await consentCard.getByText(OBJECTION).waitFor();
    await consentCard.getByText(`${CHAIR}: Agree · on their own device`).waitFor();
    await consentCard.getByText(`${SECRETARY}: Object / block · by the secretary`).waitFor();

    // The action item is a task on both phones.
    for (const device of [a, b]) {
      await openFromMore(device.page, 'Tasks');
      await device.page
        .getByRole('main')
        .getByRole('combobox', { name: 'Tasks' })
        .selectOption({ label: 'All open tasks' });
      const row = device.page.getByRole('main').locator('ul.list li').filter({ hasText: ACTION });
      await expect.poll(() => row.innerText(), { message: device.name }).toContain(SECRETARY);
    }
    lap('synced: both phones equal');

    // A resolves the objection; B, following along, sees it pass so far.
    await openFromMeeting(a.page, meetingUrl, CONSENT);
    await openFromMeeting(b.page, meetingUrl, CONSENT);
    await a.page.getByTestId('outcome').getByRole('button', { name: 'Mark resolved' }).click();
    await a.page.getByTestId('outcome').getByText('resolved', { exact: true }).waitFor();
    await expect
      .poll(() => outcome(a.page))
      .toEqual({ passed: 'true', verdict: 'Passed', tally: CONSENT_TALLY });
    await expect
      .poll(() => outcome(b.page), { timeout: 5_000 })
      .toEqual({
        passed: 'true',
        verdict: 'Passed',
        tally: CONSENT_TALLY,
      });

    // B loses the network; A closes; B, not knowing, records a change of mind.
    await offline(b);
    await closeProposal(a.page, 'Consent reached once the travel was found in the budget.');
    await castPosition(b.page, {
      for: `${CHAIR} (by the secretary)`,
      value: 'Disagree',
      comment: 'Changed her mind after the break.',
    });
    expect(await lateLines(b.page)).toEqual([]);
    await online(b);
    for (const device of [a, b]) {
      const page = device.page;
      await expect
        .poll(() => lateLines(page), { message: `${device.name}: late positions` })
        .toHaveLength(1);
      expect((await lateLines(page))[0]).toMatch(
        new RegExp(`^${CHAIR}: Disagree · by the secretary · `),
      );
      await page.getByTestId('outcome').getByRole('heading', { name: 'Outcome' }).waitFor();
      expect(await outcome(page), device.name).toEqual({
        passed: 'true',
        verdict: 'Passed',
        tally: CONSENT_TALLY,
      });
    }
    expect(await outcomeText(b.page)).toBe(await outcomeText(a.page));
    lap('closed on A, late position from B');

    // Minutes: proposed while both are online; B edits offline while A approves.
    for (const device of [a, b]) {
      await device.page.goto(meetingUrl);
      await device.page.getByRole('heading', { level: 1, name: MEETING }).waitFor();
      await expect
        .poll(async () => (await rowsOf(device.page, 'Decisions taken here')).sort())
        .toEqual([`${CONSENT} Passed`, `${HANDS} Passed`]);
    }
    expect(await rowsOf(b.page, 'Decisions taken here')).toEqual(
      await rowsOf(a.page, 'Decisions taken here'),
    );
    const stage = (page: Page) =>
      page
        .getByRole('region', { name: /^Minutes stage/ })
        .getByRole('heading')
        .innerText();
    await a.page.getByRole('button', { name: 'Mark minutes “Proposed”' }).click();
    await expect.poll(() => stage(a.page)).toBe('Minutes stage: Proposed');
    await expect.poll(() => stage(b.page), { timeout: 5_000 }).toBe('Minutes stage: Proposed');
    await offline(b);
    await b.page.getByLabel(`Minutes: ${ITEM2}`, { exact: true }).fill(ITEM2_MINUTES);
    await a.page.getByRole('button', { name: 'Mark minutes “Approved”' }).click();
    await expect.poll(() => stage(a.page)).toBe('Minutes stage: Approved');
    const fingerprint = a.page.getByTestId('fingerprint');
    await fingerprint.waitFor();
    expect(await fingerprint.innerText()).toMatch(/fingerprint [0-9a-f]{12}$/);
    expect(await a.page.getByTestId('changed-after-approval').count()).toBe(0);
    // Approved minutes are frozen on A.
    expect(await a.page.getByRole('main').locator('textarea[id^="minutes-"]').count()).toBe(0);
    await online(b);
    for (const device of [a, b]) {
      const page = device.page;
      await page.getByTestId('changed-after-approval').waitFor({ timeout: 10_000 });
      await expect.poll(() => stage(page)).toBe('Minutes stage: Approved');
      expect(await minutesOf(page, ITEM2), device.name).toBe(ITEM2_MINUTES);
      expect(await page.getByRole('main').locator('textarea[id^="minutes-"]').count()).toBe(0);
      // Frozen minutes offer no way to add, move or remove their items either.
      const agendaButtons = await page
        .getByRole('region', { name: 'Agenda' })
        .getByRole('button', { name: /^(Add item|Remove .*|Move .* up)$/ })
        .evaluateAll((buttons) =>
          buttons.map((b) => b.getAttribute('aria-label') ?? b.textContent),
        );
      expect(agendaButtons, `${device.name}: agenda controls on approved minutes`).toEqual([]);
    }
    expect(await b.page.getByTestId('fingerprint').innerText()).toBe(await fingerprint.innerText());
    expect(await b.page.getByTestId('changed-after-approval').innerText()).toBe(
      await a.page.getByTestId('changed-after-approval').innerText(),
    );
    lap('minutes approved, the offline edit flagged');

    // Printed: the minutes without the app around them.
    await a.page.emulateMedia({ media: 'print' });
    const printPath = await screenshot(a.page, 'meeting minutes printed');
    console.log(`meeting: printed page ${printPath}`);
    expect(await a.page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
    expect(await a.page.getByRole('status', { name: 'Sync status' }).isVisible()).toBe(false);
    const shown = await a.page.evaluate(() => {
      const visible = (el: Element) => el.checkVisibility();
      return {
        buttons: [...document.querySelectorAll('button')].filter(visible).map((b) => b.innerText),
        controls: [...document.querySelectorAll('input, select, textarea')]
          .filter(visible)
          .map((el) => el.outerHTML.slice(0, 80)),
      };
    });
    expect(shown.buttons, 'buttons on the printed page').toEqual([]);
    expect(shown.controls, 'form controls on the printed page').toEqual([]);
    const main = a.page.getByRole('main');
    for (const text of [CHAIR_MINUTES, SECRETARY_MINUTES, ITEM2_MINUTES, HANDS, CONSENT, ACTION])
      expect(await main.getByText(text).first().isVisible(), text).toBe(true);
    await a.page.emulateMedia({ media: 'screen' });
    lap('printed');

    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
    console.log(`meeting: total ${lap('done').toFixed(1)} s`);
  });
});
