import type { FaceConfig } from '../../contract/face-config.js';
import type { Logger } from '../../core/logger.js';
import type { FaceRepository } from './face-repository.js';

/** How face vectors are sealed at rest (FaceTemplateStore.sealing): one seam for a change of key scheme. */
export interface VectorSealing {
  keyId(): string;
  seal(memberId: string, version: string, purpose: 'template' | 'rejection', vector: Float32Array): Buffer;
  open(memberId: string, version: string, purpose: 'template' | 'rejection', sealed: Buffer): Float32Array | null;
}

const DAY_MS = 86_400_000;

interface HeldProbe {
  id: number;
  at: number;
  vector: Float32Array;
}

export interface RejectionSummary {
  memberId: string;
  count: number;
  oldestAt: string;
  newestAt: string;
  /** When the oldest one stops counting (and its probe is deleted). */
  expiresAt: string;
}

/**
 * "Not this member" evidence (issue 16: a genuine member is never locked out by one tap).
 * - A rejected probe suppresses that member only for faces that look more like it than like the
 *   member's templates, and only for `rejections.expireAfterDays`; then it is deleted — the probe of
 *   the person who said "not me" is kept for that bounded time and used for nothing else.
 * - Each later confirmed phone/QR check-in of the member outweighs (deletes) one earlier rejection,
 *   the oldest first: someone who tapped "not me" by mistake and then checks in as themselves is
 *   recognised again; a member rejected several times needs as many confirmations.
 * - Staff can list and clear it (`face.listRejections`, `face.clearRejections`).
 */
export class RejectionEvidence {
  private readonly byMember = new Map<string, HeldProbe[]>();

  constructor(
    private readonly repo: FaceRepository,
    private readonly options: { config: FaceConfig; sealing: VectorSealing; log: Logger; now: () => number },
  ) {}

  private cutoff(): number {
    return this.options.now() - this.options.config.rejections.expireAfterDays * DAY_MS;
  }

  /** Start-up: expired probes are deleted, the rest decrypted into memory (this model's only). */
  load(version: string | null): void {
    this.purgeExpired();
    for (const row of this.repo.allRejections()) {
      if (row.modelVersion !== version) continue;
      const vector = this.options.sealing.open(row.memberId, row.modelVersion, 'rejection', row.sealed);
      if (vector) this.byMember.set(row.memberId, [...(this.byMember.get(row.memberId) ?? []), { id: row.id, at: Date.parse(row.createdAt), vector }]);
    }
  }

  /** Deletes every probe older than the expiry period, from the database and from memory. */
  purgeExpired(): number {
    const cutoff = this.cutoff();
    const removed = this.repo.deleteRejectionsBefore(new Date(cutoff).toISOString());
    for (const [memberId, list] of this.byMember) {
      const kept = list.filter((p) => p.at >= cutoff);
      if (kept.length === 0) this.byMember.delete(memberId);
      else if (kept.length !== list.length) this.byMember.set(memberId, kept);
    }
    if (removed > 0) this.options.log.info('face.rejections_expired', { count: removed });
    return removed;
  }

  /** The member's rejected probes that still count (expired ones are dropped on the way). */
  activeOf(memberId: string): readonly Float32Array[] | undefined {
    const list = this.byMember.get(memberId);
    if (!list) return undefined;
    if (list.some((p) => p.at < this.cutoff())) this.purgeExpired();
    return this.byMember.get(memberId)?.map((p) => p.vector);
  }

  count(memberId: string): number {
    return this.activeOf(memberId)?.length ?? 0;
  }

  add(memberId: string, version: string, probe: Float32Array, staffId: string | null): number {
    const { sealing, config } = this.options;
    const at = this.options.now();
    const id = this.repo.addRejection(
      { memberId, modelVersion: version, keyId: sealing.keyId(), sealed: sealing.seal(memberId, version, 'rejection', probe), staffId, createdAt: new Date(at).toISOString() },
      config.rejections.maxPerMember,
    );
    const list = [...(this.byMember.get(memberId) ?? []), { id, at, vector: probe }].slice(-config.rejections.maxPerMember);
    this.byMember.set(memberId, list);
    return this.count(memberId);
  }

  /** A confirmed phone/QR check-in of the member: the oldest earlier rejection no longer counts. Returns how many remain. */
  outweighOne(memberId: string): { outweighed: boolean; remaining: number } {
    const list = (this.byMember.get(memberId) ?? []).filter((p) => p.at <= this.options.now());
    const oldest = list[0];
    if (!oldest) return { outweighed: false, remaining: this.count(memberId) };
    this.repo.deleteRejection(oldest.id);
    this.byMember.set(memberId, (this.byMember.get(memberId) ?? []).filter((p) => p.id !== oldest.id));
    if (this.byMember.get(memberId)!.length === 0) this.byMember.delete(memberId);
    return { outweighed: true, remaining: this.count(memberId) };
  }

  /** Staff review: members with rejection evidence that still counts (no probe ever leaves this module). */
  list(): RejectionSummary[] {
    this.purgeExpired();
    const days = this.options.config.rejections.expireAfterDays;
    return this.repo.rejectionSummaries().map((r) => ({
      ...r,
      expiresAt: new Date(Date.parse(r.oldestAt) + days * DAY_MS).toISOString(),
    }));
  }

  /** Staff clear: every rejection of the member goes, probes included. */
  clear(memberId: string): number {
    this.byMember.delete(memberId);
    return this.repo.deleteRejectionsOf(memberId);
  }

  forget(memberId: string): void {
    this.byMember.delete(memberId);
  }
}
