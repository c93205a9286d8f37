/** Feeds import fixtures to the readers in small chunks, so every element boundary is crossed mid-chunk. */
import { readFileSync } from 'node:fs';
import type { ImportEvent, ImportItem } from '../../api/import/records.ts';

export function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/import/${name}`, import.meta.url), 'utf8');
}

export async function* chunked(text: string, size = 97): AsyncGenerator<string> {
  for (let start = 0; start < text.length; start += size) yield text.slice(start, start + size);
}

export async function collect(events: AsyncIterable<ImportEvent>): Promise<ImportEvent[]> {
  const all: ImportEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

export function items(events: ImportEvent[]): ImportItem[] {
  return events.filter((event): event is ImportItem => event.type === 'item');
}

export function skips(events: ImportEvent[]): string[] {
  return events.flatMap((event) => (event.type === 'skip' ? [event.reason] : []));
}
