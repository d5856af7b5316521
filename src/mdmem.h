/* mdmem.h - a bump allocator per thread for libcmark-gfm.
 *
 * Parsing one document makes tens of thousands of small allocations
 * (nodes, inline buffers), all freed with the document: malloc and free
 * were a fifth of a build's instructions (callgrind, 1,000 pages of the
 * benchmark). libcmark-gfm takes an allocator, but without a context
 * argument, and its own arena allocator is one global that threads cannot
 * share; this one keeps its state per thread.
 *
 * Use: pass mdmem_allocator() to cmark_parser_new_with_mem() and the
 * render call, free every node, then call mdmem_reset() on the same
 * thread: everything the document took is reused by the next one. Blocks
 * of 64 KiB or more (a long page's buffers) come from malloc, so growing
 * them does not leave copies behind. A thread's memory is released when
 * the thread ends, the calling thread's by mdmem_release(). */
#ifndef PNYX_MDMEM_H
#define PNYX_MDMEM_H

#include <cmark-gfm.h>

/* The allocator; its state is the calling thread's. */
cmark_mem *mdmem_allocator(void);
/* Makes all of this thread's small blocks free again. Call only when no
 * block from mdmem_allocator() is in use on this thread. */
void mdmem_reset(void);
/* Gives this thread's memory back to the system (the main thread, at the
 * end; other threads do it when they end). */
void mdmem_release(void);

#endif
