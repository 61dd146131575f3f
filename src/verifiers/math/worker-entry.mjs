// Worker bootstrap: registers the TypeScript loader inside the thread, then loads the worker.
// A plain .mjs file, so it starts the same under `node --import tsx`, `--test` and the CLI bin.
import { register } from 'tsx/esm/api';

register();
await import('./worker-main.ts');
