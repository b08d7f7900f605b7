/** The global `Buffer` that container.ts uses for hex strings, from the `buffer` package (injected by esbuild). */
export { Buffer } from 'buffer';
