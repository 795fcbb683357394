import { loadConfig } from '../config';
import { connectStore, disconnectStore } from '../db/connection';
import { AuditEntryModel, type AuditEntry } from '../db/models/audit-entry';
import { ChainVerifier, type AuditLink } from '../domain/audit-chain';

/** Reads the audit log in sequence order, a page at a time, so any length fits in memory. */
async function* entriesInOrder(pageSize = 1000): AsyncGenerator<AuditLink> {
  let after = 0;
  for (;;) {
    const page = await AuditEntryModel.find({ _id: { $gt: after } }).sort({ _id: 1 }).limit(pageSize).lean<AuditEntry[]>();
    for (const { _id, ...link } of page) yield link;
    if (page.length < pageSize) return;
    after = page[page.length - 1]!._id;
  }
}

/** `npm run audit:verify`: checks the whole chain; exit 0 when it holds, 1 at the first broken link. */
async function main(): Promise<void> {
  const config = loadConfig();
  await connectStore(config.mongodbUri);
  const verifier = new ChainVerifier();
  for await (const entry of entriesInOrder()) if (!verifier.add(entry)) break;
  const verdict = verifier.verdict();
  await disconnectStore();
  if (verdict.ok) {
    console.log(`audit log intact: ${verdict.checked} entries verified`);
    return;
  }
  console.error(`audit log BROKEN at entry ${verdict.firstBroken!.seq}: ${verdict.firstBroken!.reason} (${verdict.checked} entries before it verified)`);
  process.exit(1);
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
