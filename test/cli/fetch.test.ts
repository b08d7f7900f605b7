/**
 * `arcompress fetch` through the real CLI, against a local server. The CLI uses the real registry,
 * whose checksums no test file can match, so this checks the failure paths end to end; the good
 * download is covered with an injected registry in test/data/fetch.test.ts.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isOneLine } from '../helpers/cli.js';
import { temporaryDirectory } from '../data/dataset-fixtures.js';

const ENTRY = fileURLToPath(new URL('../../src/cli/index.ts', import.meta.url));

/** Like runCli, but asynchronous, so that the server in this process can answer meanwhile. */
function runCliAsync(args: string[], env: Record<string, string> = {}): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, ...args], { env: { ...process.env, FORCE_COLOR: '0', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status: status ?? -1, stdout, stderr });
    });
  });
}

/** /garbage/<file>: 1000 bytes that match no checksum. Anything else: 404. */
const server = createServer((request, response) => {
  if (request.url?.startsWith('/garbage/')) response.writeHead(200, { 'content-length': 1000 }).end(Buffer.alloc(1000, 7));
  else response.writeHead(404).end();
});
let baseUrl = '';
const target = temporaryDirectory('arcompress-fetch-cli-');

test.before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
test.after(async () => {
  target.remove();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

test('a checksum mismatch (mirror from the environment) exits non-zero with one line and leaves nothing', async () => {
  const directory = join(target.path, 'checksum');
  const result = await runCliAsync(['fetch', 'fashion-mnist', '--dir', directory], { ARCOMPRESS_FETCH_BASE_URL: `${baseUrl}/garbage/` });
  assert.ok(result.status !== 0);
  assert.ok(isOneLine(result.stderr), result.stderr);
  assert.match(result.stderr, /SHA-256 mismatch/);
  assert.match(result.stderr, /train-images-idx3-ubyte\.gz/);
  assert.equal(readdirSync(directory), []);
});

test('a 404 (mirror from --base-url) exits non-zero with one line and leaves nothing', async () => {
  const directory = join(target.path, 'missing');
  const result = await runCliAsync(['fetch', 'kmnist', '--dir', directory, '--base-url', `${baseUrl}/nothing-here`, '--json']);
  assert.ok(result.status !== 0);
  assert.ok(isOneLine(result.stderr), result.stderr);
  assert.match(result.stderr, /HTTP 404/);
  assert.is(result.stdout, '');
  assert.equal(readdirSync(directory), []);
});

test('unknown names and bad URLs are refused in one line before any download', async () => {
  const unknown = await runCliAsync(['fetch', 'cifar10', '--dir', join(target.path, 'unknown')]);
  assert.ok(unknown.status !== 0);
  assert.ok(isOneLine(unknown.stderr), unknown.stderr);
  assert.match(unknown.stderr, /fashion-mnist, kmnist/);
  assert.is(existsSync(join(target.path, 'unknown')), false);
  const badUrl = await runCliAsync(['fetch', 'kmnist', '--dir', join(target.path, 'bad-url'), '--base-url', 'ftp://example.org/']);
  assert.ok(badUrl.status !== 0);
  assert.ok(isOneLine(badUrl.stderr), badUrl.stderr);
  assert.match(badUrl.stderr, /--base-url/);
});

test.run();
