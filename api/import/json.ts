import { JSONParser } from '@streamparser/json';
import { ImportFormatError } from './records.ts';

/** A value found at one of the asked paths of a streamed JSON document. */
export interface JsonValue {
  /** The top-level property it sits in: `children` for an element of `$.children.*`. */
  section: string;
  value: unknown;
}

/**
 * Streams the values at `paths` (`$.type`, `$.children.*`) of a JSON document with
 * @streamparser/json, dropping each one once handed on (keepStack: false), so an array of a
 * million items is never in memory whole. Invalid or truncated JSON stops with an ImportFormatError.
 *
 * @example for await (const { section, value } of jsonValues(chunks, ['$.children.*'])) …
 */
export async function* jsonValues(chunks: AsyncIterable<string>, paths: string[]): AsyncGenerator<JsonValue> {
  const parser = new JSONParser({ paths, keepStack: false });
  let queue: JsonValue[] = [];
  parser.onValue = ({ value, key, stack }) => {
    const section = stack.length > 1 ? stack[1]?.key : key;
    queue.push({ section: String(section), value });
  };
  const fail = (error: unknown): never => {
    throw new ImportFormatError(`the file is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  };
  for await (const chunk of chunks) {
    if (parser.isEnded) {
      if (chunk.trim()) fail(new Error('more data after the end of the document'));
      continue;
    }
    try {
      parser.write(chunk);
    } catch (error) {
      fail(error);
    }
    const ready = queue;
    queue = [];
    yield* ready;
  }
  if (!parser.isEnded) {
    try {
      parser.end();
    } catch (error) {
      fail(error);
    }
  }
  yield* queue;
}
