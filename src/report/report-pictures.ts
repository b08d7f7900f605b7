/**
 * The report's pictures, drawn from what the measurement gathered (report.ts): first the
 * comparisons (confusion matrices, bits per class for binarized then 8-bit pixels), then each
 * model's own (where the bits go, examples, samples), in the order the models were measured.
 */
import { barChartPicture, confusionMatricesPicture, costExamplesPicture, heatMapsPicture, imageGridPicture, type BarSeries, type ConfusionPanel } from './pictures.js';
import type { ModelResult, Picture, ReportData } from './report-schema.js';

/** What one model's pictures are drawn from (measured, not yet drawn). */
export interface ModelPictureData {
  result: ModelResult;
  classNames: string[];
  height: number;
  width: number;
  /** Mean true-class code length at each pixel position, bits, per class (unrounded). */
  pixelBitsByClass: Float64Array[];
  /** The first test images as coded, with their code length per pixel under the true class. */
  examples: { label: number; pixels: Uint8Array; bits: Float64Array }[];
  /** Samples drawn from each class model (empty when none were asked for). */
  samplesByClass: Uint8Array[];
  samplesPerClass: number;
  seed: number;
}

/** Bits per pixel per class: each model's ideal and real code against the deflate baselines. */
async function bitsPerClassPicture(data: ReportData, pixels: '8-bit' | 'binarized', arModels: ModelResult[]): Promise<Picture> {
  const perClass = data.baselines.perClass;
  const labels = perClass.map((row) => row.label);
  const baselineFormat = pixels === '8-bit' ? '8-bit' : 'binarized-packed';
  const series: BarSeries[] = [
    ...arModels.flatMap((m) => [
      { name: `AR ${m.pixelMode}, ideal`, values: labels.map((label) => m.perClass.find((row) => row.label === label)?.idealBitsPerPixel ?? NaN) },
      { name: `AR ${m.pixelMode}, real`, values: labels.map((label) => m.perClass.find((row) => row.label === label)?.realBitsPerPixel ?? NaN) },
    ]),
    ...(['deflate-9', 'brotli-11', 'deflate-9-per-image'] as const).map((method) => ({
      name: `${method} (${baselineFormat})`,
      values: perClass.map((row) => row.rows.find((r) => r.method === method && r.pixels === baselineFormat)?.bitsPerPixel ?? NaN),
    })),
  ];
  return {
    name: `bits-per-class-${pixels}.png`,
    caption: `Bits per pixel per class, ${pixels} pixels: AR models against the deflate baselines`,
    bytes: await barChartPicture(`Bits per pixel per class (${pixels} pixels)`, labels.map(String), series, 'bits per pixel'),
  };
}

/** One model's pictures: where its bits go, its examples, its samples. */
async function modelPictures(model: ModelPictureData): Promise<Picture[]> {
  const { result, classNames, height, width } = model;
  const mode = result.pixelMode;
  const pixelsPerImage = height * width;
  const pictures: Picture[] = [{
    name: `where-bits-go-${mode}.png`,
    caption: `${mode} model: mean code length at each pixel position of the test images of each class (true class), bits`,
    bytes: await heatMapsPicture(`Where the bits go: ${mode} model, mean bits per pixel position (true class)`,
      model.pixelBitsByClass.map((values, c) => ({ title: `${classNames[c]}: ${(values.reduce((a, b) => a + b, 0) / pixelsPerImage).toFixed(3)} bpp`, values })), height, width, 'bits'),
  }];
  if (model.examples.length > 0) {
    pictures.push({
      name: `examples-${mode}.png`,
      caption: `${mode} model: the first test images (${result.pixels}) beside their code length per pixel under the true class`,
      bytes: await costExamplesPicture(`${mode} model: image and its code length per pixel (brighter = more bits)`,
        model.examples.map((example, i) => ({
          title: `#${i} label ${example.label}: ${example.bits.reduce((a, b) => a + b, 0).toFixed(1)} bits`,
          pixels: example.pixels,
          bits: example.bits,
        })), height, width),
    });
  }
  if (model.samplesPerClass > 0) {
    pictures.push({
      name: `samples-${mode}.png`,
      caption: `${mode} model: ${model.samplesPerClass} samples drawn from each class model (seed ${model.seed})`,
      bytes: await imageGridPicture(`Samples from the ${mode} class models (seed ${model.seed})`,
        classNames.map((name, c) => ({ label: name, images: model.samplesByClass[c] })), height, width),
    });
  }
  return pictures;
}

/** Every picture of the report, in its order. */
export async function drawReportPictures(data: ReportData, models: ModelPictureData[]): Promise<Picture[]> {
  const panels: ConfusionPanel[] = [
    ...data.models.map((m) => ({ title: `AR ${m.pixelMode} (${m.pixels})`, report: m.classification })),
    ...data.zip.map((z) => ({ title: `${z.name} (${z.images} img)`, report: z.classification })),
  ];
  const pictures: Picture[] = [{ name: 'confusion.png', caption: 'Confusion matrices: rows are true classes, columns predicted ones', bytes: await confusionMatricesPicture(panels) }];
  for (const pixels of ['binarized', '8-bit'] as const) {
    const arModels = data.models.filter((m) => m.pixels === pixels);
    if (arModels.length > 0) pictures.push(await bitsPerClassPicture(data, pixels, arModels));
  }
  for (const model of models) pictures.push(...await modelPictures(model));
  return pictures;
}
