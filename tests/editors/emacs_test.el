;;; emacs_test.el --- progress-txt-mode and eglot in a real (batch) Emacs -*- lexical-binding: t; -*-

;;; Commentary:

;; Run: REPO=... PROGRESS_LS=... emacs --batch -l tests/editors/emacs_test.el
;; (without -Q: Debian's site-start puts elpa-eglot on the load path).
;; Byte-compiles the mode without warnings, opens a sample in a temporary
;; workspace, connects eglot to progress-ls, waits for the diagnostics in
;; flymake, completes through the command bound to C-M-i (a level typed in
;; lower case, a fuzzy path, a folder pick that completes again), checks the
;; imenu stays the mode's, and shuts eglot down without an error.

;;; Code:

(require 'cl-lib)

(load (expand-file-name "emacs_common.el" (file-name-directory (or load-file-name buffer-file-name))) nil t)

(defun emacs-test-byte-compile ()
  "The mode byte-compiles without a warning, in a clean `emacs -Q' and a temporary folder."
  (let* ((dir (make-temp-file "progress-elc" t))
         (copy (expand-file-name "progress-txt-mode.el" dir))
         (status nil))
    (copy-file emacs-test-mode-file copy)
    (with-temp-buffer
      (setq status (call-process (expand-file-name invocation-name invocation-directory) nil t nil
                                 "--batch" "-Q" "--eval" "(setq byte-compile-error-on-warn t)"
                                 "-f" "batch-byte-compile" copy))
      (emacs-test-check (and (eql status 0) (file-exists-p (concat copy "c"))
                             (not (string-match-p "Warning" (buffer-string))))
                        "progress-txt-mode.el byte-compiles without warnings" (buffer-string)))
    (delete-directory dir t)))

(defun emacs-test-face-at (line-text)
  "The face at the start of the line that is LINE-TEXT."
  (save-excursion
    (goto-char (point-min))
    (and (search-forward line-text nil t)
         (get-text-property (match-beginning 0) 'face))))

(defun emacs-test-capf-candidates ()
  "The strings `completion-at-point-functions' offer at point."
  (let ((res (run-hook-wrapped 'completion-at-point-functions
                               (lambda (f) (funcall f)))))
    (and res
         (all-completions (buffer-substring-no-properties (nth 0 res) (nth 1 res)) (nth 2 res)))))

(defvar emacs-test-completions 0 "How many textDocument/completion requests eglot sent.")

(defun emacs-test-count-request (_conn method &rest _)
  "Count completion requests (METHOD) sent through jsonrpc."
  (when (eq method :textDocument/completion)
    (setq emacs-test-completions (1+ emacs-test-completions))))

(defun emacs-test-formatting (root)
  "M-x eglot-format-buffer on a messy progress file under ROOT gives the canonical layout."
  (let ((path (expand-file-name "plan/claude-progress.txt" root)))
    (with-temp-file path
      (insert "===session state===\nNext task :  write it  \n\n\n=== Notes ===\n*  a\n- b  \n* c\n\n\n"))
    (find-file path)
    (unless (emacs-test-check (emacs-test-wait-for #'eglot-current-server)
                              "formatting: eglot manages a second progress file of the project")
      (cl-return-from emacs-test-formatting))
    (call-interactively #'eglot-format-buffer) ; what M-x eglot-format-buffer runs
    (emacs-test-check (equal (buffer-string)
                             "=== Session State ===\nNext task: write it\n\n=== Notes ===\n* a\n* b\n* c\n")
                      "M-x eglot-format-buffer gives the canonical layout" (buffer-string))
    (save-buffer)
    (call-interactively #'eglot-format-buffer)
    (emacs-test-check (not (buffer-modified-p)) "formatting a formatted buffer changes nothing")
    (kill-buffer)))

(cl-defun emacs-test-main ()
  "The test."
  (emacs-test-byte-compile)
  (load emacs-test-mode-file nil t)
  (require 'eglot)
  (require 'flymake)
  (advice-add 'jsonrpc-request :before #'emacs-test-count-request)
  (setq progress-txt-server-command (list emacs-test-server)
        progress-txt-server-settings '(:maxLines 20))
  (let* ((ws (emacs-test-workspace))
         (root (car ws))
         (path (cdr ws)))
    (find-file path)
    (emacs-test-check (eq major-mode 'progress-txt-mode) "auto-mode-alist opens progress.txt in progress-txt-mode"
                      major-mode)
    (emacs-test-check (eq (assoc-default "/a/b/notes.progress.txt" auto-mode-alist #'string-match)
                          'progress-txt-mode)
                      "notes.progress.txt maps to progress-txt-mode")
    (dolist (name '("claude-progress.txt" "agent-progress.txt" "agent_progress.txt" "progress.txt"))
      (emacs-test-check (eq (assoc-default (concat "/a/b/" name) auto-mode-alist #'string-match) 'progress-txt-mode)
                        (format "%s maps to progress-txt-mode" name)))
    (dolist (name '("myprogress.txt" "progress.txt.orig" "progress.md"))
      (emacs-test-check (not (eq (assoc-default (concat "/a/b/" name) auto-mode-alist #'string-match)
                                 'progress-txt-mode))
                        (format "%s is not a progress file" name)))
    (dolist (key '("C-M-i" "M-TAB"))
      (emacs-test-check (eq (key-binding (kbd key)) 'completion-at-point)
                        (format "%s runs completion-at-point (not ispell-complete-word)" key) (key-binding (kbd key))))
    (font-lock-ensure)
    (emacs-test-check (eq (emacs-test-face-at "=== Files Modified ===") 'font-lock-keyword-face)
                      "section headers are coloured" (emacs-test-face-at "=== Files Modified ==="))
    (emacs-test-check (eq (emacs-test-face-at "[Decide") 'font-lock-warning-face)
                      "placeholders are coloured" (emacs-test-face-at "[Decide"))
    (let ((index (funcall imenu-create-index-function)))
      (emacs-test-check (assoc "Files To Modify" index) "imenu lists the sections without a server"
                        (mapcar #'car index)))
    (let ((guess (eglot--guess-contact)))
      (emacs-test-check (equal (nth 4 guess) "progresstxt") "eglot's language id is progresstxt" (nth 4 guess)))
    (call-interactively #'eglot)
    (let ((server (emacs-test-wait-for #'eglot-current-server)))
      (unless (emacs-test-check server "eglot connects to progress-ls")
        (cl-return-from emacs-test-main)))
    (emacs-test-check flymake-mode "eglot turned on flymake")
    (flymake-start)
    (let* ((texts (lambda () (mapcar #'flymake-diagnostic-text (flymake-diagnostics))))
           (got (emacs-test-wait-for
                 (lambda ()
                   (let ((all (funcall texts)))
                     (and (cl-some (lambda (s) (string-match-p "placeholder" s)) all)
                          (cl-some (lambda (s) (string-match-p "20" s)) all)
                          all))))))
      (emacs-test-check got "flymake shows the placeholder and the 20-line limit (settings reached the server)"
                        (funcall texts)))
    (goto-char (point-min))
    (re-search-forward "^Complexity level: .*$")
    (replace-match "Complexity level: ")
    (let ((cands (emacs-test-capf-candidates)))
      (dolist (level '("Trivial" "Small" "Medium" "Large" "Huge"))
        (emacs-test-check (member level cands)
                          (format "completion-at-point after \"Complexity level: \" offers %s" level) cands)))
    ;; As a user types: the text, then the command C-M-i runs.
    (insert "me")
    (emacs-test-type-c-m-i)
    (emacs-test-check (equal (emacs-test-line) "Complexity level: Medium")
                      "C-M-i after \"Complexity level: me\" completes Medium" (emacs-test-line))
    (goto-char (point-min))
    (re-search-forward "^docs/operations.md$")
    (insert "\nsess")
    (emacs-test-type-c-m-i)
    (emacs-test-check (equal (emacs-test-line) "src/auth/session.py")
                      "C-M-i after \"sess\" completes the fuzzy path src/auth/session.py" (emacs-test-line))
    (end-of-line)
    (insert "\nsr")
    (let ((requests emacs-test-completions))
      (emacs-test-type-c-m-i)
      (emacs-test-wait-for (lambda () (>= emacs-test-completions (+ requests 2))))
      (emacs-test-check (string-prefix-p "src/" (emacs-test-line)) "C-M-i after \"sr\" picks the folder src/"
                        (emacs-test-line))
      (emacs-test-check (>= emacs-test-completions (+ requests 2))
                        "picking the folder asks the server again inside it"
                        (- emacs-test-completions requests))
      ;; The reopened completion inserts what its candidates share (src/a…) or lists them.
      (let ((help (get-buffer "*Completions*")))
        (emacs-test-check (or (string-match-p "\\`src/[^/]" (emacs-test-line))
                              (and help (with-current-buffer help
                                          (goto-char (point-min))
                                          (search-forward "src/auth/" nil t))))
                          "the completion that reopens works inside src/"
                          (list (emacs-test-line) (and help (with-current-buffer help (buffer-string)))))))
    (emacs-test-continuation "eglot" "C-j" ?\n)
    (emacs-test-move "eglot" #'eglot-code-actions)
    (let ((index (funcall imenu-create-index-function)))
      (emacs-test-check (and (assoc "Session State" index) (assoc "Files To Modify" index)
                             (not (assoc "Module" index)))
                        "with eglot, imenu's first level is still the sections by name" (mapcar #'car index)))
    (emacs-test-formatting root)
    (let ((server (eglot-current-server))
          (err nil))
      (condition-case e (eglot-shutdown server) (error (setq err e)))
      (emacs-test-check (null err) "eglot-shutdown completes without an error (shutdown answered)" err)
      (emacs-test-check (not (process-live-p (jsonrpc--process server))) "the server process has exited"))
    (set-buffer-modified-p nil)
    (delete-directory root t)))

(emacs-test-run #'emacs-test-main "eglot")

;;; emacs_test.el ends here
