import { SaxesParser, type SaxesTagNS } from 'saxes';
import { ImportFormatError } from './records.ts';

/** One element boundary in a streamed XML document, reduced to what the format readers use. */
export interface XmlEvent {
  kind: 'open' | 'close';
  /** Local name, without a prefix: `comment` for `<wp:comment>`. */
  name: string;
  /** Namespace URI of the element. */
  ns: string;
  /** 1 for the root element. */
  depth: number;
  /** Attribute values by local name (`id` for `dsq:id`). */
  attributes: Record<string, string>;
  /** On close: the text and CDATA directly inside the element, when the reader asked for it. */
  text: string;
}

/**
 * Says, when an element opens, whether its text is wanted (most text, such as post bodies, never
 * is), from its local name, namespace and the local names of its ancestors, root first.
 */
export type WantsText = (name: string, ns: string, ancestors: readonly string[]) => boolean;

/**
 * Streams XML element events from text chunks with saxes (a conforming, namespace-aware parser),
 * holding only the text of the elements asked for, so a file is never in memory whole. Events
 * come in arrays, one per chunk: an await per element would cost more than parsing it. A
 * malformed document stops with an ImportFormatError naming the line and column.
 *
 * @example for await (const events of xmlEvents(chunks, (name) => name === 'title')) for (const event of events) …
 */
export async function* xmlEvents(chunks: AsyncIterable<string>, wantsText: WantsText): AsyncGenerator<XmlEvent[]> {
  const parser = new SaxesParser({ xmlns: true, position: true });
  let queue: XmlEvent[] = [];
  const stack: { attributes: Record<string, string>; text: string[] | null }[] = [];
  const names: string[] = [];
  const appendText = (text: string) => stack.at(-1)?.text?.push(text);
  parser.on('opentag', (tag: SaxesTagNS) => {
    const attributes: Record<string, string> = {};
    for (const attribute of Object.values(tag.attributes)) attributes[attribute.local] = attribute.value;
    const depth = stack.length + 1;
    stack.push({ attributes, text: wantsText(tag.local, tag.uri, names) ? [] : null });
    names.push(tag.local);
    queue.push({ kind: 'open', name: tag.local, ns: tag.uri, depth, attributes, text: '' });
  });
  parser.on('text', appendText);
  parser.on('cdata', appendText);
  parser.on('closetag', (tag: SaxesTagNS) => {
    const depth = stack.length;
    const open = stack.pop();
    names.pop();
    queue.push({
      kind: 'close',
      name: tag.local,
      ns: tag.uri,
      depth,
      attributes: open?.attributes ?? {},
      text: open?.text?.join('') ?? '',
    });
  });
  const feed = (chunk: string | null) => {
    try {
      if (chunk === null) parser.close();
      else parser.write(chunk);
    } catch (error) {
      throw new ImportFormatError(`the file is not well-formed XML: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  for await (const chunk of chunks) {
    feed(chunk);
    const ready = queue;
    queue = [];
    yield ready;
  }
  feed(null);
  yield queue;
}
