/**
 * The system Chromium (Debian's `chromium` package) driven by playwright-core, which never
 * downloads a browser of its own; and the page served the way `arcompress web` serves it.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { describeSiteModels } from '../../src/web/site-models.js';
import { createSiteServer, listen, siteRoutes } from '../../src/web/static-server.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions of the page, for the test to check. */
  errors: string[];
  close(): Promise<void>;
}

/** Starts headless Chromium with a fresh profile (--user-data-dir) and one page. */
export async function startBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH`);
  const profile = mkdtempSync(join(tmpdir(), 'arcompress-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1200, height: 920 }, acceptDownloads: true });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return {
    context,
    page,
    errors,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Serves `pageDirectory` with these models on 127.0.0.1 (a free port); resolves with its URL. */
export async function servePage(pageDirectory: string, modelDirectories: string[]): Promise<{ url: string; server: Server }> {
  const server = createSiteServer(await siteRoutes(pageDirectory, await describeSiteModels(modelDirectories)));
  const address = await listen(server, 0, '127.0.0.1');
  return { url: `http://127.0.0.1:${address.port}/`, server };
}
