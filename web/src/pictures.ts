/** What the page draws: gray images, the heat map, the bar chart of code lengths, the sample grid. */

/** Draws height·width gray values (0 black … 255 white; MNIST ink is 255) onto a canvas of that size. */
export function drawGray(canvas: HTMLCanvasElement, pixels: Uint8Array, height: number, width: number, left = 0, top = 0): void {
  const context = canvas.getContext('2d')!;
  const image = context.createImageData(width, height);
  for (let i = 0; i < height * width; i++) {
    image.data[4 * i] = image.data[4 * i + 1] = image.data[4 * i + 2] = pixels[i];
    image.data[4 * i + 3] = 255;
  }
  context.putImageData(image, left, top);
}

/** A dark-to-bright heat colour for t in [0, 1] (black, red, yellow, white). */
function heatColour(t: number): [number, number, number] {
  const v = Math.max(0, Math.min(1, t)) * 3;
  return [Math.min(1, v), Math.min(1, Math.max(0, v - 1)), Math.max(0, v - 2)].map((c) => Math.round(255 * c)) as [number, number, number];
}

/** Draws bits per pixel, scaled so the costliest pixel is white. Returns that maximum. */
export function drawHeat(canvas: HTMLCanvasElement, bits: Float64Array, height: number, width: number): number {
  let maximum = 0;
  for (const value of bits) maximum = Math.max(maximum, value);
  const context = canvas.getContext('2d')!;
  const image = context.createImageData(width, height);
  for (let i = 0; i < height * width; i++) {
    const [r, g, b] = heatColour(maximum > 0 ? Math.sqrt(bits[i] / maximum) : 0);
    image.data.set([r, g, b, 255], 4 * i);
  }
  context.putImageData(image, 0, 0);
  return maximum;
}

/** One bar per class: real code length in bits; the best class marked. Accessible as a list. */
export function renderBars(container: HTMLElement, labels: readonly number[], realBits: Float64Array, idealBits: Float64Array, bestClassIndex: number): void {
  let longest = 0;
  for (const value of realBits) if (Number.isFinite(value)) longest = Math.max(longest, value);
  const rows = labels.map((label, c) => {
    const row = document.createElement('div');
    row.className = c === bestClassIndex ? 'bar best' : 'bar';
    row.setAttribute('role', 'listitem');
    row.dataset.classLabel = String(label);
    row.dataset.realBits = String(realBits[c]);
    row.dataset.idealBits = String(idealBits[c]);
    row.setAttribute('aria-label', `class ${label}: ${realBits[c]} bits (ideal ${idealBits[c].toFixed(1)})${c === bestClassIndex ? ', shortest' : ''}`);
    const name = document.createElement('span');
    name.textContent = String(label);
    const track = document.createElement('span');
    const fill = document.createElement('span');
    fill.className = 'fill';
    fill.style.display = 'block';
    fill.style.width = `${longest > 0 ? (100 * realBits[c]) / longest : 0}%`;
    track.append(fill);
    const value = document.createElement('span');
    value.className = 'value';
    value.textContent = c === bestClassIndex ? `${realBits[c]} bits` : `${realBits[c]} bits (+${realBits[c] - realBits[bestClassIndex]})`;
    row.append(name, track, value);
    return row;
  });
  container.replaceChildren(...rows);
}

/** Draws `count` images of height×width in rows of `perRow`, one pixel per pixel, no gaps. */
export function drawGrid(canvas: HTMLCanvasElement, pixels: Uint8Array, count: number, height: number, width: number, perRow: number): void {
  canvas.width = perRow * width;
  canvas.height = Math.ceil(count / perRow) * height;
  const size = height * width;
  for (let i = 0; i < count; i++) drawGray(canvas, pixels.subarray(i * size, (i + 1) * size), height, width, (i % perRow) * width, Math.floor(i / perRow) * height);
}
