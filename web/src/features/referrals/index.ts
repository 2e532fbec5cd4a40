/** Referrals: refer someone, my referrals, the admin's pipeline, fraud rules and API keys. Public entry of the feature. */
export { routes as referralsRoutes } from './routes';
export { default as ReferralsProspectFields } from './components/ReferralsProspectFields.vue';
export { emptyProspect, prospectBody, prospectProblems, type ProspectDraft } from './lib/referrals';
export { referralsApi, referralsAdminApi, type ReferralCampaign } from './api';
