/**
 * mlp-kernel.wat → WebAssembly bytes with wabt (a dev dependency), and the TypeScript module that
 * carries them. Shared by the generator and the test that checks the committed bytes are current.
 */
export async function assembleKernel(watSource: string): Promise<Uint8Array> {
  const wabt = await (await import('wabt')).default();
  const module = wabt.parseWat('mlp-kernel.wat', watSource, { simd: true });
  try {
    module.validate();
    return module.toBinary({ log: false, write_debug_names: false }).buffer;
  } finally {
    module.destroy();
  }
}

export function kernelBytesSource(bytes: Uint8Array): string {
  const base64 = Buffer.from(bytes).toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < base64.length; i += 96) lines.push(`  '${base64.slice(i, i + 96)}'`);
  return [
    '// Generated from mlp-kernel.wat by `npm run build:wasm` (src/model/wasm/generate-kernel.ts). Do not edit.',
    `/** The stage-network kernel: ${bytes.length} bytes of WebAssembly, base64. */`,
    'export const MLP_KERNEL_WASM_BASE64 =',
    lines.join(' +\n') + ';',
    '',
  ].join('\n');
}
