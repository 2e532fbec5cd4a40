import type { Component } from 'vue';
import type { StageKind } from '@advocate-hub/shared';
import ChallengesEditorCheckin from './checkin/ChallengesEditorCheckin.vue';
import ChallengesEditorCommunityPost from './community-post/ChallengesEditorCommunityPost.vue';
import ChallengesEditorConfirm from './confirm/ChallengesEditorConfirm.vue';
import ChallengesEditorJoinGroup from './join-group/ChallengesEditorJoinGroup.vue';
import ChallengesEditorNps from './nps/ChallengesEditorNps.vue';
import ChallengesEditorProof from './proof/ChallengesEditorProof.vue';
import ChallengesEditorReferral from './referral/ChallengesEditorReferral.vue';
import ChallengesEditorQuiz from './quiz/ChallengesEditorQuiz.vue';
import ChallengesEditorReview from './review/ChallengesEditorReview.vue';
import ChallengesEditorShareLink from './share-link/ChallengesEditorShareLink.vue';
import ChallengesEditorSurvey from './survey/ChallengesEditorSurvey.vue';
import ChallengesEditorVisit from './visit/ChallengesEditorVisit.vue';

/**
 * The admin's settings editor of each stage kind (prop: `index` of the stage in the editor's
 * draft). Kept apart from the forms so that advocates never load the admin's editors.
 */
export const stageEditors: Record<StageKind, Component> = {
  quiz: ChallengesEditorQuiz,
  survey: ChallengesEditorSurvey,
  nps: ChallengesEditorNps,
  share_link: ChallengesEditorShareLink,
  review: ChallengesEditorReview,
  proof: ChallengesEditorProof,
  visit: ChallengesEditorVisit,
  confirm: ChallengesEditorConfirm,
  checkin: ChallengesEditorCheckin,
  join_group: ChallengesEditorJoinGroup,
  community_post: ChallengesEditorCommunityPost,
  referral: ChallengesEditorReferral,
};
