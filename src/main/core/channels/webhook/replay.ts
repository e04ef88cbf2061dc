import { SIGNATURE_TOLERANCE_MS } from './signature';

/**
 * Remembers every accepted (channel, t, v1) for as long as that signature could still pass the
 * age check, so a captured delivery cannot be sent again. Memory is bounded twice: entries are
 * kept in buckets per signed second and a whole bucket is dropped once its second is too old to
 * pass, and there is a hard cap beyond which new deliveries are refused (the sender retries) rather
 * than an old entry forgotten (which would reopen the replay it guards).
 */
export class ReplayGuard {
  private readonly buckets = new Map<number, Set<string>>();
  private size = 0;
  private prunedAtSec = -1;

  constructor(private readonly maxEntries = 500_000) {}

  get entries(): number {
    return this.size;
  }

  seen(channelId: number, t: number, signature: Buffer): boolean {
    return this.buckets.get(t)?.has(keyOf(channelId, signature)) ?? false;
  }

  /** Records a delivery; false when the guard is full and the delivery must be refused for now. */
  remember(channelId: number, t: number, signature: Buffer, nowMs: number): boolean {
    this.prune(nowMs);
    if (this.size >= this.maxEntries) return false;
    let bucket = this.buckets.get(t);
    if (!bucket) {
      bucket = new Set();
      this.buckets.set(t, bucket);
    }
    const key = keyOf(channelId, signature);
    if (!bucket.has(key)) {
      bucket.add(key);
      this.size++;
    }
    return true;
  }

  /** Whether a delivery signed now could be remembered; checked before anything is stored. */
  hasRoom(nowMs: number): boolean {
    this.prune(nowMs);
    return this.size < this.maxEntries;
  }

  /** Drops the seconds whose signatures would now be refused as stale anyway (at most once a second). */
  private prune(nowMs: number): void {
    const nowSec = Math.floor(nowMs / 1000);
    if (nowSec === this.prunedAtSec) return;
    this.prunedAtSec = nowSec;
    for (const [t, bucket] of this.buckets) {
      if (nowMs - t * 1000 > SIGNATURE_TOLERANCE_MS) {
        this.size -= bucket.size;
        this.buckets.delete(t);
      }
    }
  }
}

/** Half the HMAC identifies a delivery well enough (128 bits) at half the memory. */
function keyOf(channelId: number, signature: Buffer): string {
  return `${channelId}:${signature.toString('base64', 0, 16)}`;
}
