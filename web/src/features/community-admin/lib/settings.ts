import type { CommunitySettings } from '../api';

/** The form's model: every number may be empty while it is typed. */
export interface SettingsDraft {
  points: {
    thread: number | null;
    reply: number | null;
    acceptedAnswer: number | null;
    reactionReceived: number | null;
  };
  dailyCap: number | null;
  hideThreshold: number | null;
  editWindowMinutes: number | null;
  postsPerMinute: number | null;
  postsPerHour: number | null;
  linkTrustPoints: number | null;
}

type PointsKey = keyof SettingsDraft['points'];
type TopKey = Exclude<keyof SettingsDraft, 'points'>;
/** A setting's path, as the server's 400 names it: `points.reply`, `dailyCap`. */
export type SettingPath = `points.${PointsKey}` | TopKey;

export interface SettingField {
  path: SettingPath;
  label: string;
  hint?: string;
  min: number;
  max: number;
  suffix?: string;
  /** Two decimals allowed (the hide threshold). */
  decimal?: boolean;
  /** Takes two columns: a long hint. */
  wide?: boolean;
}

export interface SettingSection {
  id: string;
  title: string;
  intro?: string;
  fields: SettingField[];
}

/** The settings form, section by section. */
export const SETTING_SECTIONS: SettingSection[] = [
  {
    id: 'points',
    title: 'Participation points',
    intro: 'Points a member earns for taking part. Points for a post moderators remove are taken back.',
    fields: [
      { path: 'points.thread', label: 'Starting a thread', min: 0, max: 10_000 },
      { path: 'points.reply', label: 'A reply', min: 0, max: 10_000 },
      {
        path: 'points.acceptedAnswer',
        label: 'An accepted answer',
        hint: 'To the author of the answer, in Q&A categories.',
        min: 0,
        max: 10_000,
      },
      {
        path: 'points.reactionReceived',
        label: 'A reaction received',
        hint: 'Reacting to your own post earns nothing.',
        min: 0,
        max: 10_000,
      },
      {
        path: 'dailyCap',
        label: 'Daily cap',
        hint: 'Most participation points a member can earn in a day (program time zone). 0: no cap.',
        min: 0,
        max: 1_000_000,
        wide: true,
      },
    ],
  },
  {
    id: 'flags',
    title: 'Flags',
    fields: [
      {
        path: 'hideThreshold',
        label: 'Hide threshold',
        hint: "A post is hidden until reviewed once the weights of its flags add up to this. A newcomer's flag weighs 1; a flagger whose past flags moderators upheld weighs more (up to 2), one whose flags were dismissed less.",
        min: 0.5,
        max: 100,
        decimal: true,
        wide: true,
      },
    ],
  },
  {
    id: 'posting',
    title: 'Posting',
    fields: [
      {
        path: 'editWindowMinutes',
        label: 'Edit window',
        hint: 'How long authors may edit a post after posting it.',
        min: 0,
        max: 10_080,
        suffix: ' min',
        wide: true,
      },
      {
        path: 'postsPerMinute',
        label: 'Posts per minute',
        hint: 'Threads and replies, per member.',
        min: 1,
        max: 1000,
      },
      { path: 'postsPerHour', label: 'Posts per hour', hint: 'Threads and replies, per member.', min: 1, max: 10_000 },
    ],
  },
  {
    id: 'links',
    title: 'Links',
    fields: [
      {
        path: 'linkTrustPoints',
        label: 'Lifetime points for clickable links',
        hint: 'Links in posts of members with fewer lifetime points show as plain text, against spam. Trusted members and staff always link.',
        min: 0,
        max: 1_000_000,
        wide: true,
      },
    ],
  },
];

const FIELDS = SETTING_SECTIONS.flatMap((s) => s.fields);
export const SETTING_PATHS: SettingPath[] = FIELDS.map((f) => f.path);
const LABELS = new Map<string, string>(FIELDS.map((f) => [f.path, f.label]));

/** A setting's label for the error summary. */
export function describeSettingPath(path: string): string {
  return LABELS.get(path) ?? path;
}

export function settingsDraft(s: CommunitySettings): SettingsDraft {
  return { ...s, points: { ...s.points } };
}

export function emptySettingsDraft(): SettingsDraft {
  return {
    points: { thread: null, reply: null, acceptedAnswer: null, reactionReceived: null },
    dailyCap: null,
    hideThreshold: null,
    editWindowMinutes: null,
    postsPerMinute: null,
    postsPerHour: null,
    linkTrustPoints: null,
  };
}

export function readSetting(draft: SettingsDraft, path: SettingPath): number | null {
  return path.startsWith('points.') ? draft.points[path.slice(7) as PointsKey] : draft[path as TopKey];
}

export function writeSetting(draft: SettingsDraft, path: SettingPath, value: number | null): void {
  if (path.startsWith('points.')) draft.points[path.slice(7) as PointsKey] = value;
  else draft[path as TopKey] = value;
}
