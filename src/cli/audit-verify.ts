import { readFileSync } from 'node:fs';
import { verifyExport } from '../platform/audit/audit-export';
import { verifyStoredChain } from '../platform/audit/read-audit-log';
import { loadToolConfig } from '../platform/config';
import { connectStore, disconnectStore } from '../db/connection';
import { runMain } from '../lib/run-main';

/** `npm run audit:verify -- --file <export>`: checks an export an auditor took away, without the store. */
function verifyFile(path: string): void {
  const check = verifyExport(readFileSync(path, 'utf8'));
  if (!check.ok) {
    console.error(`audit export BROKEN at entry ${check.firstBroken!.seq}: ${check.firstBroken!.reason} (${check.checked} entries before it verified)`);
    process.exit(1);
  }
  console.log(`audit export intact: ${check.checked} entries verified, head #${check.head.seq} ${check.head.hash}`);
  if (!check.summaryAgrees) {
    console.error('but the file\'s closing summary does not name that head: the file was cut short or its summary edited');
    process.exit(1);
  }
}

/** `npm run audit:verify`: checks the whole stored chain; exit 0 when it holds, 1 at the first broken link. */
async function main(): Promise<void> {
  const fileAt = process.argv.indexOf('--file');
  if (fileAt >= 0) {
    const path = process.argv[fileAt + 1];
    if (!path) throw new Error('--file needs the path of an export');
    return verifyFile(path);
  }
  const config = loadToolConfig();
  await connectStore(config.mongodbUri);
  const verdict = await verifyStoredChain();
  await disconnectStore();
  if (verdict.ok) {
    console.log(`audit log intact: ${verdict.checked} entries verified, head #${verdict.verifiedHead.seq} ${verdict.verifiedHead.hash}`);
    return;
  }
  console.error(`audit log BROKEN at entry ${verdict.firstBroken!.seq}: ${verdict.firstBroken!.reason} (${verdict.checked} entries before it verified)`);
  process.exit(1);
}

runMain(main, 2);
