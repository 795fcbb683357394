import { readStoreSettings, SettingsReader, type Env } from '../platform/config';

/** The mail sink's settings: the store and SMTP_SINK_PORT. */
export function loadToolConfigStoreOnly(env: Env = process.env): { mongodbUri: string; port: number } {
  const read = new SettingsReader(env);
  return read.done({ ...readStoreSettings(read), port: read.wholeNumber('SMTP_SINK_PORT', 2525) });
}
