/** Reading a Hugging Face tokenizer's files from disk, with errors that name the file at fault. */
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CascadeError } from '../core/errors.ts';

export const TOKENIZER_FILE = 'tokenizer.json';
export const TOKENIZER_CONFIG_FILE = 'tokenizer_config.json';

export interface TokenizerFiles {
  tokenizerPath: string;
  tokenizerJson: unknown;
  /** Undefined when there is no tokenizer_config.json beside tokenizer.json. */
  tokenizerConfigPath: string | undefined;
  tokenizerConfigJson: unknown;
}

/** `path` is a directory holding tokenizer.json, or the tokenizer.json file itself. */
export async function readTokenizerFiles(path: string): Promise<TokenizerFiles> {
  const tokenizerPath = (await isDirectory(path)) ? join(path, TOKENIZER_FILE) : path;
  const configPath = join(dirname(tokenizerPath), TOKENIZER_CONFIG_FILE);
  const tokenizerJson = parseJson(await readRequired(tokenizerPath), tokenizerPath);
  const configText = await readOptional(configPath);
  return {
    tokenizerPath,
    tokenizerJson,
    tokenizerConfigPath: configText === undefined ? undefined : configPath,
    tokenizerConfigJson: configText === undefined ? undefined : parseJson(configText, configPath),
  };
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch (error) {
    throw new CascadeError('tokenizer_missing', `cannot open tokenizer path: ${(error as Error).message}`, {
      where: path,
      cause: error,
    });
  }
}

async function readRequired(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new CascadeError(
      'tokenizer_missing',
      `cannot read ${TOKENIZER_FILE}: ${(error as Error).message}. HINT: pass a directory that holds ${TOKENIZER_FILE}, or the file itself`,
      { where: path, cause: error },
    );
  }
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CascadeError('io', `cannot read: ${(error as Error).message}`, { where: path, cause: error });
  }
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CascadeError('bad_json', `not valid JSON: ${(error as Error).message}`, {
      where: path,
      cause: error,
    });
  }
}
