/**
 * Engines of a cascade run, each with kernels of its own. The kernels hand out memory from one
 * WebAssembly arena that is never freed piecemeal, so an engine and its kernels are opened together
 * and closed together: a run that opens dozens of engines (one per stage, evaluation and teacher)
 * never runs its arena out of room.
 */
import {
  createEmbeddedEngine,
  createEmbeddedRewardModel,
  type EmbeddedEngine,
  type EmbeddedEngineOptions,
  type EmbeddedRewardModel,
} from '../engine/embedded/engine.ts';
import type { KernelsBackend } from '../engine/embedded/kernels/backend.ts';

export type KernelsLoader = () => Promise<KernelsBackend>;

async function withOwnKernels<Model extends { close(): Promise<void> }>(
  loadKernels: KernelsLoader,
  create: (kernels: KernelsBackend) => Promise<Model>,
): Promise<Model> {
  const kernels = await loadKernels();
  let model: Model;
  try {
    model = await create(kernels);
  } catch (error) {
    await kernels.dispose();
    throw error;
  }
  const close = model.close.bind(model);
  model.close = async () => {
    await close();
    await kernels.dispose();
  };
  return model;
}

export function openPolicy(
  loadKernels: KernelsLoader,
  options: Omit<EmbeddedEngineOptions, 'kernels'>,
): Promise<EmbeddedEngine> {
  return withOwnKernels(loadKernels, (kernels) => createEmbeddedEngine({ ...options, kernels }));
}

export function openRewardModel(
  loadKernels: KernelsLoader,
  options: Omit<EmbeddedEngineOptions, 'kernels'>,
): Promise<EmbeddedRewardModel> {
  return withOwnKernels(loadKernels, (kernels) => createEmbeddedRewardModel({ ...options, kernels }));
}
