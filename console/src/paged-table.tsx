import type { ComponentChild } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Page } from './member-operations';

export type Column<T> = [title: string, cell: (row: T) => ComponentChild];

/**
 * A table over a cursor connection: the first page, then "Load more" from the last cursor until the
 * server says there is no next page. `version` changes (a filter, a live event, an action) reload
 * the first page; an answer that arrives after a newer load started is dropped.
 */
export function PagedTable<T>(props: {
  load: (after: string | null) => Promise<Page<T>>;
  columns: Column<T>[];
  version: unknown;
  caption: string;
  rowKey: (row: T) => string;
}) {
  const { load, columns, version, caption, rowKey } = props;
  const [rows, setRows] = useState<T[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [state, setState] = useState<'loading' | 'ready' | string>('loading');
  const ticket = useRef(0);

  const fetchPage = async (after: string | null) => {
    const mine = ++ticket.current;
    try {
      const page = await load(after);
      if (mine !== ticket.current) return;
      setRows((shown) => (after ? [...shown, ...page.nodes] : page.nodes));
      setNext(page.hasNextPage ? page.endCursor : null);
      setState('ready');
    } catch (error) {
      if (mine === ticket.current) setState((error as Error).message);
    }
  };
  useEffect(() => {
    void fetchPage(null);
  }, [version]);

  if (state === 'loading') return <p class="empty">Loading…</p>;
  if (state !== 'ready') return <p class="error">{state}</p>;
  if (rows.length === 0) return <p class="empty">None</p>;
  return (
    <div class="paged">
      <div class="table-scroll">
        <table>
          <caption class="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              {columns.map(([title]) => (
                <th key={title} scope="col">
                  {title}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={rowKey(row)}>
                {columns.map(([title, cell]) => (
                  <td key={title}>{cell(row)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {next && (
        <button type="button" class="load-more" onClick={() => void fetchPage(next)}>
          Load more {caption.toLowerCase()}
        </button>
      )}
    </div>
  );
}
