/* serve.h - the preview server: the output folder over HTTP, live reload.
 *
 * Requests map onto the output folder the way GitHub Pages maps them:
 * /agora serves agora.html, /dir/ serves dir/index.html, /dir redirects to
 * /dir/, anything else gets the site's 404.html with status 404 (a line
 * of text when there is none, or, while a failed build stands, a page that
 * carries the overlay), and only paths under the site's baseurl exist. A request path is percent-decoded
 * once; a "." or ".." segment, a NUL, a backslash or invalid UTF-8 is a
 * 404, and the file found is resolved (symlinks followed) and must lie
 * inside the output folder, compared component by component.
 *
 * Live reload: every HTML response gets a small script before </body>
 * that listens to server-sent events on SERVE_EVENTS_PATH and reloads the
 * page after a rebuild, swaps stylesheets when only CSS changed, and shows
 * the errors of a failed build over the page (the last good site stays
 * served). Nothing of this touches the output folder: `pnyx build` output
 * never holds the script.
 *
 * Threads: libmicrohttpd answers from SERVE_MIN_THREADS to
 * SERVE_MAX_THREADS threads (one per core), each polling its share of the
 * connections with epoll; at most SERVE_MAX_CONNECTIONS are open (fewer
 * when the limit on open files, raised at start, is lower). A connection
 * idle for SERVE_TIMEOUT_S seconds is closed, and so is one whose request
 * is not read whole SERVE_REQUEST_S seconds after it opened or after its
 * previous answer (a client sending its header byte by byte). Event
 * streams are parked while they have nothing to say and hold no thread.
 * serve_notify_* may be called from any thread. */
#ifndef PNYX_SERVE_H
#define PNYX_SERVE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "diag.h"

#define SERVE_EVENTS_PATH "/__pnyx/events"
#define SERVE_MAX_CONNECTIONS 4096
#define SERVE_MIN_THREADS 2
#define SERVE_MAX_THREADS 4
#define SERVE_TIMEOUT_S 10
#define SERVE_REQUEST_S 10
/* The overlay shows at most this many errors. */
#define SERVE_MAX_OVERLAY_ERRORS 20

typedef enum {
	SERVE_NOT_FOUND,
	SERVE_FILE,      /* path: the file to send */
	SERVE_REDIRECT,  /* status and location */
} serve_route_kind_t;

typedef struct {
	serve_route_kind_t kind;
	int status;      /* 301, or 302 for / to the baseurl */
	char *path;      /* SERVE_FILE: resolved absolute path (owned) */
	char *location;  /* SERVE_REDIRECT: an absolute path, percent-encoded (owned) */
} serve_route_t;

/* Percent-decodes a request path once and normalises it into out: empty
 * segments dropped, a trailing slash kept. Returns 0, or -1 for a path
 * that is refused: not starting with '/', a bad escape, a NUL, a
 * backslash, invalid UTF-8 (overlong forms included), a "." or ".."
 * segment. */
int serve_clean_path(const char *raw, buf_t *out);
/* True when `path` is `root` or below it. Both are absolute and
 * normalised (as realpath returns them); components are compared whole,
 * so /srv/site-other is not inside /srv/site. */
bool serve_path_within(const char *root, const char *path);
/* Maps a raw request path (before decoding, without the query) onto the
 * output folder `root` for a site under `baseurl` ("" or "/repo"). Free
 * the result with serve_route_free. */
void serve_route(const char *root, const char *baseurl, const char *raw, serve_route_t *r);
void serve_route_free(serve_route_t *r);
/* The Content-Type for a file name, by its extension (case ignored);
 * application/octet-stream when unknown. */
const char *serve_content_type(const char *path);
/* Appends html to out with snippet inserted before the last </body> (in
 * any case), or at the end when there is none. */
void serve_inject(buf_t *out, const char *html, size_t n, const char *snippet);
/* Appends the errors of d as the overlay's JSON object
 * {"count":N,"errors":[{"file","line","col","message","source"}]}, with
 * the source line read from the file (null when unreadable). '<', '>' and
 * '&' are escaped, so the text can sit inside a <script>. */
void serve_errors_json(const diag_list_t *d, buf_t *out);

/* The live-reload client (serve_assets.c): reads window.__pnyx. */
extern const char serve_client_js[];

typedef struct serve serve_t;

typedef struct {
	const char *root;     /* the output folder */
	const char *baseurl;  /* "" or "/repo" */
	const char *host;     /* address to listen on, e.g. "127.0.0.1" */
	int port;             /* 0: any free port (see serve_port) */
} serve_opts_t;

/* Listens and starts answering. NULL after a diagnostic (the port is
 * taken, the host unknown, ...). */
serve_t *serve_start(const serve_opts_t *o, diag_list_t *d);
/* The port listened on. */
int serve_port(const serve_t *s);
/* Changes the baseurl (site.yml changed). */
void serve_set_baseurl(serve_t *s, const char *baseurl);
/* A rebuild succeeded: browsers reload, or only swap their stylesheets
 * when css_only (and no error was shown). */
void serve_notify_built(serve_t *s, bool css_only);
/* A rebuild failed: browsers show the errors of d over the page, and
 * pages loaded until the next good build carry them too. */
void serve_notify_failed(serve_t *s, const diag_list_t *d);
/* Ends every event stream, stops the server and frees it. */
void serve_stop(serve_t *s);

#endif
