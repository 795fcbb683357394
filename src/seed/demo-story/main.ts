import { readStoreSettings, SettingsReader } from '../../platform/config';
import { connectStore, disconnectStore } from '../../db/connection';
import { DEMO_GOAL_CYCLE } from '../unit-goals';
import { runDemoStory } from './story';

/** The finished cycle the demo story tells (the cycle before the demo cycle `npm start` launches). */
export const DEMO_PREVIOUS_CYCLE = '2026-H1';

/**
 * `npm start` runs this beside the server and the worker once the server answers: the demo story,
 * told over HTTP to the local server. A second start finds it told and exits at once.
 */
async function main(): Promise<void> {
  // The story is told to the local server over HTTP: its store, and where the server listens.
  const read = new SettingsReader(process.env);
  const config = read.done({ ...readStoreSettings(read), port: read.wholeNumber('PORT', 3000) });
  const host = !process.env.HOST || ['0.0.0.0', '::'].includes(process.env.HOST) ? '127.0.0.1' : process.env.HOST;
  await connectStore(config.mongodbUri);
  try {
    await runDemoStory({ baseUrl: `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`, previousCycle: DEMO_PREVIOUS_CYCLE, currentCycle: DEMO_GOAL_CYCLE });
  } finally {
    await disconnectStore();
  }
}

main().catch((error) => {
  console.error(`demo story stopped: ${error instanceof Error ? error.message : String(error)}\n  (the next \`npm start\` continues it where it stopped)`);
  process.exit(1);
});
