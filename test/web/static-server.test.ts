/**
 * The server behind `arcompress web`: it serves the page's own files and the models, and nothing
 * else, however the path is spelled (dot segments, percent-encoded, double-encoded, backslashes);
 * the command binds 127.0.0.1 by default and reports a bad model in one line.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeSiteModels } from '../../src/web/site-models.js';
import { createSiteServer, listen, siteRoutes } from '../../src/web/static-server.js';
import { isOneLine, runCli } from '../helpers/cli.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MODEL = join(ROOT, 'models', 'mnist-binary');
const work = mkdtempSync(join(tmpdir(), 'arcompress-web-server-'));
const page = join(work, 'site', 'page');
mkdirSync(join(page, 'nested'), { recursive: true });
writeFileSync(join(page, 'index.html'), '<!doctype html><title>page</title>');
writeFileSync(join(page, 'app.js'), 'console.log(1)');
writeFileSync(join(page, 'nested', 'inner.txt'), 'not served: only top-level files are');
writeFileSync(join(work, 'site', 'secret.txt'), 'secret');

let server: Server;
let port = 0;

/** A raw GET (the path goes out exactly as given, unlike fetch, which normalises dot segments). */
function get(path: string, method = 'GET'): Promise<{ status: number; body: Buffer; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks), headers: response.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

test.before(async () => {
  server = createSiteServer(await siteRoutes(page, await describeSiteModels([MODEL])));
  port = (await listen(server, 0, '127.0.0.1')).port;
});
test.after(() => {
  server.close();
  rmSync(work, { recursive: true, force: true });
});

test('serves the page, models.json and the model files', async () => {
  const index = await get('/');
  assert.is(index.status, 200);
  assert.match(String(index.headers['content-type']), /text\/html/);
  assert.match(String(index.headers['content-security-policy']), /default-src 'self'/);
  assert.is(index.body.toString(), readFileSync(join(page, 'index.html'), 'utf8'));
  assert.is((await get('/app.js?v=2')).status, 200, 'a query string is ignored');
  const list = JSON.parse((await get('/models.json')).body.toString());
  assert.equal(list.models.map((model: { name: string; pixelMode: string }) => [model.name, model.pixelMode]), [['mnist-binary', 'binary']]);
  const weights = await get(`/${list.models[0].weights}`);
  assert.is(weights.status, 200);
  assert.ok(weights.body.equals(readFileSync(join(MODEL, 'weights.bin'))));
  assert.is((await get('/app.js', 'HEAD')).status, 200);
});

test('nothing outside the page: every spelling of a path out of it is a 404', async () => {
  const attempts = [
    '/../package.json', '/%2e%2e/package.json', '/%2E%2E/package.json', '/..%2fpackage.json', '/..%2Fpackage.json', '/%2e%2e%2fpackage.json',
    '/%252e%252e/package.json', '/.%2e/package.json', '/..\\package.json', '/..%5cpackage.json', '/../secret.txt', '/%2e%2e/secret.txt',
    '/models/../../package.json', '/models/mnist-binary/../../../package.json', '/models/mnist-binary/%2e%2e/%2e%2e/package.json',
    '/index.html/../../package.json', '//package.json', '/nested/inner.txt', '/nested', '/models/mnist-binary/', '/models/mnist-binary/weights.bin%00',
    '/app.js%00.html', '/package.json', '/README.md', '/../../../../etc/passwd', 'http://127.0.0.1/../package.json', '*',
  ];
  for (const path of attempts) {
    const answer = await get(path);
    assert.is(answer.status, 404, `${path} answered ${answer.status}`);
    assert.is(answer.body.toString(), 'not found\n', path);
  }
  assert.is((await get('/', 'POST')).status, 405);
  assert.is((await get('/', 'PUT')).status, 405);
});

test('arcompress web binds 127.0.0.1, serves the page and stops on a signal', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'index.ts'), 'web', '--port', '0', '--page', page, '--model', MODEL], { cwd: ROOT });
  try {
    const line = await new Promise<string>((resolve, reject) => {
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes('\n')) resolve(text.split('\n')[0]);
      });
      child.on('exit', (code) => reject(new Error(`arcompress web exited (${code}) before serving`)));
    });
    const match = /^serving the arcompress page at http:\/\/127\.0\.0\.1:(\d+)\/ \(mnist-binary\)/.exec(line);
    assert.ok(match, line);
    const served = Number(match![1]);
    const previous = port;
    port = served;
    assert.is((await get('/')).status, 200);
    assert.is((await get('/%2e%2e/package.json')).status, 404);
    port = previous;
  } finally {
    child.kill('SIGTERM');
  }
});

test('arcompress web: a bad model directory or a missing page is one line and a non-zero exit', () => {
  const badModel = runCli(['web', '--port', '0', '--page', page, '--model', join(work, 'no-such-model')]);
  assert.is.not(badModel.status, 0);
  assert.ok(isOneLine(badModel.stderr), badModel.stderr);
  assert.match(badModel.stderr, /has no manifest\.json/);
  const noPage = runCli(['web', '--port', '0', '--page', join(work, 'no-page'), '--model', MODEL]);
  assert.is.not(noPage.status, 0);
  assert.ok(isOneLine(noPage.stderr), noPage.stderr);
  assert.match(noPage.stderr, /npm run build:web/);
});

test.run();
