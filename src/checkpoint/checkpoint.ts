/**
 * A checkpoint is a Hugging Face model folder — config.json, model.safetensors, generation_config.json,
 * tokenizer files — plus our training state: optimizer.safetensors (Adam exp_avg / exp_avg_sq per
 * parameter), trainer_state.json (step count, caller's extra JSON) and rng_state.json. Saving is atomic:
 * everything is written and fsynced in a temporary folder beside the target, which then replaces the target
 * by rename, so a crash leaves either the old checkpoint or the new one, never a mixture.
 * This module knows nothing about the model; the engine maps tensors to parameters.
 */
import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CascadeError } from '../core/errors.ts';
import { readSafetensors, type Tensor, type TensorMap, writeSafetensors } from './safetensors.ts';

export interface OptimizerState {
  /** AdamW updates taken so far. */
  step: number;
  /** First and second moments, keyed by parameter name. */
  expAvg: TensorMap;
  expAvgSq: TensorMap;
}

export interface CheckpointContents {
  /** config.json, written as given (the engine adds architectures/model_type/torch_dtype). */
  config: Record<string, unknown>;
  /** model.safetensors, keyed by transformers parameter names. */
  tensors: TensorMap;
  generationConfig?: Record<string, unknown>;
  optimizerState?: OptimizerState;
  /** The trainer's Rng state (four uint32 words). */
  rngState?: number[];
  /** Caller's own JSON, stored under trainer_state.json's `extra`. */
  extra?: Record<string, unknown>;
}

export interface SaveOptions extends CheckpointContents {
  /** Files to copy in: name inside the checkpoint (e.g. tokenizer.json) → source path. */
  tokenizerFiles?: Record<string, string>;
}

export interface LoadedCheckpoint extends CheckpointContents {
  dir: string;
  /** Tokenizer files present in the folder: name → path, so a later save can carry them forward. */
  tokenizerFiles: Record<string, string>;
}

export const TOKENIZER_FILE_NAMES = [
  'tokenizer.json',
  'tokenizer_config.json',
  'special_tokens_map.json',
  'added_tokens.json',
  'vocab.json',
  'merges.txt',
  'chat_template.jinja',
] as const;

const PREFIX = { expAvg: 'exp_avg.', expAvgSq: 'exp_avg_sq.' } as const;

function writeFileSynced(path: string, text: string): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Writes every file of a checkpoint into `dir` (which exists and is empty). */
function writeContents(dir: string, options: SaveOptions): void {
  writeFileSynced(join(dir, 'config.json'), json(options.config));
  writeSafetensors(join(dir, 'model.safetensors'), options.tensors);
  if (options.generationConfig)
    writeFileSynced(join(dir, 'generation_config.json'), json(options.generationConfig));
  if (options.optimizerState) {
    const { expAvg, expAvgSq } = options.optimizerState;
    const tensors: TensorMap = {};
    for (const [name, tensor] of Object.entries(expAvg)) tensors[PREFIX.expAvg + name] = tensor;
    for (const [name, tensor] of Object.entries(expAvgSq)) tensors[PREFIX.expAvgSq + name] = tensor;
    writeSafetensors(join(dir, 'optimizer.safetensors'), tensors);
  }
  if (options.optimizerState || options.extra)
    writeFileSynced(
      join(dir, 'trainer_state.json'),
      json({ global_step: options.optimizerState?.step ?? 0, extra: options.extra ?? {} }),
    );
  if (options.rngState) writeFileSynced(join(dir, 'rng_state.json'), json({ rng: options.rngState }));
  for (const [name, source] of Object.entries(options.tokenizerFiles ?? {})) {
    if (name !== basename(name) || name.startsWith('.'))
      throw new CascadeError('checkpoint.file-name', 'tokenizer file names must be plain file names', {
        where: name,
      });
    try {
      copyFileSync(source, join(dir, name));
    } catch (cause) {
      throw new CascadeError('checkpoint.copy', `cannot copy tokenizer file ${name}`, {
        where: source,
        cause,
      });
    }
    fsyncPath(join(dir, name));
  }
  fsyncPath(dir);
}

/**
 * Saves a checkpoint to `dir` atomically: written in full to a temporary sibling, then swapped in by
 * rename (an existing `dir` is renamed aside first, then removed). On any failure the temporary folder
 * is removed and `dir` is left as it was.
 */
export function saveCheckpoint(dir: string, options: SaveOptions): void {
  const target = resolve(dir);
  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  const tag = `${process.pid}-${Date.now()}-${Math.floor(Math.random() * 1e9)}`;
  const temporary = join(parent, `.${basename(target)}.saving-${tag}`);
  mkdirSync(temporary);
  try {
    writeContents(temporary, options);
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    throw error;
  }
  let aside: string | undefined;
  if (existsSync(target)) {
    aside = join(parent, `.${basename(target)}.replaced-${tag}`);
    renameSync(target, aside);
  }
  try {
    renameSync(temporary, target);
  } catch (cause) {
    if (aside) renameSync(aside, target);
    rmSync(temporary, { recursive: true, force: true });
    throw new CascadeError('checkpoint.rename', 'could not move the new checkpoint into place', {
      where: target,
      cause,
    });
  }
  fsyncPath(parent);
  if (aside) rmSync(aside, { recursive: true, force: true });
}

function readJson(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new CascadeError('checkpoint.missing', 'file not found', { where: path, cause });
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new CascadeError('checkpoint.json', 'not valid JSON', { where: path, cause });
  }
}

/** model.safetensors, or the shards listed by model.safetensors.index.json (as transformers writes larger models). */
function readModelTensors(dir: string): TensorMap {
  const single = join(dir, 'model.safetensors');
  if (existsSync(single)) return readSafetensors(single).tensors;
  const indexPath = join(dir, 'model.safetensors.index.json');
  if (!existsSync(indexPath))
    throw new CascadeError('checkpoint.missing', 'no model.safetensors (or model.safetensors.index.json)', {
      where: dir,
    });
  const weightMap = readJson(indexPath).weight_map as Record<string, string> | undefined;
  if (!weightMap) throw new CascadeError('checkpoint.json', 'missing weight_map', { where: indexPath });
  const tensors: TensorMap = {};
  for (const shard of new Set(Object.values(weightMap)))
    Object.assign(tensors, readSafetensors(join(dir, shard)).tensors);
  return tensors;
}

export function loadCheckpoint(dir: string): LoadedCheckpoint {
  const root = resolve(dir);
  const loaded: LoadedCheckpoint = {
    dir: root,
    config: readJson(join(root, 'config.json')),
    tensors: readModelTensors(root),
    tokenizerFiles: {},
  };
  const generationPath = join(root, 'generation_config.json');
  if (existsSync(generationPath)) loaded.generationConfig = readJson(generationPath);
  const statePath = join(root, 'trainer_state.json');
  const state = existsSync(statePath) ? readJson(statePath) : undefined;
  if (state?.extra) loaded.extra = state.extra as Record<string, unknown>;
  const optimizerPath = join(root, 'optimizer.safetensors');
  if (existsSync(optimizerPath)) {
    const step = state?.global_step;
    if (typeof step !== 'number')
      throw new CascadeError(
        'checkpoint.state',
        'optimizer.safetensors needs global_step in trainer_state.json',
        {
          where: statePath,
        },
      );
    const expAvg: TensorMap = {};
    const expAvgSq: TensorMap = {};
    for (const [key, tensor] of Object.entries(readSafetensors(optimizerPath).tensors)) {
      if (key.startsWith(PREFIX.expAvgSq)) expAvgSq[key.slice(PREFIX.expAvgSq.length)] = tensor;
      else if (key.startsWith(PREFIX.expAvg)) expAvg[key.slice(PREFIX.expAvg.length)] = tensor;
      else
        throw new CascadeError('checkpoint.state', 'unexpected optimizer tensor', {
          where: `${optimizerPath}: ${key}`,
        });
    }
    loaded.optimizerState = { step, expAvg, expAvgSq };
  }
  const rngPath = join(root, 'rng_state.json');
  if (existsSync(rngPath)) {
    const rng = readJson(rngPath).rng;
    if (!Array.isArray(rng) || rng.length !== 4 || !rng.every((word) => Number.isInteger(word)))
      throw new CascadeError('checkpoint.state', 'rng must be four integers', { where: `${rngPath}: rng` });
    loaded.rngState = rng;
  }
  for (const name of TOKENIZER_FILE_NAMES)
    if (existsSync(join(root, name))) loaded.tokenizerFiles[name] = join(root, name);
  return loaded;
}

/** The tensor `name` with exactly `shape`, or an error naming the file, the key and what was found. */
export function expectTensor(tensors: TensorMap, name: string, shape: number[], file: string): Tensor {
  const tensor = tensors[name];
  if (!tensor)
    throw new CascadeError('checkpoint.missing-tensor', 'tensor is missing', { where: `${file}: ${name}` });
  if (tensor.shape.length !== shape.length || tensor.shape.some((size, i) => size !== shape[i]))
    throw new CascadeError('checkpoint.shape', `expected shape [${shape}], found [${tensor.shape}]`, {
      where: `${file}: ${name}`,
    });
  return tensor;
}
