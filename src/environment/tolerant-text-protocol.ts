/**
 * A forgiving reader for tool blocks written by other harnesses' models (imports). Our own text mode keeps
 * the strict parser of text-protocol.ts: a model we drive is told the exact syntax and gets an error back
 * when it strays. A foreign transcript cannot be corrected any more, so here every block is read as far
 * as its intent is clear, each repair is named, and anything still unreadable is reported with its raw
 * text, never dropped.
 *
 * Tolerated: fields as pseudo-XML (`<to>…</to>`), unquoted and multi-line values, triple-quoted values,
 * a doubled opening tag, a block nested inside another, other wrappers around the tag (code fences,
 * `<tool_use name="x">` or a bare `</tool_use>` closing tag).
 */

/** One tool block of a foreign text, read. */
export interface TolerantToolCall {
  toolName: string;
  input: Record<string, unknown>;
  /** What had to be repaired to read it (empty for a block the strict parser would accept too). */
  repairs: string[];
  /** The block as written. */
  raw: string;
  /** Offset of the block in the text. */
  start: number;
}

/** A block that could not be read: kept with its raw text so a report (or a judge) can still see it. */
export interface MalformedToolBlock {
  /** The tool name when the opening tag was readable. */
  toolName: string | null;
  problem: string;
  raw: string;
  start: number;
}

export interface TolerantParseResult {
  calls: TolerantToolCall[];
  malformed: MalformedToolBlock[];
}

export interface TolerantParseOptions {
  /**
   * Field names each tool takes. With them, a line `name: …` only starts a new field when `name` is one of
   * them, so a multi-line unquoted body may contain lines like `Note: …`.
   */
  knownFields?: Readonly<Record<string, readonly string[]>>;
}

interface OpenTag {
  name: string;
  start: number;
  end: number;
  /** `<tool_use name="x">` rather than `<tool_use:x>`. */
  attribute: boolean;
}

interface CloseTag {
  /** Null for a bare `</tool_use>`. */
  name: string | null;
  start: number;
  end: number;
}

const OPEN = /<tool_use:([A-Za-z0-9_.-]+)\s*>|<tool_use\s+name\s*=\s*["']([A-Za-z0-9_.-]+)["']\s*>/g;
const CLOSE = /<\/tool_use(?::([A-Za-z0-9_.-]+))?\s*>/g;

function findTags(text: string): { opens: OpenTag[]; closes: CloseTag[] } {
  const opens: OpenTag[] = [];
  for (const m of text.matchAll(OPEN)) {
    opens.push({ name: m[1] ?? m[2] ?? '', start: m.index, end: m.index + m[0].length, attribute: m[2] !== undefined });
  }
  const closes: CloseTag[] = [];
  for (const m of text.matchAll(CLOSE)) closes.push({ name: m[1] ?? null, start: m.index, end: m.index + m[0].length });
  return { opens, closes };
}

interface Block {
  name: string;
  start: number;
  /** End of the whole block (after its closing tag), or the end of the text when unclosed. */
  end: number;
  bodyStart: number;
  bodyEnd: number;
  closed: boolean;
  repairs: string[];
  children: Block[];
}

/**
 * Pairs opening and closing tags like brackets. An opening tag of the same tool directly after another
 * one (only whitespace between) is a doubled tag, not a nested block.
 */
function buildBlocks(text: string): Block[] {
  const { opens, closes } = findTags(text);
  type Event = { kind: 'open'; tag: OpenTag } | { kind: 'close'; tag: CloseTag };
  const events: Event[] = [
    ...opens.map((tag): Event => ({ kind: 'open', tag })),
    ...closes.map((tag): Event => ({ kind: 'close', tag })),
  ].sort((a, b) => a.tag.start - b.tag.start);
  const roots: Block[] = [];
  const stack: Block[] = [];
  for (const event of events) {
    const top = stack[stack.length - 1];
    if (event.kind === 'open') {
      const tag = event.tag;
      if (top && top.name === tag.name && text.slice(top.bodyStart, tag.start).trim() === '') {
        top.bodyStart = tag.end;
        top.repairs.push('doubled opening tag');
        continue;
      }
      const block: Block = {
        name: tag.name,
        start: tag.start,
        end: text.length,
        bodyStart: tag.end,
        bodyEnd: text.length,
        closed: false,
        repairs: tag.attribute ? ['opening tag written as <tool_use name="…">'] : [],
        children: [],
      };
      if (top) {
        top.children.push(block);
        block.repairs.push(`nested inside a ${top.name} block`);
      } else {
        roots.push(block);
      }
      stack.push(block);
      continue;
    }
    const tag = event.tag;
    // A closing tag closes the innermost open block of its name (a bare one closes the innermost block).
    let index = -1;
    for (let i = stack.length - 1; i >= 0; i--) {
      if (tag.name === null || stack[i]?.name === tag.name) {
        index = i;
        break;
      }
    }
    if (index < 0) continue; // a stray closing tag (e.g. the second of a doubled pair) closes nothing
    const closing = stack[index];
    if (!closing) continue;
    // Blocks opened inside it and never closed end where it ends.
    for (const inner of stack.slice(index + 1)) {
      inner.bodyEnd = tag.start;
      inner.end = tag.start;
    }
    closing.bodyEnd = tag.start;
    closing.end = tag.end;
    closing.closed = true;
    if (tag.name === null) closing.repairs.push('closed by a bare </tool_use>');
    stack.length = index;
  }
  return roots;
}

/** Text of a block's body with its nested blocks cut out. */
function ownBody(text: string, block: Block): string {
  let body = '';
  let cursor = block.bodyStart;
  for (const child of block.children) {
    body += text.slice(cursor, child.start);
    cursor = Math.max(cursor, child.end);
  }
  body += text.slice(cursor, block.bodyEnd);
  return body;
}

const FENCE_LINE = /^[ \t]*(?:```|~~~)[A-Za-z0-9_-]*[ \t]*$/gm;
const XML_FIELD = /<([A-Za-z_][A-Za-z0-9_]*)>([\s\S]*?)<\/\1>/g;
const KEY_LINE = /^[ \t]*([A-Za-z_][A-Za-z0-9_]*)[ \t]*[:=][ \t]?/;

function scalar(value: string): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}

/** `<to>…</to>` fields; null when the body is not made of them. */
function parseXmlFields(body: string, repairs: string[]): Record<string, unknown> | null {
  const fields: Record<string, unknown> = {};
  let rest = body;
  let found = false;
  for (const m of body.matchAll(XML_FIELD)) {
    const key = m[1] ?? '';
    fields[key] = (m[2] ?? '').replace(/^\s*\n/, '').replace(/\n\s*$/, '').trim();
    rest = rest.replace(m[0], '');
    found = true;
  }
  if (!found) return null;
  if (rest.trim() !== '') throw new Error(`text outside the <field> tags: ${rest.trim().slice(0, 60)}`);
  repairs.push('fields written as pseudo-XML');
  return fields;
}

function parseJson(body: string): Record<string, unknown> | null {
  if (!body.startsWith('{')) return null;
  try {
    const value: unknown = JSON.parse(body);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // not JSON after all: read as fields
  }
  return null;
}

function unquote(value: string, repairs: string[]): string {
  const v = value.trim().replace(/,$/, '').trim();
  for (const q of ['"""', "'''"]) {
    if (v.startsWith(q) && v.endsWith(q) && v.length >= 6) {
      repairs.push('triple-quoted value');
      return v.slice(3, -3).replace(/^\n/, '').replace(/\n$/, '');
    }
  }
  if (v.length >= 2 && ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'")))) {
    return v.slice(1, -1).replace(/\\"/g, '"').replace(/\\n/g, '\n');
  }
  return v;
}

/**
 * `key: value` fields. A value runs until the next line that starts a field (a known field when the tool's
 * fields are known), so unquoted and multi-line values are read whole; a value opened with a quote
 * (triple or single) runs to its closing quote even across lines that look like fields.
 */
function parseKeyValues(body: string, known: readonly string[] | undefined, repairs: string[]): Record<string, unknown> {
  const lines = body.split('\n');
  const fields: Record<string, unknown> = {};
  const startsField = (line: string): string | null => {
    const m = KEY_LINE.exec(line);
    const key = m?.[1];
    if (!key) return null;
    if (known) return known.includes(key) ? key : null;
    return /^[a-z_][a-z0-9_]*$/.test(key) ? key : null;
  };
  let i = 0;
  let unquoted = false;
  let multiline = false;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (line.trim() === '') {
      i++;
      continue;
    }
    const key = startsField(line);
    if (key === null) throw new Error(`expected "name: value" on line ${i + 1}, got: ${line.trim().slice(0, 60)}`);
    const first = line.replace(KEY_LINE, '');
    const opener = first.trimStart().slice(0, 3);
    const quote = opener === '"""' || opener === "'''" ? opener : first.trimStart().startsWith('"') ? '"' : null;
    const collected = [first];
    let j = i + 1;
    if (quote !== null && !closesQuote(first.trimStart().slice(quote.length), quote)) {
      while (j < lines.length && !closesQuote(lines[j] ?? '', quote)) collected.push(lines[j++] ?? '');
      if (j >= lines.length) throw new Error(`the value of "${key}" has no closing quote`);
      collected.push(lines[j++] ?? '');
    } else if (quote === null) {
      while (j < lines.length && startsField(lines[j] ?? '') === null) collected.push(lines[j++] ?? '');
    }
    while (collected.length > 1 && (collected[collected.length - 1] ?? '').trim() === '') collected.pop();
    if (collected.length > 1) multiline = true;
    if (quote === null) unquoted = true;
    fields[key] = quote === null ? scalar(unquote(collected.join('\n'), repairs)) : unquote(collected.join('\n'), repairs);
    i = j;
  }
  if (unquoted) repairs.push('unquoted value');
  if (multiline && unquoted) repairs.push('multi-line unquoted value');
  return fields;
}

function closesQuote(line: string, quote: string): boolean {
  const trimmed = line.trimEnd().replace(/,$/, '').trimEnd();
  if (quote === '"') return /(?<!\\)"$/.test(trimmed);
  return trimmed.endsWith(quote);
}

function parseBody(body: string, known: readonly string[] | undefined, repairs: string[]): Record<string, unknown> {
  let cleaned = body;
  if (FENCE_LINE.test(cleaned)) {
    cleaned = cleaned.replace(FENCE_LINE, '');
    repairs.push('code fence inside the block');
  }
  FENCE_LINE.lastIndex = 0;
  cleaned = cleaned.trim();
  if (cleaned === '') return {};
  const json = parseJson(cleaned);
  if (json) return json;
  const xml = parseXmlFields(cleaned, repairs);
  if (xml) return xml;
  return parseKeyValues(cleaned, known, repairs);
}

function flatten(blocks: readonly Block[]): Block[] {
  return blocks.flatMap((b) => [b, ...flatten(b.children)]);
}

/**
 * Reads every tool block of a foreign model's text, in order of appearance. Never throws: a block that
 * cannot be read is returned in `malformed` with its raw text.
 */
export function parseToolBlocksTolerantly(text: string, options: TolerantParseOptions = {}): TolerantParseResult {
  const calls: TolerantToolCall[] = [];
  const malformed: MalformedToolBlock[] = [];
  for (const block of flatten(buildBlocks(text)).sort((a, b) => a.start - b.start)) {
    const raw = text.slice(block.start, block.end);
    if (!block.closed) {
      malformed.push({ toolName: block.name, problem: `the <tool_use:${block.name}> block is never closed`, raw, start: block.start });
      continue;
    }
    const repairs = [...block.repairs];
    try {
      const input = parseBody(ownBody(text, block), options.knownFields?.[block.name], repairs);
      calls.push({ toolName: block.name, input, repairs: [...new Set(repairs)], raw, start: block.start });
    } catch (error) {
      malformed.push({ toolName: block.name, problem: (error as Error).message, raw, start: block.start });
    }
  }
  // Text that looks like a tool block but whose opening tag cannot be read at all (e.g. `<tool_use email>`).
  for (const m of text.matchAll(/<tool_use(?![:\s]*name\s*=)(?!:[A-Za-z0-9_.-]+\s*>)[^>\n]*>/g)) {
    if (calls.some((c) => c.start === m.index) || malformed.some((b) => b.start === m.index)) continue;
    malformed.push({ toolName: null, problem: 'unreadable opening tag', raw: m[0], start: m.index });
  }
  malformed.sort((a, b) => a.start - b.start);
  return { calls, malformed };
}
