import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Api } from './api';
import { searchMembers, type MemberHit } from './operations';

const nameOf = (hit: MemberHit) =>
  [hit.firstName, hit.lastName].filter(Boolean).join(' ') || `Member ${hit.id}`;

/**
 * One box for email, phone, name, member id or `channel:id`; results as you type (after a short
 * pause, and only the latest answer counts), arrow keys move through them, Enter opens one.
 */
function MemberSearch({ api, open }: { api: Api; open: (id: string) => void }) {
  const [text, setText] = useState('');
  const [hits, setHits] = useState<MemberHit[]>([]);
  const [active, setActive] = useState(0);
  const [status, setStatus] = useState('');
  const latest = useRef(0);

  useEffect(() => {
    const query = text.trim();
    if (!/^\d$/.test(query) && query.length < 2) {
      setHits([]);
      setStatus('');
      return;
    }
    const ticket = ++latest.current;
    const timer = setTimeout(() => {
      searchMembers(api, query).then(
        (found) => {
          if (ticket !== latest.current) return;
          setHits(found);
          setActive(0);
          setStatus(
            found.length ? `${found.length} member${found.length > 1 ? 's' : ''} found` : 'No member found',
          );
        },
        (error: Error) => ticket === latest.current && setStatus(error.message),
      );
    }, 200);
    return () => clearTimeout(timer);
  }, [text]);

  const choose = (hit: MemberHit | undefined) => {
    if (!hit) return;
    open(hit.id);
    setHits([]);
  };
  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown') setActive((i) => Math.min(i + 1, hits.length - 1));
    else if (event.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
    else if (event.key === 'Enter') choose(hits[active]);
    else if (event.key === 'Escape') setHits([]);
    else return;
    event.preventDefault();
  };

  return (
    <div class="member-search">
      <label for="member-search-input">Find a member</label>
      <input
        id="member-search-input"
        type="search"
        autocomplete="off"
        placeholder="email, phone, name, member id or shopify:123"
        role="combobox"
        list={undefined}
        aria-expanded={hits.length > 0}
        aria-controls="member-search-results"
        aria-activedescendant={hits[active] ? `member-hit-${hits[active].id}` : undefined}
        value={text}
        onInput={(event) => setText((event.target as HTMLInputElement).value)}
        onKeyDown={onKey}
      />
      <p class="search-status" role="status">
        {status}
      </p>
      <ul id="member-search-results" role="listbox" aria-label="Members found">
        {hits.map((hit, index) => (
          <li
            key={hit.id}
            id={`member-hit-${hit.id}`}
            role="option"
            aria-selected={index === active}
            class={index === active ? 'hit active' : 'hit'}
            data-member={hit.id}
            onClick={() => choose(hit)}
          >
            <strong>{nameOf(hit)}</strong> <span>#{hit.id}</span>
            <small>
              {[
                hit.email,
                hit.phone,
                ...hit.channelIdentities.map((i) => `${i.channel}:${i.externalId ?? '–'}`),
              ]
                .filter(Boolean)
                .join(' · ')}
              {hit.status !== 'ACTIVE' ? ` · ${hit.status}` : ''}
            </small>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function mountMemberSearch(host: HTMLElement, api: Api, open: (id: string) => void): void {
  render(<MemberSearch api={api} open={open} />, host);
}
