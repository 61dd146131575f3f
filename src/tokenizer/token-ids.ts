/** Checking token ids before decoding, so a bad id fails loudly instead of decoding to garbage. */
import { CascadeError } from '../core/errors.ts';

/** Throws a CascadeError naming the first id that has no token. */
export function checkIds(
  ids: readonly number[],
  vocabSize: number,
  exists: (id: number) => boolean,
  name: string,
): void {
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (!Number.isInteger(id) || id < 0 || id >= vocabSize || !exists(id)) {
      throw new CascadeError('bad_token_id', `token id ${id} at position ${i} is not in the vocabulary`, {
        where: name,
      });
    }
  }
}
