;;; progress-txt-mode.el --- Major mode, eglot and lsp-mode setup for progress.txt files -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "27.1"))
;; Keywords: languages, tools
;; URL: https://example.invalid/progress-ls

;;; Commentary:

;; A major mode for progress.txt session-state files (`progress.txt',
;; `claude-progress.txt', `*-progress.txt', `*_progress.txt' and
;; `*.progress.txt'): colours for section headers, field keys, complexity
;; levels, the phase, status marks, paths, annotations, interface signatures
;; and template placeholders, and an imenu index of the sections by name.
;;
;; With eglot the mode talks to the progress-ls language server: completion
;; on C-M-i / M-TAB (fuzzy and ignoring case; picking a folder completes
;; again inside it), hover, diagnostics (through flymake) and code actions.
;; The mode keeps its own imenu (sections by name): eglot stays out of it.
;; Put `progress-ls' on PATH or customise `progress-txt-server-command', then:
;;
;;   (require 'progress-txt-mode)
;;   (add-hook 'progress-txt-mode-hook #'eglot-ensure)
;;
;; or, with lsp-mode (the mode registers the server with it once lsp-mode loads):
;;
;;   (require 'progress-txt-mode)
;;   (add-hook 'progress-txt-mode-hook #'lsp-deferred)
;;
;; In both clients Enter's list continuation (the server's onTypeFormatting)
;; leaves point after the new bullet.

;;; Code:

(defgroup progress-txt nil
  "Editing progress.txt session-state files."
  :group 'languages
  :prefix "progress-txt-")

(defcustom progress-txt-server-command '("progress-ls")
  "The progress-ls language server: the program and its arguments."
  :type '(repeat string)
  :group 'progress-txt)

(defcustom progress-txt-server-settings nil
  "The server's settings as a plist, sent as initializationOptions.
For example (:maxLines 200 :severity (:placeholder \"hint\")); the keys
are listed in docs/settings.md of progress-ls."
  :type 'plist
  :group 'progress-txt)

(defconst progress-txt--header-re "^=\\{3,\\}[ \t]*\\(.*?\\)[ \t]*=\\{3,\\}[ \t]*$"
  "A section header: `=== Name ===', the name in group 1.")

(defconst progress-txt--bullet-re "\\(?:[-*+•][ \t]+\\|[0-9]+[.)][ \t]+\\)?"
  "An optional list bullet, as the server's parser reads it.")

(defconst progress-txt--key-re
  (concat "^[ \t]*" progress-txt--bullet-re "\\(?:\\*\\*\\)?"
          "\\(Last completed\\|Next task\\|Blockers\\|Current phase\\|Complexity level\\)[ \t]*:\\(?:\\*\\*\\)?")
  "A Session State field key, plain, bulleted or bold; the key in group 1.")

(defconst progress-txt-font-lock-keywords
  `((,progress-txt--header-re . font-lock-keyword-face)
    (,progress-txt--key-re 1 font-lock-variable-name-face)
    (,(concat progress-txt--key-re "[ \t]*\\(trivial\\|small\\|medium\\|large\\|huge\\)\\_>")
     2 font-lock-constant-face)
    (,(concat progress-txt--key-re "[ \t]*\\(\\(?:phase[ \t]+\\)?[0-9]+[ \t]*\\(?:of\\|/\\)[ \t]*[0-9]+\\)")
     2 font-lock-constant-face)
    ("^\\(?:[-*][ \t]+\\)?`?\\(?:\\(?:def\\|fn\\|func\\|function\\|interface\\|type\\|class\\)[ \t]+\\)?\\([[:alpha:]_][[:alnum:]_]*\\(?:\\(?:\\.\\|::\\)[[:alpha:]_][[:alnum:]_]*\\)*\\)("
     1 font-lock-function-name-face)
    ("^[ \t]*\\(?:[-*+][ \t]+\\|[0-9]+[.)][ \t]+\\)?\\(?:\\[[ xX/~-]\\][ \t]+\\)?`?\\([^ \t\n(\\[`]*[/.][^ \t\n`]*[[:alnum:]]\\)`?\\(?:[ \t]\\|$\\)"
     1 font-lock-string-face)
    ("[ \t]\\((.*)\\)[ \t]*$" 1 font-lock-comment-face)
    ;; Status marks, as the server reads them: done, open, in progress, dropped.
    ("\\[[xX]\\]\\|[✅✔✓☑🟢]" 0 'success)
    ("\\[ \\]\\|[❌✗✘☐⬜🔲]" 0 'warning)
    ("\\[[/~]\\]\\|[🚧⏳🔄🟡]" 0 font-lock-builtin-face)
    ("\\[-\\]\\|~~[^~\n]+~~" 0 'shadow)
    ("\\(?:^\\|[ (:]\\)\\(\\[[^]\n]*[[:alpha:]][^]\n]*\\]\\)\\(?:[^(]\\|$\\)" 1 font-lock-warning-face t))
  "What `progress-txt-mode' colours, like the VS Code TextMate grammar.
Keywords match ignoring case, as the server reads levels and keys.")

(defvar progress-txt-mode-map
  (let ((map (make-sparse-keymap)))
    ;; text-mode binds M-TAB (= C-M-i) to `ispell-complete-word': here it completes from the server.
    (define-key map (kbd "C-M-i") #'completion-at-point)
    (define-key map (kbd "M-TAB") #'completion-at-point)
    map)
  "Keys of `progress-txt-mode': C-M-i and M-TAB run `completion-at-point'.")

(defvar progress-txt-mode-syntax-table
  (let ((table (make-syntax-table text-mode-syntax-table)))
    ;; A path is one symbol, so completion replaces all of `src/au' and not just `au'.
    (dolist (c '(?/ ?. ?_ ?- ?~))
      (modify-syntax-entry c "_" table))
    table)
  "Syntax of `progress-txt-mode': path characters are symbol constituents.")

(defvar eglot-server-programs)
(defvar eglot-stay-out-of)
(declare-function eglot-completion-at-point "eglot")
(declare-function eglot-managed-p "eglot")

(defun progress-txt--reopen (buffer)
  "Complete again at point in BUFFER, after a folder was picked."
  (when (and (buffer-live-p buffer) (eq (current-buffer) buffer))
    (completion-at-point)))

(defun progress-txt-completion-at-point ()
  "Eglot's `completion-at-point' function, reopening completion after a folder.
A folder (a candidate ending in `/') picked from the list completes
again inside it, as VS Code does."
  (let ((capf (eglot-completion-at-point)))
    (when capf
      (let* ((props (nthcdr 3 capf))
             (exit (plist-get props :exit-function))
             (buffer (current-buffer)))
        (append (list (nth 0 capf) (nth 1 capf) (nth 2 capf))
                (plist-put (copy-sequence props) :exit-function
                           (lambda (proxy status)
                             (when exit (funcall exit proxy status))
                             (when (and (memq status '(finished exact)) (string-suffix-p "/" proxy))
                               (run-at-time 0 nil #'progress-txt--reopen buffer)))))))))

(defconst progress-txt--continuation-re
  "^[ \t]*\\(?:[-*+•]\\|[0-9]+[.)]\\)[ \t]+\\(?:\\(?:\\[[ xX/~-]\\]\\|[✅✔✓☑🟢❌✗✘☐⬜🔲🚧⏳🔄🟡]\\)[ \t]+\\)?$"
  "A line holding only a bullet (and a mark).
That is what Enter's list continuation writes.")

(defun progress-txt--past-bullet (buffer line-start)
  "In BUFFER, move point past the bullet written on the line at LINE-START.
Only when point still stands at the line's start or in its indentation:
the client applied the server's edit around point and left point before it."
  (when (and (buffer-live-p buffer) (eq (current-buffer) buffer) (marker-buffer line-start))
    (save-match-data
      (let ((bol (marker-position line-start)))
        (when (and (= (line-beginning-position) bol)
                   (string-match-p "\\`[ \t]*\\'" (buffer-substring-no-properties bol (point)))
                   (string-match-p progress-txt--continuation-re
                                   (buffer-substring-no-properties bol (line-end-position))))
          (end-of-line))))
    (set-marker line-start nil)))

(defun progress-txt--after-change (beg end len)
  "After an insertion BEG..END (LEN 0) leaving a bare bullet, put point after it.
Enter's list continuation is the server's onTypeFormatting edit; eglot
\(C-j) and lsp-mode (RET, applied later) insert it at point, so point
would stay before the new bullet.  Runs once the command has finished."
  (when (and (zerop len) (> end beg))
    (save-excursion
      (goto-char end)
      (let ((bol (line-beginning-position)))
        (when (and (<= bol beg)
                   (string-match-p progress-txt--continuation-re
                                   (buffer-substring-no-properties bol (line-end-position))))
          (run-at-time 0 nil #'progress-txt--past-bullet (current-buffer) (copy-marker bol)))))))

(defun progress-txt--eglot-managed ()
  "Use `progress-txt-completion-at-point' instead of eglot's own in this buffer."
  (when (eglot-managed-p)
    (remove-hook 'completion-at-point-functions #'eglot-completion-at-point t)
    (add-hook 'completion-at-point-functions #'progress-txt-completion-at-point nil t)))

;;;###autoload
(define-derived-mode progress-txt-mode text-mode "Progress"
  "Major mode for progress.txt session-state files.
\\{progress-txt-mode-map}"
  (setq-local font-lock-defaults '(progress-txt-font-lock-keywords nil t))
  (setq-local comment-start "")
  (setq-local completion-ignore-case t)
  (setq-local imenu-generic-expression `((nil ,progress-txt--header-re 1)))
  ;; Keep this imenu (sections by name) when eglot manages the buffer; its own groups by LSP symbol kind.
  (setq-local eglot-stay-out-of (cons 'imenu (bound-and-true-p eglot-stay-out-of)))
  (add-hook 'eglot-managed-mode-hook #'progress-txt--eglot-managed nil t)
  (add-hook 'after-change-functions #'progress-txt--after-change nil t)
  (setq-local outline-regexp "===")
  (setq-local require-final-newline t))

;;;###autoload
(add-to-list 'auto-mode-alist '("/\\(?:[^/]*[-_.]\\)?progress\\.txt\\'" . progress-txt-mode))

(defun progress-txt-eglot-contact (&optional _interactive)
  "The eglot contact for progress-ls: the command, then the settings."
  (append progress-txt-server-command
          (and progress-txt-server-settings
               (list :initializationOptions progress-txt-server-settings))))

(put 'progress-txt-mode 'eglot-language-id "progresstxt")


(defvar lsp-language-id-configuration)
(declare-function lsp-register-client "lsp-mode")
(declare-function make-lsp-client "lsp-mode")
(declare-function lsp-stdio-connection "lsp-mode")
(declare-function lsp-activate-on "lsp-mode")

(defun progress-txt--lsp-mode-register ()
  "Register progress-ls with lsp-mode, for `progress-txt-mode' buffers."
  (add-to-list 'lsp-language-id-configuration '(progress-txt-mode . "progresstxt"))
  (lsp-register-client
   (make-lsp-client :new-connection (lsp-stdio-connection (lambda () progress-txt-server-command))
                    :activation-fn (lsp-activate-on "progresstxt")
                    :initialization-options (lambda () progress-txt-server-settings)
                    :server-id 'progress-ls)))

;;;###autoload
(with-eval-after-load 'lsp-mode
  (progress-txt--lsp-mode-register))

;;;###autoload
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs
               '((progress-txt-mode :language-id "progresstxt") . progress-txt-eglot-contact)))

(provide 'progress-txt-mode)

;;; progress-txt-mode.el ends here
