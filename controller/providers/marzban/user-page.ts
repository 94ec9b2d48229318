import { fieldOf, malformed, type ListSource } from '../list-answer.ts';
import { describe } from '../response-body.ts';

/**
 * Checks one page of `GET /api/users` (`{users, total}`, marzban.md §6) against itself: the
 * streamed `users` array was there, `total` is a count, and the page holds exactly as many
 * users as the total and its offset say. A page that disagrees would read as users that are
 * gone, and panelops would create them again (issue 13 point 4). `firstTotal` is the total
 * of the first page: one that moved means users came or went between pages, and an offset
 * then skips or repeats rows.
 */
export function checkUserPage(source: ListSource, body: unknown, items: unknown[] | undefined, page: { offset: number; limit: number; firstTotal?: number }): number {
  const users = fieldOf(body, { ...source, field: 'users' });
  if (!items || !Array.isArray(users) || users.length > 0) throw malformed({ ...source, field: 'users' }, `the answer holds ${describe(items ? body : users)} where the list of users should be`);
  const total = fieldOf(body, { ...source, field: 'total' });
  if (typeof total !== 'number' || !Number.isInteger(total) || total < 0) throw malformed({ ...source, field: 'total' }, `the answer holds ${describe(total)} where the number of users should be`);
  if (page.firstTotal !== undefined && total !== page.firstTotal) {
    throw malformed(source, `the total moved from ${page.firstTotal} to ${total} while the pages were read (users created or deleted meanwhile); the next run reads again`);
  }
  const expected = Math.max(0, Math.min(page.limit, total - page.offset));
  if (items.length !== expected) throw malformed(source, `the page at offset ${page.offset} holds ${items.length} users where a total of ${total} means ${expected}`);
  return total;
}

/**
 * The rows of pages read at offsets `pageSize` apart with one row more each: that row is the
 * first of the next page, so two pages that do not meet on the same user mean rows moved
 * between the reads, and the last page holding more than its total allows means the total
 * understates the list (a row past it would otherwise never be read and be created again).
 */
export function joinUserPages<T extends { key: string }>(source: ListSource, pages: readonly T[][], pageSize: number): T[] {
  const rows: T[] = [];
  pages.forEach((page, i) => {
    const next = pages[i + 1];
    const overflow = page[pageSize];
    if (next && overflow?.key !== next[0]?.key) throw malformed(source, `the pages at offsets ${i * pageSize} and ${(i + 1) * pageSize} do not meet (users created or deleted meanwhile); the next run reads again`);
    for (let k = 0; k < Math.min(page.length, pageSize); k++) rows.push(page[k] as T);
  });
  return rows;
}
