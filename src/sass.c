#include "sass.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

/* What sassc says on stderr is kept up to this size: enough for its
 * message, the location lines and the source excerpt. */
#define SASS_MAX_ERROR 65536

bool sass_is_name(const char *name)
{
	const char *dot = strrchr(name, '.');
	return dot && (strcmp(dot, ".scss") == 0 || strcmp(dot, ".sass") == 0);
}

/* The program to run: PNYX_SASSC, else the first sassc in PATH. NULL when
 * there is none; the caller frees the result. */
static char *find_sassc(void)
{
	const char *env = getenv("PNYX_SASSC");
	if (env && *env)
		return access(env, X_OK) == 0 ? xstrdup(env) : NULL;
	const char *path = getenv("PATH");
	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (const char *p = path;;) {
		size_t n = strcspn(p, ":");
		char *exe = n ? xasprintf("%.*s/sassc", (int)n, p) : xstrdup("./sassc");
		if (access(exe, X_OK) == 0)
			return exe;
		free(exe);
		if (!p[n])
			return NULL;
		p += n + 1;
	}
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

typedef struct {
	pid_t pid;
	int in, out, err;  /* our ends of the child's stdin, stdout, stderr */
} child_t;

/* Starts exe with argv, its standard streams on pipes. */
static int child_start(const char *exe, char *const argv[], child_t *c)
{
	int p[3][2] = { { -1, -1 }, { -1, -1 }, { -1, -1 } };
	for (int i = 0; i < 3; i++)
		if (pipe2(p[i], O_CLOEXEC) != 0) {
			for (int k = 0; k < i; k++)
				close(p[k][0]), close(p[k][1]);
			return -1;
		}
	struct rlimit as = { (rlim_t)SASS_MEMORY_MB << 20, (rlim_t)SASS_MEMORY_MB << 20 };
	sigset_t none;
	sigemptyset(&none);
	pid_t pid = fork();
	if (pid == 0) {
		/* Only async-signal-safe calls until exec: another thread may
		 * have held a lock (malloc's) when we forked. */
		dup2(p[0][0], 0);
		dup2(p[1][1], 1);
		dup2(p[2][1], 2);
		setrlimit(RLIMIT_AS, &as);
		sigprocmask(SIG_SETMASK, &none, NULL); /* serve blocks SIGINT in its threads */
		signal(SIGPIPE, SIG_DFL);
		execv(exe, argv);
		_exit(127);
	}
	close(p[0][0]);
	close(p[1][1]);
	close(p[2][1]);
	if (pid < 0) {
		close(p[0][1]), close(p[1][0]), close(p[2][0]);
		return -1;
	}
	*c = (child_t){ pid, p[0][1], p[1][0], p[2][0] };
	for (int i = 0; i < 3; i++) {
		int fd = i == 0 ? c->in : i == 1 ? c->out : c->err;
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	}
	return 0;
}

/* Reads what fd has into b (up to cap bytes kept); closes it at the end. */
static void drain_fd(int *fd, buf_t *b, size_t cap)
{
	char chunk[16384];
	for (;;) {
		ssize_t n = read(*fd, chunk, sizeof chunk);
		if (n > 0) {
			if (b->n < cap)
				buf_put(b, chunk, (size_t)n < cap - b->n ? (size_t)n : cap - b->n);
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		close_fd(fd); /* end of stream, or an error */
		return;
	}
}

typedef enum { RUN_DONE, RUN_TIMEOUT, RUN_TOO_BIG, RUN_FAILED } run_t;

/* Feeds text to the child and gathers its output until both its output
 * streams end, within SASS_TIMEOUT_S and SASS_MAX_OUTPUT. */
static run_t child_exchange(child_t *c, str_t text, buf_t *out, buf_t *err)
{
	size_t sent = 0;
	if (!text.n)
		close_fd(&c->in);
	long long deadline = now_ms() + SASS_TIMEOUT_S * 1000LL;
	while (c->out >= 0 || c->err >= 0) {
		struct pollfd fds[3];
		int *which[3];
		nfds_t n = 0;
		if (c->in >= 0)
			fds[n] = (struct pollfd){ c->in, POLLOUT, 0 }, which[n++] = &c->in;
		if (c->out >= 0)
			fds[n] = (struct pollfd){ c->out, POLLIN, 0 }, which[n++] = &c->out;
		if (c->err >= 0)
			fds[n] = (struct pollfd){ c->err, POLLIN, 0 }, which[n++] = &c->err;
		long long left = deadline - now_ms();
		if (left <= 0)
			return RUN_TIMEOUT;
		int r = poll(fds, n, (int)left);
		if (r < 0 && errno != EINTR)
			return RUN_FAILED;
		for (nfds_t i = 0; r > 0 && i < n; i++) {
			if (!fds[i].revents)
				continue;
			if (which[i] == &c->in) {
				ssize_t w = write(c->in, text.p + sent, text.n - sent);
				if (w > 0)
					sent += (size_t)w;
				if (sent == text.n || (w < 0 && errno != EAGAIN && errno != EINTR))
					close_fd(&c->in); /* all sent, or the child stopped reading */
			} else if (which[i] == &c->out) {
				drain_fd(&c->out, out, SASS_MAX_OUTPUT + 1);
				if (out->n > SASS_MAX_OUTPUT)
					return RUN_TOO_BIG;
			} else {
				drain_fd(&c->err, err, SASS_MAX_ERROR);
			}
		}
	}
	return RUN_DONE;
}

/* "Error: MESSAGE\n        on line L:C of FILE\n" -> the diagnostic, at
 * the page (FILE "stdin": the text we sent) or at the imported file. */
static void report_error(const sass_opts_t *o, const char *err, diag_list_t *d)
{
	const char *msg = strstr(err, "Error: ");
	msg = msg ? msg + 7 : err;
	int mlen = (int)strcspn(msg, "\n");
	const char *file = o->path;
	int line = o->first_line, col = 0;
	char *where = NULL;
	const char *on = strstr(msg, "on line ");
	int l = 0, c = 0, used = 0;
	if (on && sscanf(on, "on line %d:%d of %n", &l, &c, &used) == 2 && used > 0) {
		const char *f = on + used;
		where = xstrndup(f, strcspn(f, "\n"));
		if (strcmp(where, "stdin") == 0) {
			line = o->first_line + l - 1;
		} else {
			file = where;
			line = l;
		}
		col = c;
	}
	if (mlen > 0)
		diag_error(d, file, line, col, "Sass: %.*s", mlen, msg);
	else
		diag_error(d, file, line, col, "Sass failed without a message");
	free(where);
}

/* The argument list: sassc --stdin --style S [--sass] -I P ... */
static char **sass_argv(const char *exe, const sass_opts_t *o)
{
	char **argv = xcalloc(6 + 2 * o->nload_paths + 1, sizeof(char *));
	size_t n = 0;
	argv[n++] = (char *)exe;
	argv[n++] = "--stdin";
	argv[n++] = "--style";
	argv[n++] = (char *)(o->style ? o->style : "expanded");
	if (o->indented)
		argv[n++] = "--sass";
	for (size_t i = 0; i < o->nload_paths; i++) {
		argv[n++] = "--load-path";
		argv[n++] = (char *)o->load_paths[i];
	}
	return argv;
}

int sass_compile(str_t text, const sass_opts_t *o, buf_t *out, diag_list_t *d)
{
	char *exe = find_sassc();
	if (!exe)
		return diag_error(d, o->path, o->first_line, 0,
				  "Sass needs the sassc program: install the Debian package sassc (make deps does)");
	char **argv = sass_argv(exe, o);
	child_t c;
	int rc = -1;
	if (child_start(exe, argv, &c) != 0) {
		diag_error(d, o->path, o->first_line, 0, "cannot start %s: %s", exe, strerror(errno));
		goto done;
	}
	buf_t css = BUF_INIT, err = BUF_INIT;
	run_t run = child_exchange(&c, text, &css, &err);
	if (run != RUN_DONE)
		kill(c.pid, SIGKILL);
	close_fd(&c.in);
	close_fd(&c.out);
	close_fd(&c.err);
	int status = 0;
	while (waitpid(c.pid, &status, 0) < 0 && errno == EINTR)
		;
	if (run == RUN_TIMEOUT)
		diag_error(d, o->path, o->first_line, 0,
			   "Sass ran for over %d s and was stopped (an endless @while or @for?)", SASS_TIMEOUT_S);
	else if (run == RUN_TOO_BIG)
		diag_error(d, o->path, o->first_line, 0, "Sass made over %u MB of CSS and was stopped",
			   SASS_MAX_OUTPUT >> 20);
	else if (run == RUN_FAILED)
		diag_error(d, o->path, o->first_line, 0, "cannot talk to sassc: %s", strerror(errno));
	else if (WIFSIGNALED(status))
		diag_error(d, o->path, o->first_line, 0,
			   "sassc was stopped by signal %d (%s): the Sass is too large or too deep for it",
			   WTERMSIG(status), strsignal(WTERMSIG(status)));
	else if (WEXITSTATUS(status) == 127 && !err.n)
		diag_error(d, o->path, o->first_line, 0, "cannot run %s", exe);
	else if (WEXITSTATUS(status) != 0)
		report_error(o, buf_cstr(&err), d);
	else {
		if (css.n)
			buf_put(out, css.p, css.n);
		rc = 0;
	}
	buf_free(&css);
	buf_free(&err);
done:
	free(argv);
	free(exe);
	return rc;
}
