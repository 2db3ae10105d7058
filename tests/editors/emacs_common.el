;;; emacs_common.el --- what the Emacs client tests share -*- lexical-binding: t; -*-

;;; Commentary:

;; Loaded by emacs_test.el (eglot) and lspmode_test.el (lsp-mode): counted
;; checks, waiting for the server, the current line, and keys typed as a user
;; types them (the command a key is bound to, with its events, then timers).

;;; Code:

(require 'cl-lib)

(defconst emacs-test-repo (or (getenv "REPO") (error "Set REPO to the repository root")))
(defconst emacs-test-server (or (getenv "PROGRESS_LS") (error "Set PROGRESS_LS to the binary")))
(defconst emacs-test-mode-file (expand-file-name "editors/emacs/progress-txt-mode.el" emacs-test-repo))

(defvar emacs-test-failures 0)
(defvar emacs-test-checks 0)
(defconst emacs-test-wait 10.0 "Seconds to wait for the server.")

(defun emacs-test-check (ok what &optional detail)
  "Count OK for WHAT; print DETAIL when it failed."
  (setq emacs-test-checks (1+ emacs-test-checks))
  (if ok
      (princ (format "ok   %s\n" what))
    (setq emacs-test-failures (1+ emacs-test-failures))
    (princ (format "FAIL %s%s\n" what (if detail (format ": %S" detail) ""))))
  ok)

(defun emacs-test-wait-for (pred)
  "Process output until PRED is true or `emacs-test-wait' passes; PRED's value."
  (let ((deadline (+ (float-time) emacs-test-wait)) value)
    (while (and (not (setq value (funcall pred))) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    value))

(defun emacs-test-line ()
  "The current line's text."
  (buffer-substring-no-properties (line-beginning-position) (line-end-position)))

(defun emacs-test-type-c-m-i ()
  "Run the command C-M-i is bound to, as typing it would, then let timers run."
  (let ((cmd (key-binding (kbd "C-M-i"))))
    (setq last-command-event ?\C-\M-i this-command cmd)
    (call-interactively cmd)
    ;; Timers (the folder's reopening) run while Emacs waits for input.
    (let ((until (+ (float-time) 0.3)))
      (while (< (float-time) until)
        (accept-process-output nil 0.05)))))

(defun emacs-test-type-key (key event)
  "Run the command KEY is bound to as typing it would (EVENT as the input), then let timers run."
  (let ((cmd (key-binding (kbd key))))
    (setq last-input-event event last-command-event event this-command cmd)
    (call-interactively cmd)
    (run-hooks 'post-command-hook)
    (let ((until (+ (float-time) 0.5)))
      (while (< (float-time) until)
        (accept-process-output nil 0.05)))))

(defun emacs-test-continuation (client key event)
  "In a Files To Modify list, KEY (EVENT) after an item continues the list with point after the bullet (CLIENT)."
  (goto-char (point-min))
  (re-search-forward "^=== Files To Modify ===$")
  (forward-line 1)
  (insert "- [ ] src/api/admin.py\n")
  (forward-line -1)
  (end-of-line)
  (emacs-test-type-key key event)
  (emacs-test-wait-for (lambda () (string-prefix-p "- [ ]" (emacs-test-line))))
  (accept-process-output nil 0.3)
  (insert "sess")
  (emacs-test-check (equal (emacs-test-line) "- [ ] sess")
                    (format "%s: %s after an item continues the list, point after the bullet" client key)
                    (emacs-test-line))
  (delete-region (line-beginning-position) (min (point-max) (1+ (line-end-position))))
  (forward-line -1)
  (delete-region (line-beginning-position) (min (point-max) (1+ (line-end-position)))))

;; The test's workspace: a git root holding a few source files and the sample progress file in plan/.
(defun emacs-test-workspace ()
  "A temporary workspace; returns (ROOT . PATH of its progress file)."
  (let* ((root (file-name-as-directory (file-truename (make-temp-file "progress-ws" t))))
         (path (expand-file-name "plan/progress.txt" root)))
    (make-directory (expand-file-name ".git" root))
    (make-directory (file-name-directory path))
    (dolist (f '("src/auth/session.py" "src/auth/login.py" "src/api/admin.py" "docs/operations.md"))
      (make-directory (file-name-directory (expand-file-name f root)) t)
      (write-region "" nil (expand-file-name f root)))
    (copy-file (expand-file-name "tests/editors/samples/progress.txt" emacs-test-repo) path)
    (cons root path)))

(defun emacs-test-run (main client)
  "Run MAIN, count an error as a failure, print the summary for CLIENT and exit."
  (let ((ok (condition-case err (progn (funcall main) t)
              (error (princ (format "error: %S\n" err)) nil))))
    (emacs-test-check ok "the test ran to its end")
    (princ (format "emacs %s, %s: %d checks, %d failed\n" emacs-version client emacs-test-checks
                   emacs-test-failures))
    (kill-emacs (if (zerop emacs-test-failures) 0 1))))

;; The move: the action the user picks from the client's menu (batch Emacs reads a minibuffer answer from stdin,
;; so the menu's `completing-read' answers with the title here).
(defun emacs-test-move (client command)
  "Run COMMAND (the client's code-action command) on a Files To Modify item, pick the move (CLIENT)."
  (goto-char (point-min))
  (re-search-forward "^docs/operations.md")
  (beginning-of-line)
  (cl-letf (((symbol-function 'completing-read)
             (lambda (_prompt collection &rest _)
               (let ((titles (all-completions "" collection)))
                 (or (car (member "Move to Files Modified" titles)) (car titles))))))
    (setq last-nonmenu-event ?x) ; typed, not clicked: the client asks through `completing-read', not a popup
    (call-interactively command))
  (emacs-test-wait-for (lambda () (save-excursion (goto-char (point-min))
                                                  (re-search-forward "^docs/operations.md\n\n=== Files To Modify" nil t))))
  (let ((text (buffer-substring-no-properties (point-min) (point-max))))
    (emacs-test-check (string-match-p "tests/middleware/test_rate_limit.py\ndocs/operations.md\n\n=== Files To Modify ===\nsrc/api/admin.py (mount the limiter)\n" text)
                      (format "%s: the code action moves docs/operations.md to Files Modified" client) text)))

(provide 'emacs_common)

;;; emacs_common.el ends here
