// A real OpenID Connect provider (the oidc-provider package) for the single sign-on tests, run as
// its own process: it is an ES module, which jest's CommonJS runtime cannot load. It signs in
// whoever types a known login at its own (development) login form; no passwords.
//   env: PORT, CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, ACCOUNTS (JSON: {accountId: {claims…}})
import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const accounts = JSON.parse(process.env.ACCOUNTS ?? '{}');

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [{
    client_id: process.env.CLIENT_ID,
    client_secret: process.env.CLIENT_SECRET,
    redirect_uris: [process.env.REDIRECT_URI],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  async findAccount(_ctx, id) {
    if (!Object.hasOwn(accounts, id)) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...accounts[id] }) };
  },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['preferred_username', 'name'] },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ['test-provider-cookie-key'] },
});
provider.on('server_error', (_ctx, error) => console.error('provider server_error', error));

const server = provider.listen(port, '127.0.0.1', () => console.log(`oidc provider ready on ${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
