/** Challenges: the advocate's feed and stage walker, the admin's editor and list. Public entry of the feature. */
export { routes as challengesRoutes } from './routes';
export { adminChallengesApi } from './api';
export { STAGE_KIND_LIST, completionStatusLabel, stageKindLabel } from './lib/challenges';
