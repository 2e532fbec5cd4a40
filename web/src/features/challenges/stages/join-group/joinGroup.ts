import type { StageKindDefinition } from '../types';
import { textSettings } from '../drafts';

/** Advocates join a group; finishing the stage adds them to it. */
export const joinGroup: StageKindDefinition<'join_group', { groupId: string }> = {
  kind: 'join_group',
  label: 'Join a group',
  hint: 'Advocates join a community group.',
  needsReviewByDefault: false,
  submitLabel: () => 'Join group',
  ...textSettings('groupId'),
  problems: (d): Record<string, string> => (d.groupId ? {} : { groupId: 'Choose a group.' }),
  dropUnknown(d, known) {
    if (d.groupId && !known.groupIds.has(d.groupId)) d.groupId = '';
  },
};
