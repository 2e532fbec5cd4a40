import { ref } from 'vue';
import type { Role } from '@advocate-hub/shared';
import { useFormErrors } from '@/shared/composables/useFormErrors';
import { ssoAdminApi, type CreateSsoConnectionBody, type SsoConnection, type UpdateSsoConnectionBody } from '../api';

export const SSO_FORM_FIELDS = [
  'name',
  'domains',
  'issuer',
  'clientId',
  'clientSecret',
  'scopes',
  'entryPoint',
  'idpEntityId',
  'idpCert',
] as const;
type Field = (typeof SSO_FORM_FIELDS)[number];

export interface SsoDraft {
  kind: SsoConnection['kind'];
  name: string;
  enabled: boolean;
  domains: string;
  autoProvision: boolean;
  defaultRoles: Role[];
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
  entryPoint: string;
  idpEntityId: string;
  idpCert: string;
  wantAssertionsSigned: boolean;
}

const empty = (): SsoDraft => ({
  kind: 'oidc',
  name: '',
  enabled: true,
  domains: '',
  autoProvision: false,
  defaultRoles: ['advocate'],
  issuer: '',
  clientId: '',
  clientSecret: '',
  scopes: 'openid email profile',
  entryPoint: '',
  idpEntityId: '',
  idpCert: '',
  wantAssertionsSigned: true,
});

/** The create/edit form of a connection: the fields of its kind, checked here first, then by the server. */
export function useSsoForm() {
  const draft = ref<SsoDraft>(empty());
  const editing = ref<SsoConnection | null>(null);
  const saving = ref(false);
  const errors = useFormErrors(SSO_FORM_FIELDS);

  function reset(from: SsoConnection | null): void {
    errors.clear();
    editing.value = from;
    draft.value = empty();
    if (!from) return;
    Object.assign(draft.value, {
      kind: from.kind,
      name: from.name,
      enabled: from.enabled,
      domains: from.domains.join(', '),
      autoProvision: from.autoProvision,
      defaultRoles: [...from.defaultRoles],
      issuer: from.issuer ?? '',
      clientId: from.clientId ?? '',
      scopes: from.scopes ?? '',
      entryPoint: from.entryPoint ?? '',
      idpEntityId: from.idpEntityId ?? '',
      idpCert: from.idpCert ?? '',
      wantAssertionsSigned: from.wantAssertionsSigned,
    });
  }

  function problems(draft: SsoDraft): Partial<Record<Field, string>> {
    const p: Partial<Record<Field, string>> = {};
    if (!draft.name.trim()) p.name = 'Name the button, such as Okta.';
    const isUrl = (v: string) => /^https?:\/\/\S+$/.test(v.trim());
    if (draft.kind === 'oidc') {
      if (!isUrl(draft.issuer)) p.issuer = 'Enter the issuer URL, such as https://example.okta.com.';
      if (!draft.clientId.trim()) p.clientId = 'Enter the client ID the IdP gave you.';
    } else {
      if (!isUrl(draft.entryPoint)) p.entryPoint = 'Enter the IdP single sign-on URL.';
      if (!editing.value && !draft.idpCert.trim()) p.idpCert = 'Paste the IdP signing certificate (PEM).';
    }
    return p;
  }

  async function save(): Promise<SsoConnection | null> {
    errors.clear();
    const d = draft.value;
    const p = problems(d);
    if (Object.keys(p).length) {
      errors.setFields(p);
      return null;
    }
    const domains = d.domains
      .split(/[\s,;]+/)
      .map((x) => x.trim().toLowerCase().replace(/^@/, ''))
      .filter(Boolean);
    const common = {
      name: d.name.trim(),
      enabled: d.enabled,
      domains,
      autoProvision: d.autoProvision,
      defaultRoles: d.defaultRoles,
    };
    const oidc = {
      issuer: d.issuer.trim(),
      clientId: d.clientId.trim(),
      ...(d.clientSecret ? { clientSecret: d.clientSecret } : {}),
      scopes: d.scopes.trim() || 'openid email profile',
    };
    const saml = {
      entryPoint: d.entryPoint.trim(),
      idpEntityId: d.idpEntityId.trim(),
      ...(d.idpCert.trim() ? { idpCert: d.idpCert.trim() } : {}),
      wantAssertionsSigned: d.wantAssertionsSigned,
    };
    saving.value = true;
    try {
      if (editing.value) {
        const body: UpdateSsoConnectionBody = { ...common, ...(d.kind === 'oidc' ? oidc : saml) };
        return (await ssoAdminApi.update(editing.value.id, body)).connection;
      }
      const body: CreateSsoConnectionBody =
        d.kind === 'oidc'
          ? { kind: 'oidc', ...common, ...oidc }
          : { kind: 'saml', ...common, ...saml, idpCert: d.idpCert.trim() };
      return (await ssoAdminApi.create(body)).connection;
    } catch (err) {
      errors.fromError(err);
      return null;
    } finally {
      saving.value = false;
    }
  }

  return { draft, editing, saving, errors, reset, save };
}
