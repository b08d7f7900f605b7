"""The "MNIST by zip" reference method, in Python, for bench/zip-classify.ts to time ours against.

One zlib stream per compressor (a class, or a chunk of a class's training images) is primed with
its training bytes; for each test image the primed stream is copied (compressobj.copy()), fed the
image and finished, and Δ is that size minus the size of the primed stream finished without the
image. This is the notebook's method; no state is shared between pairs, so it runs on one core.

Usage: python3 bench/zip-reference.py LEVEL WBITS IMAGE_BYTES TRAIN CHUNKS TEST OUT
  TRAIN   the compressors' training bytes, one compressor after another
  CHUNKS  a text file with the number of training images of each compressor, one per line
  TEST    the test images, IMAGE_BYTES each
  OUT     where the Δs go: int32 little-endian, compressor-major ([compressor][image])
Prints one line of JSON: zlib version, seconds spent priming and scoring, compressors, pairs.
"""
import json
import sys
import time
import zlib
from array import array


def main() -> None:
    level, wbits, image_bytes = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    with open(sys.argv[4], 'rb') as f:
        train = f.read()
    with open(sys.argv[5]) as f:
        chunk_images = [int(line) for line in f if line.strip()]
    with open(sys.argv[6], 'rb') as f:
        test = f.read()
    images = [test[i:i + image_bytes] for i in range(0, len(test), image_bytes)]
    deltas = array('i')
    start = time.perf_counter()
    offset = 0
    for count in chunk_images:
        compressor = zlib.compressobj(level, zlib.DEFLATED, wbits)
        compressor.compress(train[offset:offset + count * image_bytes])
        offset += count * image_bytes
        base = len(compressor.copy().flush())
        for image in images:
            copy = compressor.copy()
            deltas.append(len(copy.compress(image)) + len(copy.flush()) - base)
    seconds = time.perf_counter() - start
    if sys.byteorder != 'little':
        deltas.byteswap()
    with open(sys.argv[7], 'wb') as f:
        deltas.tofile(f)
    print(json.dumps({'zlibVersion': zlib.ZLIB_RUNTIME_VERSION, 'seconds': seconds, 'compressors': len(chunk_images), 'pairs': len(deltas)}))


if __name__ == '__main__':
    main()
