/**
 * The models a page offers: each model directory gets a short URL name, and `models.json` lists
 * them for the page (what it is, where its two files are). `arcompress web` and `npm run build:web`
 * both describe their models here, so the served and the static page read the same list.
 */
import { basename } from 'node:path';
import { loadModel, MANIFEST_FILE, WEIGHTS_FILE } from '../model/store.js';
import type { PixelMode } from '../model/traversal.js';

export interface SiteModel {
  /** URL-safe, unique among the page's models: the directory's base name (e.g. mnist-gray). */
  name: string;
  directory: string;
  dataset: string;
  pixelMode: PixelMode;
  classLabels: number[];
  height: number;
  width: number;
  fingerprint: string;
}

/** What the page fetches as models.json. File paths are relative to the page. */
export interface SiteModelList {
  models: (Omit<SiteModel, 'directory'> & { manifest: string; weights: string })[];
}

function urlSafeName(directory: string): string {
  const name = basename(directory.replace(/[\\/]+$/, '')).replace(/[^A-Za-z0-9._-]/g, '-').replace(/^\.+/, '');
  return name === '' ? 'model' : name;
}

/** Loads and checks every model directory (a bad one fails here, before anything is served). */
export async function describeSiteModels(directories: readonly string[]): Promise<SiteModel[]> {
  const models: SiteModel[] = [];
  const taken = new Set<string>();
  for (const directory of directories) {
    const { manifest } = await loadModel(directory);
    let name = urlSafeName(directory);
    for (let n = 2; taken.has(name); n++) name = `${urlSafeName(directory)}-${n}`;
    taken.add(name);
    models.push({
      name,
      directory,
      dataset: manifest.dataset,
      pixelMode: manifest.pixelMode,
      classLabels: manifest.classLabels,
      height: manifest.height,
      width: manifest.width,
      fingerprint: manifest.fingerprint,
    });
  }
  return models;
}

/** The page's path of a model file. */
export function modelFilePath(model: Pick<SiteModel, 'name'>, file: typeof MANIFEST_FILE | typeof WEIGHTS_FILE): string {
  return `models/${model.name}/${file}`;
}

export function siteModelList(models: readonly SiteModel[]): SiteModelList {
  return {
    models: models.map(({ directory: _directory, ...model }) => ({
      ...model,
      manifest: modelFilePath(model, MANIFEST_FILE),
      weights: modelFilePath(model, WEIGHTS_FILE),
    })),
  };
}
