;;; progress-txt-mode.el --- Major mode and eglot setup for progress.txt files -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "27.1"))
;; Keywords: languages, tools
;; URL: https://example.invalid/progress-ls

;;; Commentary:

;; A major mode for progress.txt session-state files (`progress.txt' and
;; `*.progress.txt'): colours for section headers, field keys, complexity
;; levels, the phase, paths, annotations, interface signatures and template
;; placeholders, and an imenu index of the sections.
;;
;; With eglot the mode talks to the progress-ls language server: outline,
;; completion, hover, diagnostics (through flymake) and code actions.
;; Put `progress-ls' on PATH or customise `progress-txt-server-command', then:
;;
;;   (require 'progress-txt-mode)
;;   (add-hook 'progress-txt-mode-hook #'eglot-ensure)

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

(defconst progress-txt-font-lock-keywords
  `((,progress-txt--header-re . font-lock-keyword-face)
    ("^\\(Last completed\\|Next task\\|Blockers\\|Current phase\\|Complexity level\\)[ \t]*:"
     1 font-lock-variable-name-face)
    ("^Complexity level[ \t]*:[ \t]*\\(trivial\\|small\\|medium\\|large\\|huge\\)\\_>"
     1 font-lock-constant-face)
    ("^Current phase[ \t]*:[ \t]*\\([0-9]+[ \t]*of[ \t]*[0-9]+\\)" 1 font-lock-constant-face)
    ("^\\(?:[-*][ \t]+\\)?\\([[:alpha:]_][[:alnum:]_]*\\(?:\\(?:\\.\\|::\\)[[:alpha:]_][[:alnum:]_]*\\)*\\)("
     1 font-lock-function-name-face)
    ("^\\(?:[-*][ \t]+\\)?\\([^ \t\n(\\[]*[/.][^ \t\n]*[[:alnum:]]\\)\\(?:[ \t]\\|$\\)" 1 font-lock-string-face)
    ("[ \t]\\((.*)\\)[ \t]*$" 1 font-lock-comment-face)
    ("\\(?:^\\|[ (:]\\)\\(\\[[^]\n]*[[:alpha:]][^]\n]*\\]\\)\\(?:[^(]\\|$\\)" 1 font-lock-warning-face t))
  "What `progress-txt-mode' colours, like the VS Code TextMate grammar.")

;;;###autoload
(define-derived-mode progress-txt-mode text-mode "Progress"
  "Major mode for progress.txt session-state files.
\\{progress-txt-mode-map}"
  (setq-local font-lock-defaults '(progress-txt-font-lock-keywords nil t))
  (setq-local comment-start "")
  (setq-local imenu-generic-expression `((nil ,progress-txt--header-re 1)))
  (setq-local outline-regexp "===")
  (setq-local require-final-newline t))

;;;###autoload
(add-to-list 'auto-mode-alist '("/\\(?:[^/]*\\.\\)?progress\\.txt\\'" . progress-txt-mode))

(defun progress-txt-eglot-contact (&optional _interactive)
  "The eglot contact for progress-ls: the command, then the settings."
  (append progress-txt-server-command
          (and progress-txt-server-settings
               (list :initializationOptions progress-txt-server-settings))))

(put 'progress-txt-mode 'eglot-language-id "progresstxt")

(defvar eglot-server-programs)

;;;###autoload
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs
               '((progress-txt-mode :language-id "progresstxt") . progress-txt-eglot-contact)))

(provide 'progress-txt-mode)

;;; progress-txt-mode.el ends here
