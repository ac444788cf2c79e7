import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Where browser specs keep their screenshots (gitignored; the lead copies a few into docs/). */
export const SCREENSHOTS = path.join(__dirname, '..', '..', 'test-output', 'console');

export interface TestBrowser {
  context: BrowserContext;
  /** The first tab, opened with the context. */
  page: Page;
  /** Closes the browser and removes its profile. */
  close(): Promise<void>;
}

/**
 * Debian's Chromium (/usr/bin/chromium), headless, driven by playwright-core (no browser download),
 * with a new, empty profile per launch (playwright passes it as --user-data-dir) and nothing that
 * calls home, so the specs run the same offline on CI.
 */
export async function launchBrowser(
  options: { viewport?: { width: number; height: number }; locale?: string; timezoneId?: string } = {},
): Promise<TestBrowser> {
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'test-chromium-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: options.viewport ?? { width: 1400, height: 1000 },
    locale: options.locale,
    timezoneId: options.timezoneId,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    context,
    page: context.pages()[0] ?? (await context.newPage()),
    async close() {
      await context.close();
      fs.rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

/** The server's origin as the browser reaches it (127.0.0.1: no IPv6 localhost surprises). */
export function originOf(graphqlUrl: string): string {
  return graphqlUrl.replace('/graphql', '').replace('localhost', '127.0.0.1');
}
