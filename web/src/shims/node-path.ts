/** `node:path` for the browser bundle: only what messages need (names joined with '/'). */
export function join(...parts: string[]): string {
  return parts.filter((part) => part !== '').join('/').replace(/\/+/g, '/');
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function resolve(...parts: string[]): string {
  return join(...parts);
}

export default { join, basename, resolve };
