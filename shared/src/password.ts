/** Password policy shared by the server (enforced) and the web (shown while typing). */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

export type PasswordProblem = 'too_short' | 'too_long' | 'is_email';

export function passwordProblems(password: string, email?: string | null): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if ([...password].length < PASSWORD_MIN_LENGTH) problems.push('too_short');
  if (password.length > PASSWORD_MAX_LENGTH) problems.push('too_long');
  if (email) {
    const p = password.trim().toLowerCase();
    const e = email.trim().toLowerCase();
    const local = e.split('@')[0] ?? '';
    if (p === e || (local.length > 0 && p === local)) problems.push('is_email');
  }
  return problems;
}

export const passwordProblemText: Record<PasswordProblem, string> = {
  too_short: `Use at least ${PASSWORD_MIN_LENGTH} characters.`,
  too_long: `Use at most ${PASSWORD_MAX_LENGTH} characters.`,
  is_email: 'Your password cannot be your email address.',
};
