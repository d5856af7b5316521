#include "pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include "util.h"

typedef struct {
	atomic_size_t next;
	size_t n;
	void (*fn)(void *ctx, size_t item, int worker);
	void *ctx;
} job_t;

typedef struct {
	job_t *job;
	int worker;
} slot_t;

static void *pool_loop(void *arg)
{
	slot_t *s = arg;
	for (;;) {
		size_t i = atomic_fetch_add(&s->job->next, 1);
		if (i >= s->job->n)
			break;
		s->job->fn(s->job->ctx, i, s->worker);
	}
	return NULL;
}

void pool_run(size_t n, int threads, void (*fn)(void *ctx, size_t item, int worker), void *ctx)
{
	if (threads < 1)
		threads = 1;
	if ((size_t)threads > n)
		threads = n ? (int)n : 1;
	job_t job = { .n = n, .fn = fn, .ctx = ctx };
	atomic_init(&job.next, 0);
	slot_t *slots = xcalloc((size_t)threads, sizeof(slot_t));
	pthread_t *tids = xcalloc((size_t)threads, sizeof(pthread_t));
	for (int t = 1; t < threads; t++) {
		slots[t] = (slot_t){ &job, t };
		if (pthread_create(&tids[t], NULL, pool_loop, &slots[t]) != 0)
			die("cannot start a thread");
	}
	slots[0] = (slot_t){ &job, 0 };
	pool_loop(&slots[0]);
	for (int t = 1; t < threads; t++)
		pthread_join(tids[t], NULL);
	free(tids);
	free(slots);
}

int pool_default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}
