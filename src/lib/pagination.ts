import { listPath } from '../../api/core/urls.ts';

/** One page of the post list, with the paths of its neighbours. */
export interface ListPage<T> {
  number: number;
  last: number;
  items: T[];
  prevPath: string | null;
  nextPath: string | null;
}

/**
 * Splits a list into pages; page 1 is the home page, so an empty list still has one page.
 *
 * @example paginate(posts, 20).slice(1) // the pages under /page/n/
 */
export function paginate<T>(items: T[], size: number): ListPage<T>[] {
  const last = Math.max(1, Math.ceil(items.length / size));
  return Array.from({ length: last }, (_, index) => {
    const number = index + 1;
    return {
      number,
      last,
      items: items.slice(index * size, number * size),
      prevPath: number > 1 ? listPath(number - 1) : null,
      nextPath: number < last ? listPath(number + 1) : null,
    };
  });
}
