import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ArcError, ErrorCode, type ErrorCodeName } from '../../src/errors.js';
import { fetchDataset } from '../../src/data/fetch.js';
import { encodeIdx } from '../../src/data/idx.js';
import type { RemoteDataset } from '../../src/data/registry.js';
import { loadSplit, resolveDataset } from '../../src/data/resolve.js';
import type { ProgressEvent } from '../../src/progress-callback.js';
import { seededBytes, temporaryDirectory } from './dataset-fixtures.js';

/** The four files of a tiny gzipped dataset (9×8 images), served by the test server. */
const served = new Map<string, Buffer>([
  ['train-images-idx3-ubyte.gz', gzipSync(encodeIdx([20, 9, 8], seededBytes(20 * 72, 1)))],
  ['train-labels-idx1-ubyte.gz', gzipSync(encodeIdx([20], seededBytes(20, 2, 10)))],
  ['t10k-images-idx3-ubyte.gz', gzipSync(encodeIdx([6, 9, 8], seededBytes(6 * 72, 3)))],
  ['t10k-labels-idx1-ubyte.gz', gzipSync(encodeIdx([6], seededBytes(6, 4, 10)))],
]);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function descriptor(overrides: Partial<Record<string, string | null>> = {}): RemoteDataset {
  return {
    name: 'toy-mnist',
    baseUrl: 'http://127.0.0.1:9/unused/',
    files: [...served].map(([fileName, bytes]) => ({
      fileName,
      sizeBytes: bytes.length,
      sha256: fileName in overrides ? overrides[fileName]! : sha256(bytes),
    })),
  };
}

/**
 * /good/<file>: the file. /drop/<file>: promises the whole file, sends half, closes the socket.
 * /stall/<file>: sends half and waits. Anything else: 404.
 */
const requests: string[] = [];
const server: Server = createServer((request, response) => {
  const url = request.url ?? '';
  requests.push(url);
  const [, mode, fileName] = url.split('/');
  const bytes = served.get(fileName ?? '');
  if (bytes === undefined || !['good', 'drop', 'stall'].includes(mode)) {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  response.writeHead(200, { 'content-length': bytes.length, 'content-type': 'application/octet-stream' });
  if (mode === 'good') {
    response.end(bytes);
  } else {
    response.write(bytes.subarray(0, bytes.length >> 1), () => {
      if (mode === 'drop') response.socket?.destroy();
    });
  }
});
let baseUrl = '';

test.before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
test.after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function expectFetchError(promise: Promise<unknown>, code: ErrorCodeName): Promise<string> {
  try {
    await promise;
  } catch (error) {
    assert.instance(error, ArcError);
    assert.is((error as ArcError).code, code, (error as Error).message);
    assert.ok(!(error as Error).message.includes('\n'), 'one line');
    return (error as Error).message;
  }
  assert.unreachable(`expected ${code}`);
  return '';
}

/** Names in `directory`, so that tests can check nothing half-written is left. */
const filesIn = (directory: string) => readdirSync(directory).sort();

test('a good download: four verified files that load as a dataset; progress reaches the total', async () => {
  const target = temporaryDirectory();
  try {
    const directory = join(target.path, 'toy-mnist');
    const events: ProgressEvent[] = [];
    const result = await fetchDataset(descriptor(), { directory, baseUrl: `${baseUrl}/good/`, onProgress: (event) => events.push(event) });
    assert.equal(result.files.map((file) => file.action), ['downloaded', 'downloaded', 'downloaded', 'downloaded']);
    assert.equal(filesIn(directory), [...served.keys()].sort());
    for (const [fileName, bytes] of served) assert.equal(readFileSync(join(directory, fileName)), bytes);
    const totalBytes = [...served.values()].reduce((sum, bytes) => sum + bytes.length, 0);
    assert.equal(events.at(-1), { done: totalBytes, total: totalBytes });
    const train = await loadSplit(resolveDataset(directory), 'train');
    assert.equal([train.count, train.height, train.width], [20, 9, 8]);

    // A second fetch finds the verified files and downloads nothing.
    requests.length = 0;
    const again = await fetchDataset(descriptor(), { directory, baseUrl: `${baseUrl}/good` });
    assert.equal(again.files.map((file) => file.action), ['present', 'present', 'present', 'present']);
    assert.equal(requests, []);

    // A damaged file is downloaded again and replaced.
    writeFileSync(join(directory, 't10k-labels-idx1-ubyte.gz'), 'damaged');
    const repaired = await fetchDataset(descriptor(), { directory, baseUrl: `${baseUrl}/good` });
    assert.equal(repaired.files.map((file) => file.action), ['present', 'present', 'present', 'downloaded']);
    assert.equal(readFileSync(join(directory, 't10k-labels-idx1-ubyte.gz')), served.get('t10k-labels-idx1-ubyte.gz'));
  } finally {
    target.remove();
  }
});

test('a wrong checksum keeps nothing of that file', async () => {
  const target = temporaryDirectory();
  try {
    const wrong = 'f'.repeat(64);
    const message = await expectFetchError(
      fetchDataset(descriptor({ 'train-labels-idx1-ubyte.gz': wrong }), { directory: target.path, baseUrl: `${baseUrl}/good/` }),
      ErrorCode.Checksum,
    );
    assert.ok(message.includes('train-labels-idx1-ubyte.gz') && message.includes(wrong), message);
    // The file before it is complete and verified, and stays; nothing else is there.
    assert.equal(filesIn(target.path), ['train-images-idx3-ubyte.gz']);
  } finally {
    target.remove();
  }
});

test('a connection dropped mid-file leaves no partial file', async () => {
  const target = temporaryDirectory();
  try {
    const message = await expectFetchError(fetchDataset(descriptor(), { directory: target.path, baseUrl: `${baseUrl}/drop/` }), ErrorCode.Network);
    assert.ok(message.includes('train-images-idx3-ubyte.gz'), message);
    assert.ok(message.includes(`of ${served.get('train-images-idx3-ubyte.gz')!.length} bytes`), message);
    assert.equal(filesIn(target.path), []);
  } finally {
    target.remove();
  }
});

test('HTTP 404 leaves no file and says so in one line', async () => {
  const target = temporaryDirectory();
  try {
    const message = await expectFetchError(fetchDataset(descriptor(), { directory: target.path, baseUrl: `${baseUrl}/missing/` }), ErrorCode.Network);
    assert.ok(message.includes('404') && message.includes('/missing/train-images-idx3-ubyte.gz'), message);
    assert.equal(filesIn(target.path), []);
  } finally {
    target.remove();
  }
});

test('cancelling mid-file removes the partial file', async () => {
  const target = temporaryDirectory();
  try {
    const cancel = new AbortController();
    const pending = fetchDataset(descriptor(), {
      directory: target.path,
      baseUrl: `${baseUrl}/stall/`,
      signal: cancel.signal,
      onProgress: () => cancel.abort(),
    });
    const message = await expectFetchError(pending, ErrorCode.Network);
    assert.ok(message.includes('cancelled'), message);
    assert.equal(filesIn(target.path), []);
  } finally {
    target.remove();
  }
});

test('a refused connection is a one-line network error', async () => {
  const target = temporaryDirectory();
  try {
    // A port that was free a moment ago: listen on port 0, note the port, close.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const message = await expectFetchError(fetchDataset(descriptor(), { directory: target.path, baseUrl: `http://127.0.0.1:${port}/` }), ErrorCode.Network);
    assert.ok(message.includes(`127.0.0.1:${port}`), message);
    assert.equal(filesIn(target.path), []);
  } finally {
    target.remove();
  }
});

test('a file without a recorded checksum is refused before anything is downloaded', async () => {
  const target = temporaryDirectory();
  try {
    requests.length = 0;
    const directory = join(target.path, 'never-created');
    const message = await expectFetchError(
      fetchDataset(descriptor({ 't10k-images-idx3-ubyte.gz': null }), { directory, baseUrl: `${baseUrl}/good/` }),
      ErrorCode.Checksum,
    );
    assert.ok(message.includes('t10k-images-idx3-ubyte.gz'), message);
    assert.equal(requests, []);
    assert.is(existsSync(directory), false);
  } finally {
    target.remove();
  }
});

test.run();
