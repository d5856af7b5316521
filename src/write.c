/* write.c - the output folder: staging, atomic swap, static copies.
 *
 * Files go into DEST.staging-PID through one directory fd, so every
 * path is resolved below it and no thread depends on the current
 * directory. Folders are made on demand: the open is tried first and the
 * parents are made only when it fails with ENOENT, so a folder that
 * already exists costs nothing; two threads making the same folder both
 * succeed (EEXIST is success).
 *
 * The spare tree: after a swap, the old output is not deleted but kept as
 * PARENT/.pnyx-cache/DEST.spare, and the next build that knows every path
 * it will write takes it back as its staging folder: it prunes what it
 * will not write, keeps the files whose bytes are already right, and
 * replaces the others by new files (never rewritten in place: a reader of
 * the old output may still hold one open). Creating and deleting 20,000
 * inodes per build was most of a build's time, and on ext4 without a
 * journal it grows worse with each build: allocating an inode walks past
 * every inode deleted in the last minutes (recently_deleted()). */
#include "write.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#include "buf.h"
#include "util.h"

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#endif
#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

struct writer {
	char *dest;     /* the destination, without trailing slashes */
	char *staging;  /* DEST.staging-PID */
	char *cache;    /* PARENT/.pnyx-cache */
	char *spare;    /* PARENT/.pnyx-cache/BASE.spare */
	int root;       /* the staging folder, opened */
	bool reused;    /* the staging folder was the spare tree */
	atomic_size_t files;
	atomic_size_t bytes;
	atomic_size_t kept;  /* files of the spare tree already right */
};

/* renameat2() from glibc 2.28 on; the raw system call before. */
static int rename2(const char *from, const char *to, unsigned flags)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 28))
	return renameat2(AT_FDCWD, from, AT_FDCWD, to, flags);
#else
	return (int)syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, flags);
#endif
}

/* Removes name (a file or a whole tree) inside dirfd, without following
 * symbolic links. Keeps going after an error; returns -1 if any. */
static int remove_at(int dirfd, const char *name, unsigned char type)
{
	if (type != DT_DIR) {
		if (unlinkat(dirfd, name, 0) == 0 || errno == ENOENT)
			return 0;
		if (errno != EISDIR)
			return -1;
	}
	int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	DIR *dir = fdopendir(fd);
	if (!dir) {
		close(fd);
		return -1;
	}
	int rc = 0;
	struct dirent *e;
	while ((e = readdir(dir)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (remove_at(fd, e->d_name, e->d_type) < 0)
			rc = -1;
	}
	closedir(dir);
	if (unlinkat(dirfd, name, AT_REMOVEDIR) < 0 && errno != ENOENT)
		rc = -1;
	return rc;
}

static int remove_tree(const char *path)
{
	return remove_at(AT_FDCWD, path, DT_UNKNOWN);
}

/* Removes the previous site in a detached grandchild process: unlinking
 * 10,000 files takes about a second, as long as the whole build. The
 * grandchild first renames the tree to DEST.staging-<its pid>, so a later
 * build sees a live owner (or, should it die, a stale folder it cleans),
 * and only then lets this process go on. */
static void remove_tree_detached(const char *path, const char *dest)
{
	int fds[2];
	if (pipe2(fds, O_CLOEXEC) < 0) {
		remove_tree(path);
		return;
	}
	pid_t child = fork();
	if (child == 0) {
		close(fds[0]);
		if (fork() == 0) {
			char name[PATH_MAX];
			snprintf(name, sizeof name, "%s.staging-%ld", dest, (long)getpid());
			const char *victim = rename(path, name) == 0 ? name : path;
			(void)!write(fds[1], "x", 1);
			close(fds[1]);
			remove_tree(victim);
			_exit(0);
		}
		_exit(0);
	}
	close(fds[1]);
	if (child < 0) {
		close(fds[0]);
		remove_tree(path);
		return;
	}
	waitpid(child, NULL, 0);
	char c;
	/* returns when the grandchild renamed the tree, or died */
	while (read(fds[0], &c, 1) < 0 && errno == EINTR)
		;
	close(fds[0]);
}

/* mkdir -p, for the parent of the destination. */
static int mkdir_p(const char *path)
{
	char *p = xstrdup(path);
	int rc = 0;
	for (char *s = p + 1; rc == 0; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST)
			rc = -1;
		*s = c;
		if (c == '\0')
			break;
	}
	int saved = errno;
	free(p);
	errno = saved;
	return rc;
}

/* True when the process's working folder is dest or inside it: swapping
 * that folder away (pnyx build -d .) would delete the user's files. */
static bool cwd_inside(const char *dest)
{
	char *real = realpath(dest, NULL);
	char *cwd = real ? getcwd(NULL, 0) : NULL;
	bool inside = false;
	if (real && cwd) {
		size_t n = strlen(real);
		inside = strcmp(real, "/") == 0 ||
			 (strncmp(cwd, real, n) == 0 && (cwd[n] == '\0' || cwd[n] == '/'));
	}
	free(real);
	free(cwd);
	return inside;
}

/* A staging folder left by a build that was killed: ours (same PID, from
 * an earlier build of this process) or one whose process is gone. Staging
 * folders of live builds are left alone. */
static void remove_stale_staging(const char *parent, const char *base)
{
	DIR *dir = opendir(parent);
	if (!dir)
		return;
	size_t n = strlen(base);
	struct dirent *e;
	while ((e = readdir(dir)) != NULL) {
		const char *s = e->d_name;
		if (strncmp(s, base, n) != 0 || strncmp(s + n, ".staging-", 9) != 0)
			continue;
		char *end;
		errno = 0;
		long pid = strtol(s + n + 9, &end, 10);
		if (errno || *end || end == s + n + 9 || pid <= 0 || pid > INT_MAX)
			continue;
		if (pid != getpid() && !(kill((pid_t)pid, 0) < 0 && errno == ESRCH))
			continue;
		remove_at(dirfd(dir), s, DT_UNKNOWN);
	}
	closedir(dir);
}

static void writer_free(writer_t *w)
{
	if (w->root >= 0)
		close(w->root);
	free(w->dest);
	free(w->staging);
	free(w->cache);
	free(w->spare);
	free(w);
}

static int path_cmp(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* True when the sorted list holds rel. */
static bool listed(const char *const *paths, size_t n, const char *rel)
{
	return bsearch(&rel, paths, n, sizeof *paths, path_cmp) != NULL;
}

/* True when some path of the sorted list lies below the folder dir: those
 * are contiguous, from the first one not below "dir/". */
static bool listed_below(const char *const *paths, size_t n, const char *dir, size_t len)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strncmp(paths[mid], dir, len);
		if (c == 0)
			c = (unsigned char)paths[mid][len] - (unsigned char)'/';
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && strncmp(paths[lo], dir, len) == 0 && paths[lo][len] == '/';
}

/* Removes from the folder fd (the spare tree's folder rel) everything the
 * build will not write: files not listed, anything that is not a regular
 * file where one is listed, folders with nothing listed below. Takes fd. */
static void prune_dir(int fd, buf_t *rel, const char *const *paths, size_t n)
{
	DIR *dir = fdopendir(fd);
	if (!dir) {
		close(fd);
		return;
	}
	size_t len = rel->n;
	struct dirent *e;
	while ((e = readdir(dir)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		buf_truncate(rel, len);
		buf_printf(rel, "%s%s", len ? "/" : "", e->d_name);
		unsigned char type = e->d_type;
		struct stat st;
		if (type == DT_UNKNOWN && fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0)
			type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
		if (type == DT_REG && listed(paths, n, buf_cstr(rel)))
			continue;
		if (type == DT_DIR && listed_below(paths, n, buf_cstr(rel), rel->n)) {
			int sub = openat(fd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sub >= 0)
				prune_dir(sub, rel, paths, n);
			continue;
		}
		remove_at(fd, e->d_name, type);
	}
	buf_truncate(rel, len);
	closedir(dir);
}

/* Prunes the tree open at root (not taken) to the paths, in any order. */
static void prune_tree(int root, const char *const *paths, size_t n)
{
	const char **sorted = xmalloc((n + 1) * sizeof *sorted);
	memcpy(sorted, paths, n * sizeof *sorted);
	qsort(sorted, n, sizeof *sorted, path_cmp);
	buf_t rel = BUF_INIT;
	int fd = dup(root);
	if (fd >= 0)
		prune_dir(fd, &rel, sorted, n);
	buf_free(&rel);
	free(sorted);
}

/* Takes the spare tree as the staging folder and prunes it to the paths
 * the build will write. 0 on success; -1 when there is no usable spare
 * (the caller then starts from an empty folder). */
static int take_spare(writer_t *w, const char *const *paths, size_t n)
{
	if (rename(w->spare, w->staging) < 0)
		return -1;
	w->root = open(w->staging, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (w->root < 0) {
		remove_tree(w->staging);  /* not a folder: someone else's */
		return -1;
	}
	prune_tree(w->root, paths, n);
	w->reused = true;
	return 0;
}

void write_prune(const char *dest, const char *const *paths, size_t n)
{
	int root = open(dest, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (root < 0)
		return;
	prune_tree(root, paths, n);
	close(root);
}

/* Writes a small file if it is missing; errors are ignored (the cache
 * works without it). */
static void put_small(const char *dir, const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd >= 0) {
		(void)!write(fd, text, strlen(text));
		close(fd);
	}
	free(path);
}

/* Moves the tree at the staging path into the cache as the spare tree.
 * False when it cannot (a spare is there already: another build's). The
 * cache folder ignores itself in Git and is tagged for backup tools
 * (https://bford.info/cachedir/). */
static bool keep_spare(writer_t *w)
{
	if (mkdir(w->cache, 0755) == 0) {
		put_small(w->cache, ".gitignore", "# pnyx's cache: nothing here belongs in version control\n*\n");
		put_small(w->cache, "CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55\n"
			  "# This folder is a cache made by pnyx: a spare copy of the output\n"
			  "# folder beside it, which the next build updates. Safe to delete.\n");
	} else if (errno != EEXIST) {
		return false;
	}
	return rename(w->staging, w->spare) == 0;
}

writer_t *write_begin(const char *dest, const char *const *paths, size_t npaths, diag_list_t *d)
{
	size_t n = dest ? strlen(dest) : 0;
	while (n > 1 && dest[n - 1] == '/')
		n--;
	if (n == 0) {
		diag_error(d, NULL, 0, 0, "output folder: empty path");
		return NULL;
	}
	char *path = xstrndup(dest, n);
	char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	char *parent = slash ? (slash == path ? xstrdup("/") : xstrndup(path, (size_t)(slash - path)))
			     : xstrdup(".");
	writer_t *w = NULL;
	struct stat st;

	if (strcmp(base, ".") == 0 || strcmp(base, "..") == 0 || strcmp(path, "/") == 0 ||
	    cwd_inside(path)) {
		diag_error(d, path, 0, 0, "refusing to replace this folder: it holds the working "
			   "folder; give the output a folder of its own");
		goto out;
	}
	if (lstat(path, &st) == 0 && !S_ISDIR(st.st_mode)) {
		diag_error(d, path, 0, 0, "the output path exists and is not a folder%s",
			   S_ISLNK(st.st_mode) ? " (a symbolic link: give the real path)" : "");
		goto out;
	}
	if (mkdir_p(parent) < 0) {
		diag_error(d, parent, 0, 0, "cannot create the output's parent folder: %s",
			   strerror(errno));
		goto out;
	}
	remove_stale_staging(parent, base);
	w = xcalloc(1, sizeof *w);
	w->dest = path;
	path = NULL;
	w->root = -1;
	w->staging = xasprintf("%s.staging-%ld", w->dest, (long)getpid());
	w->cache = xasprintf("%s/.pnyx-cache", parent);
	w->spare = xasprintf("%s/%s.spare", w->cache, base);
	atomic_init(&w->files, 0);
	atomic_init(&w->bytes, 0);
	atomic_init(&w->kept, 0);
	if (paths && take_spare(w, paths, npaths) == 0)
		goto out;
	if (mkdir(w->staging, 0755) < 0) {
		diag_error(d, w->staging, 0, 0, "cannot create the staging folder: %s", strerror(errno));
		goto fail;
	}
	w->root = open(w->staging, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (w->root < 0) {
		diag_error(d, w->staging, 0, 0, "cannot open the staging folder: %s", strerror(errno));
		remove_tree(w->staging);
		goto fail;
	}
	goto out;
fail:
	writer_free(w);
	w = NULL;
out:
	free(path);
	free(parent);
	return w;
}

/* The reason rel is refused, or NULL when it is a clean relative path. */
static const char *bad_path(const char *rel)
{
	if (!rel || !*rel)
		return "empty path";
	if (rel[0] == '/')
		return "absolute path";
	if (strlen(rel) >= PATH_MAX)
		return "path too long";
	const char *s = rel;
	for (;;) {
		const char *e = strchr(s, '/');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		if (n == 0)
			return "empty path component";
		if ((n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
			return "'.' or '..' component";
		if (!e)
			return NULL;
		s = e + 1;
	}
}

static int path_error(writer_t *w, const char *rel, diag_list_t *d)
{
	return diag_error(d, NULL, 0, 0, "refusing output path '%s' in %s: %s", rel ? rel : "",
			  w->dest, bad_path(rel));
}

static int file_error(writer_t *w, const char *rel, const char *what, int err, diag_list_t *d)
{
	buf_t p = BUF_INIT;
	buf_printf(&p, "%s/%s", w->dest, rel);
	diag_error(d, buf_cstr(&p), 0, 0, "%s: %s", what, strerror(err));
	buf_free(&p);
	return -1;
}

/* Makes the folder path[0..) inside root, and its parents. Two threads
 * may race here: whoever loses gets EEXIST, which is success. */
static int make_dirs(int root, char *path)
{
	if (mkdirat(root, path, 0755) == 0 || errno == EEXIST)
		return 0;
	if (errno != ENOENT)
		return -1;
	char *slash = strrchr(path, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	int rc = make_dirs(root, path);
	*slash = '/';
	if (rc < 0)
		return -1;
	return (mkdirat(root, path, 0755) == 0 || errno == EEXIST) ? 0 : -1;
}

/* Opens rel for writing inside the staging folder, making its folders. */
static int open_out(writer_t *w, const char *rel, mode_t mode)
{
	int flags = O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC;
	int fd = openat(w->root, rel, flags, mode);
	if (fd >= 0 || errno != ENOENT)
		return fd;
	const char *slash = strrchr(rel, '/');
	if (!slash)
		return -1;
	char dir[PATH_MAX];
	size_t n = (size_t)(slash - rel);
	memcpy(dir, rel, n);
	dir[n] = '\0';
	if (make_dirs(w->root, dir) < 0)
		return -1;
	return openat(w->root, rel, flags, mode);
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t k = write(fd, p, n);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* Closes fd after a failed write, removes the partial file, and reports. */
static int fail_file(writer_t *w, int fd, const char *rel, const char *what, int err, diag_list_t *d)
{
	close(fd);
	unlinkat(w->root, rel, 0);
	return file_error(w, rel, what, err, d);
}

/* True when the file at fd holds exactly these n bytes. */
static bool same_bytes(int fd, const char *data, size_t n)
{
	struct stat st;
	if (fstat(fd, &st) < 0 || (size_t)st.st_size != n)
		return false;
	char chunk[65536];
	size_t off = 0;
	while (off < n) {
		ssize_t r = read(fd, chunk, sizeof chunk);
		if (r <= 0 || memcmp(chunk, data + off, (size_t)r) != 0)
			return false;
		off += (size_t)r;
	}
	return true;
}

/* In a reused staging folder: true when rel already holds these bytes
 * (and is executable or not as mode says); otherwise removes it, so that
 * it is written as a new file. */
static bool spare_holds(writer_t *w, const char *rel, const void *data, size_t n, mode_t mode)
{
	int fd = openat(w->root, rel, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return false;
	struct stat st;
	bool same = fstat(fd, &st) == 0 && (st.st_mode & 0111) == (mode & 0111) &&
		    same_bytes(fd, data, n);
	close(fd);
	if (!same)
		unlinkat(w->root, rel, 0);
	return same;
}

/* For a static copy, rsync's quick check: same size, same modification
 * time (copies take their source's) and same execute bits. */
static bool spare_holds_copy(writer_t *w, const char *rel, const struct stat *src)
{
	struct stat st;
	if (fstatat(w->root, rel, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return false;
	bool same = S_ISREG(st.st_mode) && st.st_size == src->st_size &&
		    st.st_mtim.tv_sec == src->st_mtim.tv_sec &&
		    st.st_mtim.tv_nsec == src->st_mtim.tv_nsec &&
		    (st.st_mode & 0111) == (src->st_mode & 0111);
	if (!same)
		unlinkat(w->root, rel, 0);
	return same;
}

static void count_kept(writer_t *w, size_t n)
{
	atomic_fetch_add(&w->files, 1);
	atomic_fetch_add(&w->bytes, n);
	atomic_fetch_add(&w->kept, 1);
}

int write_file(writer_t *w, const char *rel, const void *data, size_t n, diag_list_t *d)
{
	if (bad_path(rel))
		return path_error(w, rel, d);
	if (w->reused && spare_holds(w, rel, data, n, 0644)) {
		count_kept(w, n);
		return 0;
	}
	int fd = open_out(w, rel, 0644);
	if (fd < 0)
		return file_error(w, rel, "cannot create", errno, d);
	if (write_all(fd, data, n) < 0)
		return fail_file(w, fd, rel, "cannot write", errno, d);
	if (close(fd) < 0) {
		int err = errno;
		unlinkat(w->root, rel, 0);
		return file_error(w, rel, "cannot write", err, d);
	}
	atomic_fetch_add(&w->files, 1);
	atomic_fetch_add(&w->bytes, n);
	return 0;
}

/* Copies the rest of in to out with read/write. */
static int copy_rw(int in, int out, size_t *copied)
{
	char chunk[1 << 16];
	for (;;) {
		ssize_t k = read(in, chunk, sizeof chunk);
		if (k == 0)
			return 0;
		if (k < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (write_all(out, chunk, (size_t)k) < 0)
			return -1;
		*copied += (size_t)k;
	}
}

/* copy_file_range (in-kernel, reflinks where the file system can), then
 * read/write for what it could not do: another file system on old
 * kernels, or files whose size stat does not know (/proc). */
static int copy_fd(int in, int out, size_t *copied)
{
	for (;;) {
		ssize_t k = copy_file_range(in, NULL, out, NULL, 1 << 30, 0);
		if (k > 0) {
			*copied += (size_t)k;
			continue;
		}
		if (k == 0)
			break;
		if (errno == EINTR)
			continue;
		if (errno != EXDEV && errno != ENOSYS && errno != EINVAL && errno != EOPNOTSUPP &&
		    errno != EBADF && errno != EPERM)
			return -1;
		break;
	}
	return copy_rw(in, out, copied);
}

int write_copy(writer_t *w, const char *rel, const char *src_path, diag_list_t *d)
{
	if (bad_path(rel))
		return path_error(w, rel, d);
	int in = open(src_path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (in < 0 || fstat(in, &st) < 0) {
		int err = errno;
		if (in >= 0)
			close(in);
		return diag_error(d, src_path, 0, 0, "cannot read: %s", strerror(err));
	}
	if (!S_ISREG(st.st_mode)) {
		close(in);
		return diag_error(d, src_path, 0, 0, "cannot copy: not a regular file");
	}
	if (w->reused && spare_holds_copy(w, rel, &st)) {
		close(in);
		count_kept(w, (size_t)st.st_size);
		return 0;
	}
	int out = open_out(w, rel, 0644 | (st.st_mode & 0111));
	if (out < 0) {
		int err = errno;
		close(in);
		return file_error(w, rel, "cannot create", err, d);
	}
	size_t copied = 0;
	if (copy_fd(in, out, &copied) < 0) {
		int err = errno;
		close(in);
		return fail_file(w, out, rel, "cannot copy", err, d);
	}
	close(in);
	/* the source's time, as cp -p: what the next build's quick check reads */
	const struct timespec times[2] = { { .tv_nsec = UTIME_OMIT }, st.st_mtim };
	futimens(out, times);
	if (close(out) < 0) {
		int err = errno;
		unlinkat(w->root, rel, 0);
		return file_error(w, rel, "cannot copy", err, d);
	}
	atomic_fetch_add(&w->files, 1);
	atomic_fetch_add(&w->bytes, copied);
	return 0;
}

/* Without RENAME_EXCHANGE (a file system that lacks it): move the old
 * tree aside, move the new one in, and move the old back if that fails.
 * Not atomic, but DEST is never lost. */
static int swap_by_two_renames(writer_t *w)
{
	buf_t old = BUF_INIT;
	buf_printf(&old, "%s.old-%ld", w->dest, (long)getpid());
	remove_tree(buf_cstr(&old));
	int rc = rename(w->dest, buf_cstr(&old));
	if (rc == 0) {
		rc = rename(w->staging, w->dest);
		if (rc < 0) {
			int err = errno;
			rename(buf_cstr(&old), w->dest);
			errno = err;
		} else if (rename(buf_cstr(&old), w->staging) < 0) {
			/* write_commit removes the staging path; remove the old tree here. */
			remove_tree(buf_cstr(&old));
		}
	}
	buf_free(&old);
	return rc;
}

/* After a failure: a spare tree taken back goes back to the cache (it took
 * that room before the build, and the next build compares whatever it
 * holds); a fresh staging folder is removed, so that a full disk is left
 * no fuller. */
static void drop_staging(writer_t *w)
{
	if (!(w->reused && keep_spare(w)))
		remove_tree(w->staging);
}

int write_commit(writer_t *w, diag_list_t *d)
{
	close(w->root);
	w->root = -1;
	int rc = -1;
	/* Twice at most: DEST may appear or vanish between the two calls. */
	for (int attempt = 0; attempt < 2 && rc < 0; attempt++) {
		rc = rename2(w->staging, w->dest, RENAME_EXCHANGE);
		if (rc == 0 || errno != ENOENT)
			break;
		rc = rename2(w->staging, w->dest, RENAME_NOREPLACE);
		if (rc < 0 && errno == EINVAL)
			rc = rename(w->staging, w->dest);
		if (rc == 0 || errno != EEXIST)
			break;
	}
	if (rc < 0 && (errno == EINVAL || errno == ENOSYS))
		rc = swap_by_two_renames(w);
	if (rc < 0) {
		diag_error(d, w->dest, 0, 0, "cannot swap the new site in: %s", strerror(errno));
		drop_staging(w);
		writer_free(w);
		return -1;
	}
	/* The staging path now holds the old tree (or nothing). */
	struct stat st;
	if (lstat(w->staging, &st) == 0 && !keep_spare(w))
		remove_tree_detached(w->staging, w->dest);
	writer_free(w);
	return 0;
}

void write_abort(writer_t *w)
{
	close(w->root);
	w->root = -1;
	drop_staging(w);
	writer_free(w);
}

size_t write_count(const writer_t *w)
{
	return atomic_load(&((writer_t *)w)->files);
}

size_t write_kept(const writer_t *w)
{
	return atomic_load(&((writer_t *)w)->kept);
}

int write_update(const char *dest, const char *rel, const void *data, size_t n, diag_list_t *d)
{
	if (bad_path(rel))
		return diag_error(d, dest, 0, 0, "refusing to write '%s': %s", rel, bad_path(rel));
	int root = open(dest, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (root < 0)
		return diag_error(d, dest, 0, 0, "cannot open the output folder: %s", strerror(errno));
	int old = openat(root, rel, O_RDONLY | O_CLOEXEC);
	bool same = old >= 0 && same_bytes(old, data, n);
	if (old >= 0)
		close(old);
	if (same) {
		close(root);
		return 0;
	}
	char tmp[PATH_MAX];
	snprintf(tmp, sizeof tmp, "%s.pnyx-%ld", rel, (long)getpid());
	char *dir = xstrdup(rel);
	char *slash = strrchr(dir, '/');
	if (slash) {
		*slash = '\0';
		make_dirs(root, dir);
	}
	free(dir);
	int fd = openat(root, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int rc = fd < 0 || write_all(fd, data, n) < 0 ? -1 : 0;
	int err = errno;
	if (fd >= 0 && close(fd) < 0 && rc == 0)
		rc = -1, err = errno;
	if (rc == 0 && renameat(root, tmp, root, rel) < 0)
		rc = -1, err = errno;
	if (rc < 0) {
		unlinkat(root, tmp, 0);
		close(root);
		return diag_error(d, dest, 0, 0, "cannot write %s: %s", rel, strerror(err));
	}
	close(root);
	return 1;
}
