/**
 * Concurrent comment writers for the reliability tests: each posts comments (some answering other
 * writers' acknowledged comments) and records exactly what it sent and what the server said.
 * Bounded by a count and a deadline.
 */

export interface SentComment {
  token: string;
  name: string;
  body: string;
  parent: number | null;
  /** The stored id when the answer was 2xx; null when the request failed or was refused. */
  id: number | null;
  status: number;
}

export interface WriterOptions {
  /** API origins (http://127.0.0.1:PORT), used in turn. */
  bases: string[];
  slug: string;
  writers: number;
  total: number;
  deadlineMs: number;
  /** Share of comments that answer an earlier acknowledged comment. */
  replyShare?: number;
  /** Stop a writer after this many failed requests in a row (a killed server). */
  giveUpAfter?: number;
  onAcknowledged?: (count: number) => void;
}

let runs = 0;

export async function runWriters(options: WriterOptions): Promise<SentComment[]> {
  runs += 1;
  const run = runs;
  const sent: SentComment[] = [];
  const acknowledged: number[] = [];
  const deadline = Date.now() + options.deadlineMs;
  let issued = 0;

  const writer = async (index: number) => {
    let failuresInARow = 0;
    while (issued < options.total && Date.now() < deadline) {
      issued += 1;
      const n = issued;
      const parent =
        acknowledged.length && (n * 7919) % 100 < (options.replyShare ?? 0.4) * 100 ? acknowledged[(n * 31) % acknowledged.length]! : null;
      const token = `t${process.pid}r${run}x${n}`;
      const record: SentComment = {
        token,
        name: `Writer ${index}`,
        body: `Comment ${token} from writer ${index}: *still* here.`,
        parent,
        id: null,
        status: 0,
      };
      sent.push(record);
      try {
        const response = await fetch(`${options.bases[n % options.bases.length]}/api/posts/${options.slug}/comments`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ name: record.name, body: record.body, ...(parent === null ? {} : { parent }) }),
          signal: AbortSignal.timeout(15_000),
        });
        record.status = response.status;
        const answer = (await response.json()) as { id?: number };
        if (response.ok && typeof answer.id === 'number') {
          record.id = answer.id;
          acknowledged.push(answer.id);
          options.onAcknowledged?.(acknowledged.length);
        }
        failuresInARow = 0;
      } catch {
        failuresInARow += 1;
        if (failuresInARow >= (options.giveUpAfter ?? Number.POSITIVE_INFINITY)) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  };
  await Promise.all(Array.from({ length: options.writers }, (_, index) => writer(index)));
  return sent;
}

/** Full size under `npm run bench -- --soak`, bounded in `npm test`. */
export function size(bounded: number, soak: number): number {
  return process.env.PARLEY_SOAK === '1' ? soak : bounded;
}
