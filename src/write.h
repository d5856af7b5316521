/* write.h - the output folder: staging, atomic swap, static copies.
 *
 * A build writes every file into a staging folder beside the destination
 * (DEST.staging-PID). Only when the whole build succeeded is the staging
 * folder swapped in with one renameat2(RENAME_EXCHANGE) (a plain rename
 * when DEST does not exist yet); on failure DEST is untouched, byte for
 * byte. The old tree is kept as PARENT/.pnyx-cache/DEST.spare: the next
 * build given its list of paths starts from it and writes only the files
 * whose bytes changed (see write.c). */
#ifndef PNYX_WRITE_H
#define PNYX_WRITE_H

#include <stddef.h>

#include "diag.h"

typedef struct writer writer_t;

/* Creates the staging folder for dest. With paths (every file the build
 * will write, in any order; the writer does not keep them), starts from
 * the spare tree when there is one. NULL after a diagnostic (e.g. the
 * parent folder is not writable). */
writer_t *write_begin(const char *dest, const char *const *paths, size_t npaths, diag_list_t *d);
/* Writes one file at a path relative to the output root, creating its
 * folders. The path is checked: absolute paths, empty components and ".."
 * are refused with an error. Safe to call from several threads at once. */
int write_file(writer_t *w, const char *rel, const void *data, size_t n, diag_list_t *d);
/* Copies src_path to rel (same checks); safe from several threads. */
int write_copy(writer_t *w, const char *rel, const char *src_path, diag_list_t *d);
/* Swaps the staging folder in and keeps the old tree as the spare one.
 * Returns 0, or -1 with a diagnostic (dest is then as it was). Frees w. */
int write_commit(writer_t *w, diag_list_t *d);
/* Removes the staging folder (a spare tree taken back returns to the
 * cache); dest is untouched. Frees w. */
void write_abort(writer_t *w);
/* For incremental rebuilds (pnyx serve): replaces one file of an existing
 * output folder atomically (a temporary file renamed over it), creating
 * its folders; does nothing when the file already holds these bytes.
 * Returns 1 when written, 0 when unchanged, -1 with a diagnostic. */
int write_update(const char *dest, const char *rel, const void *data, size_t n, diag_list_t *d);
/* Removes from the folder dest whatever is not one of these files (in any
 * order): other files, symbolic links, folders with none of them below.
 * For pnyx serve, after write_update of every file of a whole rebuild. */
void write_prune(const char *dest, const char *const *paths, size_t npaths);
/* Files written so far, and how many of them the spare tree already held. */
size_t write_count(const writer_t *w);
size_t write_kept(const writer_t *w);

#endif
