/** `arcompress web`: serves the browser page (web/dist, built by `npm run build:web`) and its models on localhost. */
import type { Command } from 'commander';
import { join, resolve } from 'node:path';
import { PIXEL_MODES } from '../../model/traversal.js';
import { bundledModelDirectory, packageRoot } from '../../paths.js';
import { describeSiteModels } from '../../web/site-models.js';
import { createSiteServer, listen, siteRoutes } from '../../web/static-server.js';
import { integerIn } from '../options.js';
import { printLine } from '../output.js';
import { action } from '../run.js';

interface WebFlags {
  port: number;
  host: string;
  model?: string[];
  page?: string;
}

const DEFAULT_PORT = 8321;

export function registerWeb(program: Command): void {
  program
    .command('web')
    .description('serve the browser page (draw a digit, see every class model\'s code length) on localhost; all coding runs in the browser')
    .option('--port <n>', 'TCP port (0: any free port)', integerIn(0, 65535), DEFAULT_PORT)
    .option('--host <address>', 'address to bind; other machines can reach the page only if this is not a loopback address', '127.0.0.1')
    .option('--page <dir>', 'the built page to serve (default: web/dist of this package, made by npm run build:web)')
    .option('--model <dir>', 'a model directory to offer (repeat for several; default: the bundled binary and gray MNIST models)', (value: string, previous: string[] = []) => [...previous, value])
    .action(
      action(async (flags: WebFlags) => {
        const directories = (flags.model ?? PIXEL_MODES.map((mode) => bundledModelDirectory('mnist', mode))).map((directory) => resolve(directory));
        const models = await describeSiteModels(directories);
        const routes = await siteRoutes(resolve(flags.page ?? join(packageRoot(), 'web', 'dist')), models);
        const server = createSiteServer(routes);
        const address = await listen(server, flags.port, flags.host);
        const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
        printLine(`serving the arcompress page at http://${host}:${address.port}/ (${models.map((model) => model.name).join(', ')}); Ctrl-C stops it`);
      }),
    );
}
