/**
 * Loads TensorFlow.js for training: `@tensorflow/tfjs-node` when it is installed and loads
 * (optional dependency), else `@tensorflow/tfjs` on the wasm backend (no native install needed).
 * Only training uses tfjs; the coding path never does.
 */
import type * as TensorFlow from '@tensorflow/tfjs';

export type Tf = typeof TensorFlow;

export interface TensorflowRuntime {
  tf: Tf;
  /** The backend in use: 'tensorflow' (tfjs-node), 'wasm' or 'cpu'. */
  backend: string;
}

let runtime: Promise<TensorflowRuntime> | null = null;

export type BackendPreference = 'auto' | 'node' | 'wasm' | 'cpu';

export function loadTensorflow(preference: BackendPreference = 'auto'): Promise<TensorflowRuntime> {
  runtime ??= (async () => {
    if (preference === 'auto' || preference === 'node') {
      try {
        const moduleName = '@tensorflow/tfjs-node';
        const tf = (await import(moduleName)) as Tf;
        await tf.ready();
        return { tf, backend: tf.getBackend() };
      } catch (error) {
        if (preference === 'node') throw error;
      }
    }
    const tf = await import('@tensorflow/tfjs');
    if (preference !== 'cpu') {
      await import('@tensorflow/tfjs-backend-wasm');
      if (await tf.setBackend('wasm')) {
        await tf.ready();
        return { tf, backend: 'wasm' };
      }
    }
    await tf.setBackend('cpu');
    await tf.ready();
    return { tf, backend: 'cpu' };
  })();
  return runtime;
}
