export * from './advantages.ts';
export * from './filters.ts';
export * from './loss.ts';
export * from './mopd.ts';
export * from './rewards.ts';
