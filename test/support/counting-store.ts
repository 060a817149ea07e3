import type { Store } from '../../src/core/store-port.js';

/** One repository call: which, and how many rows it handed back (a list's length; 1 for one row; 0 for none). */
export interface RepoRead {
  call: string;
  rows: number;
}

const rowsOf = (result: unknown): number =>
  Array.isArray(result) ? result.length : result !== null && typeof result === 'object' ? 1 : 0;

function counting<T extends object>(name: string, repo: T, reads: RepoRead[]): T {
  return new Proxy(repo, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result = (value as (...a: unknown[]) => unknown).apply(target, args);
        reads.push({ call: `${name}.${String(prop)}`, rows: rowsOf(result) });
        return result;
      };
    },
  });
}

/**
 * The store, with every repository call and the rows it returned recorded in `reads`, inside transactions too: what
 * a piece of the core reads, counted rather than timed.
 */
export function countingStore(store: Store, reads: RepoRead[] = []): { store: Store; reads: RepoRead[] } {
  const wrapped = Object.fromEntries(
    Object.entries(store).map(([name, repo]) => [
      name,
      typeof repo === 'function' ? repo : counting(name, repo as object, reads),
    ]),
  ) as unknown as Store;
  wrapped.transaction = <T>(fn: (tx: Store) => T): T => store.transaction((tx) => fn(countingStore(tx, reads).store));
  return { store: wrapped, reads };
}
