/* serve.c - the HTTP half of serve.h, on libmicrohttpd.
 *
 * One thread per connection: an event stream blocks its own thread in
 * the content callback until something happens (or a keep-alive comment
 * is due), so a slow or idle client never holds up another. The listening
 * socket is made here rather than by libmicrohttpd so that a port in use
 * gets one clear message and port 0 can pick a free one. */
#include "serve.h"

#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

/* Seconds between keep-alive comments on an idle event stream: well
 * under SERVE_TIMEOUT_S, which would otherwise close it. */
#define SERVE_PING_S 4
/* HTML files larger than this are sent without the script. */
#define SERVE_MAX_INJECT (64u << 20)

struct serve {
	struct MHD_Daemon *mhd;
	char *root;
	int port;
	char boot[32];             /* tells this server's event ids from a previous one's */
	pthread_mutex_t mu;        /* guards what follows */
	pthread_cond_t changed;
	char *baseurl;
	unsigned long gen;         /* one more after each build */
	unsigned long reload_gen;  /* the last build after which pages must reload */
	char *error_json;          /* the overlay while a failed build stands, else NULL */
	bool stopping;
};

/* ---- listening ---- */

static int listen_socket(const struct addrinfo *ai, int *err)
{
	int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol);
	if (fd < 0) {
		*err = errno;
		return -1;
	}
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, 64) != 0) {
		*err = errno;
		close(fd);
		return -1;
	}
	return fd;
}

static int open_listener(const char *host, int port, diag_list_t *d)
{
	char service[16];
	snprintf(service, sizeof service, "%d", port);
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
				  .ai_flags = AI_PASSIVE | AI_NUMERICSERV };
	struct addrinfo *res = NULL;
	int g = getaddrinfo(host, service, &hints, &res);
	if (g != 0)
		return diag_error(d, NULL, 0, 0, "cannot listen on '%s': %s", host, gai_strerror(g));
	int fd = -1, err = 0;
	for (struct addrinfo *ai = res; ai && fd < 0; ai = ai->ai_next)
		fd = listen_socket(ai, &err);
	freeaddrinfo(res);
	if (fd >= 0)
		return fd;
	if (err == EADDRINUSE)
		return diag_error(d, NULL, 0, 0,
				  "port %d on %s is already in use (another pnyx serve?): stop it, or choose "
				  "another port with --port", port, host);
	if (err == EACCES)
		return diag_error(d, NULL, 0, 0, "not allowed to listen on port %d: choose a port above 1023 "
				  "with --port", port);
	return diag_error(d, NULL, 0, 0, "cannot listen on %s port %d: %s", host, port, strerror(err));
}

static int bound_port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
		return -1;
	if (ss.ss_family == AF_INET6)
		return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	return ntohs(((struct sockaddr_in *)&ss)->sin_port);
}

/* ---- the state pages and streams read ---- */

static void token_locked(const serve_t *s, char *out, size_t n)
{
	snprintf(out, n, "%s.%lu", s->boot, s->gen);
}

/* The <script> tags put into HTML pages: the state, then the client. */
static void snippet(serve_t *s, buf_t *out)
{
	char token[64];
	pthread_mutex_lock(&s->mu);
	token_locked(s, token, sizeof token);
	buf_printf(out, "<script>window.__pnyx={\"token\":\"%s\",\"events\":\"%s\",\"error\":%s};</script>\n",
		   token, SERVE_EVENTS_PATH, s->error_json ? s->error_json : "null");
	pthread_mutex_unlock(&s->mu);
	buf_printf(out, "<script>%s</script>\n", serve_client_js);
}

/* ---- responses ---- */

static enum MHD_Result queue(struct MHD_Connection *c, int status, struct MHD_Response *r,
			     const char *type)
{
	if (type)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	enum MHD_Result ok = MHD_queue_response(c, (unsigned)status, r);
	MHD_destroy_response(r);
	return ok;
}

static enum MHD_Result send_text(struct MHD_Connection *c, int status, const char *text)
{
	struct MHD_Response *r =
		MHD_create_response_from_buffer(strlen(text), (void *)text, MHD_RESPMEM_PERSISTENT);
	return r ? queue(c, status, r, "text/plain; charset=utf-8") : MHD_NO;
}

static bool is_html(const char *type)
{
	return strncmp(type, "text/html", 9) == 0;
}

/* The page with the live-reload script, in memory; NULL if unreadable. */
static struct MHD_Response *html_response(serve_t *s, int fd, size_t size)
{
	char *html = xmalloc(size + 1);
	size_t got = 0;
	while (got < size) {
		ssize_t k = read(fd, html + got, size - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	close(fd);
	buf_t snip = BUF_INIT, out = BUF_INIT;
	snippet(s, &snip);
	serve_inject(&out, html, got, buf_cstr(&snip));
	free(html);
	buf_free(&snip);
	size_t n;
	char *body = buf_detach(&out, &n);
	struct MHD_Response *r = MHD_create_response_from_buffer(n, body, MHD_RESPMEM_MUST_FREE);
	if (!r)
		free(body);
	return r;
}

static enum MHD_Result send_file(serve_t *s, struct MHD_Connection *c, int status, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		if (fd >= 0)
			close(fd);
		return send_text(c, 404, "404 not found\n");
	}
	const char *type = serve_content_type(path);
	struct MHD_Response *r;
	if (is_html(type) && (size_t)st.st_size <= SERVE_MAX_INJECT)
		r = html_response(s, fd, (size_t)st.st_size);
	else if (!(r = MHD_create_response_from_fd((size_t)st.st_size, fd)))
		close(fd);
	return r ? queue(c, status, r, type) : MHD_NO;
}

static char *baseurl_copy(serve_t *s)
{
	pthread_mutex_lock(&s->mu);
	char *b = xstrdup(s->baseurl);
	pthread_mutex_unlock(&s->mu);
	return b;
}

static bool error_stands(serve_t *s)
{
	pthread_mutex_lock(&s->mu);
	bool e = s->error_json != NULL;
	pthread_mutex_unlock(&s->mu);
	return e;
}

/* A 404 page of our own while a failed build stands and the site has no
 * 404.html (e.g. the first build failed): it carries the overlay, and
 * reloads once the build is fixed. */
static enum MHD_Result send_error_page(serve_t *s, struct MHD_Connection *c)
{
	static const char page[] = "<!doctype html>\n<meta charset=\"utf-8\"><title>404 not found</title>\n"
				   "<body><h1>404 not found</h1></body>\n";
	buf_t snip = BUF_INIT, out = BUF_INIT;
	snippet(s, &snip);
	serve_inject(&out, page, sizeof page - 1, buf_cstr(&snip));
	buf_free(&snip);
	size_t n;
	char *body = buf_detach(&out, &n);
	struct MHD_Response *r = MHD_create_response_from_buffer(n, body, MHD_RESPMEM_MUST_FREE);
	if (!r) {
		free(body);
		return MHD_NO;
	}
	return queue(c, 404, r, "text/html; charset=utf-8");
}

/* The site's own 404.html, or a line of text. */
static enum MHD_Result send_not_found(serve_t *s, struct MHD_Connection *c, const char *baseurl)
{
	buf_t p = BUF_INIT;
	buf_printf(&p, "%s/404.html", baseurl);
	serve_route_t r;
	serve_route(s->root, baseurl, buf_cstr(&p), &r);
	buf_free(&p);
	enum MHD_Result ok;
	if (r.kind == SERVE_FILE)
		ok = send_file(s, c, 404, r.path);
	else if (error_stands(s))
		ok = send_error_page(s, c);
	else
		ok = send_text(c, 404, "404 not found\n");
	serve_route_free(&r);
	return ok;
}

static enum MHD_Result send_redirect(struct MHD_Connection *c, int status, const char *location)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, location);
	return queue(c, status, r, NULL);
}

static enum MHD_Result send_site(serve_t *s, struct MHD_Connection *c, const char *url)
{
	char *baseurl = baseurl_copy(s);
	serve_route_t r;
	serve_route(s->root, baseurl, url, &r);
	enum MHD_Result ok;
	if (r.kind == SERVE_FILE)
		ok = send_file(s, c, 200, r.path);
	else if (r.kind == SERVE_REDIRECT)
		ok = send_redirect(c, r.status, r.location);
	else
		ok = send_not_found(s, c, baseurl);
	serve_route_free(&r);
	free(baseurl);
	return ok;
}

/* ---- the event stream ---- */

typedef struct {
	serve_t *s;
	char since[64];  /* the state the browser has seen */
	buf_t pending;   /* bytes composed and not yet handed out */
	size_t off;
} stream_t;

/* What a browser that has seen `since` must do now. */
static void compose_event_locked(stream_t *st)
{
	serve_t *s = st->s;
	char token[64];
	token_locked(s, token, sizeof token);
	size_t bl = strlen(s->boot);
	bool same_boot = strncmp(st->since, s->boot, bl) == 0 && st->since[bl] == '.';
	unsigned long seen = same_boot ? strtoul(st->since + bl + 1, NULL, 10) : 0;
	if (s->error_json)
		buf_printf(&st->pending, "event: builderror\nid: %s\ndata: %s\n\n", token, s->error_json);
	else if (!same_boot || seen < s->reload_gen)
		buf_printf(&st->pending, "event: reload\nid: %s\ndata: {}\n\n", token);
	else
		buf_printf(&st->pending, "event: css\nid: %s\ndata: {}\n\n", token);
	snprintf(st->since, sizeof st->since, "%s", token);
}

/* Waits for a change, at most SERVE_PING_S; false when stopping. */
static bool wait_change(stream_t *st)
{
	serve_t *s = st->s;
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += SERVE_PING_S;
	char token[64];
	pthread_mutex_lock(&s->mu);
	for (;;) {
		token_locked(s, token, sizeof token);
		if (s->stopping || strcmp(token, st->since) != 0)
			break;
		if (pthread_cond_timedwait(&s->changed, &s->mu, &until) == ETIMEDOUT)
			break;
	}
	bool stopping = s->stopping;
	if (!stopping) {
		if (strcmp(token, st->since) != 0)
			compose_event_locked(st);
		else
			buf_puts(&st->pending, ": ping\n\n");
	}
	pthread_mutex_unlock(&s->mu);
	return !stopping;
}

static ssize_t stream_read(void *cls, uint64_t pos, char *out, size_t max)
{
	stream_t *st = cls;
	if (st->off == st->pending.n) {
		buf_clear(&st->pending);
		st->off = 0;
		if (!wait_change(st))
			return MHD_CONTENT_READER_END_OF_STREAM;
	}
	size_t n = st->pending.n - st->off;
	if (n > max)
		n = max;
	memcpy(out, st->pending.p + st->off, n);
	st->off += n;
	return (ssize_t)n;
}

static void stream_free(void *cls)
{
	stream_t *st = cls;
	buf_free(&st->pending);
	free(st);
}

static enum MHD_Result send_events(serve_t *s, struct MHD_Connection *c)
{
	stream_t *st = xcalloc(1, sizeof *st);
	st->s = s;
	/* EventSource sends the last id it saw when it reconnects */
	const char *since = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Last-Event-ID");
	if (!since)
		since = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "since");
	if (since) {
		snprintf(st->since, sizeof st->since, "%s", since);
	} else {
		/* no state known: nothing to catch up with */
		pthread_mutex_lock(&s->mu);
		token_locked(s, st->since, sizeof st->since);
		pthread_mutex_unlock(&s->mu);
	}
	/* a quick reconnection when the server restarts */
	buf_puts(&st->pending, "retry: 500\n\n");
	struct MHD_Response *r =
		MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, stream_read, st, stream_free);
	if (!r) {
		stream_free(st);
		return MHD_NO;
	}
	MHD_add_response_header(r, "X-Accel-Buffering", "no");
	return queue(c, 200, r, "text/event-stream; charset=utf-8");
}

/* ---- requests ---- */

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_size, void **req_cls)
{
	serve_t *s = cls;
	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0) {
		struct MHD_Response *r = MHD_create_response_from_buffer(
			23, (void *)"405 method not allowed\n", MHD_RESPMEM_PERSISTENT);
		if (!r)
			return MHD_NO;
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
		return queue(c, 405, r, "text/plain; charset=utf-8");
	}
	/* Answer on the second call, once the request is read whole: a
	 * response queued on the first call makes libmicrohttpd close the
	 * connection instead of keeping it alive. */
	static int seen;
	if (!*req_cls) {
		*req_cls = &seen;
		return MHD_YES;
	}
	if (*upload_size) {
		*upload_size = 0;  /* a GET with a body: the body is ignored */
		return MHD_YES;
	}
	if (strcmp(url, SERVE_EVENTS_PATH) == 0)
		return send_events(s, c);
	return send_site(s, c, url);
}

/* The path is decoded by serve_clean_path, once: libmicrohttpd must leave
 * it as it came. */
static size_t no_unescape(void *cls, struct MHD_Connection *c, char *s)
{
	return strlen(s);
}

serve_t *serve_start(const serve_opts_t *o, diag_list_t *d)
{
	int fd = open_listener(o->host, o->port, d);
	if (fd < 0)
		return NULL;
	serve_t *s = xcalloc(1, sizeof *s);
	s->root = xstrdup(o->root);
	s->baseurl = xstrdup(o->baseurl ? o->baseurl : "");
	s->port = bound_port(fd);
	snprintf(s->boot, sizeof s->boot, "%lx%x", (unsigned long)time(NULL), (unsigned)getpid());
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->changed, NULL);
	s->mhd = MHD_start_daemon(
		MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL | MHD_USE_ITC,
		0, NULL, NULL, on_request, s,
		MHD_OPTION_LISTEN_SOCKET, fd,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)SERVE_MAX_CONNECTIONS,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)SERVE_TIMEOUT_S,
		MHD_OPTION_UNESCAPE_CALLBACK, no_unescape, NULL,
		MHD_OPTION_END);
	if (!s->mhd) {
		close(fd);
		diag_error(d, NULL, 0, 0, "cannot start the HTTP server on %s port %d", o->host, s->port);
		s->stopping = true;
		serve_stop(s);
		return NULL;
	}
	return s;
}

int serve_port(const serve_t *s)
{
	return s->port;
}

void serve_set_baseurl(serve_t *s, const char *baseurl)
{
	pthread_mutex_lock(&s->mu);
	free(s->baseurl);
	s->baseurl = xstrdup(baseurl ? baseurl : "");
	pthread_mutex_unlock(&s->mu);
}

void serve_notify_built(serve_t *s, bool css_only)
{
	pthread_mutex_lock(&s->mu);
	s->gen++;
	/* after an error, the pages show the overlay: they reload whatever changed */
	if (!css_only || s->error_json)
		s->reload_gen = s->gen;
	free(s->error_json);
	s->error_json = NULL;
	pthread_cond_broadcast(&s->changed);
	pthread_mutex_unlock(&s->mu);
}

void serve_notify_failed(serve_t *s, const diag_list_t *d)
{
	buf_t j = BUF_INIT;
	serve_errors_json(d, &j);
	pthread_mutex_lock(&s->mu);
	s->gen++;
	free(s->error_json);
	s->error_json = buf_detach(&j, NULL);
	pthread_cond_broadcast(&s->changed);
	pthread_mutex_unlock(&s->mu);
}

void serve_stop(serve_t *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->mu);
	s->stopping = true;
	pthread_cond_broadcast(&s->changed);
	pthread_mutex_unlock(&s->mu);
	if (s->mhd)
		MHD_stop_daemon(s->mhd);
	pthread_cond_destroy(&s->changed);
	pthread_mutex_destroy(&s->mu);
	free(s->error_json);
	free(s->baseurl);
	free(s->root);
	free(s);
}
