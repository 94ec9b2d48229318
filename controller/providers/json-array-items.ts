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
 * Reads a JSON object whose one top-level field holds a very large array (3x-ui answers
 * `{"success":…,"obj":[…100,000 clients…]}`) chunk by chunk, handing each array item to
 * `onItem` as soon as its last byte arrives. Only framing happens here: the scanner finds
 * where each item starts and ends (structural characters are ASCII, so UTF-8 is safe to cut
 * there) and JSON.parse reads the item. The rest of the body comes back from `end()` with
 * the array left empty, for the caller to parse as usual. This keeps one item in memory at a
 * time instead of the body's bytes, its text and every parsed row at once.
 *
 * Malformed input is not diagnosed here: the skeleton (or an item) then fails JSON.parse.
 */
export class JsonArrayItems {
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** The last string closed at depth 1, i.e. the most recent key of the top-level object. */
  private key = '';
  private keyStart = -1;
  private keyParts: Buffer[] = [];
  private awaitingArray = false;
  private inArray = false;
  private itemParts: Buffer[] = [];
  private skeleton: Buffer[] = [];
  private skeletonFrom = 0;
  private itemFrom = -1;

  constructor(
    private readonly field: string,
    private readonly onItem: (item: unknown) => void,
  ) {}

  push(input: Uint8Array): void {
    const chunk = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    this.skeletonFrom = 0;
    this.itemFrom = this.itemParts.length > 0 ? 0 : -1;
    if (this.keyStart >= 0) this.keyStart = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i] as number;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (b === BACKSLASH) this.escaped = true;
        else if (b === QUOTE) {
          this.inString = false;
          if (this.depth === 1 && !this.inArray && this.keyStart >= 0) {
            this.keyParts.push(chunk.subarray(this.keyStart, i));
            this.key = Buffer.concat(this.keyParts).toString('utf8');
            this.keyParts = [];
            this.keyStart = -1;
          }
        }
        continue;
      }
      if (this.inArray && this.depth === 2 && this.itemFrom < 0 && !isSpace(b) && b !== COMMA && b !== CLOSE_ARRAY) this.itemFrom = i;
      switch (b) {
        case QUOTE:
          this.inString = true;
          if (this.depth === 1 && !this.inArray) {
            this.keyStart = i + 1;
            this.keyParts = [];
          }
          break;
        case COLON:
          if (this.depth === 1) this.awaitingArray = this.key === this.field;
          break;
        case OPEN_OBJECT:
        case OPEN_ARRAY:
          this.depth++;
          if (b === OPEN_ARRAY && this.depth === 2 && this.awaitingArray) {
            this.inArray = true;
            this.skeleton.push(chunk.subarray(this.skeletonFrom, i + 1));
          }
          this.awaitingArray = false;
          break;
        case CLOSE_OBJECT:
        case CLOSE_ARRAY:
          if (this.inArray && this.depth === 2) {
            this.endItem(chunk, i);
            this.inArray = false;
            this.skeletonFrom = i;
          }
          this.depth--;
          break;
        case COMMA:
          if (this.inArray && this.depth === 2) this.endItem(chunk, i);
          else if (this.depth === 1) this.awaitingArray = false;
          break;
        default:
          if (this.depth === 1 && !isSpace(b)) this.awaitingArray = false;
      }
    }
    if (this.inString && this.keyStart >= 0) this.keyParts.push(Buffer.from(chunk.subarray(this.keyStart)));
    // Bytes are copied out of the chunk only for a partial item or skeleton: the chunk is reused by the stream.
    if (this.inArray) {
      if (this.itemFrom >= 0) this.itemParts.push(Buffer.from(chunk.subarray(this.itemFrom)));
    } else this.skeleton.push(Buffer.from(chunk.subarray(this.skeletonFrom)));
  }

  /** The body without the array's items (`"obj":[]`), as text. */
  end(): string {
    return Buffer.concat(this.skeleton).toString('utf8');
  }

  private endItem(chunk: Buffer, at: number): void {
    if (this.itemFrom < 0) return;
    const tail = chunk.subarray(this.itemFrom, at);
    const bytes = this.itemParts.length > 0 ? Buffer.concat([...this.itemParts, tail]) : tail;
    this.itemParts = [];
    this.itemFrom = -1;
    this.onItem(JSON.parse(bytes.toString('utf8')));
  }
}
