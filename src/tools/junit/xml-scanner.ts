/**
 * A streaming XML tokenizer for reports printed into a log: fed one line at a time, it reports elements
 * opening and closing and the text between them, and keeps nothing but an unfinished tag (a tag whose
 * attributes run over several lines), at most MAX_TAG characters. It is forgiving rather than
 * validating: a log may interleave other output, and what cannot be read is skipped, never thrown.
 * Each line is scanned once with indexOf: linear on a line of any length.
 */
export interface XmlHandler {
  open(name: string, attrs: Readonly<Record<string, string>>, selfClosing: boolean, line: number): void;
  close(name: string, line: number): void;
  /** Text between tags or a CDATA section, entities decoded; a long text arrives in several pieces. */
  text(text: string, line: number): void;
}

const MAX_TAG = 64 * 1024;
const ENTITY = /&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|lt|gt|amp|quot|apos);/g;
const NAMED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(ENTITY, (_, e: string) => {
    if (e.charCodeAt(0) !== 35 /* # */) return NAMED[e]!;
    const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1));
    return code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}

type Mode = 'text' | 'tag' | 'cdata' | 'comment' | 'declaration';

export class XmlScanner {
  private mode: Mode = 'text';
  /** The tag read so far while `mode` is 'tag' and the tag goes on past the line. */
  private tag = '';
  private quote = 0;

  constructor(private readonly handler: XmlHandler) {}

  /** Scans one line of the log (its newline included, as text inside an element keeps it). */
  line(text: string, no: number): void {
    const s = `${text}\n`;
    let i = 0;
    while (i < s.length) {
      switch (this.mode) {
        case 'text':
          i = this.textFrom(s, i, no);
          break;
        case 'tag':
          i = this.tagFrom(s, i, no);
          break;
        case 'cdata':
          i = this.until(s, i, ']]>', no, true);
          break;
        case 'comment':
          i = this.until(s, i, '-->', no, false);
          break;
        case 'declaration':
          i = this.until(s, i, '>', no, false);
          break;
      }
    }
  }

  private textFrom(s: string, i: number, no: number): number {
    const lt = s.indexOf('<', i);
    const end = lt === -1 ? s.length : lt;
    if (end > i) this.handler.text(decodeEntities(s.slice(i, end)), no);
    if (lt === -1) return s.length;
    if (s.startsWith('<![CDATA[', lt)) {
      this.mode = 'cdata';
      return lt + 9;
    }
    if (s.startsWith('<!--', lt)) {
      this.mode = 'comment';
      return lt + 4;
    }
    if (s.charCodeAt(lt + 1) === 63 /* ? */ || s.charCodeAt(lt + 1) === 33 /* ! */) {
      this.mode = 'declaration';
      return lt + 2;
    }
    this.mode = 'tag';
    this.tag = '';
    this.quote = 0;
    return lt + 1;
  }

  /** Reads a tag up to its `>` (one inside a quoted attribute value does not end it). */
  private tagFrom(s: string, i: number, no: number): number {
    let j = i;
    for (; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (this.quote) {
        if (c === this.quote) this.quote = 0;
      } else if (c === 34 || c === 39) this.quote = c;
      else if (c === 62 /* > */) break;
    }
    this.tag += s.slice(i, j);
    if (j === s.length) {
      // A tag this long is no report's: drop it and read on as text.
      if (this.tag.length > MAX_TAG) this.mode = 'text';
      return j;
    }
    this.mode = 'text';
    this.emitTag(this.tag, no);
    this.tag = '';
    return j + 1;
  }

  private emitTag(tag: string, no: number): void {
    if (tag.charCodeAt(0) === 47 /* / */) {
      this.handler.close(tag.slice(1).trim(), no);
      return;
    }
    const selfClosing = tag.endsWith('/');
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const space = body.search(/\s/);
    const name = space === -1 ? body : body.slice(0, space);
    if (!name) return;
    this.handler.open(name, space === -1 ? {} : attributes(body.slice(space)), selfClosing, no);
  }

  /** Skips (or, for CDATA, hands over as text) what comes before `end`. */
  private until(s: string, i: number, end: string, no: number, isText: boolean): number {
    const at = s.indexOf(end, i);
    const stop = at === -1 ? s.length : at;
    if (isText && stop > i) this.handler.text(s.slice(i, stop), no);
    if (at === -1) return s.length;
    this.mode = 'text';
    return at + end.length;
  }
}

const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);

/** `name="value"` pairs, by indexOf from one `=` to the next (a regex could backtrack on junk). */
function attributes(s: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (let k = 0; ;) {
    const eq = s.indexOf('=', k);
    if (eq === -1) break;
    let e = eq;
    while (e > k && isSpace(s.charCodeAt(e - 1))) e--;
    let b = e;
    while (b > k && !isSpace(s.charCodeAt(b - 1))) b--;
    let v = eq + 1;
    while (v < s.length && isSpace(s.charCodeAt(v))) v++;
    const q = s.charCodeAt(v);
    if (q !== 34 && q !== 39) {
      k = eq + 1;
      continue;
    }
    const close = s.indexOf(q === 34 ? '"' : "'", v + 1);
    if (close === -1) break;
    if (e > b) attrs[s.slice(b, e)] = decodeEntities(s.slice(v + 1, close));
    k = close + 1;
  }
  return attrs;
}
