/**
 * One readable sentence per audit entry: “Ada Lovelace approved Maya Patel’s completion of Write a G2
 * review”. Known actions have their own wording; any other `<thing>.<verb>` reads “<actor> <verb> the
 * <thing> <name>”, so a new action is never shown as a raw key.
 */
export interface SentenceInput {
  actorName: string | null;
  actorId: string | null;
  action: string;
  targetType: string;
  targetName: string | null;
  subjectName: string | null;
  /** A second thing the action names (the badge of `badge.awarded`). */
  relatedName?: string | null;
  data: Record<string, unknown>;
}

const THING: Record<string, string> = {
  member: 'member',
  challenge: 'challenge',
  completion: 'completion',
  redemption: 'redemption',
  reward: 'reward',
  badge: 'badge',
  segment: 'segment',
  group: 'group',
  level: 'level',
  join_code: 'join code',
  community_category: 'community category',
  community_thread: 'thread',
  community_post: 'post',
  community_settings: 'community settings',
  season: 'leaderboard season',
  event_board: 'event leaderboard',
  program: 'program settings',
  invite: 'invite',
  webhook: 'webhook endpoint',
  sso_connection: 'SSO connection',
  analytics_values: 'advocacy values',
  leak_activation: 'advocacy-leak activation',
};

/** Past tense of the verbs actions end with (`post_hide` → “hid”). */
const VERB: Record<string, string> = {
  hide: 'hid',
  restore: 'restored',
  delete: 'deleted',
  lock: 'locked',
  unlock: 'unlocked',
  pin: 'pinned',
  unpin: 'unpinned',
  move: 'moved',
  silence: 'silenced',
  suspend: 'suspended',
  lift: 'lifted the sanction on',
  settings: 'changed the settings of',
};

function possessive(name: string): string {
  return name.endsWith('s') ? `${name}’` : `${name}’s`;
}

function quoted(name: string | null, fallback: string): string {
  return name ? name : fallback;
}

function points(n: unknown): string {
  const v = Math.abs(Number(n) || 0);
  return `${v.toLocaleString('en-US')} ${v === 1 ? 'point' : 'points'}`;
}

export function auditSentence(e: SentenceInput): string {
  // SCIM provisioning acts through an API key, not a member: name the integration.
  const byKey =
    e.data.via === 'scim' && typeof e.data.apiKey === 'string' ? `SCIM provisioning (${e.data.apiKey})` : null;
  const actor = e.actorName ?? byKey ?? (e.actorId ? 'A removed member' : 'The system');
  const [scope = '', rawVerb = ''] = e.action.split('.', 2);
  const thing = THING[e.targetType] ?? e.targetType.replace(/_/g, ' ');
  const target = quoted(e.targetName, `a ${thing}`);
  const subject = e.subjectName ? possessive(e.subjectName) : 'a member’s';

  switch (e.action) {
    case 'completion.approved':
      return `${actor} approved ${subject} completion of ${target}`;
    case 'completion.rejected':
      return `${actor} rejected ${subject} completion of ${target}`;
    case 'completion.retry':
      return `${actor} asked ${e.subjectName ?? 'a member'} to retry ${target}`;
    case 'completion.reversed':
      return `${actor} reversed ${subject} completion of ${target}`;
    case 'points.adjusted':
      return Number(e.data.points) < 0
        ? `${actor} took ${points(e.data.points)} from ${target}`
        : `${actor} gave ${target} ${points(e.data.points)}`;
    case 'leak_activation.created':
      return `${actor} activated ${Number(e.data.cohort) || 0} members of the advocacy leak`;
    case 'analytics_values.updated':
      return `${actor} changed the values of acts of advocacy`;
    case 'member.invited':
      return `${actor} invited ${target}`;
    case 'events.imported':
      return `${actor} imported ${Number(e.data.ok ?? 0)} of ${Number(e.data.total ?? 0)} event rows from CSV (${points(e.data.pointsAwarded ?? 0)})`;
    case 'members.imported':
      return `${actor} imported members from CSV: ${Number(e.data.created ?? 0)} new, ${Number(e.data.updated ?? 0)} updated`;
    case 'member.joined':
    case 'invite.accepted':
      return `${target} joined the program`;
    case 'sso_identity.linked':
      return `${target} linked their ${typeof e.data.connection === 'string' ? e.data.connection : 'single sign-on'} account`;
    case 'member.roles_changed':
      return `${actor} changed ${possessive(target)} roles`;
    case 'member.profile_updated':
      return `${actor} edited ${possessive(target)} profile`;
    case 'member.suspended':
      return `${actor} suspended ${target}`;
    case 'member.reactivated':
      return `${actor} reactivated ${target}`;
    case 'badge.awarded':
      return `${actor} awarded ${quoted(e.relatedName ?? null, 'a badge')} to ${target}`;
    case 'badge.revoked':
      return `${actor} revoked ${quoted(e.relatedName ?? null, 'a badge')} from ${target}`;
    case 'reward.codes_added':
      return `${actor} added ${Number(e.data.added) || 0} codes to ${target}`;
    case 'webhook.secret_rotated':
      return `${actor} rotated the signing secret of the webhook endpoint ${target}`;
    case 'webhook.test_sent':
      return `${actor} sent a test event to the webhook endpoint ${target}`;
    case 'webhook.delivery_replayed':
      return `${actor} replayed a ${String(e.data.eventType ?? 'webhook')} delivery to ${target}`;
    case 'program.updated':
      return `${actor} updated the program settings`;
    case 'community.settings_updated':
      return `${actor} updated the community settings`;
    case 'community.categories_reordered':
      return `${actor} reordered the community categories`;
    case 'leaderboards.settings':
      return `${actor} changed the leaderboard settings`;
  }
  if (scope === 'redemption') return `${actor} ${rawVerb.replace(/_/g, ' ')} ${subject} redemption of ${target}`;
  if (scope === 'community') {
    // community.post_hide, community.thread_lock, community.member_silence, community.category_created …
    const [kind = '', verb = ''] = rawVerb.split(/_(.*)/s, 2);
    const past = VERB[verb] ?? verb.replace(/_/g, ' ');
    if (kind === 'post') return `${actor} ${past} ${subject.replace('a member’s', 'a')} post in ${target}`;
    if (kind === 'thread') return `${actor} ${past} the thread ${target}`;
    if (kind === 'member') return `${actor} ${past} ${target}`;
    if (kind === 'category') return `${actor} ${past} the community category ${target}`;
  }
  const verb = VERB[rawVerb] ?? rawVerb.replace(/_/g, ' ');
  return `${actor} ${verb || 'changed'} the ${thing} ${target}`.replace(/ a (\w+) a \1$/, ' a $1');
}
