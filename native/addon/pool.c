// See pool.h. One task at a time: `ticket` is (task number << 7 | parts); a helper that sees it change
// runs its part when its index is below that ticket's parts and decrements `pending`; the caller waits for
// `pending` to reach 0. Parts travel in the ticket because a helper that skips a task may read it late,
// after the next task's fields are written; a helper that takes part cannot be lapped.
// A helper that has waited SPIN_NS without a new task sleeps on a condition variable; the caller
// signals only when someone sleeps (`sleepers`), so a busy pool costs no system calls. Waits longer
// than YIELD_AFTER_NS yield the core between checks, so an oversubscribed machine still makes progress.
#define _GNU_SOURCE
#include "pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sched.h>
#include <time.h>

#define MAX_THREADS 64
#define SPIN_NS 2000000   // 2 ms: longer than the gaps inside a decode or training step
#define YIELD_AFTER_NS 50000  // then spin with sched_yield: on a busy machine the thread we wait on needs our core

static _Atomic uint64_t ticket;
static atomic_int pending;
static atomic_int sleepers;
static pool_task current_task;
static void *current_arg;

static int threads = 1;  // parts a task may use
static int started = 1;  // the caller plus the helpers started so far
static pthread_mutex_t run_lock = PTHREAD_MUTEX_INITIALIZER;  // one caller at a time
static pthread_mutex_t sleep_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;

static inline void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ __volatile__("yield");
#endif
}

static uint64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

// Pauses while waiting: plain spinning at first, then yielding the core to any other runnable thread
// (with more threads than cores, a spinning waiter would otherwise hold the core the awaited thread needs).
static void pause_waiting(unsigned spins, uint64_t start, uint64_t *waited) {
  if ((spins & 63) == 63) *waited = now_ns() - start;
  if (*waited > YIELD_AFTER_NS)
    sched_yield();
  else
    cpu_relax();
}

static uint64_t wait_for_task(uint64_t seen) {
  const uint64_t start = now_ns();
  uint64_t waited = 0;
  for (unsigned spins = 0; waited <= SPIN_NS; spins++) {
    uint64_t g = atomic_load_explicit(&ticket, memory_order_acquire);
    if (g != seen) return g;
    pause_waiting(spins, start, &waited);
  }
  // sleepers is raised before ticket is re-read, and pool_run raises ticket before it reads
  // sleepers (both sequentially consistent), so either the helper sees the task or the caller signals it.
  pthread_mutex_lock(&sleep_lock);
  atomic_fetch_add(&sleepers, 1);
  uint64_t g;
  while ((g = atomic_load(&ticket)) == seen) pthread_cond_wait(&wake, &sleep_lock);
  atomic_fetch_sub(&sleepers, 1);
  pthread_mutex_unlock(&sleep_lock);
  return g;
}

static void *helper(void *arg) {
  const int part = (int)(intptr_t)arg;
  uint64_t seen = atomic_load(&ticket);
  for (;;) {
    seen = wait_for_task(seen);
    const int parts = (int)(seen & 127);
    if (part < parts) {
      current_task(current_arg, part, parts);
      atomic_fetch_sub_explicit(&pending, 1, memory_order_release);
    }
  }
  return NULL;
}

int pool_set_threads(int wanted) {
  if (wanted < 1) wanted = 1;
  if (wanted > MAX_THREADS) wanted = MAX_THREADS;
  pthread_mutex_lock(&run_lock);
  int status = 0;
  while (started < wanted) {
    pthread_t thread;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    const int failed = pthread_create(&thread, &attr, helper, (void *)(intptr_t)started);
    pthread_attr_destroy(&attr);
    if (failed) {
      status = -1;
      break;
    }
    started++;
  }
  // Fewer parts than helpers: the extra helpers see each task and skip it.
  threads = wanted < started ? wanted : started;
  pthread_mutex_unlock(&run_lock);
  return status;
}

int pool_threads(void) { return threads; }

void pool_run(pool_task task, void *arg, int parts) {
  if (parts <= 1 || pthread_mutex_trylock(&run_lock) != 0) {
    for (int p = 0; p < parts; p++) task(arg, p, parts);
    return;
  }
  if (parts > threads) parts = threads;
  current_task = task;
  current_arg = arg;
  atomic_store(&pending, parts - 1);
  const uint64_t number = (atomic_load(&ticket) >> 7) + 1;
  atomic_store(&ticket, (number << 7) | (uint64_t)parts);
  if (atomic_load(&sleepers) > 0) {
    pthread_mutex_lock(&sleep_lock);
    pthread_cond_broadcast(&wake);
    pthread_mutex_unlock(&sleep_lock);
  }
  task(arg, 0, parts);
  const uint64_t start = now_ns();
  uint64_t waited = 0;
  for (unsigned spins = 0; atomic_load_explicit(&pending, memory_order_acquire) > 0; spins++)
    pause_waiting(spins, start, &waited);
  pthread_mutex_unlock(&run_lock);
}
