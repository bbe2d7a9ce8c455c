// Councils, tasks and materials across two browser contexts that sync through the relay: a council
// with a member and an overdue task that the other device finishes, a material whose markdown
// carries hostile HTML, its translation, and a source edit made while the translator is offline
// (and editing too) that flags the translation as outdated on both devices.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  addPerson,
  createFederation,
  daysFromNow,
  expectSyncStatus,
  joinWithLink,
  openDevice,
  openFromMore,
  readInviteLink,
  sleep,
  startAppRelay,
  stopwatch,
  waitForServiceWorker,
} from './helpers';

const FEDERATION = 'Nordic Federation';
const PERSON = 'Astrid Lund';
const COUNCIL = 'Education council';
const TASK = 'Draft the mandate review';
const SOURCE = 'What a council is';
const TRANSLATION = 'Vad ett råd är';
const TRANSLATION_EDITED = 'Vad ett råd är, andra utkastet';
/** Markdown with bold text and three ways to run script that the rendered page must not allow. */
const HOSTILE_BODY = [
  '**Councils** decide what they can decide alone.',
  '',
  '<img src=x onerror="window.__pwned=1">',
  '',
  '<script>window.__pwned=2</script>',
  '',
  '[x](javascript:window.__pwned=3)',
].join('\n');
const SOURCE_EDIT = `${HOSTILE_BODY}\n\nThey report to the federation twice a year.`;
const SWEDISH_BODY = '**Råd** bestämmer det de kan bestämma själva.';

/** The last path segment of the page's URL (the id of the record it shows). */
function lastId(page: Page): string {
  const id = new URL(page.url()).pathname.split('/').pop();
  if (!id) throw new Error(`no id in ${page.url()}`);
  return id;
}

/** The status a task page shows, e.g. "Open" or "Done". */
async function taskStatus(page: Page): Promise<string> {
  const heading = page.getByRole('heading', { level: 2, name: /^Status:/ });
  return (await heading.innerText()).replace(/^Status:\s*/, '').trim();
}

/** The rows of the tasks list on `/f/<id>/tasks` (name and meta line). */
async function taskRows(page: Page): Promise<string[]> {
  const rows = await page.locator('main ul.list li').allInnerTexts();
  return rows.map((row) => row.replace(/\s+/g, ' ').trim());
}

/** Whether a translation page says it is up to date (and shows no outdated box). */
async function upToDate(page: Page): Promise<boolean> {
  const shown = await page.getByText('Up to date with the original.').isVisible();
  const flagged = await page.getByTestId('outdated').isVisible();
  return shown && !flagged;
}

/** The lines of the outdated box of a translation page ('' while it is not there). */
async function outdatedLines(page: Page): Promise<string[]> {
  const box = page.getByTestId('outdated');
  if (!(await box.isVisible())) return [];
  return (await box.locator('li').allInnerTexts()).map((line) => line.trim());
}

/** What the "By language" table says for one original in one language column. */
async function coverageCell(page: Page, source: string, language: RegExp): Promise<string> {
  const table = page.getByRole('region', { name: 'By language' }).getByRole('table');
  const headers = await table.locator('thead th').allInnerTexts();
  const column = headers.findIndex((h) => language.test(h.trim()));
  if (column < 1) return `no column ${language} in ${JSON.stringify(headers)}`;
  const row = table.locator('tbody tr').filter({ has: page.getByRole('link', { name: source }) });
  // Column 0 is the row's <th>; the <td>s start at column 1.
  return (
    await row
      .locator('td')
      .nth(column - 1)
      .innerText()
  ).trim();
}

/** What the rendered material text of the page holds that could run script. */
async function scriptInArticle(page: Page) {
  return page
    .getByRole('main')
    .locator('article')
    .evaluate((article) => ({
      strong: article.querySelectorAll('strong').length,
      scripts: article.querySelectorAll('script').length,
      handlers: [...article.querySelectorAll('*')].flatMap((el) =>
        el.getAttributeNames().filter((name) => name.startsWith('on')),
      ),
      javascriptLinks: [...article.querySelectorAll('[href]')].filter((el) =>
        /^\s*javascript:/i.test(el.getAttribute('href') ?? ''),
      ).length,
      pwned: (window as unknown as { __pwned?: unknown }).__pwned,
    }));
}

describe('councils, tasks and materials', () => {
  it('creates a council, a task and a material with a translation, then edits the source and sees the translation flagged, across two browser contexts syncing through the relay', async () => {
    const lap = stopwatch('councils-materials');
    const relay = await startAppRelay();
    const base = relay.url;
    const a = await openDevice('device A');
    const b = await openDevice('device B');

    // Device A: a federation in English and Swedish, and a person who is A's user.
    await a.page.goto(base);
    await waitForServiceWorker(a.page);
    const fid = await createFederation(a.page, base, { name: FEDERATION, languages: 'en, sv' });
    await addPerson(a.page, base, fid, { name: PERSON, country: 'SE', languages: 'sv, en' });
    await a.page.getByRole('button', { name: 'This is me' }).click();
    await a.page.getByText('This is you on this device.').waitFor();
    // A full page load right after the claim must keep it (it is stored before it is shown).
    await a.page.goto(`${base}/f/${fid}`);
    await a.page.getByRole('heading', { level: 1, name: FEDERATION }).waitFor();
    await expectSyncStatus(a.page, 'synced');

    // Device B joins with A's invite link.
    const link = await readInviteLink(a.page, base, fid);
    expect(await joinWithLink(b.page, link, new RegExp(`^Join ${FEDERATION}$`))).toBe(fid);
    await waitForServiceWorker(b.page);
    await expectSyncStatus(b.page, 'synced');
    lap('A created, B joined');

    // A creates a council with the person as convener and member.
    await a.page.goto(`${base}/f/${fid}`);
    await openFromMore(a.page, 'Councils');
    await a.page.getByText('No councils yet.').waitFor();
    await a.page.getByRole('link', { name: 'New council' }).click();
    await a.page.getByRole('heading', { level: 1, name: 'New council' }).waitFor();
    await a.page.getByLabel('Name', { exact: true }).fill(COUNCIL);
    await a.page.getByLabel('What it decides on its own').fill('Its own study circles.');
    await a.page.getByLabel('What it brings to the federation').fill('The yearly study plan.');
    await a.page.getByLabel('Convener', { exact: true }).selectOption({ label: PERSON });
    await a.page.getByLabel('Created by decision').fill('Assembly 2025-03, item 4');
    await a.page.getByLabel('Mandate review date').fill(daysFromNow(180));
    await a.page.getByRole('button', { name: 'Save', exact: true }).click();
    await a.page.waitForURL(/\/councils\/[0-9a-f-]{36}$/);
    const councilPage = a.page.url();
    await a.page.getByRole('heading', { level: 1, name: COUNCIL }).waitFor();
    const members = a.page.getByRole('region', { name: 'Members' });
    await members.getByText('No members yet.').waitFor();
    await members
      .getByRole('combobox', { name: 'Choose a person' })
      .selectOption({ label: PERSON });
    await members.getByRole('button', { name: 'Add member' }).click();
    await members.getByRole('button', { name: `Remove ${PERSON}` }).waitFor();
    const chips = await members.locator('li.chip').allInnerTexts();
    expect(chips.map((text) => text.replace('✕', '').trim())).toEqual([PERSON]);

    // … and a task of the council for the person, due three days ago.
    const councilTasks = a.page.getByRole('region', { name: 'Tasks of this council' });
    await councilTasks.getByRole('link', { name: 'New task' }).click();
    await a.page.waitForURL(/\/tasks\/new\?council=[0-9a-f-]{36}$/);
    await a.page.getByRole('heading', { level: 1, name: 'New task' }).waitFor();
    // Opened from the council, the task belongs to it.
    const councilSelect = a.page.getByLabel('Council', { exact: true });
    expect(await councilSelect.locator('option:checked').innerText()).toBe(COUNCIL);
    await a.page.getByLabel('Title', { exact: true }).fill(TASK);
    await a.page.getByLabel('Description').fill('Read the mandate and propose changes.');
    await a.page.getByLabel('Owner', { exact: true }).selectOption({ label: PERSON });
    await a.page.getByLabel('Due', { exact: true }).fill(daysFromNow(-3));
    await a.page.getByRole('button', { name: 'Save', exact: true }).click();
    await a.page.waitForURL(/\/tasks\/[0-9a-f-]{36}$/);
    const taskPage = a.page.url();
    await a.page.getByRole('heading', { level: 1, name: TASK }).waitFor();
    expect(await taskStatus(a.page)).toBe('Open');
    const taskLine = a.page.getByRole('main').locator('p.muted').first();
    await expect.poll(() => taskLine.innerText()).toContain(`Owner: ${PERSON}`);
    expect(await taskLine.innerText()).toContain('Overdue');
    await a.page.goto(councilPage);
    await councilTasks.getByRole('link', { name: TASK }).waitFor();
    expect(await councilTasks.locator('li').first().getAttribute('class')).toContain('overdue');
    lap('A made a council and a task');

    // Offline, A finds the task in the tasks list: under "My tasks", "All open tasks" and by search.
    await a.context.setOffline(true);
    await a.page.goto(`${base}/f/${fid}`);
    await openFromMore(a.page, 'Tasks');
    const scope = a.page.getByRole('main').getByRole('combobox', { name: 'Tasks' });
    const search = a.page.getByRole('searchbox', { name: 'Search tasks' });
    expect(await scope.locator('option:checked').innerText()).toBe('My tasks');
    await expect.poll(() => taskRows(a.page)).toHaveLength(1);
    const [row] = await taskRows(a.page);
    expect(row).toContain(TASK);
    expect(row).toContain('Open');
    expect(row).toContain('Overdue');
    expect(row).toContain(PERSON);
    expect(row).toContain(COUNCIL);
    await scope.selectOption({ label: 'All open tasks' });
    await expect.poll(() => taskRows(a.page)).toHaveLength(1);
    await search.fill('mandate');
    await expect.poll(() => taskRows(a.page)).toEqual([row]);
    await search.fill('MANDATE review');
    await expect.poll(() => taskRows(a.page)).toEqual([row]);
    await search.fill('budget');
    await a.page.getByText('No task matches.').waitFor();
    await scope.selectOption({ label: 'My tasks' });
    await search.fill('draft');
    await expect.poll(() => taskRows(a.page)).toEqual([row]);
    await a.context.setOffline(false);
    await expectSyncStatus(a.page, 'synced', 15_000);
    lap('A found the task offline');

    // B finds the council and its task, and marks the task done; A, looking at it, sees that.
    await a.page.goto(taskPage);
    await a.page.getByRole('heading', { level: 1, name: TASK }).waitFor();
    await b.page.goto(`${base}/f/${fid}`);
    await openFromMore(b.page, 'Councils');
    const councilRow = b.page.getByRole('main').getByRole('link', { name: new RegExp(COUNCIL) });
    await expect.poll(() => councilRow.innerText()).toContain(`Members: 1 · Convener: ${PERSON}`);
    await councilRow.click();
    await b.page.waitForURL(councilPage);
    await b.page.getByRole('heading', { level: 1, name: COUNCIL }).waitFor();
    const bMembers = b.page.getByRole('region', { name: 'Members' });
    await bMembers.getByRole('button', { name: `Remove ${PERSON}` }).waitFor();
    await b.page
      .getByRole('region', { name: 'Tasks of this council' })
      .getByRole('link', { name: TASK })
      .click();
    await b.page.waitForURL(taskPage);
    await b.page.getByRole('heading', { level: 1, name: TASK }).waitFor();
    await expect.poll(() => taskStatus(b.page)).toBe('Open');
    await b.page.getByText('Overdue').waitFor();
    const doneAt = performance.now();
    await b.page.getByRole('button', { name: 'Mark “Done”' }).click();
    await expect.poll(() => taskStatus(b.page)).toBe('Done');
    await expect.poll(() => taskStatus(a.page), { timeout: 5_000 }).toBe('Done');
    console.log(
      `councils-materials: B marks done -> A shows it in ${(performance.now() - doneAt).toFixed(0)} ms`,
    );
    // Done is not overdue any more.
    expect(await a.page.getByText('Overdue').count()).toBe(0);
    const history = a.page.getByRole('region', { name: 'History' }).locator('ol li');
    await expect.poll(() => history.allInnerTexts()).toHaveLength(1);
    expect((await history.first().innerText()).split(' · ')[0]).toBe('Done');
    lap('B marked the task done, A saw it');

    // A writes a material whose markdown tries to run script.
    await openFromMore(a.page, 'Materials');
    await a.page.getByText('No materials yet.').waitFor();
    await a.page.getByRole('link', { name: 'New material' }).click();
    await a.page.getByRole('heading', { level: 1, name: 'New material' }).waitFor();
    // A new material starts in the federation's first language.
    expect(await a.page.getByLabel('Language', { exact: true }).inputValue()).toBe('en');
    await a.page.getByLabel('Title', { exact: true }).fill(SOURCE);
    await a.page.getByLabel('Kind', { exact: true }).selectOption({ label: 'Introductory text' });
    await a.page.getByLabel('Topic tags').fill('councils, basics');
    await a.page.getByLabel('Text', { exact: true }).fill(HOSTILE_BODY);
    await a.page.getByLabel('Status', { exact: true }).selectOption({ label: 'Published' });
    await a.page.getByLabel('Council responsible').selectOption({ label: COUNCIL });
    await a.page.getByRole('button', { name: 'Save', exact: true }).click();
    await a.page.waitForURL(/\/materials\/[0-9a-f-]{36}$/);
    const sourcePage = a.page.url();
    const sourceId = lastId(a.page);
    await a.page.getByRole('heading', { level: 1, name: SOURCE }).waitFor();
    const article = a.page.getByRole('main').locator('article');
    await article.getByText('Councils', { exact: true }).waitFor();
    expect(await article.locator('strong').innerText()).toBe('Councils');
    // The link's text is there to click; clicking it runs nothing and goes nowhere.
    await article.getByText('x', { exact: true }).click();
    await sleep(300);
    expect(a.page.url()).toBe(sourcePage);
    expect(await scriptInArticle(a.page)).toEqual({
      strong: 1,
      scripts: 0,
      handlers: [],
      javascriptLinks: 0,
      pwned: undefined,
    });
    lap('A wrote a material');

    // B finds it, sees it rendered as safely, and translates it into Swedish.
    await openFromMore(b.page, 'Materials');
    const sourceLink = b.page
      .getByRole('main')
      .getByRole('list')
      .getByRole('link', { name: SOURCE });
    await sourceLink.click();
    await b.page.waitForURL(sourcePage);
    await b.page.getByRole('heading', { level: 1, name: SOURCE }).waitFor();
    await b.page.getByRole('main').locator('article strong').waitFor();
    await b.page.getByRole('main').locator('article').getByText('x', { exact: true }).click();
    await sleep(300);
    expect(await scriptInArticle(b.page)).toEqual({
      strong: 1,
      scripts: 0,
      handlers: [],
      javascriptLinks: 0,
      pwned: undefined,
    });
    await b.page
      .getByRole('region', { name: 'Translations' })
      .getByRole('link', { name: 'Translate' })
      .click();
    await b.page.waitForURL(`${base}/f/${fid}/materials/new?source=${sourceId}`);
    await b.page.getByRole('heading', { level: 1, name: 'New translation' }).waitFor();
    await b.page.getByText(`Translation of “${SOURCE}”`).waitFor();
    // The form starts as a copy of the original, for the translator to rewrite.
    expect(await b.page.getByLabel('Title', { exact: true }).inputValue()).toBe(SOURCE);
    expect(await b.page.getByLabel('Text', { exact: true }).inputValue()).toBe(HOSTILE_BODY);
    await b.page.getByLabel('Title', { exact: true }).fill(TRANSLATION);
    await b.page.getByLabel('Language', { exact: true }).fill('sv');
    await b.page.getByLabel('Text', { exact: true }).fill(SWEDISH_BODY);
    await b.page.getByRole('button', { name: 'Save', exact: true }).click();
    await b.page.waitForURL(/\/materials\/[0-9a-f-]{36}$/);
    const translationPage = b.page.url();
    await b.page.getByRole('heading', { level: 1, name: TRANSLATION }).waitFor();
    await b.page.getByRole('link', { name: `Translation of “${SOURCE}”` }).waitFor();
    await expect.poll(() => upToDate(b.page)).toBe(true);
    expect(await b.page.getByRole('main').locator('article strong').innerText()).toBe('Råd');

    // A sees the translation under the original, and it is up to date there too.
    const aTranslations = a.page.getByRole('region', { name: 'Translations' });
    const aTranslationLink = aTranslations.getByRole('link', { name: `Swedish: ${TRANSLATION}` });
    await aTranslationLink.waitFor({ timeout: 5_000 });
    await aTranslationLink.click();
    await a.page.waitForURL(translationPage);
    await a.page.getByRole('heading', { level: 1, name: TRANSLATION }).waitFor();
    await expect.poll(() => upToDate(a.page)).toBe(true);
    lap('B translated it, both up to date');

    // B goes offline; A changes the original's text while B retitles the translation.
    await b.context.setOffline(true);
    await expectSyncStatus(b.page, 'offline');
    await a.page.goto(sourcePage);
    await a.page.getByRole('heading', { level: 1, name: SOURCE }).waitFor();
    await a.page.getByText('Edit material').click();
    await expect
      .poll(() => a.page.getByLabel('Text', { exact: true }).inputValue())
      .toBe(HOSTILE_BODY);
    await a.page.getByLabel('Text', { exact: true }).fill(SOURCE_EDIT);
    await a.page.getByRole('button', { name: 'Save', exact: true }).click();
    await a.page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await article.getByText('They report to the federation twice a year.').waitFor();
    await b.page.getByText('Edit material').click();
    await b.page.getByLabel('Title', { exact: true }).fill(TRANSLATION_EDITED);
    await b.page.getByRole('button', { name: 'Save', exact: true }).click();
    await b.page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await b.page.getByRole('heading', { level: 1, name: TRANSLATION_EDITED }).waitFor();
    // B has not seen A's change yet.
    expect(await upToDate(b.page)).toBe(true);
    lap('edited on both sides, B offline');

    // B is back: both devices show the translation flagged, listing the text change.
    await b.context.setOffline(false);
    await expectSyncStatus(b.page, 'synced', 15_000);
    await a.page.goto(translationPage);
    for (const device of [a, b]) {
      const page = device.page;
      await page
        .getByRole('heading', { level: 1, name: TRANSLATION_EDITED })
        .waitFor({ timeout: 10_000 });
      const box = page.getByTestId('outdated');
      await box.waitFor({ timeout: 10_000 });
      expect(await box.getAttribute('role')).toBe('alert');
      expect(await box.innerText()).toContain(
        'The original changed since this translation was made:',
      );
      const lines = await outdatedLines(page);
      expect(lines, `${device.name}: the changes the translation missed`).toHaveLength(1);
      expect(lines[0]?.split(' · ')[0]).toBe('text');
      expect(lines[0]).toContain(PERSON);
      expect(await page.getByText('Up to date with the original.').count()).toBe(0);
    }
    for (const device of [a, b]) {
      const page = device.page;
      await page.goto(`${base}/f/${fid}/materials`);
      await page.getByRole('heading', { level: 1, name: 'Materials' }).waitFor();
      const translationRow = page
        .getByRole('main')
        .getByRole('listitem')
        .filter({ has: page.getByRole('link', { name: TRANSLATION_EDITED }) });
      await expect.poll(() => translationRow.innerText()).toContain('outdated');
      const sourceRow = page
        .getByRole('main')
        .getByRole('listitem')
        .filter({ has: page.getByRole('link', { name: SOURCE }) });
      expect(await sourceRow.innerText()).not.toContain('outdated');
      expect(await coverageCell(page, SOURCE, /^(English|engelska)$/i)).toBe('original');
      expect(await coverageCell(page, SOURCE, /^(Swedish|svenska)$/i)).toBe('outdated');
    }
    lap('both devices flag the translation');

    // B checks the translation against the new original; A, looking at it, sees it up to date.
    await a.page.goto(translationPage);
    await a.page.getByTestId('outdated').waitFor();
    await b.page.goto(translationPage);
    await b.page.getByRole('button', { name: 'Mark as up to date' }).click();
    await expect.poll(() => upToDate(b.page)).toBe(true);
    await expect.poll(() => upToDate(a.page), { timeout: 5_000 }).toBe(true);
    await a.page.goto(`${base}/f/${fid}/materials`);
    await expect
      .poll(() => coverageCell(a.page, SOURCE, /^(Swedish|svenska)$/i))
      .toBe('translated');
    expect(await a.page.getByRole('main').getByRole('list').innerText()).not.toContain('outdated');
    lap('marked up to date on B, seen on A');

    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
    console.log(`councils-materials: total ${lap('done').toFixed(1)} s`);
  });
});
