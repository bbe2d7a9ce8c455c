// The accessibility checks the browser tests run on a page: axe-core, touch-target sizes, horizontal
// overflow, and moving focus with the Tab key.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Locator, Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

/** The smallest touch target, in CSS px (WCAG 2.5.5, and the app's `--tap`). */
export const MIN_TARGET = 44;

interface AxeNode {
  target: unknown[];
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact?: string;
  help: string;
  nodes: AxeNode[];
}

/** Runs axe-core on the page; returns one line per violation and element, '' when there is none. */
export async function axeViolations(page: Page): Promise<string[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(o: object): Promise<unknown> } }).axe;
    const result = (await axe.run({ resultTypes: ['violations'] })) as {
      violations: AxeViolation[];
      passes: unknown[];
    };
    // An axe that checked nothing would pass anything.
    if (result.passes.length === 0) throw new Error('axe ran no rule on this page');
    return result.violations;
  });
  return violations.flatMap((v) =>
    v.nodes.map(
      (n) =>
        `${v.id} (${v.impact ?? '?'}): ${v.help} — ${n.target.join(' ')}` +
        (n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ')}` : ''),
    ),
  );
}

/**
 * The visible controls smaller than 44×44 px, one line each. A checkbox, radio or other input
 * counts its label too (a click on the label works the control). Exempt, as WCAG 2.5.5 allows: a
 * link inline in running text (a paragraph or rendered markdown), whose size the line sets.
 */
export async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate((min) => {
    const selector =
      'a[href], button, input:not([type="hidden"]), select, textarea, summary, [role="button"], [tabindex]:not([tabindex="-1"])';
    const fits = (el: Element) => {
      const box = el.getBoundingClientRect();
      return box.width >= min - 0.01 && box.height >= min - 0.01;
    };
    const inRunningText = (el: Element) => {
      if (el.tagName !== 'A' || getComputedStyle(el).display !== 'inline') return false;
      let block = el.parentElement;
      while (block && getComputedStyle(block).display === 'inline') block = block.parentElement;
      if (!block || !block.matches('p, article *')) return false;
      return (block.textContent ?? '').trim().length > (el.textContent ?? '').trim().length;
    };
    const describe = (el: Element) => {
      const box = el.getBoundingClientRect();
      const name =
        el.getAttribute('aria-label') ??
        (el as HTMLInputElement).labels?.[0]?.textContent ??
        el.textContent ??
        '';
      const tag =
        el.tagName.toLowerCase() + (el.getAttribute('type') ? `[${el.getAttribute('type')}]` : '');
      return `${tag} "${name.replace(/\s+/g, ' ').trim().slice(0, 40)}" ${box.width.toFixed(0)}×${box.height.toFixed(0)}`;
    };
    return [...document.querySelectorAll(selector)]
      .filter((el) => el.checkVisibility({ visibilityProperty: true }))
      .filter((el) => !fits(el) && !inRunningText(el))
      .filter((el) => ![...((el as HTMLInputElement).labels ?? [])].some(fits))
      .map(describe);
  }, MIN_TARGET);
}

/**
 * What sticks out past the right edge of the screen: a page that scrolls sideways, or an element
 * (a fixed bar's too) that is cut off; [] when everything fits. Content inside a scroll box is fine.
 */
export async function narrowOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const inScrollBox = (el: Element) => {
      for (let up = el.parentElement; up && up !== document.body; up = up.parentElement)
        if (getComputedStyle(up).overflowX !== 'visible') return true;
      return false;
    };
    const wide = [...document.querySelectorAll('body *')].filter(
      (el) =>
        el.getBoundingClientRect().right > width + 0.5 &&
        el.checkVisibility({ visibilityProperty: true }) &&
        !inScrollBox(el),
    );
    const scrolls = document.documentElement.scrollWidth > width;
    if (!scrolls && wide.length === 0) return [];
    // Text that overflows its box makes no element wider: name the boxes it spills out of.
    const spilling = [...document.querySelectorAll('body *')].filter(
      (el) => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible',
    );
    const culprits = [...wide, ...(scrolls ? spilling : [])];
    // The innermost ones name the culprit; their ancestors only inherit the width.
    const innermost = culprits.filter(
      (el) => !culprits.some((other) => other !== el && el.contains(other)),
    );
    return [
      `scrollWidth ${document.documentElement.scrollWidth}, screen ${width}`,
      ...innermost.slice(0, 8).map((el) => {
        const classes = el.getAttribute('class')
          ? `.${el.getAttribute('class')?.split(' ').join('.')}`
          : '';
        const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 30);
        return `${el.tagName.toLowerCase()}${classes} "${text}" right ${el.getBoundingClientRect().right.toFixed(0)}`;
      }),
    ];
  });
}

/**
 * Presses Tab until `target` has the focus (at most `limit` times); throws with the path the focus
 * took otherwise, or when the focused control shows no focus ring or is hidden under another
 * element (a sticky header, the fixed tab bar).
 */
export async function tabTo(page: Page, target: Locator, limit = 60): Promise<void> {
  const path: string[] = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const focus = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return { name: '(body)', ring: false, covered: '' };
      const box = el.getBoundingClientRect();
      const x = Math.min(Math.max(box.left + box.width / 2, 0), window.innerWidth - 1);
      const y = Math.min(Math.max(box.top + box.height / 2, 0), window.innerHeight - 1);
      const hit = document.elementFromPoint(x, y);
      const labels = [...((el as HTMLInputElement).labels ?? [])];
      const shown = !!hit && (el.contains(hit) || labels.some((l) => l.contains(hit)));
      const text = (el.getAttribute('aria-label') || el.id || el.textContent || '')
        .trim()
        .slice(0, 24);
      return {
        name: `${el.tagName.toLowerCase()} "${text}"`,
        // Focus on a part the browser draws inside the control (a date field's calendar button)
        // leaves the control itself unmatched by :focus, and the browser rings that part.
        ring: getComputedStyle(el).outlineStyle !== 'none' || !el.matches(':focus'),
        covered: shown ? '' : `${hit?.tagName.toLowerCase()}.${hit?.className}`,
      };
    });
    path.push(focus.name);
    if (focus.name !== '(body)' && !focus.ring)
      throw new Error(`the focus on ${focus.name} shows no focus ring`);
    if (focus.covered)
      throw new Error(`the focused ${focus.name} is hidden under ${focus.covered}`);
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
  }
  throw new Error(`Tab never reached ${String(target)}; the focus went: ${path.join(' → ')}`);
}
