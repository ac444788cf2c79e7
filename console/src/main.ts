import './style.css';
import { Api } from './api';
import { Feed, type ActivityEvent } from './feed';
import { renderMember } from './member-360';
import { mountSignInOptions } from './sign-in-options';
import { mountMemberSearch } from './member-search';
import { mountDetractorQueue } from './detractor-queue';
import { mountProgrammeView } from './programme-view';
import { mountWebhooksAdmin } from './webhooks-admin';
import { finishSignIn, isCallback, keepFresh } from './oidc';
import { signInSettings } from './operations';

const $ = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector)!;
const TOKEN_KEY = 'loyalty-console-token';
const FILTER_KEY = 'loyalty-console-filters';

const listOf = (value: FormDataEntryValue | null) =>
  String(value ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);

function filterFrom(form: HTMLFormElement): Record<string, string[]> {
  const data = new FormData(form);
  const filter: Record<string, string[]> = {};
  for (const key of ['types', 'tiers', 'channels', 'storeIds', 'plugins', 'memberIds']) {
    const values = listOf(data.get(key));
    if (values.length > 0) filter[key] = values;
  }
  return filter;
}

/** The feed's filters survive a reload of the tab (sessionStorage, like the token). */
function saveFilters(form: HTMLFormElement): void {
  const values = Object.fromEntries([...new FormData(form)].map(([key, value]) => [key, String(value)]));
  sessionStorage.setItem(FILTER_KEY, JSON.stringify(values));
}

function restoreFilters(form: HTMLFormElement): void {
  const saved = JSON.parse(sessionStorage.getItem(FILTER_KEY) ?? '{}') as Record<string, string>;
  for (const [key, value] of Object.entries(saved)) {
    const input = form.elements.namedItem(key);
    if (input instanceof HTMLInputElement) input.value = value;
  }
}

/** Pause freezes the list for reading; events keep arriving into a buffer and appear on resume. */
function mountPauseButton(feed: Feed): void {
  const button = $<HTMLButtonElement>('#feed-pause');
  const buffered = $('#feed-buffered');
  feed.onBuffered = (waiting) => {
    buffered.textContent = feed.isPaused
      ? `Paused · ${waiting} new event${waiting === 1 ? '' : 's'} waiting`
      : '';
  };
  button.addEventListener('click', () => {
    if (feed.isPaused) feed.resume();
    else feed.pause();
    button.textContent = feed.isPaused ? 'Resume' : 'Pause';
    button.setAttribute('aria-pressed', String(feed.isPaused));
  });
}

/**
 * Support (feed, queue, member), Programme (KPIs) or, for admins, Webhooks; each view other than
 * Support mounts when first shown.
 */
function mountViewSwitch(api: Api, role: 'staff' | 'admin'): void {
  $('#views').hidden = false;
  $('#view-webhooks').hidden = role !== 'admin';
  const views = { support: '#workspace', programme: '#programme', webhooks: '#webhooks' } as const;
  const mount = {
    programme: () => mountProgrammeView($('#programme-view'), api),
    webhooks: () => mountWebhooksAdmin($('#webhooks-admin'), api),
  };
  const mounted = new Set<string>();
  for (const name of Object.keys(views) as (keyof typeof views)[]) {
    $(`#view-${name}`).addEventListener('click', () => {
      for (const [other, selector] of Object.entries(views)) {
        $(selector).hidden = other !== name;
        $(`#view-${other}`).setAttribute('aria-pressed', String(other === name));
      }
      if (name !== 'support' && !mounted.has(name)) {
        mounted.add(name);
        mount[name]();
      }
    });
  }
}

/** Signs in with a pasted staff token (checked with one query), then opens the feed. */
async function signIn(token: string): Promise<Api> {
  const api = new Api(token);
  const claims = claimsOf(token);
  await api.query('{ activity(first: 1) { edges { cursor } } }');
  sessionStorage.setItem(TOKEN_KEY, token);
  $('#sign-in').hidden = true;
  $('#workspace').hidden = false;
  mountViewSwitch(api, claims.role);
  const member = $('#member');
  const feed = new Feed(api, $('#feed'), $('#connection'), (id) => open(id));
  const subscribe = (listener: (event: ActivityEvent) => void) => {
    feed.listeners.push(listener);
    return () => {
      const at = feed.listeners.indexOf(listener);
      if (at >= 0) feed.listeners.splice(at, 1);
    };
  };
  const open = (id: string) => {
    $<HTMLInputElement>('#open-member input[name=memberId]').value = id;
    renderMember(member, { api, id, open, subscribe, role: claims.role, me: claims.sub });
  };
  mountMemberSearch($('#member-search'), api, open);
  mountDetractorQueue($('#detractor-queue'), {
    api,
    me: claims.sub,
    open,
    subscribe,
  });
  const filters = $<HTMLFormElement>('#filters');
  restoreFilters(filters);
  mountPauseButton(feed);
  await feed.start(filterFrom(filters));
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    saveFilters(filters);
    void feed.start(filterFrom(filters));
  });
  return api;
  $<HTMLFormElement>('#open-member').addEventListener('submit', (event) => {
    event.preventDefault();
    open(String(new FormData(event.target as HTMLFormElement).get('memberId') ?? '').trim());
  });
}

/**
 * Who the token says "you" are (the queue's holder, your audit entries) and your role (which actions
 * are offered). The server checks the token on every call; this only reads it.
 */
function claimsOf(token: string): { sub: string; role: 'staff' | 'admin' } {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(atob(payload)) as { sub?: unknown; role?: unknown };
    return { sub: String(claims.sub ?? ''), role: claims.role === 'admin' ? 'admin' : 'staff' };
  } catch {
    return { sub: '', role: 'staff' };
  }
}

mountSignInOptions($('#sign-in-options'), (token) =>
  signIn(token).then(
    () => undefined,
    (error: Error) => {
      $('#sign-in-error').textContent = error.message;
    },
  ),
);

$<HTMLFormElement>('#sign-in-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const token = $<HTMLTextAreaElement>('#token')
    .value.trim()
    .replace(/^Bearer\s+/i, '');
  signIn(token).catch((error: Error) => ($('#sign-in-error').textContent = error.message));
});

/** Back from the identity provider: exchange the code, sign in, and keep the token fresh. */
async function signInFromProvider(): Promise<void> {
  const { oidc } = await signInSettings();
  if (!oidc) throw new Error('Single sign-on is not configured on this server');
  const tokens = await finishSignIn(oidc);
  const api = await signIn(tokens.accessToken);
  keepFresh(
    oidc,
    tokens,
    (token) => {
      api.setToken(token);
      sessionStorage.setItem(TOKEN_KEY, token);
      $('#session').textContent = `Session renewed ${new Date().toLocaleTimeString()}`;
    },
    (reason) => {
      $('#session').textContent = `Signed out: ${reason}. Reload to sign in again.`;
    },
  );
}

const saved = sessionStorage.getItem(TOKEN_KEY);
if (isCallback()) {
  signInFromProvider().catch((error: Error) => ($('#sign-in-error').textContent = error.message));
} else if (saved) signIn(saved).catch(() => sessionStorage.removeItem(TOKEN_KEY));
