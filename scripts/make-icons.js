// Renders the SVG icons to the PNG sizes the web app manifest needs, in Debian's Chromium.
// Run by hand after changing an icon: `node scripts/make-icons.js` (the PNGs are committed).
import { readFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';

/** @type {[string, string, number][]} */
const jobs = [
  ['static/icons/icon.svg', 'static/icons/icon-192.png', 192],
  ['static/icons/icon.svg', 'static/icons/icon-512.png', 512],
  ['static/icons/maskable.svg', 'static/icons/maskable-512.png', 512],
];

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
for (const [src, out, size] of jobs) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  const svg = await readFile(src, 'utf8');
  await page.setContent(
    `<style>*{margin:0}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`,
  );
  await page.screenshot({ path: out, omitBackground: true });
  await page.close();
}
await browser.close();
