// Streams an upload's bytes into numbered lines (JSON Lines) or rows (CSV), never holding the whole file.
import { Readable } from 'node:stream';
import type { CsvError } from 'csv-parse';
import type { FieldIssue } from '../errors.js';
import { once } from '../once.js';
import { rowToObject } from '../records/csv.js';
import type { RecordKind } from '../records/kinds.js';
import type { UploadFormat } from './key.js';

export const MAX_LINE_BYTES = 1024 * 1024;

/** One line: its parsed value (with its text, for JSON Lines), or the reason it could not be read. */
export type UploadLine =
  | { line: number; value: unknown; text?: string }
  | { line: number; error: FieldIssue; text?: string };

const SNIPPET = 2000;

/** The object is not a batch at all: its receipt says why and holds no lines. */
export class NotABatchError extends Error {
  override readonly name = 'NotABatchError';
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** Refuses what is plainly not UTF-8 text, and drops a UTF-8 byte-order mark. */
async function* checkedText(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  let first = true;
  for await (const chunk of chunks) {
    let buffer = Buffer.from(chunk);
    if (first && buffer.length > 0) {
      first = false;
      if ((buffer[0] === 0xff && buffer[1] === 0xfe) || (buffer[0] === 0xfe && buffer[1] === 0xff)) {
        throw new NotABatchError('the file is UTF-16 text; upload it as UTF-8');
      }
      if (UTF8_BOM.every((byte, i) => buffer[i] === byte)) buffer = buffer.subarray(3);
      if (buffer.subarray(0, 8192).includes(0)) throw new NotABatchError('the file is binary, not UTF-8 text');
    }
    yield buffer;
  }
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function parseJsonLine(bytes: Buffer, line: number): UploadLine | undefined {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return { line, error: { field: '(line)', message: 'is not valid UTF-8 text' } };
  }
  if (text.endsWith('\r')) text = text.slice(0, -1);
  if (text.trim() === '') return undefined;
  try {
    return { line, value: JSON.parse(text) as unknown, text };
  } catch (error) {
    const detail = error instanceof SyntaxError ? `: ${error.message.slice(0, 120)}` : '';
    return { line, error: { field: '(line)', message: `is not valid JSON${detail}` }, text: text.slice(0, SNIPPET) };
  }
}

/** The lines that end in each chunk, together: one step of the iteration per chunk, not per line. */
async function* jsonLines(chunks: AsyncIterable<Buffer>): AsyncGenerator<UploadLine[]> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let line = 0;
  let tooLong = false;
  for await (const chunk of chunks) {
    const lines: UploadLine[] = [];
    let start = 0;
    for (let newline = chunk.indexOf(0x0a, start); newline !== -1; newline = chunk.indexOf(0x0a, start)) {
      line++;
      const piece = chunk.subarray(start, newline);
      start = newline + 1;
      if (tooLong || pendingBytes + piece.length > MAX_LINE_BYTES) {
        lines.push({ line, error: { field: '(line)', message: `is longer than ${MAX_LINE_BYTES} bytes` } });
      } else {
        const parsed = parseJsonLine(pending.length > 0 ? Buffer.concat([...pending, piece]) : piece, line);
        if (parsed) lines.push(parsed);
      }
      pending = [];
      pendingBytes = 0;
      tooLong = false;
    }
    const rest = chunk.subarray(start);
    if (rest.length > 0 && !tooLong) {
      if (pendingBytes + rest.length > MAX_LINE_BYTES) {
        tooLong = true;
        pending = [];
        pendingBytes = 0;
      } else {
        pending.push(Buffer.from(rest));
        pendingBytes += rest.length;
      }
    }
    if (lines.length > 0) yield lines;
  }
  if (tooLong) {
    yield [{ line: line + 1, error: { field: '(line)', message: `is longer than ${MAX_LINE_BYTES} bytes` } }];
  } else if (pendingBytes > 0) {
    const parsed = parseJsonLine(Buffer.concat(pending), line + 1);
    if (parsed) yield [parsed];
  }
}

const OVERLONG_MARK = Buffer.from('(over the line limit)');
const NEWLINE = Buffer.from('\n');

/**
 * Cuts every line longer than MAX_LINE_BYTES short, noting its number, before the CSV parser sees it: the parser
 * reads nothing more after a record over its own size limit, which would lose the lines after it without a word.
 */
async function* cappedLines(chunks: AsyncIterable<Buffer>, overlong: Set<number>): AsyncGenerator<Buffer> {
  let line = 1;
  let length = 0;
  let dropping = false;
  for await (const chunk of chunks) {
    const out: Buffer[] = [];
    for (let start = 0; ; ) {
      const newline = chunk.indexOf(0x0a, start);
      const piece = chunk.subarray(start, newline === -1 ? chunk.length : newline);
      if (!dropping && length + piece.length > MAX_LINE_BYTES) {
        dropping = true;
        overlong.add(line);
        out.push(OVERLONG_MARK);
      } else if (!dropping) {
        out.push(piece);
        length += piece.length;
      }
      if (newline === -1) break;
      out.push(NEWLINE);
      line++;
      length = 0;
      dropping = false;
      start = newline + 1;
    }
    yield Buffer.concat(out);
  }
}

/** The CSV parser loads with the first CSV upload: the field app and the CLI's JSON Lines never need it. */
const loadCsvLibrary = once(() => import('./csv-library.js'));

/**
 * The module the ingest's bundle leaves out and loads on first use, by the specifier it is imported with: built as a
 * file of its own beside the bundle by the CDK bundling and by `npm run bench` (as the jobs' chart libraries are).
 */
export const CSV_MODULES = {
  './csv-library.js': 'functions/domain/uploads/csv-library.ts',
} as const;

async function* csvRows(kind: RecordKind, chunks: AsyncIterable<Buffer>): AsyncGenerator<UploadLine> {
  const { parse } = await loadCsvLibrary();
  const skipped: UploadLine[] = [];
  const overlong = new Set<number>();
  const tooLong = (line: number): UploadLine => ({
    line,
    error: { field: '(row)', message: `is longer than ${MAX_LINE_BYTES} bytes` },
  });
  const parser = parse({
    columns: (header: string[]) =>
      header.map((name) => {
        const column = name.trim();
        // an object cannot hold a member of this name as data: the column would vanish without a word
        if (column === '__proto__') throw new NotABatchError('the header names a column "__proto__", not a field');
        return column;
      }),
    skip_empty_lines: true,
    skip_records_with_error: true,
    // a quote inside an unquoted cell is taken as it is: strict quoting stumbles on every quote of a line such as
    // JSON, and each stumble costs the length of the line (a 100 KB line took 80 s); validation still judges the cell
    relax_quotes: true,
    max_record_size: MAX_LINE_BYTES,
    info: true,
  });
  // one verdict per line: the parser may stumble several times on one broken line, and says so each time
  let lastVerdict = 0;
  parser.on('skip', (error: CsvError & { lines?: number }) => {
    const line = error.lines ?? 0;
    if (line <= lastVerdict) return;
    lastVerdict = line;
    if (overlong.has(line)) {
      skipped.push(tooLong(line));
      return;
    }
    skipped.push({
      line,
      error: { field: '(row)', message: error.message.replace(/^Invalid Record Length: /, '') },
    });
  });
  const source = Readable.from(cappedLines(chunks, overlong));
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);
  let lastLine = 1;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      while (skipped.length > 0) yield skipped.shift() as UploadLine;
      const firstLine = lastVerdict + 1;
      lastLine = info.lines;
      lastVerdict = Math.max(lastVerdict, info.lines);
      if ([...overlong].some((line) => line >= firstLine && line <= info.lines)) {
        yield tooLong(info.lines);
        continue;
      }
      if (Object.values(record).some((cell) => cell.includes('\uFFFD'))) {
        yield { line: info.lines, error: { field: '(row)', message: 'holds bytes that are not valid UTF-8' } };
        continue;
      }
      yield { line: info.lines, value: rowToObject(kind, record) };
    }
  } catch (error) {
    if (error instanceof NotABatchError) throw error;
    while (skipped.length > 0) yield skipped.shift() as UploadLine;
    const message = error instanceof Error ? error.message : String(error);
    yield {
      line: lastLine + 1,
      error: { field: '(file)', message: `could not be read from this line on: ${message.slice(0, 200)}` },
    };
    return;
  }
  while (skipped.length > 0) yield skipped.shift() as UploadLine;
}

async function* oneByOne<T>(items: AsyncIterable<T>): AsyncGenerator<T[]> {
  for await (const item of items) yield [item];
}

/** The upload as numbered lines, in order and a few at a time, each a parsed value or the reason it could not be read. */
export function readUpload(
  format: UploadFormat,
  kind: RecordKind,
  chunks: AsyncIterable<Uint8Array>,
): AsyncGenerator<UploadLine[]> {
  const text = checkedText(chunks);
  return format === 'jsonl' ? jsonLines(text) : oneByOne(csvRows(kind, text));
}
