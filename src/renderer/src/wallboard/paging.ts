/**
 * How the board splits incidents into pages: the first page leads with the most urgent incident
 * at double size (it takes four slots), later pages hold a full grid.
 */
export const GRID_SLOTS = 12;
export const HERO_SLOTS = 4;
export const PAGE_SECONDS = 20;

export function paginate<T>(items: readonly T[]): T[][] {
  if (items.length === 0) return [[]];
  const first = GRID_SLOTS - HERO_SLOTS + 1;
  const pages: T[][] = [items.slice(0, first)];
  for (let i = first; i < items.length; i += GRID_SLOTS) pages.push(items.slice(i, i + GRID_SLOTS));
  return pages;
}
