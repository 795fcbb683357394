/** Settings from the environment; scripts/start.mjs and scripts/test.mjs fill them for the local parts. */
export interface Config {
  engineUrl: string;
  engineUser: string;
  enginePassword: string;
  mongodbUri: string;
  port: number;
  sessionSecret: string;
  /** Cookies carry `Secure` when the site is served over https (behind a proxy in production). */
  secureCookies: boolean;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set; start meritflow with \`npm start\` or set it (see README)`);
  return value;
}

export function loadConfig(): Config {
  return {
    engineUrl: required('ENGINE_URL').replace(/\/$/, ''),
    engineUser: process.env.ENGINE_USER ?? '',
    enginePassword: process.env.ENGINE_PASSWORD ?? '',
    mongodbUri: required('MONGODB_URI'),
    port: Number(process.env.PORT ?? 3000),
    sessionSecret: required('SESSION_SECRET'),
    secureCookies: process.env.SECURE_COOKIES === 'true',
  };
}
