/* loadgen.c - the load driver of tests/load/load.sh: one process, one
 * epoll loop, non-blocking sockets, and only ever 127.0.0.1.
 *
 *   loadgen PORT [--paths FILE --conns N --seconds S] [--slow N --slow-deadline S]
 *                [--sse N] [--hostile] [--secret TEXT]... [--timeout S]
 *   loadgen PORT --rebuilds N --edit FILE --pid PID
 *
 * The first form runs, at the same time:
 *   - N fast clients, each asking for the pages of FILE ("STATUS PATH"
 *     lines) one after another on a kept-alive connection for S seconds
 *     (every 9th a HEAD, every 25th with "Connection: close", and a new
 *     connection after it); each answer's status must be the one the
 *     line gives;
 *   - slow clients sending a header that never ends, one byte a second:
 *     the server must drop each of them about --slow-deadline seconds
 *     after it connected, and never stall the fast ones;
 *   - event streams (/__pnyx/events) held open: each must stay open and
 *     see a reload (load.sh edits pages meanwhile);
 *   - the hostile catalogue, each request on its own connection: bad
 *     methods, huge headers, broken syntax, ".." in every encoding,
 *     symlinks out of the output folder; each with the statuses allowed.
 * No response may hold a --secret text. Prints figures on lines starting
 * with "load:", then one "ok NAME" or "FAIL NAME: why" line per check.
 *
 * The second form opens an event stream, then rewrites FILE N times with
 * a last line that changes (the page keeps its size), each time waiting for the event that the rebuild sends, and
 * compares the memory (VmRSS) of process PID after the first rebuild and
 * after the last. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_SECRETS 4
#define LAT_BUCKETS 20000 /* milliseconds */

static int port;
static const char *secrets[MAX_SECRETS];
static int nsecrets;
static int checks_failed;

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p) {
		fputs("loadgen: out of memory\n", stderr);
		exit(2);
	}
	return p;
}

static char *xstrdup(const char *s)
{
	return strcpy(xrealloc(NULL, strlen(s) + 1), s);
}

static void check(bool ok, const char *name, const char *fmt, ...)
{
	if (ok) {
		printf("ok %s\n", name);
		return;
	}
	checks_failed++;
	printf("FAIL %s: ", name);
	va_list ap;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* ---- the hostile catalogue ---- */

typedef struct {
	const char *name;
	char *req;           /* the bytes sent */
	size_t len;
	int allowed[4];      /* statuses accepted; 0 ends the list */
	bool may_close;      /* a close without an answer is accepted too */
	bool until_eof;      /* read every answer, up to the server's close */
	const char *never;   /* must not appear in the response header */
	/* what happened */
	int status;
	bool closed_early, leaked, timed_out, bad_header;
} hostile_t;

static hostile_t hostile[128];
static int nhostile;
static const char *page = "/index.html"; /* a page that exists */

/* req (n bytes, NULs allowed) with every "/index.html" made `page`. */
static char *with_page(const char *req, size_t n, size_t *len)
{
	static const char mark[] = "/index.html";
	size_t pn = strlen(page), mn = sizeof mark - 1, o = 0;
	char *r = xrealloc(NULL, n * (pn + 1) + 1);
	for (size_t i = 0; i < n;) {
		if (n - i >= mn && memcmp(req + i, mark, mn) == 0) {
			memcpy(r + o, page, pn);
			o += pn;
			i += mn;
		} else {
			r[o++] = req[i++];
		}
	}
	r[o] = '\0';
	*len = o;
	return r;
}

static void add_hostile(const char *name, char *req, size_t len, bool may_close, const char *never, ...)
{
	hostile_t *h = &hostile[nhostile++];
	h->name = name;
	h->req = with_page(req, len, &h->len);
	free(req);
	h->may_close = may_close;
	h->never = never;
	va_list ap;
	va_start(ap, never);
	for (int i = 0, st; i < 3 && (st = va_arg(ap, int)) != 0; i++)
		h->allowed[i] = st;
	va_end(ap);
}

/* A GET of `path` (sent as is, not encoded) expecting `status`. */
static void hostile_path(const char *path, int status)
{
	char *r = NULL;
	int n = asprintf(&r, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", path);
	if (n < 0)
		exit(2);
	add_hostile(xstrdup(path), r, (size_t)n, false, NULL, status, 0);
}

static char *repeat(const char *head, char c, size_t count, const char *tail, size_t *len)
{
	size_t hn = strlen(head), tn = strlen(tail);
	char *r = xrealloc(NULL, hn + count + tn + 1);
	memcpy(r, head, hn);
	memset(r + hn, c, count);
	memcpy(r + hn + count, tail, tn + 1);
	*len = hn + count + tn;
	return r;
}

static void build_hostile(void)
{
	/* ".." in every encoding, one to eight levels up; the secret lies
	 * one and two levels above the output folder */
	static const char *const up[] = {
		"/../secret.txt", "/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2e/%2e%2E/secret.txt",
		"/%2e%2e%2fsecret.txt", "/%2e%2e%2f%2e%2e%2fsecret.txt", "/..%2fsecret.txt", "/..%2f..%2fsecret.txt",
		"/..%2Fsecret.txt", "/%252e%252e/secret.txt", "/%252e%252e%252f%252e%252e%252fsecret.txt",
		"/%25%32%65%25%32%65/secret.txt", "/%c0%ae%c0%ae/secret.txt", "/%c0%ae%c0%ae%c0%af%c0%ae%c0%ae%c0%afsecret.txt",
		"/%C0%AE%C0%AE/%C0%AE%C0%AE/secret.txt", "/%e0%80%ae%e0%80%ae/secret.txt", "/%f0%80%80%ae%f0%80%80%ae/secret.txt",
		"/%c0%2e%c0%2e/secret.txt", "/%c1%9c..%c1%9csecret.txt", "/..\\secret.txt", "/..\\..\\secret.txt",
		"/..%5csecret.txt", "/..%5c..%5csecret.txt", "/%2e%2e%5csecret.txt", "/%2e%2e%5c%2e%2e%5csecret.txt",
		"/.%2e/secret.txt", "/%2e./secret.txt", "/./../secret.txt", "//../secret.txt", "/blog/../../secret.txt",
		"/blog/%2e%2e/%2e%2e/secret.txt", "/blog/..%2f..%2fsecret.txt", "/..;/secret.txt", "/%2e%2e;/secret.txt",
		"/%00/../secret.txt", "/../secret.txt%00.html", "/%2e%2e%00/secret.txt", "/%u002e%u002e/secret.txt",
		"/../../../../../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
		"//etc/passwd", "/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd", "http://127.0.0.1/../secret.txt",
		"/%2e%2e", "/..", "/.", "/%2e",
		/* symlinks planted by load.sh: out to the secret, its folder, and
		 * a sibling folder whose name starts with the output folder's */
		"/leak.txt", "/leak", "/leakdir/secret.txt", "/leakdir/", "/leakdir", "/sibling.html", "/sibling",
		/* bad escapes and control bytes */
		"/%", "/%zz", "/%2", "/%%32%65", "/%0a", "/page%00.html", "/%7f",
	};
	for (size_t i = 0; i < sizeof up / sizeof up[0]; i++)
		hostile_path(up[i], 404);
	/* a CR LF in the path must not reach a header (a redirect's Location) */
	char *r = NULL;
	int n = asprintf(&r, "GET /blog%%0d%%0aX-Injected:%%201 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
	add_hostile("CR LF in a redirect", r, (size_t)n, false, "\nX-Injected", 404, 0);
	hostile_path("/index.html?x=../../secret.txt", 200);

	static const char *const methods[] = { "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND", "BREW" };
	for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
		n = asprintf(&r, "%s /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc",
			     methods[i]);
		add_hostile(methods[i], r, (size_t)n, false, NULL, 405, 0);
	}
	n = asprintf(&r, "CONNECT 127.0.0.1:1 HTTP/1.1\r\nHost: 127.0.0.1:1\r\n\r\n");
	add_hostile("CONNECT", r, (size_t)n, false, NULL, 405, 400, 0);

	size_t len;
	r = repeat("GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ", 'a', 40000, "\r\n\r\n", &len);
	add_hostile("a 40 kB header", r, len, false, NULL, 431, 400, 413, 0);
	r = repeat("GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ", 'a', 1 << 20, "\r\n\r\n", &len);
	add_hostile("a 1 MB header", r, len, true, NULL, 431, 400, 413, 0);
	r = repeat("GET /", 'a', 70000, " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", &len);
	add_hostile("a 70 kB path", r, len, false, NULL, 414, 431, 400, 0);
	{
		/* 6,000 small headers */
		static const char line[] = "X-A: b\r\n";
		size_t k = 6000, ln = sizeof line - 1;
		const char *head = "GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\n";
		size_t hn = strlen(head);
		r = xrealloc(NULL, hn + k * ln + 3);
		memcpy(r, head, hn);
		for (size_t i = 0; i < k; i++)
			memcpy(r + hn + i * ln, line, ln);
		memcpy(r + hn + k * ln, "\r\n", 3);
		add_hostile("6,000 headers", r, hn + k * ln + 2, false, NULL, 431, 400, 413, 0);
	}
#define RAW(s) s, sizeof s - 1
	static const struct {
		const char *name, *req;
		size_t len;
		int a, b;
		bool may_close;
	} broken[] = {
		{ "garbage", RAW("GARBAGE \x01\x02\r\n\r\n"), 400, 0, false },
		{ "HTTP/9.9", RAW("GET /index.html HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n"), 505, 400, false },
		{ "no version (HTTP/0.9)", RAW("GET /index.html\r\n\r\n"), 400, 505, true },
		{ "no Host in HTTP/1.1", RAW("GET /index.html HTTP/1.1\r\nConnection: close\r\n\r\n"), 400, 200, false },
		{ "a header without a colon", RAW("GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\nNoColon\r\n\r\n"), 400, 0, false },
		{ "a NUL in the request line", RAW("GET /\0 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), 400, 404, true },
		{ "a NUL in a header", RAW("GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: a\0b\r\nConnection: close\r\n\r\n"), 400, 200, true },
		{ "a negative Content-Length", RAW("GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -1\r\n\r\n"), 400, 0, false },
		{ "a huge Content-Length", RAW("GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 999999999999999999999999\r\n\r\n"), 400, 413, false },
		{ "a bad chunk", RAW("GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n\r\n"), 400, 0, true },
		{ "a GET with a body", RAW("GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nConnection: close\r\n\r\nabcde"), 200, 0, false },
		{ "a bare LF request", RAW("GET /index.html HTTP/1.1\nHost: 127.0.0.1\nConnection: close\n\n"), 200, 400, false },
		{ "a space in the path", RAW("GET /index .html HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"), 404, 400, false },
		{ "a folded header", RAW("GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: b\r\n c\r\nConnection: close\r\n\r\n"), 200, 400, false },
		{ "pipelined, the second one out", RAW("GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET /../secret.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"), 200, 0, false },
	};
#undef RAW
	for (size_t i = 0; i < sizeof broken / sizeof broken[0]; i++) {
		r = xrealloc(NULL, broken[i].len + 1);
		memcpy(r, broken[i].req, broken[i].len + 1);
		add_hostile(broken[i].name, r, broken[i].len, broken[i].may_close, NULL, broken[i].a, broken[i].b, 0);
	}
	hostile[nhostile - 1].until_eof = true;
}

/* ---- clients ---- */

typedef enum { FAST, SLOW, SSE, HOSTILE } kind_t;
typedef enum { CONNECTING, SENDING, READING, IDLE, CLOSED } cstate_t;

typedef struct {
	kind_t kind;
	int id;
	int fd;
	cstate_t st;
	bool open;         /* counted as open (fd valid) */
	double t_open;     /* connected at */
	double t_req;      /* the current request started at */
	char req[1024];    /* fast and event-stream requests */
	const char *out;   /* what is being sent */
	size_t out_len, out_off;
	char *in;
	size_t in_n, in_cap;
	size_t hdr_len;
	int status;
	bool head, close_after;
	int expect;
	int nreq;
	hostile_t *h;
	double next_byte;  /* slow: when the next byte goes */
	size_t slow_off;
} client_t;

typedef struct {
	long requests, answers, by_status[600], wrong, timeouts, resets, closed_early, refused,
		leaks, no_script, connects;
	unsigned lat[LAT_BUCKETS];
	double lat_max;
	char wrong_example[256];
} fast_stats_t;

static fast_stats_t fs;
static int epfd;
static double t_end;       /* fast clients start no request after this */
static double timeout_s = 10;
static char **paths;
static int *path_status;
static int npaths;
static long open_conns;

static long slow_dropped, slow_answered, slow_reset_on_write;
static double slow_min = 1e9, slow_max;
static long sse_broken;
static int sse_min_reloads = 1 << 30;

static void close_client(client_t *c)
{
	if (c->open) {
		epoll_ctl(epfd, EPOLL_CTL_DEL, c->fd, NULL);
		close(c->fd);
		c->open = false;
		open_conns--;
	}
	c->st = CLOSED;
}

static int open_socket(client_t *c)
{
	c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd < 0) {
		perror("loadgen: socket");
		return -1;
	}
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((unsigned short)port) };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK); /* never any other address */
	int one = 1;
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (connect(c->fd, (struct sockaddr *)&a, sizeof a) != 0 && errno != EINPROGRESS) {
		close(c->fd);
		return -1;
	}
	struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET, .data.ptr = c };
	epoll_ctl(epfd, EPOLL_CTL_ADD, c->fd, &ev);
	c->open = true;
	open_conns++;
	c->st = CONNECTING;
	c->t_open = c->t_req = now_s();
	c->in_n = 0;
	c->hdr_len = 0;
	c->status = 0;
	return 0;
}

static void start_request(client_t *c);
static void do_write(client_t *c);

/* ---- responses ---- */

static const char *find_header(client_t *c, const char *name)
{
	size_t nl = strlen(name);
	for (const char *p = c->in; p < c->in + c->hdr_len; p++) {
		const char *e = memchr(p, '\n', (size_t)(c->in + c->hdr_len - p));
		if (!e)
			break;
		if (strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
			p += nl + 1;
			while (*p == ' ')
				p++;
			return p;
		}
		p = e;
	}
	return NULL;
}

/* Whether the chunked body from `at` is whole. */
static bool chunks_whole(const char *p, const char *end)
{
	for (;;) {
		const char *e = memmem(p, (size_t)(end - p), "\r\n", 2);
		if (!e)
			return false;
		unsigned long n = strtoul(p, NULL, 16);
		p = e + 2;
		if (n == 0)
			return memmem(p - 2, (size_t)(end - p + 2), "\r\n\r\n", 4) != NULL;
		if ((size_t)(end - p) < n + 2)
			return false;
		p += n + 2;
	}
}

/* 1 when the response is whole, 0 when more is needed, -1 when it can
 * only end with the connection. */
static int response_state(client_t *c)
{
	if (!c->hdr_len) {
		char *e = memmem(c->in, c->in_n, "\r\n\r\n", 4);
		if (!e)
			return 0;
		c->hdr_len = (size_t)(e - c->in) + 4;
		c->status = 0;
		if (c->in_n >= 12 && strncmp(c->in, "HTTP/1.", 7) == 0)
			c->status = atoi(c->in + 9);
	}
	if (c->head || c->status == 304 || c->status == 204 || c->status < 200)
		return 1;
	const char *te = find_header(c, "Transfer-Encoding");
	if (te && strncasecmp(te, "chunked", 7) == 0)
		return chunks_whole(c->in + c->hdr_len, c->in + c->in_n);
	const char *cl = find_header(c, "Content-Length");
	if (cl)
		return c->in_n >= c->hdr_len + strtoull(cl, NULL, 10);
	return -1;
}

static bool has_secret(const char *p, size_t n)
{
	for (int i = 0; i < nsecrets; i++)
		if (memmem(p, n, secrets[i], strlen(secrets[i])))
			return true;
	return false;
}

static void record_latency(double secs)
{
	long ms = (long)(secs * 1000);
	if (ms >= LAT_BUCKETS)
		ms = LAT_BUCKETS - 1;
	fs.lat[ms]++;
	if (secs > fs.lat_max)
		fs.lat_max = secs;
}

static void fast_answered(client_t *c)
{
	fs.answers++;
	if (c->status > 0 && c->status < 600)
		fs.by_status[c->status]++;
	record_latency(now_s() - c->t_req);
	if (c->status != c->expect) {
		if (!fs.wrong++)
			snprintf(fs.wrong_example, sizeof fs.wrong_example, "%s %s: %d, wanted %d",
				 c->head ? "HEAD" : "GET", paths[(c->id * 7 + (c->nreq - 1) * 13) % npaths],
				 c->status, c->expect);
	}
	if (has_secret(c->in, c->in_n))
		fs.leaks++;
	const char *type = find_header(c, "Content-Type");
	if (!c->head && c->status == 200 && type && strncmp(type, "text/html", 9) == 0 &&
	    !memmem(c->in + c->hdr_len, c->in_n - c->hdr_len, "window.__pnyx", 13))
		fs.no_script++;
	const char *conn = find_header(c, "Connection");
	bool server_closes = conn && strncasecmp(conn, "close", 5) == 0;
	if (c->close_after || server_closes || now_s() >= t_end) {
		close_client(c);
		if (now_s() < t_end && open_socket(c) == 0)
			fs.connects++;
		return;
	}
	c->in_n = 0;
	c->hdr_len = 0;
	start_request(c);
	/* edge-triggered: the socket stayed writable, no event will come */
	do_write(c);
}

static void hostile_done(client_t *c, bool eof)
{
	hostile_t *h = c->h;
	h->status = c->hdr_len ? c->status : 0;
	if (has_secret(c->in, c->in_n))
		h->leaked = true;
	if (h->never && c->hdr_len && memmem(c->in, c->hdr_len, h->never, strlen(h->never)))
		h->bad_header = true;
	if (!c->hdr_len && eof)
		h->closed_early = true;
	close_client(c);
}

/* ---- driving one client ---- */

static void start_request(client_t *c)
{
	if (c->kind == FAST) {
		int i = (c->id * 7 + c->nreq * 13) % npaths;
		c->head = c->nreq % 9 == 8;
		c->close_after = c->nreq % 25 == 24;
		c->expect = path_status[i];
		int n = snprintf(c->req, sizeof c->req,
				 "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUser-Agent: pnyx-loadgen\r\nAccept: */*\r\n%s\r\n",
				 c->head ? "HEAD" : "GET", paths[i], port, c->close_after ? "Connection: close\r\n" : "");
		c->out = c->req;
		c->out_len = (size_t)n;
		c->nreq++;
		fs.requests++;
	} else if (c->kind == SSE) {
		int n = snprintf(c->req, sizeof c->req, "GET /__pnyx/events HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n", port);
		c->out = c->req;
		c->out_len = (size_t)n;
	} else if (c->kind == HOSTILE) {
		c->out = c->h->req;
		c->out_len = c->h->len;
	} else {
		int n = snprintf(c->req, sizeof c->req, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ", page);
		c->out = c->req;
		c->out_len = (size_t)n;
		c->next_byte = now_s();
	}
	c->out_off = 0;
	c->t_req = now_s();
	c->st = c->kind == SLOW ? IDLE : SENDING;
}

static void fail_io(client_t *c, int err)
{
	if (c->kind == FAST) {
		if (c->st == CONNECTING && err == ECONNREFUSED)
			fs.refused++;
		else if (err == ECONNRESET || err == EPIPE)
			fs.resets++;
		else
			fs.closed_early++;
		close_client(c);
		if (now_s() < t_end && open_socket(c) == 0)
			fs.connects++;
	} else if (c->kind == SLOW) {
		slow_dropped++;
		double t = now_s() - c->t_open;
		if (t < slow_min)
			slow_min = t;
		if (t > slow_max)
			slow_max = t;
		close_client(c);
	} else if (c->kind == SSE) {
		sse_broken++;
		close_client(c);
	} else {
		hostile_done(c, true);
	}
}

static void do_write(client_t *c)
{
	while (c->out_off < c->out_len) {
		size_t n = c->out_len - c->out_off;
		if (c->kind == SLOW)
			n = 1;
		ssize_t k = send(c->fd, c->out + c->out_off, n, MSG_NOSIGNAL);
		if (k < 0) {
			if (errno == EAGAIN || errno == EINTR)
				return;
			if (c->kind == HOSTILE) {
				/* refused midway (a huge header): the answer may
				 * already wait to be read */
				c->st = READING;
				return;
			}
			if (c->kind == SLOW)
				slow_reset_on_write++;
			fail_io(c, errno);
			return;
		}
		c->out_off += (size_t)k;
		if (c->kind == SLOW)
			return;
	}
	if (c->kind != SLOW)
		c->st = READING;
}

static void do_read(client_t *c)
{
	for (;;) {
		if (c->in_cap - c->in_n < 16384) {
			c->in_cap = c->in_cap ? c->in_cap * 2 : 65536;
			c->in = xrealloc(c->in, c->in_cap);
		}
		ssize_t k = recv(c->fd, c->in + c->in_n, c->in_cap - c->in_n - 1, 0);
		if (k < 0) {
			if (errno == EAGAIN || errno == EINTR)
				return;
			if (c->kind == HOSTILE && c->hdr_len) {
				hostile_done(c, true);
				return;
			}
			fail_io(c, errno);
			return;
		}
		if (k == 0) {
			if (c->kind == FAST && c->hdr_len && response_state(c) == -1) {
				fast_answered(c);
				return;
			}
			if (c->kind == HOSTILE) {
				hostile_done(c, true);
				return;
			}
			if (c->kind == SLOW && c->in_n)
				slow_answered++;
			fail_io(c, 0);
			return;
		}
		c->in_n += (size_t)k;
		c->in[c->in_n] = '\0';
		if (c->kind == SSE || c->kind == SLOW)
			continue;
		int rs = response_state(c);
		if (rs == 1) {
			if (c->kind == FAST) {
				fast_answered(c);
				return;
			}
			if (!c->h->until_eof) {
				hostile_done(c, false);
				return;
			}
		}
	}
}

static void drive(client_t *c, unsigned events)
{
	if (c->st == CONNECTING) {
		if (!(events & (EPOLLOUT | EPOLLERR | EPOLLHUP)))
			return;
		int err = 0;
		socklen_t el = sizeof err;
		getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &el);
		if (err) {
			fail_io(c, err);
			return;
		}
		start_request(c);
	}
	if (c->st == SENDING)
		do_write(c);
	if (c->st == SENDING || c->st == READING || c->st == IDLE)
		if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))
			do_read(c);
}

/* Timeouts, and the slow clients' bytes. */
static void sweep(client_t *cs, int n)
{
	double now = now_s();
	for (int i = 0; i < n; i++) {
		client_t *c = &cs[i];
		if (c->st == CLOSED)
			continue;
		if (c->kind == SLOW) {
			if (c->st == IDLE && now >= c->next_byte) {
				if (c->out_off >= c->out_len) {
					/* the header never ends */
					static const char a[] = "a";
					c->out = a;
					c->out_len = 1;
					c->out_off = 0;
				}
				do_write(c);
				c->next_byte += 1;
			}
			continue;
		}
		if (c->kind == SSE)
			continue;
		if (now - c->t_req > timeout_s) {
			if (c->kind == FAST) {
				fs.timeouts++;
				close_client(c);
				if (now < t_end && open_socket(c) == 0)
					fs.connects++;
			} else {
				c->h->timed_out = true;
				close_client(c);
			}
		}
	}
}

/* ---- the load run ---- */

static void read_paths(const char *file)
{
	FILE *f = fopen(file, "r");
	if (!f) {
		perror(file);
		exit(2);
	}
	char line[4096];
	while (fgets(line, sizeof line, f)) {
		int st;
		char p[4096];
		if (sscanf(line, "%d %4095s", &st, p) != 2)
			continue;
		paths = xrealloc(paths, (size_t)(npaths + 1) * sizeof *paths);
		path_status = xrealloc(path_status, (size_t)(npaths + 1) * sizeof *path_status);
		paths[npaths] = xstrdup(p);
		path_status[npaths++] = st;
	}
	fclose(f);
	if (!npaths) {
		fprintf(stderr, "loadgen: no paths in %s\n", file);
		exit(2);
	}
}

static double percentile(double q)
{
	long total = 0, seen = 0;
	for (int i = 0; i < LAT_BUCKETS; i++)
		total += fs.lat[i];
	for (int i = 0; i < LAT_BUCKETS; i++) {
		seen += fs.lat[i];
		if (seen >= q * (double)total)
			return i;
	}
	return LAT_BUCKETS;
}

static bool allowed(const hostile_t *h)
{
	if (h->leaked || h->timed_out || h->bad_header)
		return false;
	if (!h->status)
		return h->may_close;
	for (int i = 0; i < 4 && h->allowed[i]; i++)
		if (h->status == h->allowed[i])
			return true;
	return false;
}

/* A request line for the report: control bytes as \xNN, 60 bytes at most. */
static void show(const char *s, char *out, size_t n)
{
	size_t o = 0;
	for (; *s && o + 5 < n && o < 60; s++)
		o += (size_t)snprintf(out + o, n - o, (unsigned char)*s < 0x20 ? "\\x%02x" : "%c", (unsigned char)*s);
	out[o] = '\0';
}

static int run_load(int nfast, double seconds, int nslow, double slow_deadline, int nsse, bool with_hostile)
{
	if (with_hostile)
		build_hostile();
	int n = nfast + nslow + nsse + nhostile;
	client_t *cs = calloc((size_t)n, sizeof *cs);
	epfd = epoll_create1(EPOLL_CLOEXEC);
	double t0 = now_s();
	t_end = t0 + seconds;
	int k = 0;
	for (int i = 0; i < nslow; i++, k++)
		cs[k] = (client_t){ .kind = SLOW, .id = i };
	for (int i = 0; i < nsse; i++, k++)
		cs[k] = (client_t){ .kind = SSE, .id = i };
	for (int i = 0; i < nfast; i++, k++)
		cs[k] = (client_t){ .kind = FAST, .id = i };
	for (int i = 0; i < nhostile; i++, k++)
		cs[k] = (client_t){ .kind = HOSTILE, .id = i, .h = &hostile[i] };
	long max_open = 0;
	for (int i = 0; i < n; i++) {
		if (open_socket(&cs[i]) != 0) {
			fprintf(stderr, "loadgen: cannot open connection %d: %s\n", i, strerror(errno));
			cs[i].st = CLOSED;
			if (cs[i].kind == FAST)
				fs.refused++;
		} else if (cs[i].kind == FAST) {
			fs.connects++;
		}
	}
	struct epoll_event evs[512];
	double last_sweep = 0, slow_until = t0 + slow_deadline + 5;
	for (;;) {
		if (open_conns > max_open)
			max_open = open_conns;
		int m = epoll_wait(epfd, evs, 512, 50);
		for (int i = 0; i < m; i++)
			drive(evs[i].data.ptr, evs[i].events);
		double now = now_s();
		if (now - last_sweep >= 0.05) {
			sweep(cs, n);
			last_sweep = now;
		}
		bool busy = false;
		for (int i = 0; i < n && !busy; i++) {
			client_t *c = &cs[i];
			if (c->st == CLOSED)
				continue;
			if (c->kind == FAST || c->kind == HOSTILE)
				busy = true;
			else if (c->kind == SLOW && now < slow_until)
				busy = true;
			else if (c->kind == SSE && now < t_end)
				busy = true;
		}
		if (!busy)
			break;
		if (now > t_end + timeout_s + slow_deadline + 10) {
			fputs("loadgen: the run did not end; giving up\n", stderr);
			break;
		}
	}
	double took = now_s() - t0;

	/* event streams: what each saw */
	int sse_open = 0, sse_bad_status = 0;
	for (int i = 0; i < n; i++) {
		client_t *c = &cs[i];
		if (c->kind != SSE)
			continue;
		int reloads = 0;
		for (const char *p = c->in; p && (p = memmem(p, c->in_n - (size_t)(p - c->in), "event: reload", 13)); p++)
			reloads++;
		if (reloads < sse_min_reloads)
			sse_min_reloads = reloads;
		if (!c->in || strncmp(c->in, "HTTP/1.1 200", 12) != 0)
			sse_bad_status++;
		if (c->st != CLOSED)
			sse_open++;
		if (c->in && has_secret(c->in, c->in_n))
			fs.leaks++;
	}
	long slow_open = 0;
	for (int i = 0; i < n; i++)
		if (cs[i].kind == SLOW && cs[i].st != CLOSED)
			slow_open++;

	printf("load: %d fast connections for %.0f s (%.1f s in all, %ld connections at most at once): "
	       "%ld requests, %ld answers (%.0f/s)",
	       nfast, seconds, took, max_open, fs.requests, fs.answers, fs.answers / seconds);
	for (int st = 100; st < 600; st++)
		if (fs.by_status[st])
			printf(", %d: %ld", st, fs.by_status[st]);
	printf("\nload: %ld wrong statuses, %ld timeouts, %ld resets, %ld closed early, %ld refused, "
	       "%ld connections made; latency p50 %.0f ms, p99 %.0f ms, max %.0f ms\n",
	       fs.wrong, fs.timeouts, fs.resets, fs.closed_early, fs.refused, fs.connects, percentile(0.5),
	       percentile(0.99), fs.lat_max * 1000);
	if (nslow)
		printf("load: %d slow clients (a header byte a second): %ld dropped by the server after %.1f to %.1f s, "
		       "%ld answered, %ld still open\n",
		       nslow, slow_dropped, slow_dropped ? slow_min : 0, slow_max, slow_answered, slow_open);
	if (nsse)
		printf("load: %d event streams: %ld broken, at least %d reload events each\n", nsse, sse_broken,
		       sse_min_reloads);
	int hostile_ok = 0;
	for (int i = 0; i < nhostile; i++)
		hostile_ok += allowed(&hostile[i]);
	if (nhostile) {
		printf("load: %d hostile requests, %d answered as expected; statuses:", nhostile, hostile_ok);
		int seen[600] = { 0 };
		int closed = 0;
		for (int i = 0; i < nhostile; i++)
			if (hostile[i].status > 0 && hostile[i].status < 600)
				seen[hostile[i].status]++;
			else
				closed++;
		for (int st = 100; st < 600; st++)
			if (seen[st])
				printf(" %d: %d", st, seen[st]);
		if (closed)
			printf(", closed without an answer: %d", closed);
		putchar('\n');
	}

	if (nfast) {
		check(fs.answers > 0 && fs.answers == fs.requests, "every request of the fast clients is answered",
		      "%ld requests, %ld answers", fs.requests, fs.answers);
		check(fs.wrong == 0, "every answer has the expected status", "%ld wrong, e.g. %s", fs.wrong,
		      fs.wrong_example);
		check(fs.timeouts == 0, "no request times out", "%ld timeouts", fs.timeouts);
		check(fs.resets + fs.closed_early + fs.refused == 0, "no connection reset, refused or closed early",
		      "%ld resets, %ld closed early, %ld refused", fs.resets, fs.closed_early, fs.refused);
		check(max_open >= nfast + nslow, "the connections were open at once", "%ld at most", max_open);
		check(fs.no_script == 0, "every page served carries the live-reload script", "%ld without",
		      fs.no_script);
		check(fs.lat_max < 5, "slow clients stall no one (max latency under 5 s)", "%.1f s", fs.lat_max);
	}
	if (nslow) {
		check(slow_dropped == nslow && slow_open == 0, "every slow client is dropped",
		      "%ld dropped, %ld still open", slow_dropped, slow_open);
		check(slow_dropped == 0 || (slow_min >= slow_deadline - 1.5 && slow_max <= slow_deadline + 4),
		      "slow clients are dropped at the request deadline",
		      "dropped after %.1f to %.1f s, deadline %.0f s", slow_min, slow_max, slow_deadline);
		check(slow_answered == 0, "a header that never ends gets no answer", "%ld answered", slow_answered);
	}
	if (nsse) {
		check(sse_broken == 0 && sse_open == nsse && sse_bad_status == 0, "event streams stay open under load",
		      "%ld broken, %d open, %d without 200", sse_broken, sse_open, sse_bad_status);
		check(sse_min_reloads >= 1, "every event stream sees the rebuilds", "%d reloads at least",
		      sse_min_reloads);
	}
	if (nhostile) {
		for (int i = 0; i < nhostile; i++) {
			hostile_t *h = &hostile[i];
			char name[300], shown[100];
			show(h->name, shown, sizeof shown);
			snprintf(name, sizeof name, "hostile %s", shown);
			if (getenv("LOADGEN_VERBOSE"))
				printf("load: hostile %-50s %d%s\n", shown, h->status, h->closed_early ? " (closed)" : "");
			if (!allowed(h))
				check(false, name, "status %d%s%s%s%s", h->status, h->leaked ? ", LEAKED the secret" : "",
				      h->timed_out ? ", timed out" : "", h->closed_early ? ", closed without an answer" : "",
				      h->bad_header ? ", forbidden header" : "");
		}
		check(hostile_ok == nhostile, "every hostile request is answered as expected", "%d of %d",
		      hostile_ok, nhostile);
	}
	long leaks = fs.leaks;
	for (int i = 0; i < nhostile; i++)
		leaks += hostile[i].leaked;
	check(leaks == 0, "no response holds the secret", "%ld leaks", leaks);
	for (int i = 0; i < n; i++) {
		close_client(&cs[i]);
		free(cs[i].in);
	}
	free(cs);
	close(epfd);
	return checks_failed ? 1 : 0;
}

/* ---- rebuilds: the server's memory after many ---- */

static long rss_kb(int pid)
{
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%d/status", pid);
	FILE *f = fopen(path, "r");
	long kb = -1;
	if (!f)
		return -1;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

/* Reads from fd until `count` "event:" lines were seen in all, at most
 * `secs` seconds; false on timeout or close. */
static bool wait_events(int fd, char **buf, size_t *n, size_t *cap, int count, double secs)
{
	double until = now_s() + secs;
	for (;;) {
		int seen = 0;
		for (const char *p = *buf; p && (p = memmem(p, *n - (size_t)(p - *buf), "\nevent: ", 8)); p++)
			seen++;
		if (seen >= count)
			return true;
		double left = until - now_s();
		if (left <= 0)
			return false;
		struct pollfd pf = { .fd = fd, .events = POLLIN };
		if (poll(&pf, 1, (int)(left * 1000) + 1) <= 0)
			continue;
		if (*cap - *n < 4096) {
			*cap = *cap ? *cap * 2 : 65536;
			*buf = xrealloc(*buf, *cap);
		}
		ssize_t k = recv(fd, *buf + *n, *cap - *n - 1, 0);
		if (k <= 0)
			return false;
		*n += (size_t)k;
		(*buf)[*n] = '\0';
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static char *read_file(const char *path, size_t *n)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	char *p = NULL;
	size_t cap = 0;
	*n = 0;
	for (;;) {
		if (cap - *n < 4096)
			p = xrealloc(p, cap = cap ? cap * 2 : 8192);
		size_t k = fread(p + *n, 1, cap - *n, f);
		if (!k)
			break;
		*n += k;
	}
	fclose(f);
	return p;
}

static double settle = 2.5;  /* seconds before a memory sample */
static bool settle_all;      /* before every tenth's sample too, not only the first and last */

static int run_rebuilds(int count, const char *file, int pid, double max_growth)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((unsigned short)port) };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
		perror("loadgen: connect");
		return 1;
	}
	char req[256];
	int rn = snprintf(req, sizeof req, "GET /__pnyx/events HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n", port);
	if (send(fd, req, (size_t)rn, MSG_NOSIGNAL) != rn) {
		perror("loadgen: send");
		return 1;
	}
	char *buf = NULL;
	size_t n = 0, cap = 0;
	/* the stream is open once "retry:" came */
	double until = now_s() + 10;
	while ((!buf || !strstr(buf, "retry:")) && now_s() < until) {
		if (cap - n < 4096) {
			cap = cap ? cap * 2 : 65536;
			buf = xrealloc(buf, cap);
		}
		struct pollfd pf = { .fd = fd, .events = POLLIN };
		if (poll(&pf, 1, 100) <= 0)
			continue;
		ssize_t k = recv(fd, buf + n, cap - n - 1, 0);
		if (k <= 0)
			break;
		n += (size_t)k;
		buf[n] = '\0';
	}
	if (!buf || !strstr(buf, "retry:")) {
		check(false, "rebuilds: the event stream opens", "nothing in 10 s");
		return 1;
	}
	size_t orig_n = 0;
	char *orig = read_file(file, &orig_n);
	if (!orig) {
		perror(file);
		return 1;
	}
	double *ms = calloc((size_t)count, sizeof *ms);
	long samples[10];
	int nsamples = 0;
	long first = -1, last = -1;
	double t0 = now_s();
	int done = 0;
	for (int i = 1; i <= count; i++) {
		/* the page keeps its size: its text, then a line that changes */
		FILE *f = fopen(file, "w");
		if (!f) {
			perror(file);
			break;
		}
		double t = now_s();
		fwrite(orig, 1, orig_n, f);
		fprintf(f, "\nedit %07d\n", i);
		fclose(f);
		if (!wait_events(fd, &buf, &n, &cap, i, 10)) {
			check(false, "rebuilds: every edit sends an event", "none after edit %d", i);
			break;
		}
		ms[done++] = (now_s() - t) * 1000;
		int tenth = count >= 10 ? count / 10 : 1;
		/* samples after a pause (--settle): the server gives the
		 * builds' freed memory back once they stop */
		bool sample = i == 1 || i % tenth == 0;
		if (sample && (i == 1 || i == count || settle_all))
			usleep((useconds_t)(settle * 1e6));
		if (i == 1)
			first = rss_kb(pid);
		if (i % tenth == 0 && nsamples < 10) {
			samples[nsamples] = rss_kb(pid);
			printf("%s%.1f", nsamples ? " " : "load: memory after every tenth of the edits (MB): ",
			       samples[nsamples] / 1024.0);
			nsamples++;
		}
	}
	last = rss_kb(pid);
	if (nsamples)
		printf(settle_all ? " (each %.1f s after its edit)\n" : " (right after the event; the first and "
		       "last %.1f s after)\n", settle);
	double took = now_s() - t0;
	qsort(ms, (size_t)done, sizeof *ms, cmp_double);
	double growth = first > 0 ? (double)(last - first) * 100.0 / (double)first : 0;
	printf("load: %d page edits, each an incremental rebuild and an event, in %.1f s "
	       "(edit to event: median %.0f ms, max %.0f ms)\n",
	       done, took, done ? ms[done / 2] : 0, done ? ms[done - 1] : 0);
	printf("load: server memory (VmRSS, %.1f s after the edit) after the first rebuild %.1f MB, after %d: %.1f MB (%+.1f %%)\n",
	       settle, first / 1024.0, done, last / 1024.0, growth);
	check(done == count, "rebuilds: every edit rebuilt", "%d of %d", done, count);
	check(first > 0 && growth <= max_growth, "rebuilds: memory stays flat", "%+.1f %%, limit %+.0f %%",
	      growth, max_growth);
	if (settle_all && nsamples == 10) {
		/* a leak climbs; the kept build's bounded growth and its
		 * periodic whole rebuild only go up and down */
		long early = 0, late = 0;
		for (int i = 0; i < 5; i++) {
			early = samples[i] > early ? samples[i] : early;
			late = samples[i + 5] > late ? samples[i + 5] : late;
		}
		check(late <= early * 1.05, "rebuilds: no upward trend",
		      "the highest of the last five tenths %.1f MB, of the first five %.1f MB", late / 1024.0,
		      early / 1024.0);
	}
	/* the page as it was */
	FILE *f = fopen(file, "w");
	if (f) {
		fwrite(orig, 1, orig_n, f);
		fclose(f);
	}
	free(orig);
	free(ms);
	free(buf);
	close(fd);
	return checks_failed ? 1 : 0;
}

/* ---- main ---- */

static void usage(void)
{
	fputs("usage: loadgen PORT [--paths FILE --conns N --seconds S] [--slow N --slow-deadline S]\n"
	      "               [--sse N] [--hostile] [--secret TEXT]... [--page PATH] [--timeout S]\n"
	      "       loadgen PORT --rebuilds N --edit FILE --pid PID [--max-growth PERCENT] [--settle S]\n"
	      "               [--settle-all 1]\n",
	      stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	if (argc < 2)
		usage();
	port = atoi(argv[1]);
	if (port <= 0 || port > 65535)
		usage();
	const char *paths_file = NULL, *edit = NULL;
	int conns = 0, slow = 0, sse = 0, rebuilds = 0, pid = 0;
	double seconds = 10, slow_deadline = 10, max_growth = 10;
	bool with_hostile = false;
	for (int i = 2; i < argc; i++) {
		const char *o = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(o, "--hostile") == 0) {
			with_hostile = true;
			continue;
		}
		if (!v)
			usage();
		i++;
		if (strcmp(o, "--paths") == 0)
			paths_file = v;
		else if (strcmp(o, "--conns") == 0)
			conns = atoi(v);
		else if (strcmp(o, "--seconds") == 0)
			seconds = atof(v);
		else if (strcmp(o, "--slow") == 0)
			slow = atoi(v);
		else if (strcmp(o, "--slow-deadline") == 0)
			slow_deadline = atof(v);
		else if (strcmp(o, "--sse") == 0)
			sse = atoi(v);
		else if (strcmp(o, "--secret") == 0 && nsecrets < MAX_SECRETS)
			secrets[nsecrets++] = v;
		else if (strcmp(o, "--page") == 0)
			page = v;
		else if (strcmp(o, "--timeout") == 0)
			timeout_s = atof(v);
		else if (strcmp(o, "--rebuilds") == 0)
			rebuilds = atoi(v);
		else if (strcmp(o, "--edit") == 0)
			edit = v;
		else if (strcmp(o, "--pid") == 0)
			pid = atoi(v);
		else if (strcmp(o, "--settle") == 0)
			settle = atof(v);
		else if (strcmp(o, "--settle-all") == 0)
			settle_all = atoi(v) != 0;
		else if (strcmp(o, "--max-growth") == 0)
			max_growth = atof(v);
		else
			usage();
	}
	signal(SIGPIPE, SIG_IGN);
	/* a thousand connections need more than the usual 1,024 files */
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (rebuilds) {
		if (!edit || pid <= 0)
			usage();
		return run_rebuilds(rebuilds, edit, pid, max_growth);
	}
	if (conns && !paths_file)
		usage();
	if (paths_file)
		read_paths(paths_file);
	return run_load(conns, seconds, slow, slow_deadline, sse, with_hostile);
}
