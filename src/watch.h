/* watch.h - which source files changed: inotify, recursive, debounced.
 *
 * A watch follows a set of roots below one base folder (the site): files
 * such as "site.yml" and folder trees such as "content" or "themes/osp".
 * Trees are watched recursively, folders created later included; a root
 * that does not exist yet is picked up when it appears (its parents are
 * watched for it). Editors save in several ways -- writing in place,
 * writing a temporary file and renaming it over, deleting and creating --
 * and all of them show as a change of the file's path. Names that the
 * source scan skips (source_ignored_name: swap and backup files, hidden
 * files) are ignored.
 *
 * Events come in bursts (one save is several events, a `git checkout`
 * thousands): watch_wait gathers a burst into one batch, returned once no
 * event came for WATCH_QUIET_MS, or WATCH_MAX_MS after the first one. */
#ifndef PNYX_WATCH_H
#define PNYX_WATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

#define WATCH_QUIET_MS 30
#define WATCH_MAX_MS 250
/* A batch stops recording paths past this many (it is then `overflow`). */
#define WATCH_MAX_PATHS 4096

typedef struct watch watch_t;

/* What changed in one burst: paths relative to the base ("content/a.md"),
 * each once, in order of first arrival. */
typedef struct {
	char **paths;
	size_t n, cap;
	bool overflow;  /* events were lost (kernel queue or path cap): treat everything as changed */
} watch_batch_t;

#define WATCH_BATCH_INIT ((watch_batch_t){ NULL, 0, 0, false })

/* Starts an inotify instance for the folder `base`. NULL after a
 * diagnostic (no inotify instance left). */
watch_t *watch_new(const char *base, diag_list_t *d);
/* Follows a file ("site.yml") or, when tree is true, a folder and
 * everything below it ("content"); rel is relative to the base and may
 * name something that does not exist yet. Returns 0, or -1 after a
 * diagnostic (the watch limit is exhausted: the message names the sysctl
 * that raises it). */
int watch_add(watch_t *w, const char *rel, bool tree, diag_list_t *d);
/* Never follows rel (relative to the base) or what lies below it, nor
 * the paths the glob rel matches: the output folder inside a site whose
 * pages live at its root, its `exclude` list. Call before watch_add; a
 * folder watched already is no longer reported. */
void watch_ignore(watch_t *w, const char *rel);
/* Waits for changes. Returns 1 with a non-empty batch (which it clears
 * first), 0 when stop_fd became readable (-1: no stop fd) or timeout_ms
 * passed without a change (-1: no timeout), and -1 after a diagnostic (a
 * read error, or the watch limit reached while following a new folder). */
int watch_wait(watch_t *w, int stop_fd, int timeout_ms, watch_batch_t *batch, diag_list_t *d);
/* Number of folders currently watched (for tests and the summary). */
size_t watch_count(const watch_t *w);
void watch_free(watch_t *w);

/* True when every path of the batch ends with one of exts (a NULL-ended
 * list: ".css", ".scss", NULL) and nothing was lost: the changed files are
 * all of those kinds. */
bool watch_batch_only(const watch_batch_t *b, const char *const *exts);
/* True when the batch holds exactly this path. */
bool watch_batch_has(const watch_batch_t *b, const char *rel);
void watch_batch_clear(watch_batch_t *b);
void watch_batch_free(watch_batch_t *b);

#endif
