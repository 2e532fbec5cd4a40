import type { z } from 'zod';
import type {
  AcceptResponse,
  CategoriesResponse,
  CategorySummary,
  CommunityAuthor,
  CommunityMe,
  CreatePostBody,
  CreateThreadBody,
  CreateThreadResponse,
  FlagBody,
  FlagReason,
  FlagResponse,
  MentionCandidate,
  MentionsResponse,
  Post,
  PostResponse,
  PostRevision,
  PostRevisionsResponse,
  PostStatus,
  ReactionKind,
  ReactionSummary,
  ReactResponse,
  SearchQuery,
  SearchResponse,
  SearchResult,
  Snippet,
  ThreadDetail,
  ThreadResponse,
  ThreadsResponse,
  ThreadSummary,
} from '@advocate-hub/shared';
import { api } from '@/shared/api/client';

export type {
  CategorySummary,
  CommunityAuthor,
  CommunityMe,
  FlagReason,
  Post,
  PostStatus,
  ReactionKind,
  ReactionSummary,
  SearchResult,
  Snippet,
  ThreadDetail,
  ThreadResponse,
  ThreadSummary,
};
export type PostRevisionItem = z.infer<typeof PostRevision>;
export type Mentionable = z.infer<typeof MentionCandidate>;
export type SearchParams = Omit<SearchQuery, 'limit' | 'cursor'> & { limit?: number; cursor?: string | null };

const post = (id: string) => `/api/community/posts/${id}`;
const thread = (id: string) => `/api/community/threads/${id}`;

/** The community as a member reads and writes it. */
export const communityApi = {
  categories(signal?: AbortSignal) {
    return api.get<CategoriesResponse>('/api/community/categories', undefined, { signal });
  },
  threads(params: { categoryId?: string; cursor?: string | null; limit?: number }, signal?: AbortSignal) {
    return api.get<ThreadsResponse>('/api/community/threads', params, { signal });
  },
  thread(id: string, params: { cursor?: string | null; limit?: number } = {}, signal?: AbortSignal) {
    return api.get<ThreadResponse>(thread(id), params, { signal });
  },
  createThread(body: CreateThreadBody) {
    return api.post<z.infer<typeof CreateThreadResponse>>('/api/community/threads', body);
  },
  reply(threadId: string, body: CreatePostBody) {
    return api.post<PostResponse>(`${thread(threadId)}/posts`, body);
  },
  accept(threadId: string, postId: string | null) {
    return api.post<z.infer<typeof AcceptResponse>>(`${thread(threadId)}/accepted`, { postId });
  },
  edit(postId: string, body: string) {
    return api.patch<PostResponse>(post(postId), { body });
  },
  react(postId: string, kind: ReactionKind, active: boolean) {
    return api.put<z.infer<typeof ReactResponse>>(`${post(postId)}/reactions`, { kind, active });
  },
  flag(postId: string, body: FlagBody) {
    return api.post<z.infer<typeof FlagResponse>>(`${post(postId)}/flags`, body);
  },
  revisions(postId: string) {
    return api.get<z.infer<typeof PostRevisionsResponse>>(`${post(postId)}/revisions`);
  },
  search(params: SearchParams, signal?: AbortSignal) {
    return api.get<SearchResponse>('/api/community/search', { ...params }, { signal });
  },
  mentions(q: string, signal?: AbortSignal) {
    return api.get<z.infer<typeof MentionsResponse>>('/api/community/mentions', { q }, { signal });
  },
};
