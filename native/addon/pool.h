// A small fork-join pool for the addon's kernels: the caller runs part 0 of a task and helper
// threads run parts 1..parts-1. Helpers spin briefly between tasks (a decode step issues a task every
// few tens of microseconds) and then sleep, so an idle engine costs no CPU.
#ifndef CASCADE_POOL_H
#define CASCADE_POOL_H

typedef void (*pool_task)(void *arg, int part, int parts);

// Sets the number of parts a task is split into (the caller plus threads-1 helpers, at most 64).
// Returns 0, or -1 when a helper thread could not be started (the pool keeps the threads it has).
int pool_set_threads(int threads);
int pool_threads(void);

// Runs task(arg, p, parts) for p = 0..parts-1 and returns when all are done. parts <= pool_threads().
// A call made while another caller holds the pool runs every part itself, in order.
void pool_run(pool_task task, void *arg, int parts);

#endif
