/**
 * The hub's emails: plain functions from data to a subject, a text part and an HTML part, in the
 * program's brand. Everything that comes from data is escaped; links are built by the callers from
 * PUBLIC_URL and are escaped too.
 */

export interface Brand {
  name: string;
  accentColor: string;
  logoUrl: string | null;
  publicUrl: string;
}

export interface Rendered {
  subject: string;
  text: string;
  html: string;
}

/** The unsubscribe link of a non-transactional email (its footer shows it). */
export interface Footer {
  unsubscribeUrl?: string;
  /** What the link turns off, for the footer's sentence ("emails about reviews"). */
  unsubscribeWhat?: string;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}
/** Header values never carry a line break (no header injection through a name or a title). */
export function oneLine(value: string, max = 200): string {
  const flat = value.replace(/[\r\n\t]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
function safeColor(color: string): string {
  return /^#[0-9a-fA-F]{3,8}$/.test(color) ? color : '#4f46e5';
}
function safeHttpUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.toString() : null;
  } catch {
    return null;
  }
}

interface Body {
  subject: string;
  heading: string;
  paragraphs: string[];
  button?: { label: string; url: string };
  /** Small print under the button (why they got it, how long the link lasts). */
  note?: string;
}

/** The one layout of every email: logo or name, heading, paragraphs, a button, small print, footer. */
export function layout(brand: Brand, body: Body, footer: Footer = {}): Rendered {
  const accent = safeColor(brand.accentColor);
  const logo = safeHttpUrl(brand.logoUrl);
  const name = escapeHtml(brand.name);
  const header = logo
    ? `<img src="${escapeHtml(logo)}" alt="${name}" height="40" style="height:40px;max-width:200px;border:0">`
    : `<span style="font-size:18px;font-weight:700;color:${accent}">${name}</span>`;
  const paragraphs = body.paragraphs
    .map((p) => `<p style="margin:0 0 16px;font-size:15px;line-height:1.55;color:#1f2937">${escapeHtml(p)}</p>`)
    .join('\n');
  const button = body.button
    ? `<p style="margin:24px 0"><a href="${escapeHtml(body.button.url)}" style="display:inline-block;padding:12px 20px;border-radius:8px;background:${accent};color:#ffffff;font-weight:600;text-decoration:none">${escapeHtml(body.button.label)}</a></p>
<p style="margin:0 0 16px;font-size:13px;color:#6b7280">If the button does not work, copy this link into your browser:<br><a href="${escapeHtml(body.button.url)}" style="color:${accent};word-break:break-all">${escapeHtml(body.button.url)}</a></p>`
    : '';
  const note = body.note ? `<p style="margin:0 0 16px;font-size:13px;color:#6b7280">${escapeHtml(body.note)}</p>` : '';
  const unsubscribe = footer.unsubscribeUrl
    ? `<br>Don't want ${escapeHtml(footer.unsubscribeWhat ?? 'these emails')}? <a href="${escapeHtml(footer.unsubscribeUrl)}" style="color:#6b7280">Unsubscribe</a>.`
    : '';
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(body.subject)}</title></head>
<body style="margin:0;padding:0;background:#f3f4f6;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6;padding:24px 0"><tr><td align="center">
<table role="presentation" width="560" cellpadding="0" cellspacing="0" style="max-width:560px;width:100%;background:#ffffff;border-radius:12px;border-top:4px solid ${accent}">
<tr><td style="padding:24px 32px 8px">${header}</td></tr>
<tr><td style="padding:8px 32px 24px">
<h1 style="margin:0 0 16px;font-size:22px;line-height:1.3;color:#111827">${escapeHtml(body.heading)}</h1>
${paragraphs}
${button}
${note}
</td></tr>
<tr><td style="padding:16px 32px 24px;border-top:1px solid #e5e7eb;font-size:12px;color:#6b7280">${name} · <a href="${escapeHtml(brand.publicUrl)}" style="color:#6b7280">${escapeHtml(brand.publicUrl)}</a>${unsubscribe}</td></tr>
</table></td></tr></table>
</body></html>`;
  const lines = [body.heading, '', ...body.paragraphs.flatMap((p) => [p, ''])];
  if (body.button) lines.push(`${body.button.label}: ${body.button.url}`, '');
  if (body.note) lines.push(body.note, '');
  lines.push('—', `${brand.name} · ${brand.publicUrl}`);
  if (footer.unsubscribeUrl)
    lines.push(`Unsubscribe from ${footer.unsubscribeWhat ?? 'these emails'}: ${footer.unsubscribeUrl}`);
  return { subject: oneLine(body.subject), text: lines.join('\n'), html };
}

export const templates = {
  invite(brand: Brand, d: { name: string | null; url: string; expiresAt: Date; invitedBy: string | null }): Rendered {
    return layout(brand, {
      subject: `You're invited to ${brand.name}`,
      heading: d.name ? `${d.name}, you're invited` : `You're invited`,
      paragraphs: [
        `${d.invitedBy ?? 'The program team'} invited you to join ${brand.name}: complete challenges, earn points and rewards, and meet other advocates.`,
      ],
      button: { label: 'Accept the invitation', url: d.url },
      note: `This personal link works once, until ${d.expiresAt.toUTCString()}.`,
    });
  },

  passwordReset(brand: Brand, d: { name: string; url: string; minutes: number }): Rendered {
    return layout(brand, {
      subject: `Reset your ${brand.name} password`,
      heading: 'Reset your password',
      paragraphs: [`Hi ${d.name}, someone (hopefully you) asked to reset the password of your account.`],
      button: { label: 'Choose a new password', url: d.url },
      note: `The link works once, for ${d.minutes} minutes. If you did not ask for it, ignore this email: your password stays as it is.`,
    });
  },

  emailChange(brand: Brand, d: { name: string; url: string; newEmail: string; hours: number }): Rendered {
    return layout(brand, {
      subject: `Confirm your new email address for ${brand.name}`,
      heading: 'Confirm your new email address',
      paragraphs: [`Hi ${d.name}, confirm that ${d.newEmail} is the address you want to sign in with.`],
      button: { label: 'Confirm this address', url: d.url },
      note: `The link works once, for ${d.hours} hours. Until you confirm, nothing changes.`,
    });
  },

  emailChangeNotice(brand: Brand, d: { name: string; newEmail: string }): Rendered {
    return layout(brand, {
      subject: `Your ${brand.name} email address is about to change`,
      heading: 'Your email address is about to change',
      paragraphs: [
        `Hi ${d.name}, we sent a confirmation link to ${d.newEmail}. Once it is confirmed, you sign in with that address.`,
        'If you did not ask for this, change your password now and tell the program team.',
      ],
      button: { label: 'Open the hub', url: `${brand.publicUrl}/profile` },
    });
  },

  review(
    brand: Brand,
    d: {
      name: string;
      decision: 'approve' | 'reject' | 'retry';
      challengeTitle: string;
      feedback: string | null;
      points: number;
      url: string;
    },
    footer: Footer,
  ): Rendered {
    const text = {
      approve: {
        subject: `Approved: ${d.challengeTitle}`,
        heading: 'Your submission was approved',
        lead: d.points ? `You earned ${d.points} points for "${d.challengeTitle}".` : `"${d.challengeTitle}" is done.`,
        button: 'See the challenge',
      },
      reject: {
        subject: `Not accepted: ${d.challengeTitle}`,
        heading: 'Your submission was not accepted',
        lead: `The program team did not accept your submission for "${d.challengeTitle}".`,
        button: 'See the challenge',
      },
      retry: {
        subject: `Please try again: ${d.challengeTitle}`,
        heading: 'Please try again',
        lead: `The program team asked you to redo a step of "${d.challengeTitle}".`,
        button: 'Try again',
      },
    }[d.decision];
    const paragraphs = [`Hi ${d.name},`, text.lead];
    if (d.feedback) paragraphs.push(`Feedback: ${d.feedback}`);
    return layout(
      brand,
      { subject: text.subject, heading: text.heading, paragraphs, button: { label: text.button, url: d.url } },
      footer,
    );
  },

  redemption(
    brand: Brand,
    d: { name: string; rewardName: string; status: string; note: string | null; refunded: number; url: string },
    footer: Footer,
  ): Rendered {
    const words: Record<string, [string, string]> = {
      requested: ['Redemption received', 'The program team will review it soon.'],
      approved: ['Redemption approved', 'Your reward is on its way.'],
      fulfilled: ['Reward delivered', 'Enjoy your reward!'],
      declined: ['Redemption declined', 'The program team could not approve this redemption.'],
      cancelled: ['Redemption cancelled', 'This redemption was cancelled.'],
    };
    const [heading, fallback] = words[d.status] ?? ['Redemption update', `It is now ${d.status}.`];
    const paragraphs = [`Hi ${d.name},`, `${d.rewardName}: ${d.note ?? fallback}`];
    if (d.refunded) paragraphs.push(`${d.refunded} points are back in your balance.`);
    return layout(
      brand,
      {
        subject: `${heading}: ${d.rewardName}`,
        heading,
        paragraphs,
        button: { label: 'See my rewards', url: d.url },
      },
      footer,
    );
  },

  levelUp(brand: Brand, d: { name: string; level: string; url: string }, footer: Footer): Rendered {
    return layout(
      brand,
      {
        subject: `You reached ${d.level}!`,
        heading: `Welcome to ${d.level}`,
        paragraphs: [
          `Congratulations ${d.name}, you reached the ${d.level} level.`,
          'New challenges and rewards may have opened up.',
        ],
        button: { label: 'See what is new', url: d.url },
      },
      footer,
    );
  },

  digest(
    brand: Brand,
    d: {
      name: string;
      challenges: { title: string; points: number; url: string }[];
      rank: number | null;
      points: number;
      url: string;
    },
    footer: Footer,
  ): Rendered {
    const n = d.challenges.length;
    const news = n === 0 ? 'No new challenges this week' : `${n} new challenge${n === 1 ? '' : 's'} for you`;
    const standing = d.rank ? `you are #${d.rank} this month` : `you have ${d.points} points`;
    const paragraphs = [`Hi ${d.name}, here is your week in ${brand.name}: ${news}, ${standing}.`];
    for (const c of d.challenges.slice(0, 10)) paragraphs.push(`• ${c.title} (${c.points} points): ${c.url}`);
    return layout(
      brand,
      {
        subject: `${news}, ${standing}`,
        heading: 'Your week',
        paragraphs,
        button: { label: 'Open the challenges', url: d.url },
      },
      footer,
    );
  },
};
