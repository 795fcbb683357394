import { loadWorkerConfig } from './config';
import { EngineClient } from '../platform/engine-client';

let client: EngineClient | undefined;

/**
 * The engine's REST API for what the external-task protocol cannot do, such as delivering a message
 * to another instance (calibration releasing the reviews waiting for it).
 */
export function workerEngine(): EngineClient {
  if (!client) {
    const config = loadWorkerConfig();
    client = new EngineClient(config.engineUrl, config.engineUser, config.enginePassword);
  }
  return client;
}
