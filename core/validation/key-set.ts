/** Keys below this use the bitset: 1 bit each, at most 16 MiB. */
const BITSET_LIMIT = 2 ** 27;

/**
 * The keys accepted so far in one file. Ids are usually dense, so non-negative integer keys go
 * to a growable bitset (1 bit per possible id) instead of a Set (tens of bytes per key);
 * anything else goes to a Set.
 */
export class KeySet {
  private bits = new Uint8Array(1024);
  private readonly numbers = new Set<number>();
  private readonly texts = new Set<string>();

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
