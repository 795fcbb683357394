import { personKeyFor } from '../../src/server/auth/oidc-person';
import { oidcSettingsFromEnv } from '../../src/server/auth/oidc-settings';

const base = { OIDC_ISSUER: 'https://login.bank.example/realms/staff', OIDC_CLIENT_ID: 'meritflow', OIDC_REDIRECT_URL: 'https://meritflow.bank.example/login/oidc/callback' };

describe('single sign-on settings from the environment', () => {
  it('is off when OIDC_ISSUER is not set', () => {
    expect(oidcSettingsFromEnv({})).toBeNull();
  });

  it('matches the user name by preferred_username unless told otherwise', () => {
    expect(oidcSettingsFromEnv({ ...base, OIDC_CLIENT_SECRET: 's3cret' })).toEqual({
      issuer: base.OIDC_ISSUER, clientId: 'meritflow', clientSecret: 's3cret', redirectUrl: base.OIDC_REDIRECT_URL,
      match: 'username', claim: 'preferred_username', scope: 'openid profile email',
    });
    expect(oidcSettingsFromEnv({ ...base, OIDC_MATCH: 'subject', OIDC_CLAIM: 'employee_number' })).toMatchObject({ match: 'subject', claim: 'employee_number' });
    expect(oidcSettingsFromEnv({ ...base, OIDC_MATCH: 'email' })).toMatchObject({ match: 'email', claim: 'email' });
  });

  it('refuses half a configuration, a redirect URL elsewhere than the callback, and an unknown match', () => {
    expect(() => oidcSettingsFromEnv({ OIDC_CLIENT_ID: 'x' })).toThrow('OIDC_CLIENT_ID set but OIDC_ISSUER is not');
    expect(() => oidcSettingsFromEnv({ OIDC_ISSUER: base.OIDC_ISSUER })).toThrow('OIDC_CLIENT_ID and OIDC_REDIRECT_URL must be set too');
    expect(() => oidcSettingsFromEnv({ ...base, OIDC_REDIRECT_URL: 'https://meritflow.bank.example/callback' })).toThrow('/login/oidc/callback');
    expect(() => oidcSettingsFromEnv({ ...base, OIDC_MATCH: 'name' })).toThrow('OIDC_MATCH must be username, email or subject');
    expect(() => oidcSettingsFromEnv({ ...base, OIDC_ISSUER: 'login.bank.example' })).toThrow('absolute URLs');
  });
});

describe('which person the provider\'s claims name', () => {
  const claims = { sub: '7781', preferred_username: ' cb.rm01 ', email: 'CB.RM01@Demo-Bank.example', email_verified: true };

  it('reads the configured claim for the configured field', () => {
    expect(personKeyFor('username', 'preferred_username', claims)).toEqual({ field: 'username', value: 'cb.rm01' });
    expect(personKeyFor('email', 'email', claims)).toEqual({ field: 'email', value: 'cb.rm01@demo-bank.example' });
    expect(personKeyFor('subject', 'sub', claims)).toEqual({ field: '_id', value: '7781' });
  });

  it('names nobody when the claim is missing or not text, or the provider says the e-mail is unverified', () => {
    expect(personKeyFor('username', 'preferred_username', { sub: '1' })).toEqual({ refused: 'claim-missing' });
    expect(personKeyFor('username', 'preferred_username', { sub: '1', preferred_username: { $gt: '' } })).toEqual({ refused: 'claim-missing' });
    expect(personKeyFor('email', 'email', { ...claims, email_verified: false })).toEqual({ refused: 'email-not-verified' });
    // Many corporate providers never send email_verified: not saying is not "unverified".
    expect(personKeyFor('email', 'email', { sub: '1', email: 'a@b.example' })).toEqual({ field: 'email', value: 'a@b.example' });
  });
});
