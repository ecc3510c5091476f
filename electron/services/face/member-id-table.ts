/**
 * Member ids of the 1:N gallery interned into typed arrays (issue 16: a million members without a
 * million JS strings, Map entries and Sets). A canonical lowercase UUID — what the app generates —
 * is kept as its 16 bytes; any other id as its UTF-8 bytes. Lookup is an open-addressing hash table
 * of Int32 slots. Ids are never removed (a member's index number stays valid for the index's life,
 * as before); an erased member simply has no rows.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UUID_LEN = 0xffff;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class MemberIdTable {
  private bytes = new Uint8Array(1 << 16);
  private used = 0;
  private offsets = new Int32Array(1024);
  /** Byte length of a UTF-8 id, or UUID_LEN for a 16-byte UUID. */
  private lengths = new Uint16Array(1024);
  private count = 0;
  /** Member index + 1 per slot; 0 = empty. Capacity is a power of two, at most half full. */
  private slots = new Int32Array(2048);
  private readonly scratch = new Uint8Array(1024);

  get size(): number {
    return this.count;
  }

  /** Bytes held by the table's arrays. */
  get heldBytes(): number {
    return this.bytes.byteLength + this.offsets.byteLength + this.lengths.byteLength + this.slots.byteLength + this.scratch.byteLength;
  }

  /** The member's index, or -1. */
  find(memberId: string): number {
    const key = this.encode(memberId);
    const slot = this.slotOf(key.bytes, key.length);
    return this.slots[slot]! - 1;
  }

  /** The member's index, interning the id if it is new. */
  intern(memberId: string): number {
    const key = this.encode(memberId);
    let slot = this.slotOf(key.bytes, key.length);
    if (this.slots[slot]! > 0) return this.slots[slot]! - 1;
    const idx = this.count++;
    if (idx === this.offsets.length) {
      this.offsets = grow(this.offsets, idx * 2);
      this.lengths = grow(this.lengths, idx * 2);
    }
    const n = key.length === UUID_LEN ? 16 : key.length;
    if (this.used + n > this.bytes.length) this.bytes = grow(this.bytes, Math.max(this.bytes.length * 2, this.used + n));
    this.bytes.set(key.bytes.subarray(0, n), this.used);
    this.offsets[idx] = this.used;
    this.lengths[idx] = key.length;
    this.used += n;
    if (this.count * 2 > this.slots.length) {
      this.rehash(this.slots.length * 2);
      slot = this.slotOf(key.bytes, key.length);
    }
    this.slots[slot] = idx + 1;
    return idx;
  }

  /** Room for `members` ids without growing (start-up load of a known gallery). */
  reserve(members: number, averageBytes = 16): void {
    if (members > this.offsets.length) {
      this.offsets = grow(this.offsets, members);
      this.lengths = grow(this.lengths, members);
    }
    if (members * averageBytes > this.bytes.length) this.bytes = grow(this.bytes, members * averageBytes);
    let capacity = this.slots.length;
    while (members * 2 > capacity) capacity *= 2;
    if (capacity !== this.slots.length) this.rehash(capacity);
  }

  idOf(idx: number): string {
    const at = this.offsets[idx]!;
    const len = this.lengths[idx]!;
    if (len !== UUID_LEN) return decoder.decode(this.bytes.subarray(at, at + len));
    let hex = '';
    for (let i = 0; i < 16; i++) hex += this.bytes[at + i]!.toString(16).padStart(2, '0');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  private encode(memberId: string): { bytes: Uint8Array; length: number } {
    if (memberId.length === 36 && UUID.test(memberId)) {
      // Hex digits read in place: no temporary strings for a million ids at start-up.
      for (let i = 0, c = 0; i < 16; i++) {
        if (c === 8 || c === 13 || c === 18 || c === 23) c++;
        this.scratch[i] = (hexValue(memberId.charCodeAt(c)) << 4) | hexValue(memberId.charCodeAt(c + 1));
        c += 2;
        if (c === 8 || c === 13 || c === 18 || c === 23) c++;
      }
      return { bytes: this.scratch, length: UUID_LEN };
    }
    const bytes = memberId.length * 3 <= this.scratch.length ? this.scratch : new Uint8Array(memberId.length * 3);
    const { written } = encoder.encodeInto(memberId, bytes);
    if (written >= UUID_LEN) throw new Error('member id too long for the gallery index');
    return { bytes, length: written };
  }

  private slotOf(key: Uint8Array, length: number): number {
    const n = length === UUID_LEN ? 16 : length;
    let h = length === UUID_LEN ? 0x9e3779b9 : 0x811c9dc5;
    for (let i = 0; i < n; i++) h = Math.imul(h ^ key[i]!, 0x01000193);
    const mask = this.slots.length - 1;
    for (let slot = (h >>> 0) & mask; ; slot = (slot + 1) & mask) {
      const v = this.slots[slot]!;
      if (v === 0 || this.equals(v - 1, key, length)) return slot;
    }
  }

  private equals(idx: number, key: Uint8Array, length: number): boolean {
    if (this.lengths[idx] !== length) return false;
    const n = length === UUID_LEN ? 16 : length;
    const at = this.offsets[idx]!;
    for (let i = 0; i < n; i++) if (this.bytes[at + i] !== key[i]) return false;
    return true;
  }

  private rehash(capacity: number): void {
    this.slots = new Int32Array(capacity);
    const key = new Uint8Array(UUID_LEN - 1);
    for (let idx = 0; idx < this.count; idx++) {
      const len = this.lengths[idx]!;
      const n = len === UUID_LEN ? 16 : len;
      key.set(this.bytes.subarray(this.offsets[idx]!, this.offsets[idx]! + n));
      this.slots[this.slotOf(key, len)] = idx + 1;
    }
  }
}

/** 0–15 for a lowercase hex digit (the UUID test admits only those). */
function hexValue(code: number): number {
  return code <= 57 ? code - 48 : code - 87;
}

function grow<T extends Uint8Array | Uint16Array | Int32Array>(old: T, length: number): T {
  const next = new (old.constructor as new (n: number) => T)(length);
  next.set(old as never);
  return next;
}
