/** Challenges: the advocate's feed and stage walker, the admin's editor and list. Public entry of the feature. */
export { routes as challengesRoutes } from './routes';
export { adminChallengesApi } from './api';
export { completionStatusLabel } from './lib/challenges';
export { STAGE_KIND_LIST, stageKindLabel } from './stages';
