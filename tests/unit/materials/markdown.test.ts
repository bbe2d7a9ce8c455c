import createDOMPurify from 'dompurify';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '$lib/components/materials/markdown';

const purify = createDOMPurify(new JSDOM('').window as never);
const render = (md: string) => renderMarkdown(md, purify);

function parse(html: string): Document {
  return new JSDOM(`<!doctype html><body>${html}</body>`).window.document;
}

const FORBIDDEN = 'script, iframe, svg, style, form, object, embed, math, button, input';

/** Every way the rendered HTML could run code, as a list (empty when safe). */
function dangers(html: string): string[] {
  const doc = parse(html);
  const found: string[] = [];
  for (const el of doc.body.querySelectorAll(FORBIDDEN)) found.push(`<${el.localName}>`);
  for (const el of doc.body.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const value = attr.value.trim().toLowerCase();
      if (attr.name.toLowerCase().startsWith('on')) found.push(`${el.localName}[${attr.name}]`);
      if (attr.name === 'style') found.push(`${el.localName}[style]`);
      // DOMPurify keeps data: URLs on <img src> (its DATA_URI_TAGS); an image never runs HTML,
      // so that one case is inert and allowed here (see the test that pins it below).
      const inertImage = el.localName === 'img' && attr.name === 'src';
      if (
        ['href', 'src', 'action', 'formaction', 'xlink:href'].includes(attr.name) &&
        (value.startsWith('javascript:') || (value.startsWith('data:text/html') && !inertImage))
      )
        found.push(`${el.localName}[${attr.name}=${value}]`);
    }
  }
  return found;
}

const HOSTILE = [
  '<script>alert(1)</script>',
  'text <script src="https://evil.example/x.js"></script>',
  '<img src=x onerror=alert(1)>',
  '[click](javascript:alert(1))',
  '[x](JaVaScRiPt:alert(1))',
  '[x]( javascript:alert(1) )',
  '[x](java\tscript:alert(1))',
  '[x](&#106;avascript:alert(1))',
  '[x](javascript&#58;alert(1))',
  '<a href="javascript&colon;alert(1)">x</a>',
  '<a href="&#x6A;avascript:alert(1)">x</a>',
  '<a href=" &#14; javascript:alert(1)">x</a>',
  '<iframe src="https://evil.example"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<svg onload=alert(1)><circle r="1"/></svg>',
  '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
  '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
  '<style>body{background:url(javascript:alert(1))}</style>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<form action="https://evil.example"><button>Send</button></form>',
  '<button formaction="javascript:alert(1)">x</button>',
  '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '<a href="data:text/html,<script>alert(1)</script>">x</a>',
  '![x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '<img src="data:text/html,<script>alert(1)</script>">',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '<img src="x" alt="&quot; onerror=&quot;alert(1)">',
  '![a](x.png "x\\" onerror=\\"alert(1))',
  '![a](x.png "\\"><img src=x onerror=alert(1)>")',
  '![a](javascript:alert(1))',
  '<details open ontoggle=alert(1)>x</details>',
  '<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '`<script>alert(1)</script>` and\n\n```html\n<script>alert(1)</script>\n```',
  '<p>ok</p><base href="javascript:alert(1)//">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '[a]: javascript:alert(1)\n\n[ref][a]',
];

describe('renderMarkdown is safe', () => {
  it.each(HOSTILE)('neutralizes %s', (md) => {
    const html = render(md);
    expect(dangers(html)).toEqual([]);
    expect(parse(html).querySelector('meta, base, noscript, details[ontoggle]')).toBeNull();
  });

  it('a data:text/html URL may survive only as an inert <img src>, never on a link', () => {
    const doc = parse(render('![x](data:text/html,hi) [y](data:text/html,hi)'));
    const withData = [...doc.querySelectorAll('[href], [src]')].filter((el) =>
      /^\s*data:/i.test(el.getAttribute('href') ?? el.getAttribute('src') ?? ''),
    );
    expect(withData.filter((el) => el.localName !== 'img')).toEqual([]);
  });

  it('code spans and blocks keep hostile text as visible text', () => {
    const doc = parse(render('```html\n<script>alert(1)</script>\n```'));
    expect(doc.querySelector('pre code')?.textContent).toContain('<script>alert(1)</script>');
    expect(doc.querySelector('script')).toBeNull();
  });
});

describe('renderMarkdown keeps ordinary markdown', () => {
  it('headings, lists, emphasis, links and code blocks survive', () => {
    const md = [
      '# Title',
      '## Sub',
      '',
      'Some *emphasis*, **strong** and `code`.',
      '',
      '- one',
      '- two',
      '',
      '1. first',
      '2. second',
      '',
      'A [link](https://example.org/a?b=1 "Home").',
      '',
      '```ts',
      'const x = 1 < 2;',
      '```',
      '',
      '![logo](https://example.org/logo.png)',
    ].join('\n');
    const doc = parse(render(md));
    expect(doc.querySelector('h1')?.textContent).toBe('Title');
    expect(doc.querySelector('h2')?.textContent).toBe('Sub');
    expect(doc.querySelector('em')?.textContent).toBe('emphasis');
    expect(doc.querySelector('strong')?.textContent).toBe('strong');
    expect(doc.querySelector('p code')?.textContent).toBe('code');
    expect([...doc.querySelectorAll('ul li')].map((li) => li.textContent)).toEqual(['one', 'two']);
    expect([...doc.querySelectorAll('ol li')].map((li) => li.textContent)).toEqual([
      'first',
      'second',
    ]);
    const a = doc.querySelector('a');
    expect(a?.getAttribute('href')).toBe('https://example.org/a?b=1');
    expect(a?.getAttribute('title')).toBe('Home');
    expect(doc.querySelector('pre code')?.textContent).toBe('const x = 1 < 2;\n');
    expect(doc.querySelector('img')?.getAttribute('src')).toBe('https://example.org/logo.png');
  });

  it('mailto and relative links survive', () => {
    const doc = parse(render('[mail](mailto:hej@example.org) [page](/materials/1)'));
    expect([...doc.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual([
      'mailto:hej@example.org',
      '/materials/1',
    ]);
  });
});
