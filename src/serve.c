/* serve.c - the HTTP half of serve.h, on libmicrohttpd.
 *
 * A few threads, each polling its share of the connections (epoll on
 * Linux), answer every request: a thread per connection (the first
 * design) ran out at 64 clients and let slow ones hold threads. Nothing
 * may block a callback now, so an event
 * stream with nothing to say parks its connection (MHD_suspend_connection)
 * and the keeper thread wakes it (MHD_resume_connection) after a build,
 * or for a keep-alive comment. The keeper also drops connections whose
 * request is not read whole SERVE_REQUEST_S seconds after they opened or
 * their previous answer went out: libmicrohttpd's own timeout counts idle
 * time only, so a header sent one byte a second would hold its slot
 * forever. The listening socket is made here rather than by
 * libmicrohttpd so that a port in use gets one clear message and port 0
 * can pick a free one. */
#include "serve.h"

#include <errno.h>
#include <fcntl.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

/* Seconds between keep-alive comments on an idle event stream: a parked
 * stream does not time out, but a proxy or a browser might give up on a
 * silent one. */
#define SERVE_PING_S 4
/* HTML files larger than this are sent without the script. */
#define SERVE_MAX_INJECT (64u << 20)
/* File descriptors kept for builds, the watch and the log, out of the
 * connection limit. */
#define SERVE_FD_RESERVE 256
/* Pending connections the kernel holds before they are accepted: a
 * thousand browsers' tabs connecting at once wait here instead of
 * retrying their SYN a second later. */
#define SERVE_BACKLOG 1024
/* Connections gone since the busiest moment after which memory is
 * trimmed (see trim_memory). */
#define SERVE_TRIM_BURST 64
/* Seconds without a build after which its memory is trimmed. */
#define SERVE_TRIM_IDLE_S 1

typedef struct stream stream_t;
typedef struct conn conn_t;

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
	stream_t *parked;          /* event streams suspended until a change or a ping */
	pthread_mutex_t conns_mu;  /* guards the list of connections */
	conn_t *conns;
	pthread_t keeper;
	bool keeper_running;
};

/* Seconds on a monotonic clock. */
static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

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
	if (bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, SERVE_BACKLOG) != 0) {
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

/* Where a stream is: handing out bytes, parked (its connection suspended,
 * on s->parked), woken by the keeper (resumed, owes a ping if nothing
 * changed), or woken because the browser left (it ends). */
typedef enum { STREAM_RUNNING, STREAM_PARKED, STREAM_WOKEN, STREAM_GONE } stream_state_t;

struct stream {
	serve_t *s;
	struct MHD_Connection *c;
	int fd;                /* the connection's socket, watched while parked */
	stream_state_t state;  /* guarded by s->mu */
	stream_t *next_parked;
	char since[64];        /* the state the browser has seen */
	buf_t pending;         /* bytes composed and not yet handed out */
	size_t off;
};

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

/* Fills st->pending with what is due: an event, a ping after a wake-up,
 * or nothing, and then the connection is parked until the keeper wakes
 * it. Returns 0, or the end to give libmicrohttpd: the server stops, or
 * the browser left. */
static ssize_t next_event(stream_t *st)
{
	serve_t *s = st->s;
	char token[64];
	pthread_mutex_lock(&s->mu);
	ssize_t end = st->state == STREAM_GONE ? MHD_CONTENT_READER_END_WITH_ERROR
		: s->stopping ? MHD_CONTENT_READER_END_OF_STREAM : 0;
	if (!end) {
		token_locked(s, token, sizeof token);
		if (strcmp(token, st->since) != 0) {
			compose_event_locked(st);
			st->state = STREAM_RUNNING;
		} else if (st->state == STREAM_WOKEN) {
			buf_puts(&st->pending, ": ping\n\n");
			st->state = STREAM_RUNNING;
		} else {
			/* the keeper takes the list under s->mu: a change made
			 * after the check above finds this stream parked */
			st->state = STREAM_PARKED;
			st->next_parked = s->parked;
			s->parked = st;
			MHD_suspend_connection(st->c);
		}
	}
	pthread_mutex_unlock(&s->mu);
	return end;
}

static ssize_t stream_read(void *cls, uint64_t pos, char *out, size_t max)
{
	stream_t *st = cls;
	if (st->off == st->pending.n) {
		buf_clear(&st->pending);
		st->off = 0;
		ssize_t end = next_event(st);
		if (end)
			return end;
		if (st->pending.n == 0)
			return 0;  /* parked: called again once resumed */
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
	st->c = c;
	const union MHD_ConnectionInfo *info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
	st->fd = info ? info->connect_fd : -1;
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

/* ---- connections and their request deadline ---- */

/* One open connection, as the keeper sees it. */
struct conn {
	conn_t *prev, *next;
	int fd;
	bool busy;      /* its request (header and body) was read whole and is being answered */
	bool dropped;
	double since;   /* when it opened, or its last answer went out */
};

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
			  enum MHD_ConnectionNotificationCode code)
{
	serve_t *s = cls;
	conn_t *k = *socket_context;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		k = xcalloc(1, sizeof *k);
		k->fd = info ? info->connect_fd : -1;
		k->since = now_s();
		pthread_mutex_lock(&s->conns_mu);
		k->next = s->conns;
		if (s->conns)
			s->conns->prev = k;
		s->conns = k;
		pthread_mutex_unlock(&s->conns_mu);
		*socket_context = k;
	} else if (k) {
		/* libmicrohttpd closes the socket after this returns: the
		 * keeper, holding conns_mu, never shuts down a reused number */
		pthread_mutex_lock(&s->conns_mu);
		if (k->prev)
			k->prev->next = k->next;
		else
			s->conns = k->next;
		if (k->next)
			k->next->prev = k->prev;
		pthread_mutex_unlock(&s->conns_mu);
		free(k);
		*socket_context = NULL;
	}
}

static conn_t *conn_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return info ? info->socket_context : NULL;
}

static void set_busy(serve_t *s, struct MHD_Connection *c, bool busy)
{
	conn_t *k = conn_of(c);
	if (!k)
		return;
	pthread_mutex_lock(&s->conns_mu);
	k->busy = busy;
	k->since = now_s();
	pthread_mutex_unlock(&s->conns_mu);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **req_cls,
			 enum MHD_RequestTerminationCode code)
{
	set_busy(cls, c, false);
}

/* Ends the connections still waiting for a whole request after
 * SERVE_REQUEST_S: shutdown() makes libmicrohttpd read an end of file and
 * close them itself. */
static size_t drop_slow(serve_t *s)
{
	double now = now_s();
	size_t open = 0;
	pthread_mutex_lock(&s->conns_mu);
	for (conn_t *k = s->conns; k; k = k->next, open++)
		if (!k->busy && !k->dropped && k->fd >= 0 && now - k->since >= SERVE_REQUEST_S) {
			shutdown(k->fd, SHUT_RDWR);
			k->dropped = true;
		}
	pthread_mutex_unlock(&s->conns_mu);
	return open;
}

/* Gives memory freed by a burst of connections, or by builds, back to
 * the system: glibc keeps what its per-thread arenas freed, so a server
 * that once had a thousand clients, or ran a large rebuild, would hold
 * that memory for the rest of the session. After builds, only once they
 * paused for SERVE_TRIM_IDLE_S (the next build would fault the pages in
 * again) and while few connections are open (trimming takes the arenas'
 * locks). */
typedef struct {
	size_t peak;            /* most connections open since the last trim */
	unsigned long gen;      /* the last build generation seen */
	double gen_at;          /* when it was seen */
	unsigned long trimmed;  /* the generation last trimmed after */
} trim_t;

static void trim_memory(trim_t *t, size_t open, unsigned long gen)
{
	double now = now_s();
	if (gen != t->gen) {
		t->gen = gen;
		t->gen_at = now;
	}
	if (open > t->peak)
		t->peak = open;
	bool burst_over = t->peak >= open + SERVE_TRIM_BURST && open * 4 <= t->peak;
	bool built = gen != t->trimmed && now - t->gen_at >= SERVE_TRIM_IDLE_S && open < SERVE_TRIM_BURST;
	if (!burst_over && !built)
		return;
#ifdef __GLIBC__
	malloc_trim(0);
#endif
	t->peak = open;
	t->trimmed = gen;
}

/* ---- the keeper: wakes parked streams, drops slow requests ---- */

/* Resumes every stream taken off the parked list. Outside s->mu: a
 * taken stream stays suspended, hence alive, until resumed here. */
static void wake(stream_t *list)
{
	while (list) {
		stream_t *next = list->next_parked;
		MHD_resume_connection(list->c);
		list = next;
	}
}

static stream_t *take_parked_locked(serve_t *s)
{
	stream_t *list = s->parked;
	s->parked = NULL;
	for (stream_t *st = list; st; st = st->next_parked)
		st->state = STREAM_WOKEN;
	return list;
}

/* Takes off the parked list the streams whose browser closed the
 * connection: libmicrohttpd does not watch a suspended connection, so
 * without this a closed tab would hold its socket until the next ping
 * fails. */
static stream_t *take_gone_locked(serve_t *s)
{
	size_t n = 0;
	for (stream_t *st = s->parked; st; st = st->next_parked)
		n++;
	if (!n)
		return NULL;
	struct pollfd *pf = xcalloc(n, sizeof *pf);
	size_t i = 0;
	for (stream_t *st = s->parked; st; st = st->next_parked, i++)
		pf[i] = (struct pollfd){ .fd = st->fd, .events = POLLRDHUP };
	stream_t *gone = NULL;
	if (poll(pf, (nfds_t)n, 0) > 0) {
		stream_t **link = &s->parked;
		i = 0;
		while (*link) {
			stream_t *st = *link;
			if (pf[i++].revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL)) {
				*link = st->next_parked;
				st->state = STREAM_GONE;
				st->next_parked = gone;
				gone = st;
			} else {
				link = &st->next_parked;
			}
		}
	}
	free(pf);
	return gone;
}

/* Appends list b to list a. */
static stream_t *join_lists(stream_t *a, stream_t *b)
{
	if (!a)
		return b;
	stream_t *t = a;
	while (t->next_parked)
		t = t->next_parked;
	t->next_parked = b;
	return a;
}

static void *keeper_main(void *arg)
{
	serve_t *s = arg;
	/* not s->gen read now: a build may have been announced before this
	 * thread first runs, with a stream parked before it */
	unsigned long seen = 0;
	trim_t trim = { 0 };
	double next_ping = now_s() + SERVE_PING_S;
	pthread_mutex_lock(&s->mu);
	while (!s->stopping) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 1;
		while (!s->stopping && s->gen == seen &&
		       pthread_cond_timedwait(&s->changed, &s->mu, &until) != ETIMEDOUT)
			;
		double now = now_s();
		unsigned long gen = s->gen;
		stream_t *list = take_gone_locked(s);
		if (s->gen != seen || s->stopping || now >= next_ping) {
			list = join_lists(list, take_parked_locked(s));
			seen = s->gen;
			if (now >= next_ping)
				next_ping = now + SERVE_PING_S;
		}
		pthread_mutex_unlock(&s->mu);
		wake(list);
		trim_memory(&trim, drop_slow(s), gen);
		pthread_mutex_lock(&s->mu);
	}
	/* stopping: no stream parks any more; libmicrohttpd must not be
	 * stopped with a connection suspended */
	stream_t *list = join_lists(take_gone_locked(s), take_parked_locked(s));
	pthread_mutex_unlock(&s->mu);
	wake(list);
	return NULL;
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
		set_busy(s, c, true);
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
	/* read whole, body included: the request deadline stops */
	set_busy(s, c, true);
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

/* Raises the soft limit on open files towards the hard one (a thousand
 * clients need more than the usual 1,024), no further than the server can
 * use, and returns how many connections fit under it. */
static unsigned connection_limit(void)
{
	const rlim_t want = (rlim_t)SERVE_MAX_CONNECTIONS + SERVE_FD_RESERVE;
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return 64;
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want) {
		rlim_t to = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > want ? want : rl.rlim_max;
		if (to > rl.rlim_cur) {
			struct rlimit raised = { .rlim_cur = to, .rlim_max = rl.rlim_max };
			if (setrlimit(RLIMIT_NOFILE, &raised) == 0)
				rl.rlim_cur = to;
		}
	}
	if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= want)
		return SERVE_MAX_CONNECTIONS;
	return rl.rlim_cur > SERVE_FD_RESERVE + 16 ? (unsigned)(rl.rlim_cur - SERVE_FD_RESERVE) : 16;
}

/* Between 2 and 4 threads: one per core. */
static unsigned thread_count(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < SERVE_MIN_THREADS ? SERVE_MIN_THREADS : n > SERVE_MAX_THREADS ? SERVE_MAX_THREADS : (unsigned)n;
}

serve_t *serve_start(const serve_opts_t *o, diag_list_t *d)
{
	unsigned limit = connection_limit();
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
	pthread_mutex_init(&s->conns_mu, NULL);
	s->mhd = MHD_start_daemon(
		MHD_USE_AUTO_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME,
		0, NULL, NULL, on_request, s,
		MHD_OPTION_LISTEN_SOCKET, fd,
		MHD_OPTION_THREAD_POOL_SIZE, thread_count(),
		MHD_OPTION_CONNECTION_LIMIT, limit,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)SERVE_TIMEOUT_S,
		MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
		MHD_OPTION_UNESCAPE_CALLBACK, no_unescape, NULL,
		MHD_OPTION_END);
	if (s->mhd)
		s->keeper_running = pthread_create(&s->keeper, NULL, keeper_main, s) == 0;
	if (!s->keeper_running) {
		if (!s->mhd)
			close(fd);
		diag_error(d, NULL, 0, 0, "cannot start the HTTP server on %s port %d", o->host, s->port);
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
	/* the keeper resumes every parked stream before it ends */
	if (s->keeper_running)
		pthread_join(s->keeper, NULL);
	if (s->mhd)
		MHD_stop_daemon(s->mhd);
	pthread_mutex_destroy(&s->conns_mu);
	pthread_cond_destroy(&s->changed);
	pthread_mutex_destroy(&s->mu);
	free(s->error_json);
	free(s->baseurl);
	free(s->root);
	free(s);
}
