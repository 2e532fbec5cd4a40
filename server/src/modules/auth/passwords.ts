import { hash, verify } from '@node-rs/argon2';
import { ErrorCode, passwordProblems, passwordProblemText } from '@advocate-hub/shared';
import { AppError } from '../../platform/errors.js';

// argon2id (algorithm 2) with OWASP's recommended minimum: 19 MiB, 2 passes, 1 lane.
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

let dummyHash: Promise<string> | null = null;
/** Verifies a password; with no stored hash it still spends the same time (no account probing by timing). */
export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  if (!storedHash) {
    dummyHash ??= hashPassword('not-a-real-password-' + Math.random());
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

/** Enforces the shared password policy; 400 `auth.password_policy` naming every broken rule. */
export function assertPasswordPolicy(password: string, email: string, field = 'password'): void {
  const problems = passwordProblems(password, email);
  if (problems.length) {
    throw new AppError({
      code: ErrorCode.passwordPolicy,
      status: 400,
      message: problems.map((p) => passwordProblemText[p]).join(' '),
      details: { fields: { [field]: problems.map((p) => passwordProblemText[p]).join(' ') }, problems },
    });
  }
}
