/**
 * The server behind `arcompress web`: static files only, nothing computed (the page does all the
 * coding in the browser). It answers from a fixed table of routes made at start: the top-level
 * files of the built page, `models.json`, and each model's two files. A request is looked up by its
 * exact path (the query string dropped, nothing decoded or normalised), so `/../package.json`,
 * `/%2e%2e/package.json` or any other spelling of a file outside the table is a 404.
 */
import { createServer, type Server } from 'node:http';
import { readdir, readFile, lstat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ArcError, ErrorCode, fail } from '../errors.js';
import { MANIFEST_FILE, WEIGHTS_FILE } from '../model/store.js';
import { modelFilePath, siteModelList, type SiteModel } from './site-models.js';

/** What one route serves: a file read on each request, or bytes made at start. */
export type Route = { file: string; type: string } | { body: Uint8Array; type: string };

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.bin': 'application/octet-stream',
  '.map': 'application/json',
};

function contentType(name: string): string {
  const dot = name.lastIndexOf('.');
  return CONTENT_TYPES[dot < 0 ? '' : name.slice(dot)] ?? 'application/octet-stream';
}

/** The page may load only its own files; WebAssembly compilation needs 'wasm-unsafe-eval'. */
const CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; img-src 'self' blob: data:; style-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

/** The route table: `pageDirectory`'s top-level files (index.html also at '/'), models.json, the models. */
export async function siteRoutes(pageDirectory: string, models: readonly SiteModel[]): Promise<Map<string, Route>> {
  let names: string[];
  try {
    names = await readdir(pageDirectory);
  } catch {
    fail(ErrorCode.NotFound, `the built page is missing (${pageDirectory}); run 'npm run build:web' first`);
  }
  const routes = new Map<string, Route>();
  for (const name of names) {
    const file = join(pageDirectory, name);
    // Regular files only (lstat: a link could point outside the page), and no dotfiles.
    if (name === 'models.json' || name.startsWith('.') || !(await lstat(file)).isFile()) continue;
    routes.set(`/${name}`, { file, type: contentType(name) });
  }
  const index = routes.get('/index.html');
  if (!index) fail(ErrorCode.NotFound, `${pageDirectory} has no index.html; run 'npm run build:web' first`);
  routes.set('/', index);
  routes.set('/models.json', { body: new TextEncoder().encode(JSON.stringify(siteModelList(models))), type: CONTENT_TYPES['.json'] });
  for (const model of models) {
    for (const file of [MANIFEST_FILE, WEIGHTS_FILE] as const) routes.set(`/${modelFilePath(model, file)}`, { file: join(model.directory, file), type: contentType(file) });
  }
  return routes;
}

/** An HTTP server answering GET and HEAD from `routes`; anything else is 404 or 405. */
export function createSiteServer(routes: ReadonlyMap<string, Route>): Server {
  return createServer((request, response) => {
    const headers = { 'x-content-type-options': 'nosniff', 'content-security-policy': CONTENT_SECURITY_POLICY, 'cache-control': 'no-cache', 'referrer-policy': 'no-referrer' };
    const finish = (status: number, type: string, body: Uint8Array | string) => {
      response.writeHead(status, { ...headers, 'content-type': type, 'content-length': typeof body === 'string' ? Buffer.byteLength(body) : body.length });
      response.end(request.method === 'HEAD' ? undefined : body);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('allow', 'GET, HEAD');
      finish(405, 'text/plain; charset=utf-8', 'method not allowed\n');
      return;
    }
    const url = request.url ?? '';
    const query = url.indexOf('?');
    const route = routes.get(query < 0 ? url : url.slice(0, query));
    if (!route) {
      finish(404, 'text/plain; charset=utf-8', 'not found\n');
      return;
    }
    if ('body' in route) {
      finish(200, route.type, route.body);
      return;
    }
    readFile(route.file).then(
      (bytes) => finish(200, route.type, bytes),
      () => finish(404, 'text/plain; charset=utf-8', 'not found\n'),
    );
  });
}

/** Starts `server` on host:port (port 0: any free port); resolves with the address it got. */
export function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' || error.code === 'EACCES' ? new ArcError(ErrorCode.BadArgument, `cannot listen on ${host}:${port} (${error.code}); choose another --port`) : error);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve(server.address() as AddressInfo);
    });
  });
}
