/** Keys below this use the bitset: 1 bit each, at most 16 MiB. */
const BITSET_LIMIT = 2 ** 27;

/** A KeySet as plain data, e.g. to pass it between worker threads. */
export interface KeySetData {
  readonly bits: Uint8Array;
  readonly numbers: Set<number>;
  readonly texts: Set<string>;
}

/**
 * The keys accepted so far in one file. Ids are usually dense, so non-negative integer keys go
 * to a growable bitset (1 bit per possible id) instead of a Set (tens of bytes per key);
 * anything else goes to a Set.
 */
export class KeySet {
  private bits: Uint8Array;
  private readonly numbers: Set<number>;
  private readonly texts: Set<string>;

  /** An empty set, or one holding `data`'s keys (taken over, not copied). */
  constructor(data?: KeySetData) {
    this.bits = data?.bits ?? new Uint8Array(1024);
    this.numbers = data?.numbers ?? new Set();
    this.texts = data?.texts ?? new Set();
  }

  /** The keys as plain data (shared, not copied). */
  data(): KeySetData {
    return { bits: this.bits, numbers: this.numbers, texts: this.texts };
  }

  /** True when some key is in both sets. */
  overlaps(other: KeySet): boolean {
    const shorter = Math.min(this.bits.length, other.bits.length);
    for (let i = 0; i < shorter; i++) if (this.bits[i] & other.bits[i]) return true;
    for (const key of this.numbers) if (other.numbers.has(key)) return true;
    for (const key of this.texts) if (other.texts.has(key)) return true;
    return false;
  }

  /** Adds an integer key; false when it was already there. */
  addNumber(key: number): boolean {
    if (!(key >= 0 && key < BITSET_LIMIT && Number.isInteger(key))) {
      const before = this.numbers.size;
      return this.numbers.add(key).size !== before;
    }
    const byte = key >>> 3;
    if (byte >= this.bits.length) this.growTo(byte);
    const mask = 1 << (key & 7);
    if (this.bits[byte] & mask) return false;
    this.bits[byte] |= mask;
    return true;
  }

  /** Adds a text key (or an integer beyond safe range, in canonical digits); false when present. */
  addText(key: string): boolean {
    const before = this.texts.size;
    return this.texts.add(key).size !== before;
  }

  private growTo(byte: number): void {
    let length = this.bits.length;
    while (length <= byte) length *= 2;
    const grown = new Uint8Array(length);
    grown.set(this.bits);
    this.bits = grown;
  }
}
