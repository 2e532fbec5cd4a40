/** Leaderboards: the boards, the event wall, the home card and the admin's seasons and events. Public entry of the feature. */
export { routes as leaderboardsRoutes } from './routes';
export { default as LeaderboardsRankCard } from './components/LeaderboardsRankCard.vue';
