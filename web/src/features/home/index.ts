/** Home: the landing page of each role and the member's standing cards. Public entry of the feature. */
export { routes as homeRoutes } from './routes';
export { default as HomeBadgeList } from './components/HomeBadgeList.vue';
export { default as HomeLevelCard } from './components/HomeLevelCard.vue';
export { default as HomePointsCards } from './components/HomePointsCards.vue';
