/**
 * The bundled models (the package's `models/` folder: the current `mnist-binary` and `mnist-gray`,
 * and the models earlier versions bundled, kept as `mnist-<mode>-<fingerprint prefix>` so their
 * files still decode), found by fingerprint: a compact (version 3 or 4) .arc file names its model only
 * by the first bytes of its fingerprint, so decode looks for the bundled model whose manifest
 * fingerprint starts with them and has the file's pixel mode. Directories are tried in name order.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../paths.js';
import { MANIFEST_FILE } from './store.js';

/** The directory of the bundled model whose fingerprint starts with `prefix` (hex), or null. */
export function findBundledModel(prefix: string, pixelMode: string, modelsDirectory = join(packageRoot(), 'models')): string | null {
  let entries: string[];
  try {
    entries = readdirSync(modelsDirectory).sort();
  } catch {
    return null;
  }
  for (const entry of entries) {
    const directory = join(modelsDirectory, entry);
    try {
      const manifest = JSON.parse(readFileSync(join(directory, MANIFEST_FILE), 'utf8')) as { fingerprint?: unknown; pixelMode?: unknown };
      if (typeof manifest.fingerprint === 'string' && manifest.fingerprint.startsWith(prefix) && manifest.pixelMode === pixelMode) return directory;
    } catch {
      // Not a model directory (or an unreadable one): not a candidate.
    }
  }
  return null;
}
