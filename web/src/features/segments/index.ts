/** Segments: saved member rules, and the audience (groups and segments) of anything targeted. Public entry of the feature. */
export { routes as segmentsRoutes } from './routes';
export {
  AudienceHostKey,
  useAudienceOptions,
  type AudienceHost,
  type AudienceLists,
} from './composables/useAudienceOptions';
export { default as SegmentsAudienceFields } from './components/SegmentsAudienceFields.vue';
