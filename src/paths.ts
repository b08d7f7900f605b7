/** Where the package's own files are, from compiled (dist/) or source (src/) code alike. */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The package root (the folder holding package.json, models/, data/). */
export function packageRoot(): string {
  return fileURLToPath(new URL('../', import.meta.url));
}

/** The bundled model directory for a dataset and pixel mode, e.g. models/mnist-binary. */
export function bundledModelDirectory(dataset: string, pixelMode: string): string {
  return join(packageRoot(), 'models', `${dataset}-${pixelMode}`);
}
