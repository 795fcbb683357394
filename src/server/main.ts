import { loadConfig } from './config';
import { connectStore } from '../db/connection';
import { createApp } from './app';
import { EngineClient } from './engine-client';
import { runMain } from '../lib/run-main';
import { finishStoredSubmissions } from './tasks/submit-task';

async function main(): Promise<void> {
  const config = loadConfig();
  await connectStore(config.mongodbUri);
  const engine = new EngineClient(config.engineUrl, config.engineUser, config.enginePassword);
  const app = createApp(config, engine);
  const host = process.env.HOST ?? '127.0.0.1';
  const server = app.listen(config.port, host, () => console.log(`meritflow server on http://${host}:${config.port}`));
  // Answers a server that died left half done: stored, not yet completed or not yet in the log.
  finishStoredSubmissions(engine).then((n) => { if (n > 0) console.log(`finished ${n} stored submissions a stopped server left`); }, (error: unknown) => console.error('finishing stored submissions:', error));
  // Kept-alive connections would hold close() open until the caller gives up and kills us.
  const stop = () => { server.close(() => process.exit(0)); server.closeAllConnections(); };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

runMain(main);
