export class ConcurrentQueryError extends Error {
  constructor(warning: string);
}
export function isConcurrentQueryWarning(warning: unknown): boolean;
export function guardConcurrentQueries(onSeen: (err: ConcurrentQueryError) => void): () => void;
