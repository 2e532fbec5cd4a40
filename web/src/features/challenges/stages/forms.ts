import type { Component } from 'vue';
import type { StageKind } from '@advocate-hub/shared';
import ChallengesStageCheckin from './checkin/ChallengesStageCheckin.vue';
import ChallengesStageCommunityPost from './community-post/ChallengesStageCommunityPost.vue';
import ChallengesStageConfirm from './confirm/ChallengesStageConfirm.vue';
import ChallengesStageJoinGroup from './join-group/ChallengesStageJoinGroup.vue';
import ChallengesStageNps from './nps/ChallengesStageNps.vue';
import ChallengesStageProof from './proof/ChallengesStageProof.vue';
import ChallengesStageReferral from './referral/ChallengesStageReferral.vue';
import ChallengesStageQuiz from './quiz/ChallengesStageQuiz.vue';
import ChallengesStageReview from './review/ChallengesStageReview.vue';
import ChallengesStageShareLink from './share-link/ChallengesStageShareLink.vue';
import ChallengesStageSurvey from './survey/ChallengesStageSurvey.vue';
import ChallengesStageVisit from './visit/ChallengesStageVisit.vue';

/**
 * The advocate's form of each stage kind (props: `StageFormProps`; emits `submit` with the
 * response). Kept apart from the definitions so that label users do not load the forms.
 */
export const stageForms: Record<StageKind, Component> = {
  quiz: ChallengesStageQuiz,
  survey: ChallengesStageSurvey,
  nps: ChallengesStageNps,
  share_link: ChallengesStageShareLink,
  review: ChallengesStageReview,
  proof: ChallengesStageProof,
  visit: ChallengesStageVisit,
  confirm: ChallengesStageConfirm,
  checkin: ChallengesStageCheckin,
  join_group: ChallengesStageJoinGroup,
  community_post: ChallengesStageCommunityPost,
  referral: ChallengesStageReferral,
};
