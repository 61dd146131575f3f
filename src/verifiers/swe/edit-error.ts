/** SWE-RL's FormatError: the model's edit cannot be parsed or applied (reward −1, never thrown past the verifier). */
import { CascadeError } from '../../core/errors.ts';

export class EditFormatError extends CascadeError {
  constructor(message: string) {
    super('swe_edit_format', message);
    this.name = 'EditFormatError';
  }
}
