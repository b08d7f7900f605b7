/**
 * The page's one script. In a window it runs the page; loaded again as a Web Worker (by the page,
 * from the same URL) it runs the worker that does all the coding.
 */
import { startPage } from './page.js';
import { startWorker } from './worker.js';

if (typeof document === 'undefined') {
  startWorker();
} else {
  const script = document.currentScript as HTMLScriptElement | null;
  const scriptUrl = script?.src ?? new URL('app.js', document.baseURI).href;
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => startPage(scriptUrl));
  else startPage(scriptUrl);
}
