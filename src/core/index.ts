export * from './engine.ts';
export * from './errors.ts';
export * from './messages.ts';
export * from './rng.ts';
export * from './verdict.ts';
