import { z } from 'zod';

/**
 * SCIM 2.0 (RFC 7643/7644) at `/scim/v2`, for an IdP's user and group provisioning; hand-written
 * (a Users resource over members, a Groups resource over the hub's groups). userName = email; name ↔ name; active ↔ status (false = suspended);
 * externalId kept. Authenticated with an API key holding the `scim` scope.
 */
export const SCIM_CONTENT_TYPE = 'application/scim+json';
export const SCIM_SCHEMAS = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  list: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
  patch: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
  error: 'urn:ietf:params:scim:api:messages:2.0:Error',
  serviceProviderConfig: 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig',
  resourceType: 'urn:ietf:params:scim:schemas:core:2.0:ResourceType',
  schema: 'urn:ietf:params:scim:schemas:core:2.0:Schema',
} as const;

const ScimName = z
  .object({
    formatted: z.string().max(200).nullish(),
    givenName: z.string().max(120).nullish(),
    familyName: z.string().max(120).nullish(),
  })
  .loose();

/** A User as an IdP sends it (POST, PUT); fields the hub does not keep are accepted and ignored. */
export const ScimUserBody = z
  .object({
    schemas: z.array(z.string()).optional(),
    userName: z.string().trim().min(3).max(320),
    externalId: z.string().max(300).nullish(),
    name: ScimName.nullish(),
    displayName: z.string().max(200).nullish(),
    active: z.union([z.boolean(), z.enum(['true', 'false', 'True', 'False'])]).optional(),
    emails: z
      .array(
        z.object({ value: z.string().max(320), primary: z.boolean().optional(), type: z.string().optional() }).loose(),
      )
      .optional(),
  })
  .loose();
export type ScimUserBody = z.infer<typeof ScimUserBody>;

export const ScimPatchBody = z
  .object({
    schemas: z.array(z.string()).optional(),
    Operations: z
      .array(
        z
          .object({
            op: z.string().regex(/^(add|replace|remove)$/i, 'op must be add, replace or remove'),
            path: z.string().max(300).optional(),
            value: z.unknown().optional(),
          })
          .loose(),
      )
      .min(1)
      .max(100),
  })
  .loose();
export type ScimPatchBody = z.infer<typeof ScimPatchBody>;

/** A Group as an IdP sends it (POST, PUT): displayName = the hub group's name, members = user ids. */
export const ScimGroupBody = z
  .object({
    schemas: z.array(z.string()).optional(),
    displayName: z.string().trim().min(1).max(80),
    externalId: z.string().max(300).nullish(),
    members: z
      .array(z.object({ value: z.string().max(100), display: z.string().optional() }).loose())
      .max(10_000)
      .optional(),
  })
  .loose();
export type ScimGroupBody = z.infer<typeof ScimGroupBody>;

export const ScimListQuery = z.object({
  filter: z.string().max(500).optional(),
  startIndex: z.coerce.number().int().optional(),
  count: z.coerce.number().int().optional(),
  /** `members` leaves a Group's members out of the answer (IdPs ask for it when listing). */
  excludedAttributes: z.string().max(300).optional(),
  attributes: z.string().max(300).optional(),
});
export const ScimGetQuery = z.object({
  excludedAttributes: z.string().max(300).optional(),
  attributes: z.string().max(300).optional(),
});
export const ScimIdParams = z.object({ id: z.string().max(100) });
