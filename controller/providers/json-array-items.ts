const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
/**
 * Where one object item ends and the next begins in compact JSON (what panels send). Inside a
 * user or client it would take an array of objects, which their rows do not have; `},` alone
 * also ends nested objects (`"proxies":{…},`) and would mostly guess wrong.
 */
const BETWEEN_OBJECTS = Buffer.from('},{');

/**
 * Reads a JSON object whose one top-level field holds a very large array (3x-ui answers
 * `{"success":…,"obj":[…100,000 clients…]}`) chunk by chunk, handing each array item to
 * `onItem` as soon as its last byte arrives. Only framing happens here: the scanner finds
 * where items start and end (structural characters are ASCII, so UTF-8 is safe to cut there)
 * and JSON.parse reads them, all the complete items of a chunk in one call. The rest of the
 * body comes back from `end()` with the array left empty, for the caller to parse as usual.
 * This keeps a chunk in memory at a time instead of the body's bytes, its text and every
 * parsed row at once.
 *
 * Scanning every byte costs more than parsing, so between items the scanner first guesses: the
 * last `},{` of the chunk probably ends an object item, and everything from here to there is
 * handed to JSON.parse at once. A wrong guess cannot parse (a prefix that starts at an item's
 * first byte and parses as a list of whole values ends at an item's last byte), so a failure
 * only means scanning this chunk byte by byte as before.
 *
 * Malformed input is not diagnosed here: the skeleton (or an item) then fails JSON.parse.
 */
export class JsonArrayItems {
  private depth = 0;
  private inString = false;
  /** The previous chunk ended inside a string on an unpaired backslash. */
  private escaped = false;
  /** The last string closed at depth 1: the most recent key of the top-level object. */
  private key = '';
  private keyParts: Buffer[] | undefined;
  /** Where the key being read started in the current chunk (-1: none). */
  private keyFrom = -1;
  private awaitingArray = false;
  private inArray = false;
  /** The field was seen holding an array: without it, `end()` is the whole body and no item came. */
  private found = false;
  /** Bytes of an item begun in an earlier chunk. */
  private itemParts: Buffer[] = [];
  private skeleton: Buffer[] = [];
  // Positions in the current chunk (-1: none).
  private itemFrom = -1;
  private batchFrom = -1;
  private batchTo = -1;
  private skeletonFrom = 0;
  /** The guess failed once in this chunk: scan the rest of it. */
  private guessFailed = false;

  constructor(
    private readonly field: string,
    private readonly onItem: (item: unknown) => void,
  ) {}

  push(input: Uint8Array): void {
    const chunk = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    const n = chunk.length;
    this.skeletonFrom = 0;
    this.itemFrom = this.itemParts.length > 0 ? 0 : -1;
    this.guessFailed = false;
    let i = 0;
    while (i < n) {
      if (this.inString) {
        i = this.skipString(chunk, i);
        continue;
      }
      const b = chunk[i] as number;
      if (this.inArray && this.depth === 2 && this.itemFrom < 0 && !isSpace(b) && b !== COMMA && b !== CLOSE_ARRAY) this.itemFrom = i;
      switch (b) {
        case QUOTE:
          this.inString = true;
          if (this.depth === 1 && !this.inArray) this.keyParts = [];
          i++;
          this.keyStartAt(i);
          continue;
        case COLON:
          if (this.depth === 1) this.awaitingArray = this.key === this.field;
          break;
        case OPEN_OBJECT:
        case OPEN_ARRAY:
          this.depth++;
          if (b === OPEN_ARRAY && this.depth === 2 && this.awaitingArray) {
            // JSON.parse would keep the last of two, and its items would not be the ones streamed.
            if (this.found) throw new Error(`"${this.field}" appears more than once`);
            this.inArray = true;
            this.found = true;
            this.skeleton.push(Buffer.from(chunk.subarray(this.skeletonFrom, i + 1)));
            this.awaitingArray = false;
            i = this.parseAhead(chunk, i + 1);
            continue;
          }
          this.awaitingArray = false;
          break;
        case CLOSE_OBJECT:
        case CLOSE_ARRAY:
          if (this.inArray && this.depth === 2) {
            this.endItem(chunk, i);
            this.flushBatch(chunk);
            this.inArray = false;
            this.skeletonFrom = i;
          }
          this.depth--;
          break;
        case COMMA:
          if (this.inArray && this.depth === 2) {
            this.endItem(chunk, i);
            i = this.parseAhead(chunk, i + 1);
            continue;
          } else if (this.depth === 1) this.awaitingArray = false;
          break;
        default:
          if (this.depth === 1 && !isSpace(b)) this.awaitingArray = false;
      }
      i++;
    }
    this.flushBatch(chunk);
    // What continues into the next chunk is copied: the stream may reuse this one's memory.
    if (this.inArray) {
      if (this.itemFrom >= 0) this.itemParts.push(Buffer.from(chunk.subarray(this.itemFrom)));
    } else this.skeleton.push(Buffer.from(chunk.subarray(this.skeletonFrom)));
    if (this.keyParts && this.keyFrom >= 0) this.keyParts.push(Buffer.from(chunk.subarray(this.keyFrom)));
    this.keyFrom = this.keyParts ? 0 : -1;
  }

  /** Whether the top-level field held an array; a missing field, `null` or another type leaves it false. */
  get arrayFound(): boolean {
    return this.found;
  }

  /** The body without the array's items (`"obj":[]`), as text. */
  end(): string {
    return Buffer.concat(this.skeleton).toString('utf8');
  }

  private keyStartAt(at: number): void {
    this.keyFrom = this.keyParts ? at : -1;
  }

  /** From inside a string, the index after its closing quote (or the chunk's end). Uses indexOf: most bytes of JSON are in strings. */
  private skipString(chunk: Buffer, from: number): number {
    let i = from;
    if (this.escaped) {
      this.escaped = false;
      i++;
    }
    for (;;) {
      const quote = chunk.indexOf(QUOTE, i);
      const end = quote < 0 ? chunk.length : quote;
      let slashes = 0;
      for (let k = end - 1; k >= i && chunk[k] === BACKSLASH; k--) slashes++;
      if (quote < 0) {
        this.escaped = slashes % 2 === 1;
        return chunk.length;
      }
      if (slashes % 2 === 1) {
        i = quote + 1;
        continue;
      }
      this.inString = false;
      if (this.keyParts) {
        this.keyParts.push(chunk.subarray(this.keyFrom, quote));
        this.key = Buffer.concat(this.keyParts).toString('utf8');
        this.keyParts = undefined;
        this.keyFrom = -1;
      }
      return quote + 1;
    }
  }

  /** An item ends at `at` (its comma or the array's end). Items within one chunk are parsed together. */
  private endItem(chunk: Buffer, at: number): void {
    if (this.itemFrom < 0) return;
    if (this.itemParts.length > 0) {
      const bytes = Buffer.concat([...this.itemParts, chunk.subarray(0, at)]);
      this.itemParts = [];
      this.onItem(JSON.parse(bytes.toString('utf8')));
    } else {
      if (this.batchFrom < 0) this.batchFrom = this.itemFrom;
      this.batchTo = at;
    }
    this.itemFrom = -1;
  }

  /**
   * At `from`, between two items of the array: parses up to the chunk's last `},{` in one call
   * (with the batch pending from earlier in the chunk) and returns where scanning goes on, at
   * the comma after the last parsed item; or `from` if the guess does not hold.
   */
  private parseAhead(chunk: Buffer, from: number): number {
    if (this.guessFailed) return from;
    const end = chunk.lastIndexOf(BETWEEN_OBJECTS);
    if (end < from) return from;
    const start = this.batchFrom >= 0 ? this.batchFrom : from;
    let items: unknown[];
    try {
      items = JSON.parse(`[${chunk.toString('utf8', start, end + 1)}]`) as unknown[];
    } catch {
      this.guessFailed = true;
      return from;
    }
    this.batchFrom = -1;
    this.batchTo = -1;
    for (const item of items) this.onItem(item);
    return end + 1;
  }

  private flushBatch(chunk: Buffer): void {
    if (this.batchFrom < 0) return;
    const items = JSON.parse(`[${chunk.toString('utf8', this.batchFrom, this.batchTo)}]`) as unknown[];
    this.batchFrom = -1;
    this.batchTo = -1;
    for (const item of items) this.onItem(item);
  }
}
