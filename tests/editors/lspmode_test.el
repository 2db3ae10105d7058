;;; lspmode_test.el --- progress-txt-mode and lsp-mode in a real (batch) Emacs -*- lexical-binding: t; -*-

;;; Commentary:

;; Run: REPO=... PROGRESS_LS=... emacs --batch -l tests/editors/lspmode_test.el
;; (without -Q: Debian's site-start puts elpa-lsp-mode on the load path).
;; A fresh user's lsp-mode (its session file in a temporary folder, nothing
;; else configured) opens a sample through progress-txt-mode's registration,
;; gets the diagnostics, descends into a folder with C-M-i after `sr' (the
;; answer is incomplete, so lsp-mode asks again inside src/), continues a list
;; with RET leaving point after the new bullet, and moves an item with
;; M-x lsp-execute-code-action.

;;; Code:

(require 'cl-lib)

(load (expand-file-name "emacs_common.el" (file-name-directory (or load-file-name buffer-file-name))) nil t)

(defvar lsp-session-file)
(defvar lsp-enable-file-watchers)
(defvar lsp-headerline-breadcrumb-enable)
(defvar lsp-keep-workspace-alive)
(defvar lsp-restart)
(defvar lsp-enable-snippet)
(declare-function lsp "lsp-mode")
(declare-function lsp-workspaces "lsp-mode")
(declare-function lsp-workspace-folders-add "lsp-mode")
(declare-function lsp-diagnostics "lsp-mode")
(declare-function lsp-workspace-shutdown "lsp-mode")

(cl-defun lspmode-test-main ()
  "The test."
  ;; What an interactive Emacs does at startup and `--batch' skips: the ELPA packages' autoloads (lsp-mode's turn
  ;; its completion and diagnostics on through `lsp-configure-hook').
  (package-activate-all)
  (load emacs-test-mode-file nil t)
  (require 'lsp-mode)
  (let* ((ws (emacs-test-workspace))
         (root (car ws))
         (path (cdr ws)))
    (setq lsp-session-file (expand-file-name ".lsp-session" root)
          lsp-enable-file-watchers nil
          lsp-headerline-breadcrumb-enable nil
          lsp-keep-workspace-alive nil
          lsp-restart 'ignore
          lsp-enable-snippet nil
          progress-txt-server-command (list emacs-test-server)
          progress-txt-server-settings '(:maxLines 20))
    (lsp-workspace-folders-add root) ; what lsp-mode's "import project root" question does, answered
    (find-file path)
    (emacs-test-check (eq major-mode 'progress-txt-mode) "progress.txt opens in progress-txt-mode" major-mode)
    (lsp)
    (unless (emacs-test-check (emacs-test-wait-for #'lsp-workspaces) "lsp-mode connects to progress-ls")
      (cl-return-from lspmode-test-main))
    (let ((got (emacs-test-wait-for (lambda () (gethash path (lsp-diagnostics t))))))
      (emacs-test-check got "lsp-mode gets the diagnostics" got))
    ;; Folder descent: `sr', C-M-i, C-M-i again.
    (goto-char (point-min))
    (re-search-forward "^docs/operations.md$")
    (insert "\n- [ ] sr")
    (emacs-test-type-c-m-i)
    ;; The answer holds src/ and its folders: *Completions* lists them and the user types on to src/ (a sole
    ;; src/ would have been inserted as it stands).
    (let ((help (get-buffer "*Completions*")))
      (emacs-test-check (or (equal (emacs-test-line) "- [ ] src/")
                            (and help (with-current-buffer help
                                        (goto-char (point-min))
                                        (search-forward "src/auth/" nil t))))
                        "C-M-i after \"sr\" offers src/ with its folders" (emacs-test-line)))
    (when (equal (emacs-test-line) "- [ ] sr") ; M-v to the list, the cursor to src/, RET
      (let ((buffer (current-buffer)))
        (switch-to-completions)
        (goto-char (point-min))
        (re-search-forward "^src/$\\|\\_<src/\\_>\\|src/  ")
        (goto-char (match-beginning 0))
        (choose-completion)
        (set-buffer buffer)
        (accept-process-output nil 0.3)))
    (emacs-test-check (equal (emacs-test-line) "- [ ] src/") "picking src/ from the list inserts it" (emacs-test-line))
    (when (get-buffer "*Completions*")
      (kill-buffer "*Completions*"))
    (emacs-test-type-c-m-i)
    (let ((help (get-buffer "*Completions*")))
      (emacs-test-check (or (string-prefix-p "- [ ] src/a" (emacs-test-line))
                            (and help (with-current-buffer help
                                        (goto-char (point-min))
                                        (search-forward "src/auth/" nil t))))
                        "C-M-i again asks the server inside src/ (no \"Sole completion\")"
                        (list (emacs-test-line) (and help (with-current-buffer help (buffer-string))))))
    (delete-region (line-beginning-position) (1+ (line-end-position)))
    (emacs-test-continuation "lsp-mode" "RET" ?\r)
    (emacs-test-move "lsp-mode" #'lsp-execute-code-action)
    (let ((err nil))
      (condition-case e (lsp-workspace-shutdown (car (lsp-workspaces))) (error (setq err e)))
      (emacs-test-check (null err) "lsp-mode shuts the server down without an error" err))
    (set-buffer-modified-p nil)
    (delete-directory root t)))

(emacs-test-run #'lspmode-test-main "lsp-mode")

;;; lspmode_test.el ends here
