import { ChainVerifier, GENESIS, GENESIS_HASH, auditHash, type AuditLink, type ChainVerdict } from '../../domain/audit-chain';
import { canonicalJson } from '../../domain/digest';

/**
 * The audit log as a file an auditor takes away: every entry exactly as it was hashed, and a closing
 * summary (the chain's verification while exporting, the head hash, the anchor a part starts from).
 * Anyone can check the file without meritflow: each entry's hash is
 * sha256(prevHash + "\n" + canonical JSON of the entry without prevHash and hash), canonical JSON
 * being JSON with object keys sorted and no spaces; the first entry's prevHash is 64 zeros.
 * verifyExport below does exactly that.
 */

export type ExportFormat = 'jsonl' | 'csv';

export const HASH_RULE = 'hash = sha256_hex(prevHash + "\\n" + canonical JSON of the entry without prevHash and hash: object keys sorted, no spaces); the first entry\'s prevHash is 64 zeros';

export interface ExportSummary {
  exportedAt: string;
  exportedBy: string;
  /** The first and last sequence numbers in the file; null for an empty file. */
  range: { from: number; to: number } | null;
  /** What the first entry in the file links to: genesis for entry 1, else the stored hash of the entry before. */
  anchor: { seq: number; hash: string };
  verification: ChainVerdict;
  /** The last entry that verified: an auditor compares it with a later export's entry of that number. */
  head: { seq: number; hash: string };
  hashRule: string;
}

export const CSV_COLUMNS = ['seq', 'at', 'actor', 'action', 'subjectType', 'subjectId', 'beforeDigest', 'afterDigest', 'details', 'prevHash', 'hash'] as const;

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Values are written exactly as stored, even a cell that begins with "=" (a user name someone typed
 * at the sign-in form, say): the file is evidence, and a changed value would no longer verify.
 * Open it in a spreadsheet as text, not by double-click.
 */
function csvRow(link: AuditLink): string {
  return [String(link.seq), link.at, link.actor, link.action, link.subject.type, link.subject.id, link.beforeDigest ?? '', link.afterDigest ?? '',
    canonicalJson(link.details), link.prevHash, link.hash].map(csvCell).join(',');
}

/** The entry as a line of JSON lines: the fields that were hashed, and the two hashes. */
function jsonLine(link: AuditLink): string {
  const { seq, at, actor, action, subject, beforeDigest, afterDigest, details, prevHash, hash } = link;
  return JSON.stringify({ seq, at, actor, action, subject: { type: subject.type, id: subject.id }, beforeDigest, afterDigest, details, prevHash, hash });
}

export interface ExportWriter {
  write(text: string): Promise<void>;
}

/**
 * Writes the export of `entries` (in sequence order, starting with the entry before the range when
 * the range does not start at 1: it is the anchor, not exported). The verification is of what is
 * in the file: after a break, the rest is still exported, so the auditor sees the broken entry.
 */
export async function writeExport(format: ExportFormat, entries: AsyncIterable<AuditLink>, from: number, out: ExportWriter, exportedBy: string): Promise<ExportSummary> {
  const exportedAt = new Date().toISOString();
  let verifier: ChainVerifier | undefined = from <= 1 ? new ChainVerifier(GENESIS) : undefined;
  let anchor = from <= 1 ? { seq: 0, hash: GENESIS_HASH } : { seq: from - 1, hash: '' };
  let range = null as ExportSummary['range'];
  if (format === 'jsonl') await out.write(`${JSON.stringify({ export: 'meritflow audit log', formatVersion: 1, exportedAt, exportedBy, from, hashRule: HASH_RULE })}\n`);
  else await out.write(`${CSV_COLUMNS.join(',')}\n`);
  for await (const link of entries) {
    if (link.seq < from) {
      anchor = { seq: link.seq, hash: link.hash };
      continue;
    }
    // A range whose predecessor is missing from the store is checked from the first entry's own
    // claim, which the verification then shows as the anchor (and the gap is the auditor's to ask about).
    verifier ??= new ChainVerifier({ seq: link.seq, prevHash: anchor.hash || link.prevHash });
    if (!anchor.hash) anchor = { seq: link.seq - 1, hash: link.prevHash };
    verifier.add(link);
    range = { from: range?.from ?? link.seq, to: link.seq };
    await out.write(`${format === 'jsonl' ? jsonLine(link) : csvRow(link)}\n`);
  }
  const verification = verifier?.verdict() ?? { ok: true, checked: 0 };
  const summary: ExportSummary = { exportedAt, exportedBy, range, anchor, verification, head: verifier?.lastVerified() ?? { seq: anchor.seq, hash: anchor.hash }, hashRule: HASH_RULE };
  if (format === 'jsonl') {
    await out.write(`${JSON.stringify({ summary })}\n`);
  } else {
    const said = verification.ok
      ? `chain verified: ${verification.checked} entries${range ? ` (#${range.from}-#${range.to})` : ''}, head #${summary.head.seq} ${summary.head.hash}`
      : `chain BROKEN at #${verification.firstBroken!.seq}: ${verification.firstBroken!.reason}; verified up to #${summary.head.seq} ${summary.head.hash}`;
    await out.write(`# ${said}\n# ${JSON.stringify({ summary })}\n`);
  }
  return summary;
}

/** Splits CSV text into rows of cells (RFC 4180: quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; } else if (c !== '\r') cell += c;
  }
  if (cell !== '' || row.length > 0) { row.push(cell); rows.push(row); }
  return rows;
}

export interface ParsedExport {
  entries: AuditLink[];
  summary: ExportSummary | null;
}

export function parseExport(text: string): ParsedExport {
  const entries: AuditLink[] = [];
  let summary: ExportSummary | null = null;
  if (text.startsWith('{')) {
    for (const line of text.split('\n').filter((l) => l.trim() !== '')) {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      if ('summary' in parsed) summary = parsed.summary as ExportSummary;
      else if ('seq' in parsed) entries.push(parsed as unknown as AuditLink);
    }
    return { entries, summary };
  }
  // The summary is the closing "#" lines; a quoted cell may itself hold a line starting with "#".
  const lines = text.split('\n');
  while (lines.length > 0 && (lines[lines.length - 1] === '' || lines[lines.length - 1]!.startsWith('#'))) {
    const line = lines.pop()!;
    if (line.startsWith('# {')) summary = (JSON.parse(line.slice(2)) as { summary: ExportSummary }).summary;
  }
  const body = lines.join('\n');
  const [header, ...rows] = parseCsv(body);
  if (header?.join(',') !== CSV_COLUMNS.join(',')) throw new Error('not a meritflow audit export: unexpected CSV columns');
  for (const cells of rows) {
    if (cells.length === 1 && cells[0] === '') continue;
    const [seq, at, actor, action, subjectType, subjectId, beforeDigest, afterDigest, details, prevHash, hash] = cells as string[] & { length: 11 };
    entries.push({
      seq: Number(seq), at: at!, actor: actor!, action: action!, subject: { type: subjectType!, id: subjectId! },
      beforeDigest: beforeDigest || null, afterDigest: afterDigest || null, details: JSON.parse(details!) as Record<string, unknown>, prevHash: prevHash!, hash: hash!,
    });
  }
  return { entries, summary };
}

export interface ExportCheck extends ChainVerdict {
  /** The last entry that held. */
  head: { seq: number; hash: string };
  /** Whether the file's own summary says the same head (a file cut short or edited at the end says otherwise). */
  summaryAgrees: boolean;
}

/**
 * Checks an export away from meritflow: each entry against its hash and its predecessor, from the
 * genesis hash for a file that starts at entry 1, else from the anchor the file names (which the
 * auditor compares with the head of an earlier export).
 */
export function verifyExport(text: string): ExportCheck {
  const { entries, summary } = parseExport(text);
  const first = entries[0];
  const start = !first || first.seq === 1 ? GENESIS : { seq: first.seq, prevHash: summary?.anchor.hash ?? first.prevHash };
  const verifier = new ChainVerifier(start);
  for (const entry of entries) {
    if (!verifier.add(entry)) break;
  }
  const verdict = verifier.verdict();
  const head = verifier.lastVerified();
  const summaryAgrees = Boolean(summary && summary.head.seq === head.seq && summary.head.hash === head.hash && summary.verification.ok === verdict.ok);
  return { ...verdict, head, summaryAgrees };
}

export { auditHash };
