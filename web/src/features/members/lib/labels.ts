import type { MemberStatus, Role } from '@advocate-hub/shared';

export const roleLabel: Record<Role, string> = {
  advocate: 'Advocate',
  admin: 'Admin',
  moderator: 'Moderator',
  requester: 'Reference requester',
};

export const roleDescription: Record<Role, string> = {
  advocate: 'Completes challenges, earns points and redeems rewards.',
  admin: 'Runs the program: members, join codes, branding and activity.',
  moderator: 'Keeps the community friendly: works the flag queue.',
  requester: 'Sales or marketing: asks for customer references and follows them to the call.',
};

export const statusLabel: Record<MemberStatus, string> = {
  active: 'Active',
  invited: 'Invited',
  suspended: 'Suspended',
};
