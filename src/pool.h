/* pool.h - run a function over n items on a fixed number of threads.
 *
 * Items are handed out in index order from a shared counter, so a slow
 * page never leaves a core idle. Each thread has its own worker slot
 * (index 0..threads-1) for its arenas and diagnostics: results must not
 * depend on which worker ran an item, only on the item. */
#ifndef PNYX_POOL_H
#define PNYX_POOL_H

#include <stddef.h>

/* Calls fn(ctx, item, worker) for item in 0..n-1, on `threads` threads
 * (the calling thread is one of them). Returns when all are done. */
void pool_run(size_t n, int threads, void (*fn)(void *ctx, size_t item, int worker), void *ctx);
/* The number of online processors (at least 1). */
int pool_default_threads(void);

#endif
