/** Media: uploads (pictures, proofs) and the member's avatar. Public entry of the feature. */
export { default as ImageUpload } from './components/ImageUpload.vue';
export { default as AvatarUpload } from './components/AvatarUpload.vue';
export { default as ProofAttachments } from './components/ProofAttachments.vue';
export { default as MediaAttachmentList } from './components/MediaAttachmentList.vue';
export { mediaApi } from './api';
export { sizedImage } from './lib/media';
