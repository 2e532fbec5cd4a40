import { describe, expect, it } from 'vitest';
import { escapeHtml, oneLine, templates, type Brand } from '../../server/src/modules/email/email.templates.js';
import { parseInviteLines } from '../../server/src/modules/invites/invites.service.js';
import { jobIdOf } from '../../server/src/modules/email/email.queue.js';

const brand: Brand = {
  name: 'Acme <Advocates>',
  accentColor: '#ff0066',
  logoUrl: 'javascript:alert(1)',
  publicUrl: 'https://hub.example',
};

describe('email templates', () => {
  it('escape everything that comes from data, in the brand and the content', () => {
    const r = templates.review(
      brand,
      {
        name: '<img src=x onerror=alert(1)>',
        decision: 'reject',
        challengeTitle: '"Quotes" & <tags>',
        feedback: '</p><script>alert(1)</script>',
        points: 0,
        url: 'https://hub.example/challenges/1?a=1&b=2',
      },
      { unsubscribeUrl: 'https://hub.example/unsubscribe?m=1&t=reviews&s=x', unsubscribeWhat: 'review emails' },
    );
    expect(r.html).not.toMatch(/<script|<img src=x|<tags>/);
    expect(r.html).toContain('&lt;script&gt;');
    expect(r.html).toContain('Acme &lt;Advocates&gt;');
    expect(r.html).toContain('href="https://hub.example/challenges/1?a=1&amp;b=2"');
    expect(r.html).toContain('Unsubscribe');
    expect(r.html).toContain('#ff0066');
    // A logo URL that is not http(s) is left out; the name shows instead.
    expect(r.html).not.toContain('javascript:');
    expect(r.text).toContain('</p><script>alert(1)</script>');
    expect(r.text).toContain('Unsubscribe from review emails: https://hub.example/unsubscribe?m=1&t=reviews&s=x');
  });

  it('keep line breaks out of the subject (no header injection) and fall back to a safe accent colour', () => {
    const r = templates.redemption(
      { ...brand, accentColor: 'red;background:url(x)' },
      {
        name: 'A',
        rewardName: 'Mug\r\nBcc: everyone@example.com',
        status: 'approved',
        note: null,
        refunded: 0,
        url: 'https://hub.example/r',
      },
      {},
    );
    expect(r.subject).toBe('Redemption approved: Mug Bcc: everyone@example.com');
    expect(r.html).not.toContain('url(x)');
    expect(r.html).toContain('#4f46e5');
    expect(oneLine('x'.repeat(300)).length).toBe(200);
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('say what the digest found: new challenges and the rank this month', () => {
    const r = templates.digest(
      brand,
      {
        name: 'Ada',
        challenges: [1, 2, 3].map((i) => ({ title: `C${i}`, points: 10, url: `https://hub.example/challenges/${i}` })),
        rank: 12,
        points: 340,
        url: 'https://hub.example/challenges',
      },
      {},
    );
    expect(r.subject).toBe('3 new challenges for you, you are #12 this month');
    const none = templates.digest(brand, { name: 'Ada', challenges: [], rank: null, points: 340, url: 'u' }, {});
    expect(none.subject).toBe('No new challenges this week, you have 340 points');
  });
});

describe('bulk invite lines', () => {
  it('read one address per line, lists separated by commas or semicolons, and names', () => {
    expect(
      parseInviteLines(
        'a@x.example\r\n\n b@x.example, Bea Bee\nc@x.example; d@x.example\n"Eve E." <e@x.example>\nnot an address',
      ),
    ).toEqual([
      { email: 'a@x.example' },
      { email: 'b@x.example', name: 'Bea Bee' },
      { email: 'c@x.example' },
      { email: 'd@x.example' },
      { email: 'e@x.example', name: 'Eve E.' },
      { email: 'not an address' },
    ]);
  });
});

describe('email jobs', () => {
  it('have the row id for the first round and a distinct, stable UUID for each retry round', () => {
    const id = '7b0f5c4e-0c3a-4a57-9a57-1d1b8c7c2f10';
    expect(jobIdOf({ id, round: 0 })).toBe(id);
    const one = jobIdOf({ id, round: 1 });
    expect(one).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(jobIdOf({ id, round: 1 })).toBe(one);
    expect(jobIdOf({ id, round: 2 })).not.toBe(one);
  });
});
