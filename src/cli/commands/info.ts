/** `arcompress info FILE`: an IDX file's header, or the one line saying what is wrong with it. */
import type { Command } from 'commander';
import { describeIdxDataType } from '../../data/idx.js';
import { readIdxFile } from '../../data/idx-file.js';
import { jsonOption } from '../options.js';
import { formatTable, printJson, printLine } from '../output.js';
import { action } from '../run.js';

export function registerInfo(program: Command): void {
  program
    .command('info')
    .description('show the header of an IDX file (raw or gzipped) and check its length')
    .argument('<file>', 'an IDX file, e.g. train-images-idx3-ubyte or t10k-labels-idx1-ubyte.gz')
    .addOption(jsonOption('print JSON instead of text'))
    .action(
      action(async (file: string, options: { json?: boolean }) => {
        const idx = await readIdxFile(file);
        const isImageFile = idx.dataTypeName === 'ubyte' && idx.dims.length === 3;
        const summary = {
          file: idx.path,
          gzipped: idx.gzipped,
          fileBytes: idx.fileBytes,
          magic: idx.magic,
          dataType: idx.dataType,
          dataTypeName: idx.dataTypeName,
          dims: idx.dims,
          count: idx.dims[0],
          imageHeight: isImageFile ? idx.dims[1] : null,
          imageWidth: isImageFile ? idx.dims[2] : null,
          headerBytes: idx.headerBytes,
          dataBytes: idx.dataBytes,
        };
        if (options.json) {
          printJson(summary);
          return;
        }
        const rows: (string | number)[][] = [
          ['file', summary.file],
          ['format', summary.gzipped ? `IDX, gzipped (${summary.fileBytes} bytes on disk)` : `IDX (${summary.fileBytes} bytes)`],
          ['data type', describeIdxDataType(summary.dataType)],
          ['dimensions', summary.dims.join(' × ')],
          ['count', summary.count],
        ];
        if (isImageFile) rows.push(['image size', `${summary.imageHeight}×${summary.imageWidth} (rows × columns)`]);
        rows.push(['header bytes', summary.headerBytes], ['data bytes', summary.dataBytes]);
        printLine(formatTable(rows, [false, false]));
      }),
    );
}
