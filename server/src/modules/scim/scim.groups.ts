import { SCIM_SCHEMAS, type ScimGroupBody, type ScimPatchBody } from '@advocate-hub/shared';
import type { Db, Tx } from '../../db/client.js';
import type { DefinitionCache } from '../../platform/cache.js';
import { pgErrorCode, PG_FOREIGN_KEY_VIOLATION, PG_UNIQUE_VIOLATION } from '../../platform/errors.js';
import { auditRepo } from '../audit/audit.repo.js';
import { groupsRepo } from '../groups/groups.repo.js';
import { groupUsage, usageCount, usageText } from '../segments/usage.js';
import { scimRepo } from './scim.repo.js';
import { scimError, type ScimCaller } from './scim.service.js';
import type { ScimGroupRow } from './scim.table.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_COUNT = 200;
const notFound = (id: string) => scimError(404, null, `Group ${id} not found`);

type GroupRow = NonNullable<Awaited<ReturnType<typeof groupsRepo.findById>>>;

/** What a Group request may leave out of the answer: `excludedAttributes=members` (or `attributes` without it). */
export function withoutMembers(q: { excludedAttributes?: string | undefined; attributes?: string | undefined }) {
  const names = (v: string | undefined) => (v ?? '').split(',').map((a) => a.trim().toLowerCase());
  if (names(q.excludedAttributes).includes('members')) return true;
  return q.attributes !== undefined && !names(q.attributes).includes('members');
}

/** `displayName eq "x"`, `externalId eq "x"`, `id eq "x"`. */
export function parseGroupFilter(filter: string): { attr: 'displayName' | 'externalId' | 'id'; value: string } {
  const m = /^\s*(displayName|externalId|id)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$/i.exec(filter);
  if (!m)
    throw scimError(
      400,
      'invalidFilter',
      'Only `displayName eq "…"`, `externalId eq "…"` and `id eq "…"` filters are supported',
    );
  const attr = m[1]!.toLowerCase();
  const value = m[2]!.replace(/\\(.)/g, '$1');
  return { attr: attr === 'displayname' ? 'displayName' : attr === 'externalid' ? 'externalId' : 'id', value };
}

/** The user ids a `members` value names (`[{value}]`, one `{value}`, or plain ids). */
function memberIds(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list.map((v) => {
    const id = typeof v === 'string' ? v : (v as { value?: unknown } | null)?.value;
    if (typeof id !== 'string' || !UUID.test(id))
      throw scimError(400, 'invalidValue', `Not a user id: ${JSON.stringify(id)}`);
    return id.toLowerCase();
  });
}

function displayName(value: unknown): string {
  const name = typeof value === 'string' ? value.trim() : '';
  if (!name || name.length > 80) throw scimError(400, 'invalidValue', 'displayName must be 1 to 80 characters');
  return name;
}

/**
 * SCIM 2.0 Groups over the hub's groups (the ones challenges, rewards and segments can target):
 * displayName is the group's name, members are users (members) by id. Membership changes are
 * serialised per group; every change is audited with the API key. A group still targeted by a
 * challenge, a reward or a segment is not deleted (409), as on the admin screen.
 */
export class ScimGroupsService {
  constructor(
    private readonly db: Db,
    private readonly baseUrl: string,
    private readonly cache: DefinitionCache,
  ) {}

  private resource(g: GroupRow, s: ScimGroupRow | null, members: { id: string; name: string }[] | null) {
    return {
      schemas: [SCIM_SCHEMAS.group],
      id: g.g.id,
      ...(s?.externalId ? { externalId: s.externalId } : {}),
      displayName: g.g.name,
      ...(members
        ? { members: members.map((m) => ({ value: m.id, display: m.name, $ref: `${this.baseUrl}/Users/${m.id}` })) }
        : {}),
      meta: {
        resourceType: 'Group',
        created: (s?.createdAt ?? g.g.createdAt).toISOString(),
        lastModified: (s?.updatedAt ?? g.g.createdAt).toISOString(),
        location: `${this.baseUrl}/Groups/${g.g.id}`,
      },
    };
  }

  /** One group's resource; reads in turn (`ex` may be a transaction: one query at a time). */
  private async view(ex: Db | Tx, g: GroupRow, skipMembers: boolean) {
    const s = await scimRepo.groupRow(ex, g.g.id);
    const members = skipMembers ? null : await groupsRepo.membersOf(ex, [g.g.id]);
    return this.resource(g, s, members?.get(g.g.id) ?? null);
  }

  private async group(ex: Db | Tx, id: string): Promise<GroupRow> {
    const g = UUID.test(id) ? await groupsRepo.findById(ex, id) : null;
    if (!g) throw notFound(id);
    return g;
  }

  async get(id: string, skipMembers: boolean) {
    return this.view(this.db, await this.group(this.db, id), skipMembers);
  }

  async list(q: {
    filter?: string | undefined;
    startIndex?: number | undefined;
    count?: number | undefined;
    skipMembers: boolean;
  }) {
    const startIndex = Math.max(1, q.startIndex ?? 1);
    const count = Math.min(MAX_COUNT, Math.max(0, q.count ?? 100));
    let found: GroupRow[];
    let total: number;
    if (q.filter) {
      const f = parseGroupFilter(q.filter);
      let all: GroupRow[] = [];
      if (f.attr === 'displayName') {
        const g = await groupsRepo.findByName(this.db, f.value);
        all = g ? [g] : [];
      } else if (f.attr === 'id') {
        const g = UUID.test(f.value) ? await groupsRepo.findById(this.db, f.value) : null;
        all = g ? [g] : [];
      } else {
        const rows = await scimRepo.groupsByExternalId(this.db, f.value);
        all = (await Promise.all(rows.map((r) => groupsRepo.findById(this.db, r.groupId)))).filter(
          (g): g is GroupRow => !!g,
        );
      }
      total = all.length;
      found = all.slice(startIndex - 1, startIndex - 1 + count);
    } else {
      total = await groupsRepo.count(this.db);
      found = count ? await groupsRepo.page(this.db, startIndex - 1, count) : [];
    }
    const ids = found.map((g) => g.g.id);
    const [extra, members] = await Promise.all([
      scimRepo.groupRows(this.db, ids),
      q.skipMembers ? null : groupsRepo.membersOf(this.db, ids),
    ]);
    return {
      schemas: [SCIM_SCHEMAS.list],
      totalResults: total,
      startIndex,
      itemsPerPage: found.length,
      Resources: found.map((g) => this.resource(g, extra.get(g.g.id) ?? null, members?.get(g.g.id) ?? null)),
    };
  }

  async create(body: ScimGroupBody, caller: ScimCaller) {
    const name = displayName(body.displayName);
    const ids = memberIds(body.members);
    const created = await this.write(async (tx) => {
      const row = await groupsRepo.insert(tx, { name });
      if (ids.length) await groupsRepo.addMembers(tx, row.id, ids);
      await scimRepo.upsertGroup(tx, row.id, body.externalId ?? null);
      await this.audit(tx, caller, row.id, 'group.created', { name, members: ids.length });
      return this.view(tx, (await groupsRepo.findById(tx, row.id))!, false);
    });
    this.cache.clear();
    return created;
  }

  /** PUT: the name, the externalId and exactly these members. */
  async replace(id: string, body: ScimGroupBody, caller: ScimCaller) {
    return this.change(id, caller, () => ({
      name: displayName(body.displayName),
      externalId: body.externalId ?? null,
      members: new Set(memberIds(body.members)),
    }));
  }

  /** PATCH (RFC 7644 §3.5.2) as IdPs send it: displayName, externalId, and members added, removed or replaced. */
  async patch(id: string, body: ScimPatchBody, caller: ScimCaller) {
    return this.change(id, caller, (current) => {
      const next: { name?: string; externalId?: string | null; members: Set<string> } = { members: new Set(current) };
      const apply = (op: string, path: string, value: unknown) => {
        const target = path.toLowerCase();
        const filtered = /^members\[\s*value\s+eq\s+"([^"]+)"\s*\]$/i.exec(path);
        if (target === 'displayname') {
          if (op === 'remove') throw scimError(400, 'mutability', 'displayName cannot be removed');
          next.name = displayName(value);
        } else if (target === 'externalid') {
          if (op !== 'remove' && typeof value !== 'string')
            throw scimError(400, 'invalidValue', 'externalId must be text');
          next.externalId = op === 'remove' ? null : (value as string);
        } else if (target === 'members') {
          const ids = memberIds(value);
          if (op === 'replace') next.members = new Set(ids);
          else if (op === 'add') for (const m of ids) next.members.add(m);
          else if (value === undefined) next.members.clear();
          else for (const m of ids) next.members.delete(m);
        } else if (filtered && op === 'remove') {
          next.members.delete(memberIds([filtered[1]])[0]!);
        } else throw scimError(400, 'invalidPath', `Unsupported path: ${path}`);
      };
      for (const o of body.Operations) {
        const op = o.op.toLowerCase();
        if (o.path?.trim()) apply(op, o.path.trim(), o.value);
        else if (op !== 'remove' && o.value && typeof o.value === 'object' && !Array.isArray(o.value))
          for (const [k, v] of Object.entries(o.value as Record<string, unknown>)) {
            if (k === 'schemas' || k === 'id') continue;
            apply(op, k, v);
          }
        else throw scimError(400, 'noTarget', 'An operation without a path needs an object value');
      }
      return next;
    });
  }

  /** DELETE: the group goes, unless a challenge, reward or segment still targets it. */
  async remove(id: string, caller: ScimCaller) {
    await this.db.transaction(async (tx) => {
      if (!UUID.test(id) || !(await groupsRepo.lockById(tx, id))) throw notFound(id);
      const usage = await groupUsage(tx, id);
      if (usageCount(usage))
        throw scimError(
          409,
          null,
          `This group is used by ${usageText(usage)}; remove it from there in Advocate Hub first`,
        );
      await groupsRepo.remove(tx, id);
      await this.audit(tx, caller, id, 'group.deleted', {});
    });
    this.cache.clear();
  }

  /** Locks the group, computes its next state from the current members, and writes the difference. */
  private async change(
    id: string,
    caller: ScimCaller,
    next: (current: string[]) => { name?: string; externalId?: string | null; members: Set<string> },
  ) {
    if (!UUID.test(id)) throw notFound(id);
    const out = await this.write(async (tx) => {
      if (!(await groupsRepo.lockById(tx, id))) throw notFound(id);
      const g = (await groupsRepo.findById(tx, id))!;
      const current = ((await groupsRepo.membersOf(tx, [id])).get(id) ?? []).map((m) => m.id);
      const want = next(current);
      if (want.name !== undefined && want.name !== g.g.name) {
        await groupsRepo.update(tx, id, { name: want.name });
        await this.audit(tx, caller, id, 'group.renamed', { from: g.g.name, to: want.name });
      }
      const had = new Set(current);
      const added = [...want.members].filter((m) => !had.has(m));
      const removed = current.filter((m) => !want.members.has(m));
      if (added.length) {
        await groupsRepo.addMembers(tx, id, added);
        await this.audit(tx, caller, id, 'group.members_added', { memberIds: added, changed: added.length });
      }
      if (removed.length) {
        await groupsRepo.removeMembers(tx, id, removed);
        await this.audit(tx, caller, id, 'group.members_removed', { memberIds: removed, changed: removed.length });
      }
      await scimRepo.upsertGroup(tx, id, want.externalId);
      return this.view(tx, (await groupsRepo.findById(tx, id))!, false);
    });
    this.cache.clear();
    return out;
  }

  /** A write, with the database's refusals told in SCIM's terms. */
  private async write<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction(work);
    } catch (err) {
      if (pgErrorCode(err) === PG_UNIQUE_VIOLATION)
        throw scimError(409, 'uniqueness', 'A group with that displayName exists');
      if (pgErrorCode(err) === PG_FOREIGN_KEY_VIOLATION)
        throw scimError(400, 'invalidValue', 'Some members are not users of this hub');
      throw err;
    }
  }

  private audit(tx: Tx, caller: ScimCaller, groupId: string, action: string, data: Record<string, unknown>) {
    return auditRepo.record(tx, {
      actorId: null,
      action,
      targetType: 'group',
      targetId: groupId,
      data: { via: 'scim', apiKey: caller.apiKeyName, apiKeyId: caller.apiKeyId, ...data },
      ip: caller.ip,
    });
  }
}
