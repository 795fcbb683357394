import { loadConfig } from '../../src/server/config';

/**
 * Removes a flow a test deployed under a key of its own, with every instance of it, straight on the
 * engine's REST API as an operator would. A whole `npm test` shares one engine, so a test's
 * unfinished tasks would otherwise sit in the demo people's inboxes for the suites after it (the page
 * sweep opens every task HR can see).
 */
export async function removeTestFlow(processKey: string): Promise<void> {
  const config = loadConfig();
  const headers: Record<string, string> = config.engineUser ? { authorization: `Basic ${Buffer.from(`${config.engineUser}:${config.enginePassword}`).toString('base64')}` } : {};
  const response = await fetch(`${config.engineUrl}/process-definition/key/${encodeURIComponent(processKey)}/delete?cascade=true&skipCustomListeners=true`, { method: 'DELETE', headers });
  if (!response.ok && response.status !== 404) throw new Error(`removing ${processKey}: ${response.status} ${await response.text()}`);
}
