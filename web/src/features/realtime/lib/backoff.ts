/**
 * The wait before retry number `attempt` (0-based): doubling from `base`, capped at `max`, spread by
 * ±`jitter` so that a hall full of clients does not reconnect in step after a server restart.
 */
export function backoffDelay(attempt: number, base = 1_000, max = 30_000, jitter = 0.5, random = Math.random): number {
  const raw = Math.min(max, base * 2 ** Math.max(0, attempt));
  const spread = raw * jitter * (random() * 2 - 1);
  return Math.max(0, Math.round(Math.min(max, raw + spread)));
}

/** The socket.io middleware errors that mean "sign in again" rather than "try again later". */
export const AUTH_ERROR_MESSAGES: readonly string[] = [
  'auth.required',
  'auth.invalid_token',
  'auth.session_ended',
  'auth.suspended',
];

export function isAuthRefusal(message: string | undefined): boolean {
  return !!message && AUTH_ERROR_MESSAGES.includes(message);
}

/** One key per board and period: the room the server keeps. */
export function boardKey(board: string, period: string): string {
  return `${board.toLowerCase()}|${period.toLowerCase()}`;
}
