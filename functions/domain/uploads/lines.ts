// Streams an upload's bytes into numbered lines (JSON Lines) or rows (CSV), never holding the whole file.
import { Readable } from 'node:stream';
import { type CsvError, parse } from 'csv-parse';
import type { FieldIssue } from '../errors.js';
import { rowToObject } from '../records/csv.js';
import type { RecordKind } from '../records/schemas.js';
import type { UploadFormat } from './key.js';

export const MAX_LINE_BYTES = 1024 * 1024;

export type UploadLine = { line: number; value: unknown } | { line: number; error: FieldIssue; text?: string };

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
    return { line, value: JSON.parse(text) as unknown };
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

async function* csvRows(kind: RecordKind, chunks: AsyncIterable<Buffer>): AsyncGenerator<UploadLine> {
  const skipped: UploadLine[] = [];
  const parser = parse({
    columns: (header: string[]) => header.map((name) => name.trim()),
    skip_empty_lines: true,
    skip_records_with_error: true,
    max_record_size: MAX_LINE_BYTES,
    info: true,
  });
  parser.on('skip', (error: CsvError & { lines?: number }) => {
    skipped.push({
      line: error.lines ?? 0,
      error: { field: '(row)', message: error.message.replace(/^Invalid Record Length: /, '') },
    });
  });
  const source = Readable.from(chunks);
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);
  let lastLine = 1;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      while (skipped.length > 0) yield skipped.shift() as UploadLine;
      lastLine = info.lines;
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
