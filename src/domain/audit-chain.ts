import { canonicalJson, sha256Hex } from './digest';

/**
 * The audit log is a hash chain: each entry's hash covers its content and the previous entry's
 * hash, so changing, removing or reordering any entry breaks every link after it.
 */
export interface AuditContent {
  seq: number;
  at: string; // ISO time
  actor: string;
  action: string;
  subject: { type: string; id: string };
  beforeDigest: string | null;
  afterDigest: string | null;
  details: Record<string, unknown>;
}

export interface AuditLink extends AuditContent {
  prevHash: string;
  hash: string;
}

/** The hash of the first entry's predecessor. */
export const GENESIS_HASH = '0'.repeat(64);

export function auditHash(content: AuditContent, prevHash: string): string {
  return sha256Hex(`${prevHash}\n${canonicalJson(content)}`);
}

export function linkEntry(content: AuditContent, prevHash: string): AuditLink {
  return { ...content, prevHash, hash: auditHash(content, prevHash) };
}

export interface ChainVerdict {
  ok: boolean;
  checked: number;
  firstBroken?: { seq: number; reason: string };
}

/** Where a verification starts: the first entry's number and the hash it must link to. */
export interface ChainAnchor {
  seq: number;
  prevHash: string;
}

export const GENESIS: ChainAnchor = { seq: 1, prevHash: GENESIS_HASH };

/**
 * Checks entries one at a time in sequence order; stops at the first that does not hold. A part of
 * the chain (an export of entries 500–900, say) is checked from an anchor: the hash entry 499 had,
 * which the reader compares with what an earlier export or verification said.
 */
export class ChainVerifier {
  private prevHash: string;
  private expectedSeq: number;
  private checked = 0;
  private broken?: { seq: number; reason: string };

  constructor(anchor: ChainAnchor = GENESIS) {
    this.prevHash = anchor.prevHash;
    this.expectedSeq = anchor.seq;
  }

  /** False once the chain is broken; later entries are not looked at. */
  add(entry: AuditLink): boolean {
    if (this.broken) return false;
    const { prevHash, hash, ...content } = entry;
    if (entry.seq !== this.expectedSeq) this.broken = { seq: entry.seq, reason: `expected entry ${this.expectedSeq} here: an entry is missing or out of order` };
    else if (prevHash !== this.prevHash) this.broken = { seq: entry.seq, reason: 'does not link to the previous entry' };
    else if (auditHash(content, prevHash) !== hash) this.broken = { seq: entry.seq, reason: 'its content does not match its hash: it was changed after it was written' };
    if (this.broken) return false;
    this.prevHash = hash;
    this.expectedSeq++;
    this.checked++;
    return true;
  }

  /** The last entry that held: its number and hash (the anchor's when none did). */
  lastVerified(): { seq: number; hash: string } {
    return { seq: this.expectedSeq - 1, hash: this.prevHash };
  }

  verdict(): ChainVerdict {
    return this.broken ? { ok: false, checked: this.checked, firstBroken: this.broken } : { ok: true, checked: this.checked };
  }
}

export function verifyChain(entries: Iterable<AuditLink>): ChainVerdict {
  const verifier = new ChainVerifier();
  for (const entry of entries) if (!verifier.add(entry)) break;
  return verifier.verdict();
}
