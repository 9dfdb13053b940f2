// A streaming reader for the JSON export's shape: one top-level object whose members are scalars or
// arrays of records. Text is pushed in chunks; each array element comes out as its own JSON value,
// with the line it starts on, so a restore never holds more than one record in memory and can say
// where a problem is. Malformed input is refused with the line and the reason.

export interface ScannedItem {
  /** Top-level key. */
  key: string;
  /** Index within the key's array; null for a member that is not an array, and for `arrayStart`. */
  index: number | null;
  /** Set on the item announcing that a member's array begins (so empty arrays are seen too). */
  arrayStart?: boolean;
  /** 1-based line the value starts on. */
  line: number;
  value: unknown;
}

export class JsonScanError extends Error {
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(`line ${line}: ${reason}`);
  }
}

type State = 'start' | 'key-or-end' | 'key-or-end-strict' | 'key' | 'colon' | 'value' | 'after-value' | 'elem-or-end' | 'elem-strict' | 'after-elem' | 'done';

const WS = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

export interface ScanOptions {
  /** Largest single value in characters (a record, or a top-level scalar). */
  maxValueChars?: number;
}

export class JsonExportScanner {
  private state: State = 'start';
  private line = 1;
  private key = '';
  private keyBuf = '';
  private keyEscape = false;
  private index = 0;
  private seenKeys = new Set<string>();
  // Capturing one value: depth of brackets inside it, string state, text so far, line it started on.
  private capturing = false;
  private capDepth = 0;
  private capInString = false;
  private capEscape = false;
  private capParts: string[] = [];
  private capLength = 0;
  private capLine = 0;
  private capIsArrayMember = false;
  private readonly max: number;

  constructor(opts: ScanOptions = {}) {
    this.max = opts.maxValueChars ?? 64 * 1024 * 1024;
  }

  /** Feeds a chunk; returns the values completed by it. */
  push(chunk: string): ScannedItem[] {
    const out: ScannedItem[] = [];
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      if (this.capturing) {
        i = this.capture(chunk, i, out);
        continue;
      }
      const c = chunk.charCodeAt(i);
      if (c === 10) this.line++;
      switch (this.state) {
        case 'start':
          if (WS(c)) break;
          if (c === 0xfeff && this.line === 1) break;
          if (c !== 123) this.fail(`expected "{" to start the export document, found ${show(chunk[i]!)}`);
          this.state = 'key-or-end';
          break;
        case 'key-or-end':
          if (WS(c)) break;
          if (c === 125) {
            this.state = 'done';
            break;
          }
          if (c !== 34) this.fail(`expected a member name in quotes, found ${show(chunk[i]!)}`);
          this.state = 'key';
          this.keyBuf = '';
          break;
        case 'key':
          if (this.keyEscape) {
            this.keyBuf += chunk[i];
            this.keyEscape = false;
          } else if (c === 92) {
            this.keyBuf += '\\';
            this.keyEscape = true;
          } else if (c === 34) {
            this.key = JSON.parse(`"${this.keyBuf}"`) as string;
            if (this.seenKeys.has(this.key)) this.fail(`member "${this.key}" appears twice`);
            this.seenKeys.add(this.key);
            this.state = 'colon';
          } else {
            if (c === 10 || this.keyBuf.length > 200) this.fail('malformed member name');
            this.keyBuf += chunk[i];
          }
          break;
        case 'colon':
          if (WS(c)) break;
          if (c !== 58) this.fail(`expected ":" after "${this.key}"`);
          this.state = 'value';
          break;
        case 'value':
          if (WS(c)) break;
          if (c === 91) {
            this.index = 0;
            this.state = 'elem-or-end';
            out.push({ key: this.key, index: null, line: this.line, value: undefined, arrayStart: true });
            break;
          }
          this.beginCapture(false);
          continue; // re-read this character inside the capture
        case 'after-value':
          if (WS(c)) break;
          if (c === 44) this.state = 'key-or-end-strict';
          else if (c === 125) this.state = 'done';
          else this.fail(`expected "," or "}" after the value of "${this.key}", found ${show(chunk[i]!)}`);
          break;
        case 'elem-or-end':
          if (WS(c)) break;
          if (c === 93) {
            this.state = 'after-value';
            break;
          }
          this.beginCapture(true);
          continue;
        case 'after-elem':
          if (WS(c)) break;
          if (c === 44) {
            this.index++;
            this.state = 'elem-strict';
          } else if (c === 93) this.state = 'after-value';
          else this.fail(`expected "," or "]" after ${this.key}[${this.index}], found ${show(chunk[i]!)}`);
          break;
        case 'done':
          if (!WS(c)) this.fail(`unexpected ${show(chunk[i]!)} after the end of the document`);
          break;
        default:
          // Strict states after a comma: a member or element must follow, not a closing bracket.
          if (WS(c)) break;
          if (this.state === 'key-or-end-strict') {
            if (c !== 34) this.fail(`expected a member name in quotes after ",", found ${show(chunk[i]!)}`);
            this.state = 'key';
            this.keyBuf = '';
          } else {
            if (c === 93) this.fail(`a "," before "]" in ${this.key} (trailing commas are not JSON)`);
            this.beginCapture(true);
            continue;
          }
      }
      i++;
    }
    return out;
  }

  /** Call at the end of input: refuses a truncated document. */
  end(): void {
    if (this.capturing) this.fail(`the file ends inside ${this.where()} (truncated?)`);
    if (this.state !== 'done') this.fail(this.state === 'start' ? 'the file is empty' : 'the file ends before the document does (truncated?)');
  }

  private where() {
    return this.capIsArrayMember ? `${this.key}[${this.index}]` : `"${this.key}"`;
  }

  private fail(reason: string): never {
    throw new JsonScanError(this.line, reason);
  }

  private beginCapture(arrayMember: boolean) {
    this.capturing = true;
    this.capIsArrayMember = arrayMember;
    this.capDepth = 0;
    this.capInString = false;
    this.capEscape = false;
    this.capParts = [];
    this.capLength = 0;
    this.capLine = this.line;
  }

  /**
   * Inside a string of the value being captured, from `i`: jumps to its closing quote (a quote after an even
   * run of backslashes) and returns its index, or returns the chunk's last index when the string goes on into
   * the next chunk (with `capEscape` set when the chunk ends inside an escape). Line breaks are not counted
   * here: one inside a string is not JSON, and the value is refused at the line it starts on.
   */
  private skipString(chunk: string, i: number): number {
    const n = chunk.length;
    if (this.capEscape) {
      this.capEscape = false;
      i++;
    }
    for (let from = i; ;) {
      const q = chunk.indexOf('"', from);
      if (q < 0) {
        let k = n - 1;
        while (k >= i && chunk.charCodeAt(k) === 92) k--;
        this.capEscape = (n - 1 - k) % 2 === 1;
        return n - 1;
      }
      let k = q - 1;
      while (k >= i && chunk.charCodeAt(k) === 92) k--;
      if ((q - 1 - k) % 2 === 0) {
        this.capInString = false;
        return q;
      }
      from = q + 1;
    }
  }

  /** Consumes characters of the value being captured; returns the next index to read. */
  private capture(chunk: string, from: number, out: ScannedItem[]): number {
    let i = from;
    const n = chunk.length;
    let complete = false;
    for (; i < n; i++) {
      const c = chunk.charCodeAt(i);
      if (c === 10) this.line++;
      if (this.capInString) {
        i = this.skipString(chunk, i);
        continue;
      }
      if (c === 34) this.capInString = true;
      else if (c === 123 || c === 91) this.capDepth++;
      else if (c === 125 || c === 93) {
        // At depth 0 the bracket closes the container around a scalar value: the value ended before it.
        if (this.capDepth === 0) {
          complete = true;
          break;
        }
        if (--this.capDepth === 0) {
          i++;
          complete = true;
          break;
        }
      } else if (c === 44 && this.capDepth === 0) {
        complete = true;
        break;
      }
    }
    const piece = chunk.slice(from, i);
    this.capParts.push(piece);
    this.capLength += piece.length;
    if (this.capLength > this.max) {
      this.line = this.capLine;
      this.fail(`${this.where()} is larger than ${this.max} characters`);
    }
    if (!complete) return i;
    const text = this.capParts.join('').trim();
    this.capturing = false;
    this.capParts = [];
    if (!text) this.fail(`a value is missing in ${this.where()}`);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      this.line = this.capLine;
      this.fail(
        `${this.where()} is not valid JSON (${(e as Error).message
          .replace(/\s*in JSON at position \d+.*$/s, '')
          .replace(/\s+/g, ' ')
          .slice(0, 200)})`,
      );
    }
    out.push({ key: this.key, index: this.capIsArrayMember ? this.index : null, line: this.capLine, value });
    this.state = this.capIsArrayMember ? 'after-elem' : 'after-value';
    return i;
  }
}

function show(ch: string): string {
  return JSON.stringify(ch);
}
