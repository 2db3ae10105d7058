"""gitrepo.py — temporary git repositories for the tests of the work state (git is called with argument lists,
never through a shell): one identity and the dates each commit asks for, nothing from the machine's config."""
import os
import subprocess

# The identity and dates of every commit the tests make; no config of the machine leaks in.
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Ada Tester", "GIT_AUTHOR_EMAIL": "ada@example.com",
    "GIT_COMMITTER_NAME": "Ada Tester", "GIT_COMMITTER_EMAIL": "ada@example.com",
    "GIT_CONFIG_NOSYSTEM": "1", "HOME": "/nonexistent", "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
}


def git(repo, *args, when=None):
    env = dict(GIT_ENV)
    if when is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = "@%d +0000" % when
    out = subprocess.run(["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args], cwd=repo,
                         env=env, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return out.stdout.decode()


def write(repo, rel, text):
    path = os.path.join(repo, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def commit(repo, message, files, when):
    for rel, text in files.items():
        write(repo, rel, text)
    git(repo, "add", "--", *files.keys())
    git(repo, "commit", "-q", "-m", message, when=when)
    return git(repo, "rev-parse", "HEAD").strip()
