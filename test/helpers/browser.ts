// Browser test helpers: Debian's Chromium through playwright-core (no downloaded browser), screenshots, and a redirect URI listener.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const BROWSER_SKIP = fs.existsSync(CHROMIUM_PATH)
  ? false
  : `browser tests skipped: ${CHROMIUM_PATH} is missing (install Debian's chromium package; .ci/run does)`;

export const SCREENSHOT_DIR = path.resolve('test-output/screenshots');

/** Headless Chromium with a fresh temporary profile (playwright's launch makes and removes one), offline from the world. */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Saves a full-page screenshot as test-output/screenshots/<name>.png (test output, not committed). */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

export interface RedirectListener {
  /** The redirect URI to register: http://127.0.0.1:<port>/callback. */
  uri: string;
  /** The query strings of the requests received, in order. */
  received: URLSearchParams[];
  close(): Promise<void>;
}

/** A client's redirect URI on 127.0.0.1 that records what the browser brings and answers a small page. */
export async function startRedirectListener(): Promise<RedirectListener> {
  const received: URLSearchParams[] = [];
  const server = http.createServer((request, response) => {
    received.push(new URL(request.url!, 'http://127.0.0.1').searchParams);
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Callback</title><h1>Callback received</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    uri: `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
