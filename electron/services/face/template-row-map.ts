/**
 * templateId → row of the gallery index, as an open-addressing hash table of Int32 slots (row + 1;
 * 0 empty, -1 deleted) whose keys live in the index's own rowTemplate array: 4 bytes a slot instead
 * of a Map entry per template.
 */
const EMPTY = 0;
const DELETED = -1;

export class TemplateRowMap {
  private slots = new Int32Array(2048);
  private filled = 0;

  constructor(private readonly templateOfRow: (row: number) => number) {}

  /** Bytes held by the table. */
  get heldBytes(): number {
    return this.slots.byteLength;
  }

  get(templateId: number): number | undefined {
    const slot = this.find(templateId);
    return slot === -1 ? undefined : this.slots[slot]! - 1;
  }

  has(templateId: number): boolean {
    return this.find(templateId) !== -1;
  }

  /** Sets the row of a template (new, or moved to another row). */
  set(templateId: number, row: number): void {
    const existing = this.find(templateId);
    if (existing !== -1) {
      this.slots[existing] = row + 1;
      return;
    }
    if ((this.filled + 1) * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    const mask = this.slots.length - 1;
    for (let slot = hash(templateId) & mask; ; slot = (slot + 1) & mask) {
      if (this.slots[slot] === EMPTY || this.slots[slot] === DELETED) {
        if (this.slots[slot] === EMPTY) this.filled++;
        this.slots[slot] = row + 1;
        return;
      }
    }
  }

  delete(templateId: number): void {
    const slot = this.find(templateId);
    if (slot !== -1) this.slots[slot] = DELETED;
  }

  reserve(templates: number): void {
    let capacity = this.slots.length;
    while (templates * 2 > capacity) capacity *= 2;
    if (capacity !== this.slots.length) this.rehash(capacity);
  }

  /**
   * The slot holding the template, or -1. Called while the row still holds the template (before a
   * row is overwritten), since the key is read through the row.
   */
  private find(templateId: number): number {
    const mask = this.slots.length - 1;
    for (let slot = hash(templateId) & mask, probes = 0; probes <= mask; slot = (slot + 1) & mask, probes++) {
      const v = this.slots[slot]!;
      if (v === EMPTY) return -1;
      if (v !== DELETED && this.templateOfRow(v - 1) === templateId) return slot;
    }
    return -1;
  }

  private rehash(capacity: number): void {
    const old = this.slots;
    this.slots = new Int32Array(capacity);
    this.filled = 0;
    const mask = capacity - 1;
    for (const v of old) {
      if (v === EMPTY || v === DELETED) continue;
      for (let slot = hash(this.templateOfRow(v - 1)) & mask; ; slot = (slot + 1) & mask) {
        if (this.slots[slot] === EMPTY) {
          this.slots[slot] = v;
          this.filled++;
          break;
        }
      }
    }
  }
}

function hash(templateId: number): number {
  // Template ids are SQLite rowids (integers); mix the high part in for ids beyond 2^32.
  return Math.imul((templateId | 0) ^ Math.floor(templateId / 2 ** 32), 0x9e3779b1) >>> 0;
}
