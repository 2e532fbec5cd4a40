import { groupsRepo } from '../../groups/groups.repo.js';
import { defineStage } from './handler.js';

/** Join a group: an approved completion adds the member to the group (if it still exists). */
export const joinGroup = defineStage('join_group', {
  groupIdKey: 'groupId',
  async onApproved({ tx, memberId, stage }) {
    const groupId = (stage.config as { groupId?: string }).groupId;
    if (groupId && (await groupsRepo.existing(tx, [groupId])).length)
      await groupsRepo.addMembers(tx, groupId, [memberId]);
  },
});
