import { describe, expect, it } from 'vitest';
import { parseFilter } from '../../server/src/modules/scim/scim.service.js';
import { samlPerson, splitPems } from '../../server/src/modules/sso/sso.service.js';
import { SecretBox } from '../../server/src/modules/sso/sso.secrets.js';

describe('SCIM filters the hub understands', () => {
  it('reads userName, externalId, id and email filters, case-insensitively and with escaped quotes', () => {
    expect(parseFilter('userName eq "grace@navy.example"')).toEqual({ attr: 'userName', value: 'grace@navy.example' });
    expect(parseFilter('USERNAME EQ "a@b.example"')).toEqual({ attr: 'userName', value: 'a@b.example' });
    expect(parseFilter('externalId eq "00u\\"1"')).toEqual({ attr: 'externalId', value: '00u"1' });
    expect(parseFilter('emails.value eq "x@y.example"')).toEqual({ attr: 'email', value: 'x@y.example' });
    expect(parseFilter('emails[value eq "x@y.example"]')).toEqual({ attr: 'email', value: 'x@y.example' });
    expect(parseFilter('id eq "abc"')).toEqual({ attr: 'id', value: 'abc' });
  });

  it('refuses other operators and compound filters as invalidFilter', () => {
    for (const f of ['userName co "a"', 'userName eq "a" and active eq true', 'name.familyName eq "x"', ''])
      expect(() => parseFilter(f)).toThrow(expect.objectContaining({ code: 'scim.invalidFilter', statusCode: 400 }));
  });
});

describe('who a SAML assertion names', () => {
  it('takes the email from common attribute names, else from an email-shaped NameID', () => {
    expect(
      samlPerson({
        issuer: 'i',
        nameID: '00u1',
        nameIDFormat: 'persistent',
        'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress': 'Ada@Example.COM',
        'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname': 'Ada',
        'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname': 'Lovelace',
      }),
    ).toEqual({ subject: '00u1', email: 'ada@example.com', emailVerified: null, name: 'Ada Lovelace' });
    expect(
      samlPerson({ issuer: 'i', nameID: 'grace@navy.example', nameIDFormat: 'email', displayName: ['Grace'] }),
    ).toEqual({ subject: 'grace@navy.example', email: 'grace@navy.example', emailVerified: null, name: 'Grace' });
    expect(samlPerson({ issuer: 'i', nameID: 'opaque', nameIDFormat: 'transient' }).email).toBeNull();
  });

  it('splits pasted certificates, PEM blocks or a bare base64 body', () => {
    const pem = (b: string) => `-----BEGIN CERTIFICATE-----\n${b}\n-----END CERTIFICATE-----`;
    expect(splitPems(`${pem('AAA')}\n\n${pem('BBB')}`)).toEqual([pem('AAA'), pem('BBB')]);
    expect(splitPems(' MIIB\nCCC ')).toEqual(['MIIBCCC']);
    expect(splitPems('  ')).toEqual([]);
  });
});

describe('client secrets at rest', () => {
  it('seal and open round-trip, never show the secret, and another app secret cannot open them', () => {
    const box = new SecretBox('a'.repeat(40));
    const sealed = box.seal('s3cr3t-value');
    expect(sealed).toMatch(/^v1:/);
    expect(sealed).not.toContain('s3cr3t');
    expect(box.seal('s3cr3t-value')).not.toBe(sealed);
    expect(box.open(sealed)).toBe('s3cr3t-value');
    expect(new SecretBox('b'.repeat(40)).open(sealed)).toBeNull();
    expect(box.open(`${sealed.slice(0, -2)}xx`)).toBeNull();
    expect(box.open('stored-before-sealing')).toBe('stored-before-sealing');
  });
});
